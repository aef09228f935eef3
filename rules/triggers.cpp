#include "rules/triggers.h"

#include <algorithm>
#include <optional>
#include <set>

#include <hs/hs.h>

namespace armwatch::rules::detail {
namespace {

using Cut = std::set<int>;

class CutFinder {
 public:
  explicit CutFinder(const Pack& pack) : pack_(pack) {}

  std::optional<Cut> expr(const Predicate& p, const Expr& e, int depth) {
    if (depth > 32) {
      return std::nullopt;
    }
    switch (e.kind) {
      case Expr::Kind::kSelection:
        return selection(p, e.index, depth);
      case Expr::Kind::kMacro: {
        const Predicate& m = pack_.macros[static_cast<std::size_t>(e.index)].predicate;
        return expr(m, m.condition, depth + 1);
      }
      case Expr::Kind::kNot:
        return std::nullopt;
      case Expr::Kind::kAnd:
      case Expr::Kind::kAllOf:
        return cheapest(p, e.children, depth);
      case Expr::Kind::kOr:
      case Expr::Kind::kOneOf:
        return all_of(p, e.children, depth);
    }
    return std::nullopt;
  }

 private:
  // A pattern shared by many rules, or a single common word, is a poor trigger.
  double cost(const Cut& cut) const {
    double total = 0;
    for (int id : cut) {
      const Pattern& pat = pack_.scanner->patterns()[static_cast<std::size_t>(id)];
      bool regex = (pat.flags & HS_FLAG_UCP) == 0;
      bool phrase = !regex && pat.expression.find(' ') != std::string::npos;
      double users =
          static_cast<double>(pack_.rules_by_pattern[static_cast<std::size_t>(id)].size());
      total += (phrase ? 1.0 : regex ? 2.0 : 4.0) * (1.0 + users);
    }
    return total;
  }

  std::optional<Cut> cheapest(const Predicate& p, const std::vector<Expr>& children, int depth) {
    std::optional<Cut> best;
    for (const Expr& c : children) {
      auto cut = expr(p, c, depth + 1);
      if (cut && (!best || cost(*cut) < cost(*best))) {
        best = std::move(cut);
      }
    }
    return best;
  }

  std::optional<Cut> all_of(const Predicate& p, const std::vector<Expr>& children, int depth) {
    Cut out;
    for (const Expr& c : children) {
      auto cut = expr(p, c, depth + 1);
      if (!cut) {
        return std::nullopt;
      }
      out.insert(cut->begin(), cut->end());
    }
    return out;
  }

  static Cut clause_cut(const Clause& c, bool cheapest_group, const CutFinder& self) {
    Cut out;
    std::optional<Cut> best;
    for (const auto& g : c.groups) {
      Cut group(g.begin(), g.end());
      if (!cheapest_group) {
        out.insert(group.begin(), group.end());
      } else if (!best || self.cost(group) < self.cost(*best)) {
        best = std::move(group);
      }
    }
    return cheapest_group ? best.value_or(Cut{}) : out;
  }

  std::optional<Cut> selection(const Predicate& p, int index, int depth) {
    const Selection& s = p.selections[static_cast<std::size_t>(index)];
    if (s.near) {
      std::vector<Expr> both = {Expr{Expr::Kind::kSelection, s.near->a, {}},
                                Expr{Expr::Kind::kSelection, s.near->b, {}}};
      return cheapest(p, both, depth);
    }
    std::optional<Cut> best;
    for (const Clause& c : s.clauses) {
      Cut cut = clause_cut(c, c.all, *this);
      if (!cut.empty() && (!best || cost(cut) < cost(*best))) {
        best = std::move(cut);
      }
    }
    return best;
  }

  const Pack& pack_;
};

}  // namespace

std::vector<std::vector<int>> trigger_index(const Pack& pack) {
  std::vector<std::vector<int>> index(pack.rules_by_pattern.size());
  std::vector<std::set<int>> all_patterns(pack.rules.size());
  for (std::size_t p = 0; p < pack.rules_by_pattern.size(); ++p) {
    for (int r : pack.rules_by_pattern[p]) {
      all_patterns[static_cast<std::size_t>(r)].insert(static_cast<int>(p));
    }
  }
  CutFinder finder(pack);
  for (std::size_t r = 0; r < pack.rules.size(); ++r) {
    if (!pack.rules[r].info.enabled) {
      continue;  // a disabled rule never wakes (its terms are not even scanned for)
    }
    const Predicate& pred = pack.rules[r].predicate;
    std::optional<Cut> cut = finder.expr(pred, pred.condition, 0);
    const Cut& use = cut && !cut->empty() ? *cut : all_patterns[r];
    for (int p : use) {
      index[static_cast<std::size_t>(p)].push_back(static_cast<int>(r));
    }
  }
  return index;
}

}  // namespace armwatch::rules::detail
