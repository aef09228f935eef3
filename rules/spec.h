// The rule pack as read from YAML, before names are resolved: the output of the
// reader stage and the input of the compiler stage (falco's reader ->
// collector -> compiler). Internal to rules/.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/item.h"
#include "rules/diagnostics.h"
#include "rules/model.h"
#include "rules/scanner.h"

namespace armwatch::rules::detail {

// A scalar with its place in the file.
struct Value {
  std::string text;
  Loc loc;
  bool quoted = false;  // the scalar was quoted: its text starts one column right
};

// One `field|mod|mod: values` key of a selection.
struct KeySpec {
  Loc loc;
  unsigned fields = kTextFields;
  TermMods mods;
  bool all = false;
  bool past = false;  // `past`: only hits that read as a year before the item's
  std::vector<Value> values;
};

struct NearSpec {
  Loc loc;
  Value a;
  Value b;
  int words = 0;
  bool ordered = false;  // a's hit must come before b's
  bool every = false;    // every text hit of b needs such an a hit
};

struct SelectionSpec {
  Value name;
  std::vector<KeySpec> keys;
  std::optional<NearSpec> near;
};

// The matching part of a rule, macro, discard or exception. Shorthand
// `any/all/none` becomes selections named any, all_1.., none and a generated
// condition.
struct PredicateSpec {
  Loc loc;
  std::vector<SelectionSpec> selections;
  std::optional<Value> condition;
  bool generated_condition = false;
};

struct ExampleSpec {
  bool expect_match = true;
  Item item;
  Loc loc;
};

struct RuleSpec {
  Loc loc;
  Value id;
  std::string title;
  std::string description;
  Value category;
  Value severity;
  std::optional<Value> status;
  bool enabled = true;
  std::vector<Value> provisions;
  std::vector<Value> precedents;
  std::vector<std::string> tags;
  std::vector<std::string> references;
  std::vector<std::string> falsepositives;
  std::optional<Value> valid_from;
  std::optional<Value> valid_to;
  bool match_undated = true;
  std::optional<Value> output;
  bool unless_hedged = false;
  bool unless_negated = false;
  std::optional<Value> claim_severity;
  PredicateSpec predicate;
  std::vector<std::pair<Value, PredicateSpec>> exceptions;
  std::vector<ExampleSpec> examples;
};

struct ListSpec {
  Value name;
  std::vector<Value> items;
  bool append = false;
};

struct NamedSpec {
  Value name;
  PredicateSpec predicate;
};

// `- rule: ID` with `override: {field: append|replace, ...}`: changes a rule
// defined elsewhere in the pack (falco's override), typically a shipped rule
// from a local directory loaded after it. Applied by apply_overrides().
struct OverrideSpec {
  Value id;
  Loc loc;
  struct Field {
    Value name;  // "severity", "exceptions"...
    bool append = false;
  };
  std::vector<Field> fields;
  RuleSpec values;  // the new values of the fields named (the others unread)
};

struct PackSpec {
  std::vector<ListSpec> lists;
  std::vector<NamedSpec> macros;
  std::vector<NamedSpec> discards;
  std::vector<RuleSpec> rules;
  std::vector<OverrideSpec> overrides;  // in load order
  std::vector<std::string> files;       // in load order
};

// Reads one file's YAML into `out`; problems go to `sink`. False when the file
// is not YAML (AW-R001) or not a list of entries. Never throws.
bool read_rule_file(const std::string& file, const std::string& text, PackSpec* out,
                    DiagSink* sink);

// The collect stage for overrides (overrides.cpp): applies spec->overrides to
// spec->rules in load order, after every file has been read. An override of a
// rule that no file defines is an error (AW-R024), never silently ignored.
void apply_overrides(PackSpec* spec, DiagSink* sink);

}  // namespace armwatch::rules::detail
