#include "rules/evaluator.h"

#include <algorithm>
#include <tuple>

#include "rules/condition.h"

namespace armwatch::rules::detail {
namespace {

constexpr std::size_t kMaxEvidence = 12;

bool in_text_field(int field) {
  return (field_bit(field) & kTextFields) != 0;
}

auto hit_key(const RawHit& h) {
  return std::make_tuple(h.field, h.begin, h.end, h.pattern);
}

}  // namespace

std::string_view field_name(int f) {
  static constexpr std::string_view kNames[] = {"title", "summary", "content", "source", "link"};
  return f >= 0 && f < kFieldCount ? kNames[f] : "";
}

const std::string& field_text(const Item& item, int field) {
  switch (field) {
    case kTitle:
      return item.title;
    case kSummary:
      return item.summary;
    case kContent:
      return item.content;
    case kSource:
      return item.source;
    default:
      return item.link;
  }
}

std::span<const RawHit> ItemScan::hits_of(int pattern) const {
  auto lo = std::lower_bound(hits.begin(), hits.end(), pattern,
                             [](const RawHit& h, int p) { return h.pattern < p; });
  auto hi = std::upper_bound(lo, hits.end(), pattern,
                             [](int p, const RawHit& h) { return p < h.pattern; });
  return {lo, hi};
}

ItemScan scan_item(const Pack& pack, const Item& item) {
  ItemScan s;
  for (int f = 0; f < kFieldCount; ++f) {
    s.fields[f] = normalise(field_text(item, f));
    pack.scanner->scan(s.fields[f].text, f, s.hits);
    if (in_text_field(f)) {
      s.sentences[f] = sentence_starts(s.fields[f].text);
    }
  }
  std::sort(s.hits.begin(), s.hits.end(), [](const RawHit& a, const RawHit& b) {
    return std::tie(a.pattern, a.field, a.begin) < std::tie(b.pattern, b.field, b.begin);
  });
  return s;
}

Span to_span(const ItemScan& scan, const Item& item, const RawHit& hit) {
  auto [b, e] = scan.fields[hit.field].to_source(hit.begin, hit.end);
  const std::string& text = field_text(item, hit.field);
  return Span{std::string(field_name(hit.field)), b, e, text.substr(b, e - b)};
}

Evaluator::Evaluator(const Pack& pack, const ItemScan& scan)
    : pack_(pack), scan_(scan), macro_memo_(pack.macros.size(), -1) {}

bool Evaluator::clause(const Clause& c) const {
  auto group_hit = [&](const std::vector<int>& group) {
    for (int p : group) {
      for (const RawHit& h : scan_.hits_of(p)) {
        if (field_bit(h.field) & c.fields) {
          return true;
        }
      }
    }
    return false;
  };
  if (c.all) {
    return std::all_of(c.groups.begin(), c.groups.end(), group_hit);
  }
  return std::any_of(c.groups.begin(), c.groups.end(), group_hit);
}

bool Evaluator::selection(const Predicate& p, int index) {
  const Selection& s = p.selections[static_cast<std::size_t>(index)];
  if (s.near) {
    return near(p, *s.near);
  }
  return std::all_of(s.clauses.begin(), s.clauses.end(),
                     [&](const Clause& c) { return clause(c); });
}

bool Evaluator::near(const Predicate& p, const Near& n) {
  if (!selection(p, n.a) || !selection(p, n.b)) {
    return false;
  }
  auto as = selection_hits(p, n.a);
  auto bs = selection_hits(p, n.b);
  for (const RawHit& a : as) {
    for (const RawHit& b : bs) {
      if (a.field != b.field || !in_text_field(a.field)) {
        continue;
      }
      const auto& starts = scan_.sentences[a.field];
      if (sentence_of(starts, a.begin) != sentence_of(starts, b.begin)) {
        continue;
      }
      const RawHit& first = a.begin <= b.begin ? a : b;
      const RawHit& second = a.begin <= b.begin ? b : a;
      std::size_t gap_from = std::min<std::size_t>(first.end, second.begin);
      if (words_between(scan_.fields[a.field].text, gap_from, second.begin) <= n.words) {
        return true;
      }
    }
  }
  return false;
}

bool Evaluator::macro(int index) {
  auto& memo = macro_memo_[static_cast<std::size_t>(index)];
  if (memo < 0) {
    memo = 0;  // cycles are rejected at load; this only guards recursion
    memo = holds(pack_.macros[static_cast<std::size_t>(index)].predicate) ? 1 : 0;
  }
  return memo == 1;
}

bool Evaluator::holds(const Predicate& p) {
  return eval_condition(
      p.condition, [&](int s) { return selection(p, s); }, [&](int m) { return macro(m); });
}

std::vector<RawHit> Evaluator::selection_hits(const Predicate& p, int index) const {
  std::vector<RawHit> out;
  const Selection& s = p.selections[static_cast<std::size_t>(index)];
  if (s.near) {
    auto a = selection_hits(p, s.near->a);
    auto b = selection_hits(p, s.near->b);
    out.insert(out.end(), a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    return out;
  }
  for (const Clause& c : s.clauses) {
    for (const auto& group : c.groups) {
      for (int pat : group) {
        for (const RawHit& h : scan_.hits_of(pat)) {
          if (field_bit(h.field) & c.fields) {
            out.push_back(h);
          }
        }
      }
    }
  }
  return out;
}

void Evaluator::add_evidence(const Predicate& p, std::vector<RawHit>* out, int depth) {
  std::vector<int> sels;
  std::vector<int> macros;
  positive_leaves(p.condition, &sels, &macros);
  for (int s : sels) {
    if (selection(p, s)) {
      auto hits = selection_hits(p, s);
      out->insert(out->end(), hits.begin(), hits.end());
    }
  }
  for (int m : macros) {
    if (depth < 16 && macro(m)) {
      add_evidence(pack_.macros[static_cast<std::size_t>(m)].predicate, out, depth + 1);
    }
  }
}

std::vector<RawHit> Evaluator::evidence(const Predicate& p) {
  std::vector<RawHit> out;
  add_evidence(p, &out, 0);
  std::sort(out.begin(), out.end(),
            [](const RawHit& a, const RawHit& b) { return hit_key(a) < hit_key(b); });
  // One span per stretch of text, even if several patterns hit it.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const RawHit& a, const RawHit& b) {
                          return a.field == b.field && a.begin == b.begin && a.end == b.end;
                        }),
            out.end());
  if (out.size() > kMaxEvidence) {
    out.resize(kMaxEvidence);
  }
  return out;
}

