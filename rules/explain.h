// Explaining a match, for `armwatch rules explain`: which selections hit where,
// and why each rule fired or did not. Slower than RuleSet::match (it evaluates
// every rule, not only those whose terms were hit); use it for people, not the
// daemon loop.
#pragma once

#include <string>
#include <vector>

#include "core/event.h"
#include "core/item.h"
#include "core/result.h"
#include "rules/rule_set.h"

namespace armwatch::rules {

struct SelectionTrace {
  std::string name;  // the selection name ("any", "all_1", "none" for shorthand rules)
  bool matched = false;
  std::vector<Span> hits;  // offsets in the Item's fields, as in Event::evidence
};

struct RuleTrace {
  std::string rule_id;
  bool fired = false;
  // "fired", "no term hit", "condition false", "exception 'x' matched",
  // "disabled", "outside valid_from/valid_to", "hedged (unless_hedged)",
  // "negated (unless_negated)", "discarded by 'x'"
  std::string reason;
  std::vector<SelectionTrace> selections;
  std::vector<std::string> macros_matched;
  std::vector<std::string> exceptions_matched;
  std::vector<Span> cues;  // hedging cues found in the evidence's sentences
  double confidence = 0.0;
};

struct Explanation {
  std::vector<std::string> discarded_by;  // names of global `discard` entries that matched
  std::vector<RuleTrace> rules;           // one per rule, in pack order
  std::vector<Event> events;              // exactly what match() returns
  std::vector<std::pair<std::string, std::string>> normalised;  // field -> normalised text
};

// Explains `item` against `rules`. kUnsupported when `rules` was not built by
// load_rule_pack / load_rule_text (a test fake). Thread-safe.
Result<Explanation> explain(const RuleSet& rules, const Item& item);

// A plain-text rendering of an explanation, rules that fired first; with
// `all_rules` false, rules with no term hit are left out.
std::string to_text(const Explanation& e, bool all_rules = false);

}  // namespace armwatch::rules
