// Helpers for reading one YAML mapping of the rule language: field lookup with
// places, type checks and the diagnostics they raise. Internal to rules/;
// yaml-cpp exceptions never leave the functions that use these.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "rules/diagnostics.h"
#include "rules/spec.h"

namespace armwatch::rules::detail {

Loc loc_of(const std::string& file, const YAML::Node& node);
Loc loc_of(const std::string& file, const YAML::Mark& mark);

// Reads a scalar node into a Value. R010 and nullopt when it is not a scalar.
std::optional<Value> scalar_value(const std::string& file, const YAML::Node& node,
                                  std::string_view what, DiagSink* sink);

// A scalar or a sequence of scalars, as Values. R010 on other shapes.
std::vector<Value> scalar_list(const std::string& file, const YAML::Node& node,
                               std::string_view what, DiagSink* sink);

// The fields of one mapping, with their key nodes for error places.
class YamlFields {
 public:
  YamlFields(const std::string& file, const YAML::Node& map, DiagSink* sink);

  // R002 for every key not in `allowed` ("unknown field 'x' in a rule").
  void reject_unknown(std::initializer_list<std::string_view> allowed, std::string_view where);
  void reject_unknown(const std::vector<std::string_view>& allowed, std::string_view where);

  bool has(std::string_view key) const;
  YAML::Node get(std::string_view key) const;  // undefined node when absent
  Loc key_loc(std::string_view key) const;

  // A required or optional scalar; R003 (missing, at the mapping) / R010.
  std::optional<Value> string(std::string_view key, bool required, std::string_view where);
  std::vector<Value> strings(std::string_view key);
  std::vector<std::string> plain_strings(std::string_view key);
  bool boolean(std::string_view key, bool fallback);

  const Loc& loc() const { return loc_; }
  const std::string& file() const { return file_; }
  DiagSink* sink() const { return sink_; }
  const std::vector<std::pair<YAML::Node, YAML::Node>>& entries() const { return entries_; }

 private:
  std::string file_;
  Loc loc_;
  DiagSink* sink_;
  std::vector<std::pair<YAML::Node, YAML::Node>> entries_;
};

// Reads any/all/none, detection and condition of an entry (reader_predicate.cpp).
PredicateSpec read_predicate(YamlFields& fields);

// Reads the fields of a rule that are neither its identity nor its matching
// part (description, status, provisions...: reader.cpp), present or not.
void read_rule_details(YamlFields& f, RuleSpec* r);
// Reads a rule's `exceptions` and `tests`, when present (reader.cpp).
void read_rule_extras(YamlFields& f, RuleSpec* r);

// Reads `- rule: ID` + `override:` (overrides.cpp).
void read_override(YamlFields& f, PackSpec* out);

// Reads `tests: {match: [...], no_match: [...]}` (reader_predicate.cpp).
std::vector<ExampleSpec> read_examples(const std::string& file, const YAML::Node& node,
                                       DiagSink* sink);

}  // namespace armwatch::rules::detail
