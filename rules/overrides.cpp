// Rule overrides, falco-style: `- rule: ID` with `override: {field: mode}`
// changes a rule defined elsewhere in the pack, so that an admin can tune a
// shipped rule from /etc without editing /usr/share. What may be overridden
// is closed and checked (AW-R024): a rule's matching part may not, since an
// appended condition is how falco users end up with rules that match
// everything; an exception (`exceptions: append`) or disabling the rule and
// writing one's own say the same thing safely.
#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "rules/spec.h"
#include "rules/yaml_fields.h"

namespace armwatch::rules::detail {
namespace {

// Fields whose value an override may replace, and those it may append to.
constexpr std::array<std::string_view, 20> kReplaceable = {
    "title",          "description",    "category",       "severity",      "status",
    "enabled",        "provisions",     "precedents",     "tags",          "references",
    "falsepositives", "valid_from",     "valid_to",       "match_undated", "output",
    "unless_hedged",  "unless_negated", "claim_severity", "exceptions",    "tests"};
constexpr std::array<std::string_view, 7> kAppendable = {
    "provisions", "precedents", "tags", "references", "falsepositives", "exceptions", "tests"};
constexpr std::array<std::string_view, 5> kMatching = {"any", "all", "none", "detection",
                                                       "condition"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

std::string joined(const auto& names) {
  std::string out;
  for (std::string_view n : names) {
    out += (out.empty() ? "" : ", ") + std::string(n);
  }
  return out;
}

// One `field: mode` of the override mapping; false (with AW-R024) when the
// field may not be overridden that way.
bool read_mode(YamlFields& f, const YAML::Node& key, const YAML::Node& value,
               OverrideSpec::Field* out) {
  auto name = scalar_value(f.file(), key, "an override field", f.sink());
  auto mode = scalar_value(f.file(), value, "an override mode", f.sink());
  if (!name || !mode) {
    return false;
  }
  if (mode->text != "append" && mode->text != "replace") {
    f.sink()->error(
        "AW-R024", mode->loc,
        "override mode '" + mode->text + "' of '" + name->text + "' must be append or replace");
    return false;
  }
  out->name = *name;
  out->append = mode->text == "append";
  if (contains(kMatching, name->text)) {
    f.sink()->error("AW-R024", name->loc,
                    "an override cannot change '" + name->text +
                        "' (a rule's matching part): add an exception (exceptions: append), or "
                        "disable the rule (enabled: replace) and write your own");
    return false;
  }
  bool allowed =
      out->append ? contains(kAppendable, name->text) : contains(kReplaceable, name->text);
  if (!allowed) {
    f.sink()->error("AW-R024", name->loc,
                    "'" + name->text + ": " + mode->text + "' is not an override; " + mode->text +
                        " works on " + (out->append ? joined(kAppendable) : joined(kReplaceable)));
    return false;
  }
  return true;
}

// The fields of the entry must be exactly `rule`, `override` and the fields
// the override names (each of them given).
// `named`: every field of the override mapping, valid or not (a bad mode is
// reported once, at the mode).
bool check_fields(YamlFields& f, const OverrideSpec& ov, const std::vector<std::string>& named) {
  std::vector<std::string_view> allowed = {"rule", "override"};
  allowed.insert(allowed.end(), named.begin(), named.end());
  bool ok = true;
  for (const auto& [key, value] : f.entries()) {
    const std::string& k = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end() &&
        (contains(kReplaceable, k) || contains(kMatching, k))) {
      f.sink()->error("AW-R024", loc_of(f.file(), key),
                      "field '" + k + "' is not named in 'override' (add '" + k +
                          ": replace' or '" + k + ": append' there)");
      ok = false;
    }
  }
  // Unknown fields (neither a rule's nor allowed) get the usual AW-R002.
  allowed.insert(allowed.end(), kReplaceable.begin(), kReplaceable.end());
  allowed.insert(allowed.end(), kMatching.begin(), kMatching.end());
  f.reject_unknown(allowed, "an override");
  for (const auto& field : ov.fields) {
    if (!f.has(field.name.text)) {
      f.sink()->error("AW-R003", field.name.loc,
                      "the override names '" + field.name.text + "' but gives no value for it");
      ok = false;
    }
  }
  return ok;
}

template <typename T>
void append_to(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// The list fields, by name, for append and replace alike.
template <typename Fn>
bool each_list(RuleSpec& to, const RuleSpec& from, std::string_view name, Fn&& fn) {
  if (name == "provisions") {
    fn(to.provisions, from.provisions);
  } else if (name == "precedents") {
    fn(to.precedents, from.precedents);
  } else if (name == "tags") {
    fn(to.tags, from.tags);
  } else if (name == "references") {
    fn(to.references, from.references);
  } else if (name == "falsepositives") {
    fn(to.falsepositives, from.falsepositives);
  } else if (name == "exceptions") {
    fn(to.exceptions, from.exceptions);
  } else if (name == "tests") {
    fn(to.examples, from.examples);
  } else {
    return false;
  }
  return true;
}

void replace_scalar(RuleSpec& to, const RuleSpec& from, std::string_view name) {
  if (name == "title") {
    to.title = from.title;
  } else if (name == "description") {
    to.description = from.description;
  } else if (name == "category") {
    to.category = from.category;
  } else if (name == "severity") {
    to.severity = from.severity;
  } else if (name == "status") {
    to.status = from.status;
  } else if (name == "enabled") {
    to.enabled = from.enabled;
  } else if (name == "valid_from") {
    to.valid_from = from.valid_from;
  } else if (name == "valid_to") {
    to.valid_to = from.valid_to;
  } else if (name == "match_undated") {
    to.match_undated = from.match_undated;
  } else if (name == "output") {
    to.output = from.output;
  } else if (name == "unless_hedged") {
    to.unless_hedged = from.unless_hedged;
  } else if (name == "unless_negated") {
    to.unless_negated = from.unless_negated;
  } else if (name == "claim_severity") {
    to.claim_severity = from.claim_severity;
  }
}

void apply(const OverrideSpec& ov, RuleSpec& rule) {
  for (const auto& field : ov.fields) {
    const std::string& name = field.name.text;
    if (field.append) {
      each_list(rule, ov.values, name, [](auto& to, const auto& from) { append_to(to, from); });
    } else if (!each_list(rule, ov.values, name, [](auto& to, const auto& from) { to = from; })) {
      replace_scalar(rule, ov.values, name);
    }
  }
}

}  // namespace

void read_override(YamlFields& f, PackSpec* out) {
  OverrideSpec ov;
  ov.loc = f.loc();
  auto id = f.string("rule", true, "an override");
  YAML::Node modes = f.get("override");
  if (!modes.IsMap() || modes.size() == 0) {
    f.sink()->error("AW-R010", loc_of(f.file(), modes),
                    "'override' must be a mapping of field: append | replace");
    return;
  }
  bool ok = id.has_value();
  std::vector<std::string> named;
  for (auto it = modes.begin(); it != modes.end(); ++it) {
    named.push_back(it->first.IsScalar() ? it->first.Scalar() : "");
    OverrideSpec::Field field;
    if (read_mode(f, it->first, it->second, &field)) {
      ov.fields.push_back(field);
    } else {
      ok = false;
    }
  }
  ok = check_fields(f, ov, named) && ok;
  read_rule_details(f, &ov.values);
  read_rule_extras(f, &ov.values);
  if (auto title = f.string("title", false, "")) {
    ov.values.title = title->text;
  }
  ov.values.category = f.string("category", false, "").value_or(Value{});
  ov.values.severity = f.string("severity", false, "").value_or(Value{});
  if (ok) {
    ov.id = *id;
    out->overrides.push_back(std::move(ov));
  }
}

void apply_overrides(PackSpec* spec, DiagSink* sink) {
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < spec->rules.size(); ++i) {
    by_id.emplace(spec->rules[i].id.text, i);  // the first definition (AW-R008 on the others)
  }
  for (const OverrideSpec& ov : spec->overrides) {
    auto it = by_id.find(ov.id.text);
    if (it == by_id.end()) {
      sink->error("AW-R024", ov.id.loc,
                  "override of rule '" + ov.id.text +
                      "', which no file of the pack defines (check the id and that the "
                      "directory defining it is loaded too)");
      continue;
    }
    apply(ov, spec->rules[it->second]);
  }
}

}  // namespace armwatch::rules::detail
