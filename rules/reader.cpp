// Reader stage: YAML text -> PackSpec. Checks shapes, field names and required
// fields; names (lists, macros, selections) are resolved later by the compiler.
#include <yaml-cpp/yaml.h>

#include "rules/spec.h"
#include "rules/yaml_fields.h"

namespace armwatch::rules::detail {

Loc loc_of(const std::string& file, const YAML::Mark& mark) {
  return Loc{file, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
}

Loc loc_of(const std::string& file, const YAML::Node& node) {
  return loc_of(file, node.Mark());
}

std::optional<Value> scalar_value(const std::string& file, const YAML::Node& node,
                                  std::string_view what, DiagSink* sink) {
  if (!node.IsScalar()) {
    sink->error("AW-R010", loc_of(file, node), std::string(what) + " must be a single value");
    return std::nullopt;
  }
  return Value{node.Scalar(), loc_of(file, node), node.Tag() == "!"};
}

std::vector<Value> scalar_list(const std::string& file, const YAML::Node& node,
                               std::string_view what, DiagSink* sink) {
  std::vector<Value> out;
  if (node.IsScalar()) {
    out.push_back(Value{node.Scalar(), loc_of(file, node), node.Tag() == "!"});
    return out;
  }
  if (!node.IsSequence()) {
    sink->error("AW-R010", loc_of(file, node), std::string(what) + " must be a value or a list");
    return out;
  }
  for (const YAML::Node& item : node) {
    if (auto v = scalar_value(file, item, std::string(what) + " items", sink)) {
      out.push_back(std::move(*v));
    }
  }
  return out;
}

YamlFields::YamlFields(const std::string& file, const YAML::Node& map, DiagSink* sink)
    : file_(file), loc_(loc_of(file, map)), sink_(sink) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (has(it->first.Scalar())) {
      sink_->error("AW-R010", loc_of(file_, it->first),
                   "field '" + it->first.Scalar() + "' is given twice");
      continue;
    }
    entries_.emplace_back(it->first, it->second);
  }
}

void YamlFields::reject_unknown(std::initializer_list<std::string_view> allowed,
                                std::string_view where) {
  reject_unknown(std::vector<std::string_view>(allowed), where);
}

void YamlFields::reject_unknown(const std::vector<std::string_view>& allowed,
                                std::string_view where) {
  for (const auto& [key, value] : entries_) {
    bool known = false;
    for (std::string_view a : allowed) {
      known = known || key.Scalar() == a;
    }
    if (!known) {
      sink_->error("AW-R002", loc_of(file_, key),
                   "unknown field '" + key.Scalar() + "' in " + std::string(where));
    }
  }
}

bool YamlFields::has(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.first.Scalar() == key) {
      return true;
    }
  }
  return false;
}

YAML::Node YamlFields::get(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.first.Scalar() == key) {
      return e.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

Loc YamlFields::key_loc(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.first.Scalar() == key) {
      return loc_of(file_, e.first);
    }
  }
  return loc_;
}

std::optional<Value> YamlFields::string(std::string_view key, bool required,
                                        std::string_view where) {
  if (!has(key)) {
    if (required) {
      sink_->error(
          "AW-R003", loc_,
          std::string(where) + " is missing the required field '" + std::string(key) + "'");
    }
    return std::nullopt;
  }
  return scalar_value(file_, get(key), "'" + std::string(key) + "'", sink_);
}

std::vector<Value> YamlFields::strings(std::string_view key) {
  if (!has(key)) {
    return {};
  }
  return scalar_list(file_, get(key), "'" + std::string(key) + "'", sink_);
}

std::vector<std::string> YamlFields::plain_strings(std::string_view key) {
  std::vector<std::string> out;
  for (Value& v : strings(key)) {
    out.push_back(std::move(v.text));
  }
  return out;
}

bool YamlFields::boolean(std::string_view key, bool fallback) {
  if (!has(key)) {
    return fallback;
  }
  YAML::Node n = get(key);
  bool value = fallback;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
    sink_->error("AW-R010", loc_of(file_, n), "'" + std::string(key) + "' must be true or false");
    return fallback;
  }
  return value;
}

namespace {

void read_engine_version(YamlFields& f) {
  f.reject_unknown({"required_engine_version"}, "a required_engine_version entry");
  YAML::Node n = f.get("required_engine_version");
  int version = 0;
  if (!n.IsScalar() || !YAML::convert<int>::decode(n, version)) {
    f.sink()->error("AW-R010", loc_of(f.file(), n), "required_engine_version must be an integer");
  } else if (version > kEngineVersion) {
    f.sink()->error("AW-R015", loc_of(f.file(), n),
                    "this pack needs engine version " + std::to_string(version) +
                        "; armwatch implements version " + std::to_string(kEngineVersion));
  }
}

void read_list(YamlFields& f, PackSpec* out) {
  f.reject_unknown({"list", "items", "append", "description"}, "a list");
  ListSpec list;
  auto name = f.string("list", true, "a list");
  if (!name) {
    return;
  }
  list.name = *name;
  if (!f.has("items")) {
    f.sink()->error("AW-R003", f.loc(), "list '" + name->text + "' is missing 'items'");
    return;
  }
  list.items = f.strings("items");
  list.append = f.boolean("append", false);
  out->lists.push_back(std::move(list));
}

void read_named(YamlFields& f, std::string_view kind, std::vector<NamedSpec>* out) {
  std::string where = "a " + std::string(kind);
  f.reject_unknown({kind, "description", "any", "all", "none", "detection", "condition"}, where);
  auto name = f.string(kind, true, where);
  if (!name) {
    return;
  }
  out->push_back(NamedSpec{*name, read_predicate(f)});
}

void read_exceptions(YamlFields& f, RuleSpec* rule) {
  YAML::Node list = f.get("exceptions");
  if (!list.IsSequence()) {
    f.sink()->error("AW-R010", loc_of(f.file(), list), "'exceptions' must be a list of entries");
    return;
  }
  for (const YAML::Node& entry : list) {
    if (!entry.IsMap()) {
      f.sink()->error("AW-R010", loc_of(f.file(), entry), "an exception must be a mapping");
      continue;
    }
    YamlFields ef(f.file(), entry, f.sink());
    ef.reject_unknown({"name", "description", "any", "all", "none", "detection", "condition"},
                      "an exception");
    if (auto name = ef.string("name", true, "an exception")) {
      rule->exceptions.emplace_back(*name, read_predicate(ef));
    }
  }
}

}  // namespace

