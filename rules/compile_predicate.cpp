#include <algorithm>
#include <regex>
#include <span>
#include <tuple>

#include "rules/compiler.h"
#include "rules/condition.h"
#include "rules/normaliser.h"

namespace armwatch::rules::detail {
namespace {

// Built-in cues. A hit in the same sentence as a rule's evidence lowers the
// event's confidence; `unless_negated: true` drops the event on a negation cue,
// `unless_hedged: true` on any cue. Kept specific on purpose: "did not" or
// "has not" appear in plenty of reports of real acts.
const char* const kNegationCues[] = {
    "denied",
    "denies",
    "deny",
    "denying",
    "refuted",
    "refutes",
    "no evidence of",
    "no evidence that",
    "no sign of",
    "no signs of",
    "not true",
    "false report",
    "false reports",
    "fake news",
    "never happened",
    "dismissed the report",
    "dismissed reports",
    "rejected the report",
    "rejected reports",
    "no such",
};
const char* const kHedgingCues[] = {
    "unconfirmed", "unverified", "rumour",        "rumours",      "rumor",
    "rumors",      "rumoured",   "rumored",       "allegedly",    "alleged",
    "if",          "would",      "could",         "might",        "hypothetical",
    "speculation", "speculated", "threatened to", "threatens to", "vowed to",
    "vows to",     "plans to",   "planning to",   "preparing to", "may be preparing",
};

// One side's claim or accusation about the other: the event records it as a
// claim (core::Claim), and a rule may give such events another severity
// (`claim_severity`). Plain attribution ("said", "according to") is not a claim.
const char* const kClaimCues[] = {
    "accused",  "accuses",    "accusing",    "accusation",   "accusations",
    "claimed",  "claims",     "claiming",    "alleged",      "alleges",
    "alleging", "allegation", "allegations", "charged that", "insisted that",
};

void add_builtin(std::map<std::string, PredicateCompiler::List, std::less<>>& lists,
                 std::string_view name, std::span<const char* const> items) {
  PredicateCompiler::List list;
  list.loc = Loc{"<built-in>", 0, 0};
  list.used = true;
  for (const char* cue : items) {
    list.items.push_back(Value{cue, list.loc, false});
  }
  lists.emplace(std::string(name), std::move(list));
}

bool looks_like_list_name(std::string_view s) {
  static const std::regex kName("[a-z][a-z0-9]*(_[a-z0-9]+)+");
  return std::regex_match(s.begin(), s.end(), kName);
}

}  // namespace

PredicateCompiler::PredicateCompiler(DiagSink* sink) : sink_(sink) {
  add_builtin(lists_, kNegationList, kNegationCues);
  add_builtin(lists_, kHedgingList, kHedgingCues);
  add_builtin(lists_, kClaimList, kClaimCues);
}

void PredicateCompiler::add_list(const ListSpec& spec) {
  auto it = lists_.find(spec.name.text);
  if (spec.append) {
    if (it == lists_.end()) {
      sink_->error("AW-R006", spec.name.loc,
                   "cannot append to list '" + spec.name.text + "': it is not defined");
      return;
    }
    it->second.items.insert(it->second.items.end(), spec.items.begin(), spec.items.end());
    return;
  }
  if (it != lists_.end()) {
    sink_->error("AW-R008", spec.name.loc,
                 "list '" + spec.name.text + "' is already defined at " + it->second.loc.file +
                     ":" + std::to_string(it->second.loc.line) +
                     " (use append: true to extend it)");
    return;
  }
  if (spec.items.empty()) {
    sink_->error("AW-R020", spec.name.loc, "list '" + spec.name.text + "' has no items");
  }
  lists_.emplace(spec.name.text, List{spec.items, spec.name.loc, false});
}

// `suffixes=LIST`: the list's items are the Korean tails allowed after the term.
bool PredicateCompiler::resolve_suffixes(const std::string& list, const Loc& loc, Pattern* p) {
  auto it = lists_.find(list);
  if (it == lists_.end()) {
    sink_->error("AW-R006", loc, "unknown list '" + list + "' in suffixes=");
    return false;
  }
  it->second.used = true;
  for (const Value& v : it->second.items) {
    p->suffixes.push_back(normalise_term(v.text));
  }
  return true;
}

int PredicateCompiler::intern(const std::string& term, const TermMods& mods, const Loc& loc) {
  Pattern p = make_pattern(mods.regex ? term : normalise_term(term), mods);
  if (!mods.suffixes.empty() && !mods.regex && !resolve_suffixes(mods.suffixes, loc, &p)) {
    return -1;
  }
  std::string key_text = p.expression;
  for (const std::string& suffix : p.suffixes) {
    key_text += "\x1f" + suffix;  // terms with other suffix lists are other patterns
  }
  auto key = std::make_tuple(key_text, p.flags, static_cast<int>(p.boundary));
  if (auto it = pattern_ids_.find(key); it != pattern_ids_.end()) {
    return it->second;
  }
  if (mods.regex) {
    if (auto err = check_pattern(p)) {
      sink_->error("AW-R009", loc, "regex '" + term + "' cannot be used: " + *err);
      return -1;
    }
  }
  patterns_.push_back(std::move(p));
  pattern_locs_.push_back(loc);
  pattern_ids_.emplace(std::move(key), static_cast<int>(patterns_.size() - 1));
  return static_cast<int>(patterns_.size() - 1);
}

bool PredicateCompiler::expand(const Value& value, const TermMods& mods, std::vector<int>* group,
                               int depth) {
  if (value.text.find_first_not_of(" \t") == std::string::npos) {
    sink_->error("AW-R020", value.loc, "empty term");
    return false;
  }
  if (!mods.regex) {
    auto it = lists_.find(value.text);
    if (it != lists_.end() && depth < 8) {
      it->second.used = true;
      bool ok = true;
      for (const Value& item : it->second.items) {
        ok = expand(Value{item.text, value.loc, false}, mods, group, depth + 1) && ok;
      }
      return ok;
    }
    if (looks_like_list_name(value.text)) {
      sink_->error("AW-R006", value.loc, "unknown list '" + value.text + "'");
      return false;
    }
  }
  int id = intern(value.text, mods, value.loc);
  if (id >= 0) {
    group->push_back(id);
  }
  return id >= 0;
}

bool PredicateCompiler::compile_selection(const SelectionSpec& spec,
                                          const std::vector<std::string>& names, Selection* out) {
  out->name = spec.name.text;
  if (spec.near) {
    auto find = [&](const Value& v) -> int {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == v.text && v.text != spec.name.text) {
          return static_cast<int>(i);
        }
      }
      sink_->error(
          "AW-R019", v.loc,
          "'near' refers to '" + v.text + "', which is not another selection of this entry");
      return -1;
    };
    out->near = Near{find(spec.near->a), find(spec.near->b), spec.near->words, spec.near->ordered,
                     spec.near->every};
    return out->near->a >= 0 && out->near->b >= 0;
  }
  bool ok = true;
  for (const KeySpec& key : spec.keys) {
    Clause clause{key.fields, {}, key.all, key.past, {}, {}};
    for (const Value& v : key.values) {
      std::vector<int> group;
      ok = expand(v, key.mods, &group, 0) && ok;
      clause.group_words.push_back(pattern_words(group));
      clause.groups.push_back(std::move(group));
    }
    if (key.values.empty()) {
      sink_->error("AW-R020", key.loc, "a selection key with no terms");
      ok = false;
    }
    std::vector<int> all_ids;
    for (const auto& g : clause.groups) {
      all_ids.insert(all_ids.end(), g.begin(), g.end());
    }
    clause.any_words = pattern_words(all_ids);
    out->clauses.push_back(std::move(clause));
  }
  return ok;
}