namespace {

bool date_ok(const RuleInfo& info, const Item& item) {
  auto date = item.date();
  if (!date) {
    return true;  // undated items are not held back by a validity window
  }
  return !(info.valid_from && *date < *info.valid_from) &&
         !(info.valid_to && *date >= *info.valid_to);
}

// Hits of `cues` that share a sentence with any evidence hit.
std::vector<RawHit> cues_near(const std::vector<int>& cues, const ItemScan& scan,
                              const std::vector<RawHit>& evidence) {
  std::vector<RawHit> out;
  for (int cue : cues) {
    for (const RawHit& c : scan.hits_of(cue)) {
      const auto& starts = scan.sentences[c.field];
      bool shares = std::any_of(evidence.begin(), evidence.end(), [&](const RawHit& e) {
        return e.field == c.field && in_text_field(c.field) &&
               sentence_of(starts, e.begin) == sentence_of(starts, c.begin);
      });
      if (shares) {
        out.push_back(c);
      }
    }
  }
  return out;
}

}  // namespace

RuleOutcome evaluate_rule(const Pack& pack, const Rule& rule, const Item& item,
                          const ItemScan& scan, Evaluator& ev) {
  RuleOutcome out;
  if (!rule.info.enabled) {
    out.reason = "disabled";
    return out;
  }
  if (!date_ok(rule.info, item)) {
    out.reason = "outside valid_from/valid_to";
    return out;
  }
  if (!ev.holds(rule.predicate)) {
    out.reason = "condition false";
    return out;
  }
  for (const NamedPredicate& ex : rule.exceptions) {
    if (ev.holds(ex.predicate)) {
      out.exceptions.push_back(ex.name);
    }
  }
  if (!out.exceptions.empty()) {
    out.reason = "exception '" + out.exceptions.front() + "' matched";
    return out;
  }
  out.evidence = ev.evidence(rule.predicate);
  out.cues = cues_near(pack.negation_patterns, scan, out.evidence);
  bool negated = !out.cues.empty();
  auto hedges = cues_near(pack.hedging_patterns, scan, out.evidence);
  out.cues.insert(out.cues.end(), hedges.begin(), hedges.end());
  if (!out.cues.empty()) {
    out.confidence = kHedgedConfidence;
    if (rule.unless_hedged || (rule.unless_negated && negated)) {
      out.reason = negated ? "negated (unless_negated)" : "hedged (unless_hedged)";
      return out;
    }
  }
  out.fired = true;
  out.reason = out.cues.empty() ? "fired" : "fired (hedged)";
  return out;
}

namespace {

std::string placeholder(const std::string& name, const Rule& rule, const Item& item,
                        const std::vector<Span>& evidence) {
  if (name == "title") {
    return rule.info.title;
  }
  if (name == "rule") {
    return rule.info.id;
  }
  if (name == "category") {
    return rule.info.category;
  }
  if (name == "severity") {
    return std::string(to_string(rule.info.severity));
  }
  if (name == "link") {
    return item.link;
  }
  if (name == "source") {
    return item.source;
  }
  if (name == "feed") {
    return item.feed;
  }
  if (name == "item_title") {
    return item.title;
  }
  return evidence.empty() ? std::string() : evidence.front().text;  // "evidence"
}

}  // namespace

Event make_event(const Rule& rule, const Item& item, const ItemScan& scan,
                 const RuleOutcome& outcome) {
  Event e;
  e.rule_id = rule.info.id;
  e.category = rule.info.category;
  e.severity = rule.info.severity;
  e.provisions = rule.info.provisions;
  e.precedents = rule.info.precedents;
  for (const RawHit& h : outcome.evidence) {
    e.evidence.push_back(to_span(scan, item, h));
  }
  e.confidence = outcome.confidence;
  for (const Template::Part& part : rule.output.parts) {
    e.message += part.placeholder ? placeholder(part.text, rule, item, e.evidence) : part.text;
  }
  return e;
}

}  // namespace armwatch::rules::detail
