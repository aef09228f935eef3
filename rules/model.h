// The compiled form of a rule pack, shared by the compiler (which builds it)
// and the evaluator (which reads it). Internal to rules/; immutable once built.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/item.h"
#include "rules/rule_set.h"
#include "rules/scanner.h"

namespace armwatch::rules::detail {

// Item fields a term can look at; a term's fields are a bit mask of these.
enum Field : int { kTitle = 0, kSummary, kContent, kSource, kLink, kFieldCount };
constexpr unsigned field_bit(int f) {
  return 1u << f;
}
constexpr unsigned kTextFields = field_bit(kTitle) | field_bit(kSummary) | field_bit(kContent);
std::string_view field_name(int f);

// A set of pattern ids as 64-bit words of a bit set, for a quick "does any of
// them have a hit?" against ItemScan::hit_bits before any hit is looked at.
struct PatternWord {
  std::uint32_t word = 0;
  std::uint64_t bits = 0;
};
std::vector<PatternWord> pattern_words(const std::vector<int>& ids);

// One `field|mods: values` key. Each value is a group of patterns (a list
// name expands to one group of all its items). The clause holds when any group
// (or, with `all`, every group) has a hit in one of `fields`.
struct Clause {
  unsigned fields = kTextFields;
  std::vector<std::vector<int>> groups;
  bool all = false;
  // `past` modifier: a hit counts only when its text holds a year (1900-2099)
  // earlier than the year of the item's date; never on an undated item.
  bool past = false;
  std::vector<std::vector<PatternWord>> group_words;  // pattern_words() of each group
  // pattern_words() of all groups together: most clauses of most candidate
  // rules have no hit at all, which one pass over these words says.
  std::vector<PatternWord> any_words;
};

// Holds when selections a and b both hold and have hits within `words` words
// of each other inside one sentence of one text field. `ordered`: the a hit
// comes first. `every`: each hit of b in a text field has such an a hit (b is
// only ever mentioned close to a), instead of at least one pair.
struct Near {
  int a = -1;
  int b = -1;
  int words = 0;
  bool ordered = false;
  bool every = false;
};

// A named selection: every clause must hold (or the `near` test).
struct Selection {
  std::string name;
  std::vector<Clause> clauses;
  std::optional<Near> near;
};

// The condition tree. Leaves name a selection of the same predicate or a macro.
struct Expr {
  enum class Kind { kSelection, kMacro, kNot, kAnd, kOr, kOneOf, kAllOf };
  Kind kind = Kind::kSelection;
  int index = -1;
  std::vector<Expr> children;
};

struct Predicate {
  std::vector<Selection> selections;
  Expr condition;
  // positive_leaves() of `condition`, computed once at compile time: the
  // selections and macros whose hits are an event's evidence.
  std::vector<int> evidence_selections;
  std::vector<int> evidence_macros;
};

// A macro, a global discard, or a rule's exception.
struct NamedPredicate {
  std::string name;
  Predicate predicate;
};

// An output template: literal text and placeholders, in order.
struct Template {
  struct Part {
    bool placeholder = false;
    std::string text;
  };
  std::vector<Part> parts;
};

// An embedded example of a rule (`tests: {match: [...], no_match: [...]}`).
struct Example {
  bool expect_match = true;
  Item item;
  int line = 0;
};

struct Rule {
  RuleInfo info;
  Predicate predicate;
  std::vector<NamedPredicate> exceptions;
  Template output;
  bool unless_hedged = false;   // drop the event on any cue
  bool unless_negated = false;  // drop the event on a negation cue
  std::vector<Example> examples;
  std::optional<Severity> claim_severity;  // the event's severity when it reports a claim
};

struct Pack {
  std::vector<Rule> rules;
  std::vector<RuleInfo> infos;  // rules[i].info, kept for RuleSet::rules()
  std::vector<NamedPredicate> macros;
  std::vector<NamedPredicate> discards;
  std::vector<int> negation_patterns;  // "denied", "no evidence of"...
  std::vector<int> hedging_patterns;   // "if", "would", "rumours"...
  std::vector<int> claim_patterns;     // "accused", "claimed"...
  // pattern_words() of the three: cues_near() visits only the cues with hits.
  std::vector<PatternWord> negation_words;
  std::vector<PatternWord> hedging_words;
  std::vector<PatternWord> claim_words;
  std::vector<std::vector<int>> rules_by_pattern;  // pattern id -> rules that use it
  std::unique_ptr<Scanner> scanner;
  // pattern id -> rules it triggers (rules/triggers.h): what match() evaluates.
  std::vector<std::vector<int>> trigger_rules;
};

// Confidence given to an event whose evidence shares a sentence with a cue.
constexpr double kHedgedConfidence = 0.5;

}  // namespace armwatch::rules::detail