std::optional<Expr> PredicateCompiler::compile_condition(const PredicateSpec& spec,
                                                         const std::vector<std::string>& names) {
  const Value& cond = *spec.condition;
  ConditionNames lookup{&names, [this](std::string_view name) -> std::optional<int> {
                          for (std::size_t i = 0; i < macros_.size(); ++i) {
                            if (macros_[i] == name) {
                              return static_cast<int>(i);
                            }
                          }
                          return std::nullopt;
                        }};
  ConditionError err;
  auto expr = parse_condition(cond.text, lookup, &err);
  if (!expr) {
    Loc loc = cond.loc;
    // Point at the offending token when the condition is a one-line scalar.
    if (!spec.generated_condition && cond.text.find('\n') == std::string::npos) {
      loc.column += static_cast<int>(err.offset) + (cond.quoted ? 1 : 0);
    }
    sink_->error(err.code, loc, "condition '" + cond.text + "': " + err.message);
  }
  return expr;
}

std::optional<Predicate> PredicateCompiler::compile(const PredicateSpec& spec) {
  if (!spec.condition) {
    return std::nullopt;  // the reader already reported why
  }
  Predicate p;
  std::vector<std::string> names;
  for (const SelectionSpec& s : spec.selections) {
    for (const std::string& n : names) {
      if (n == s.name.text) {
        sink_->error("AW-R008", s.name.loc, "selection '" + n + "' is defined twice");
        return std::nullopt;
      }
    }
    names.push_back(s.name.text);
  }
  bool ok = true;
  for (const SelectionSpec& s : spec.selections) {
    Selection sel;
    ok = compile_selection(s, names, &sel) && ok;
    p.selections.push_back(std::move(sel));
  }
  auto expr = compile_condition(spec, names);
  if (!ok || !expr) {
    return std::nullopt;
  }
  p.condition = std::move(*expr);
  positive_leaves(p.condition, &p.evidence_selections, &p.evidence_macros);
  std::vector<int> used;
  all_selection_leaves(p.condition, &used);
  for (std::size_t i = 0; i < spec.selections.size(); ++i) {
    bool in_near = false;
    for (const Selection& s : p.selections) {
      in_near = in_near ||
                (s.near && (s.near->a == static_cast<int>(i) || s.near->b == static_cast<int>(i)));
    }
    if (std::find(used.begin(), used.end(), static_cast<int>(i)) == used.end() && !in_near) {
      sink_->warning("AW-W003", spec.selections[i].name.loc,
                     "selection '" + names[i] + "' is not used by the condition");
    }
  }
  return p;
}

std::vector<int> PredicateCompiler::cue_patterns(std::string_view list) {
  std::vector<int> out;
  auto it = lists_.find(list);
  for (const Value& v : it->second.items) {
    (void)expand(v, TermMods{}, &out, 0);
  }
  return out;
}

void PredicateCompiler::warn_unused_lists() {
  for (const auto& [name, list] : lists_) {
    if (!list.used) {
      sink_->warning("AW-W001", list.loc, "list '" + name + "' is never used");
    }
  }
}

}  // namespace armwatch::rules::detail
