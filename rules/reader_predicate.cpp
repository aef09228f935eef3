// Reader stage, matching part: any/all/none shorthand, detection selections,
// conditions, near, and embedded examples.
#include <yaml-cpp/yaml.h>

#include "core/time.h"
#include "rules/spec.h"
#include "rules/yaml_fields.h"

namespace armwatch::rules::detail {
namespace {

constexpr std::string_view kSelectionHelp = "title, summary, content, text, body, source or link";

std::optional<unsigned> field_mask(std::string_view name) {
  if (name == "title") {
    return field_bit(kTitle);
  }
  if (name == "summary") {
    return field_bit(kSummary);
  }
  if (name == "content") {
    return field_bit(kContent);
  }
  if (name == "text") {
    return kTextFields;
  }
  if (name == "body") {
    return field_bit(kSummary) | field_bit(kContent);
  }
  if (name == "source") {
    return field_bit(kSource);
  }
  if (name == "link") {
    return field_bit(kLink);
  }
  return std::nullopt;
}

bool apply_modifier(std::string_view mod, KeySpec* key) {
  if (mod == "phrase") {
    key->mods.phrase = true;
  } else if (mod == "prefix") {
    key->mods.prefix = true;
  } else if (mod == "cased") {
    key->mods.cased = true;
  } else if (mod == "re") {
    key->mods.regex = true;
  } else if (mod == "contains") {
    key->mods.contains = true;
  } else if (mod == "exact") {
    key->mods.exact = true;
  } else if (mod.starts_with("suffixes=") && mod.size() > 9) {
    key->mods.suffixes = std::string(mod.substr(9));  // a list name, resolved by the compiler
  } else if (mod == "all") {
    key->all = true;
  } else if (mod == "past") {
    key->past = true;
  } else {
    return false;
  }
  return true;
}

// "text|prefix|cased" -> fields and modifiers; R017 on an unknown part.
std::optional<KeySpec> read_key(const std::string& file, const YAML::Node& key,
                                const YAML::Node& value, DiagSink* sink) {
  KeySpec spec;
  spec.loc = loc_of(file, key);
  std::string_view text = key.Scalar();
  std::size_t bar = text.find('|');
  auto mask = field_mask(text.substr(0, bar));
  if (!mask) {
    sink->error("AW-R017", spec.loc,
                "unknown field '" + std::string(text.substr(0, bar)) + "' in a selection (use " +
                    std::string(kSelectionHelp) + ")");
    return std::nullopt;
  }
  spec.fields = *mask;
  while (bar != std::string_view::npos) {
    std::size_t next = text.find('|', bar + 1);
    std::string_view mod =
        text.substr(bar + 1, next == std::string_view::npos ? next : next - bar - 1);
    if (!apply_modifier(mod, &spec)) {
      sink->error("AW-R017", spec.loc,
                  "unknown modifier '" + std::string(mod) +
                      "' (use phrase, prefix, cased, all, re, contains, exact, past or "
                      "suffixes=LIST)");
      return std::nullopt;
    }
    bar = next;
  }
  spec.values = scalar_list(file, value, "'" + std::string(text) + "'", sink);
  return spec;
}

std::optional<NearSpec> read_near(const std::string& file, const YAML::Node& node, DiagSink* sink) {
  if (!node.IsMap()) {
    sink->error("AW-R019", loc_of(file, node), "'near' must be a mapping {a:, b:, words:}");
    return std::nullopt;
  }
  YamlFields f(file, node, sink);
  f.reject_unknown({"a", "b", "words", "ordered", "every"}, "'near'");
  auto a = f.string("a", true, "'near'");
  auto b = f.string("b", true, "'near'");
  auto words = f.string("words", true, "'near'");
  if (!a || !b || !words) {
    return std::nullopt;
  }
  NearSpec spec{loc_of(file, node), *a, *b, 0};
  spec.ordered = f.boolean("ordered", false);
  spec.every = f.boolean("every", false);
  try {
    spec.words = std::stoi(words->text);
  } catch (const std::exception&) {
    spec.words = -1;
  }
  if (spec.words < 0 || spec.words > 100) {
    sink->error("AW-R019", words->loc, "'words' must be a whole number from 0 to 100");
    return std::nullopt;
  }
  return spec;
}

std::optional<SelectionSpec> read_selection(const std::string& file, const YAML::Node& name,
                                            const YAML::Node& body, DiagSink* sink) {
  SelectionSpec sel{Value{name.Scalar(), loc_of(file, name), false}, {}, std::nullopt};
  if (body.IsScalar() || body.IsSequence()) {
    // A bare list of terms: any of them, in the text.
    KeySpec key;
    key.loc = loc_of(file, body);
    key.values = scalar_list(file, body, "a selection", sink);
    sel.keys.push_back(std::move(key));
    return sel;
  }
  if (!body.IsMap()) {
    sink->error("AW-R010", loc_of(file, body), "a selection must be a mapping or a list of terms");
    return std::nullopt;
  }
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it->first.Scalar() == "near") {
      sel.near = read_near(file, it->second, sink);
      if (!sel.near) {
        return std::nullopt;
      }
    } else if (auto key = read_key(file, it->first, it->second, sink)) {
      sel.keys.push_back(std::move(*key));
    }
  }
  if (sel.near && !sel.keys.empty()) {
    sink->error("AW-R019", sel.name.loc, "a 'near' selection cannot also have terms");
    return std::nullopt;
  }
  return sel;
}