void read_rule_details(YamlFields& f, RuleSpec* r) {
  r->description = f.string("description", false, "").value_or(Value{}).text;
  r->status = f.string("status", false, "");
  r->enabled = f.boolean("enabled", true);
  r->unless_hedged = f.boolean("unless_hedged", false);
  r->unless_negated = f.boolean("unless_negated", false);
  r->provisions = f.strings("provisions");
  r->precedents = f.strings("precedents");
  r->claim_severity = f.string("claim_severity", false, "");
  r->tags = f.plain_strings("tags");
  r->references = f.plain_strings("references");
  r->falsepositives = f.plain_strings("falsepositives");
  r->valid_from = f.string("valid_from", false, "");
  r->valid_to = f.string("valid_to", false, "");
  r->match_undated = f.boolean("match_undated", true);
  r->output = f.string("output", false, "");
}

void read_rule_extras(YamlFields& f, RuleSpec* r) {
  if (f.has("exceptions")) {
    read_exceptions(f, r);
  }
  if (f.has("tests")) {
    r->examples = read_examples(f.file(), f.get("tests"), f.sink());
  }
}

namespace {

void read_rule(YamlFields& f, PackSpec* out) {
  if (f.has("override")) {
    read_override(f, out);
    return;
  }
  f.reject_unknown({"rule",           "title",         "description",
                    "category",       "severity",      "provisions",
                    "precedents",     "any",           "all",
                    "none",           "detection",     "condition",
                    "exceptions",     "output",        "tags",
                    "status",         "enabled",       "valid_from",
                    "valid_to",       "match_undated", "references",
                    "falsepositives", "unless_hedged", "unless_negated",
                    "claim_severity", "tests",         "author"},
                   "a rule");
  RuleSpec r;
  r.loc = f.loc();
  auto id = f.string("rule", true, "a rule");
  auto title = f.string("title", true, "a rule");
  auto category = f.string("category", true, "a rule");
  auto severity = f.string("severity", true, "a rule");
  r.id = id.value_or(Value{"", f.loc(), false});
  r.title = title ? title->text : "";
  r.category = category.value_or(Value{});
  r.severity = severity.value_or(Value{});
  read_rule_details(f, &r);
  r.predicate = read_predicate(f);
  read_rule_extras(f, &r);
  if (id && category && severity && title) {
    out->rules.push_back(std::move(r));
  }
}

void read_entry(const std::string& file, const YAML::Node& entry, PackSpec* out, DiagSink* sink) {
  if (!entry.IsMap()) {
    sink->error("AW-R011", loc_of(file, entry),
                "each entry must be a mapping (rule, list, macro, discard or "
                "required_engine_version)");
    return;
  }
  YamlFields f(file, entry, sink);
  if (f.has("rule")) {
    read_rule(f, out);
  } else if (f.has("list")) {
    read_list(f, out);
  } else if (f.has("macro")) {
    read_named(f, "macro", &out->macros);
  } else if (f.has("discard")) {
    read_named(f, "discard", &out->discards);
  } else if (f.has("required_engine_version")) {
    read_engine_version(f);
  } else {
    Loc where = f.entries().empty() ? f.loc() : loc_of(file, f.entries().front().first);
    sink->error("AW-R011", where,
                "unknown entry: expected one of rule, list, macro, discard, "
                "required_engine_version");
  }
}

}  // namespace

bool read_rule_file(const std::string& file, const std::string& text, PackSpec* out,
                    DiagSink* sink) {
  sink->add_source(file, text);
  out->files.push_back(file);
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    sink->error("AW-R001", loc_of(file, e.mark), "YAML syntax: " + e.msg);
    return false;
  }
  if (doc.IsNull()) {
    return true;  // an empty file is allowed
  }
  if (!doc.IsSequence()) {
    sink->error("AW-R011", loc_of(file, doc), "a rule file must be a YAML list of entries");
    return false;
  }
  for (const YAML::Node& entry : doc) {
    try {
      read_entry(file, entry, out, sink);
    } catch (const YAML::Exception& e) {
      sink->error("AW-R010", loc_of(file, e.mark.is_null() ? entry.Mark() : e.mark), e.msg);
    }
  }
  return true;
}

}  // namespace armwatch::rules::detail