void read_detection(YamlFields& f, PredicateSpec* p) {
  YAML::Node det = f.get("detection");
  if (!det.IsMap()) {
    f.sink()->error("AW-R010", loc_of(f.file(), det), "'detection' must be a mapping");
    return;
  }
  for (auto it = det.begin(); it != det.end(); ++it) {
    if (it->first.Scalar() == "condition") {
      p->condition = scalar_value(f.file(), it->second, "'condition'", f.sink());
    } else if (auto sel = read_selection(f.file(), it->first, it->second, f.sink())) {
      p->selections.push_back(std::move(*sel));
    }
  }
  if (!p->condition) {
    f.sink()->error("AW-R003", f.key_loc("detection"), "'detection' is missing its 'condition'");
  }
}

KeySpec text_key(Value v) {
  KeySpec key;
  key.loc = v.loc;
  key.values.push_back(std::move(v));
  return key;
}

void read_shorthand(YamlFields& f, PredicateSpec* p) {
  std::string cond;
  auto add = [&](std::string name, std::vector<Value> values, const Loc& loc) {
    KeySpec key = text_key(Value{});
    key.loc = loc;
    key.values = std::move(values);
    p->selections.push_back(SelectionSpec{Value{std::move(name), loc, false}, {key}, std::nullopt});
  };
  if (f.has("any")) {
    add("any", f.strings("any"), f.key_loc("any"));
    cond = "any";
  }
  // Each `all` entry is a term, a list name, or an inline list (any of its terms).
  YAML::Node all = f.get("all");
  std::vector<YAML::Node> entries;
  if (all.IsSequence()) {
    for (const YAML::Node& entry : all) {
      entries.push_back(entry);
    }
  } else if (all.IsDefined()) {
    entries.push_back(all);
  }
  int n = 0;
  for (const YAML::Node& entry : entries) {
    std::string name = "all_" + std::to_string(++n);
    add(name, scalar_list(f.file(), entry, "an 'all' entry", f.sink()), loc_of(f.file(), entry));
    cond += (cond.empty() ? "" : " and ") + name;
  }
  if (f.has("none")) {
    add("none", f.strings("none"), f.key_loc("none"));
    cond += (cond.empty() ? "" : " and ") + std::string("not none");
  }
  p->condition = Value{cond, f.loc(), false};
  p->generated_condition = true;
}

}  // namespace

PredicateSpec read_predicate(YamlFields& f) {
  PredicateSpec p;
  p.loc = f.loc();
  bool shorthand = f.has("any") || f.has("all");
  bool detection = f.has("detection");
  if (!shorthand && !detection && !f.has("condition")) {
    f.sink()->error("AW-R007", f.loc(),
                    "no condition: give 'any'/'all', a 'detection' with a 'condition', or a "
                    "'condition' over macros (an entry never matches everything)");
    return p;
  }
  if (detection && (shorthand || f.has("none") || f.has("condition"))) {
    f.sink()->error("AW-R010", f.key_loc("detection"),
                    "use either 'detection' (with its own condition) or any/all/none/condition");
    return p;
  }
  if (shorthand && f.has("condition")) {
    f.sink()->error("AW-R010", f.key_loc("condition"),
                    "a top-level 'condition' cannot be combined with any/all/none; "
                    "use a 'detection'");
    return p;
  }
  if (detection) {
    read_detection(f, &p);
  } else if (shorthand) {
    read_shorthand(f, &p);
  } else {
    p.condition = f.string("condition", true, "an entry");
  }
  return p;
}

namespace {

std::optional<ExampleSpec> read_example(const std::string& file, const YAML::Node& node,
                                        bool expect, DiagSink* sink) {
  ExampleSpec ex{expect, Item{}, loc_of(file, node)};
  if (node.IsScalar()) {
    ex.item.title = node.Scalar();
    return ex;
  }
  if (!node.IsMap()) {
    sink->error("AW-R010", ex.loc, "an example must be a text or a mapping");
    return std::nullopt;
  }
  YamlFields f(file, node, sink);
  f.reject_unknown({"title", "summary", "content", "source", "link", "date"}, "an example");
  ex.item.title = f.string("title", false, "").value_or(Value{}).text;
  ex.item.summary = f.string("summary", false, "").value_or(Value{}).text;
  ex.item.content = f.string("content", false, "").value_or(Value{}).text;
  ex.item.source = f.string("source", false, "").value_or(Value{}).text;
  ex.item.link = f.string("link", false, "").value_or(Value{}).text;
  if (auto date = f.string("date", false, "")) {
    ex.item.published = parse_rfc3339(date->text);
    if (!ex.item.published) {
      sink->error("AW-R021", date->loc, "'" + date->text + "' is not a date (YYYY-MM-DD)");
    }
  }
  return ex;
}

}  // namespace

std::vector<ExampleSpec> read_examples(const std::string& file, const YAML::Node& node,
                                       DiagSink* sink) {
  std::vector<ExampleSpec> out;
  if (!node.IsMap()) {
    sink->error("AW-R010", loc_of(file, node), "'tests' must be a mapping {match:, no_match:}");
    return out;
  }
  YamlFields f(file, node, sink);
  f.reject_unknown({"match", "no_match"}, "'tests'");
  for (const auto& [key, expect] : {std::pair{"match", true}, std::pair{"no_match", false}}) {
    YAML::Node list = f.get(key);
    if (!list.IsDefined()) {
      continue;
    }
    if (!list.IsSequence()) {
      sink->error("AW-R010", loc_of(file, list), "'" + std::string(key) + "' must be a list");
      continue;
    }
    for (const YAML::Node& item : list) {
      if (auto ex = read_example(file, item, expect, sink)) {
        out.push_back(std::move(*ex));
      }
    }
  }
  return out;
}

}  // namespace armwatch::rules::detail
