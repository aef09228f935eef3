// rules/schema/rule-pack.schema.json against the loader, the authority: every
// field, selection field and modifier the schema allows is one the loader
// accepts, and every key the shipped packs use is one the schema allows (so
// an editor validating with the schema never flags a rule that loads).
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "rules/rule_set.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch::rules;
using namespace armwatch::rules::testing;
using nlohmann::json;

namespace {

const std::string kSource = ARMWATCH_SOURCE_DIR;

const json& schema() {
  static const json s = [] {
    std::ifstream in(kSource + "/rules/schema/rule-pack.schema.json");
    return json::parse(in);
  }();
  return s;
}

std::set<std::string> properties_of(const std::string& def) {
  std::set<std::string> out;
  for (const auto& [key, value] : schema()["$defs"][def]["properties"].items()) {
    out.insert(key);
  }
  return out;
}

// The alternatives of the first "(a|b|c)" group after `from` in `pattern`.
std::vector<std::string> alternatives(const std::string& pattern, const std::string& from) {
  std::size_t open = pattern.find('(', pattern.find(from) + from.size() - 1);
  std::size_t close = pattern.find(')', open);
  std::vector<std::string> out;
  std::string body = pattern.substr(open + 1, close - open - 1);
  for (std::size_t at = 0; at <= body.size();) {
    std::size_t bar = std::min(body.find('|', at), body.size());
    out.push_back(body.substr(at, bar - at));
    at = bar + 1;
  }
  return out;
}

// True when loading `yaml` raised `code` with `needle` in its message.
bool raises(const std::string& yaml, const std::string& code, const std::string& needle) {
  LoadResult r = load_yaml(yaml);
  for (const Diagnostic& d : r.diagnostics) {
    if (d.code == code && d.message.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

const char* kRuleHead = R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
)";

// One YAML file holding `kind` with the extra field `key: x`, in the smallest
// context where the loader reads that kind.
std::string with_field(const std::string& kind, const std::string& key) {
  const std::string field = key + ": x\n";
  if (kind == "rule") {
    return std::string(kRuleHead) + "  any: [missile]\n  " + field;
  }
  if (kind == "list") {
    return "- list: l\n  items: [a]\n  " + field;
  }
  if (kind == "macro" || kind == "discard") {
    return "- " + kind + ": m\n  any: [a]\n  " + field;
  }
  if (kind == "exception") {
    return std::string(kRuleHead) + "  any: [missile]\n  exceptions:\n    - name: e\n" +
           "      any: [b]\n      " + field;
  }
  return std::string(kRuleHead) +  // near
         "  detection:\n    s: [a]\n    t: [b]\n    c:\n      near:\n        a: s\n"
         "        b: t\n        words: 3\n        " +
         field + "    condition: c\n";
}

}  // namespace

TEST_CASE("The JSON Schema closes every entry kind", "[rules][schema]") {
  CHECK(schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  for (const char* def :
       {"engine", "list", "macro", "discard", "rule", "exception", "near", "override"}) {
    INFO(def);
    CHECK(schema()["$defs"][def]["additionalProperties"] == false);
    CHECK_FALSE(properties_of(def).empty());
  }
}

TEST_CASE("Every field the schema allows is one the loader accepts", "[rules][schema]") {
  for (const char* kind : {"rule", "list", "macro", "discard", "exception", "near"}) {
    for (const std::string& key : properties_of(kind)) {
      INFO(kind << "." << key);
      CHECK_FALSE(raises(with_field(kind, key), "AW-R002", "'" + key + "'"));
    }
    // And the loader still rejects what the schema rejects.
    INFO(kind);
    CHECK(raises(with_field(kind, "colour"), "AW-R002", "'colour'"));
  }
}

TEST_CASE("Every override the schema allows loads, and only those", "[rules][schema]") {
  const std::map<std::string, std::string> values = {{"title", "Local title"},
                                                     {"description", "local"},
                                                     {"category", "missile-launch"},
                                                     {"severity", "info"},
                                                     {"status", "test"},
                                                     {"enabled", "false"},
                                                     {"provisions", "[AA-I-6]"},
                                                     {"precedents", "[]"},
                                                     {"tags", "[local]"},
                                                     {"references", "[local]"},
                                                     {"falsepositives", "[local]"},
                                                     {"valid_from", "2000-01-01"},
                                                     {"valid_to", "2030-01-01"},
                                                     {"match_undated", "false"},
                                                     {"output", "'{title}'"},
                                                     {"unless_hedged", "true"},
                                                     {"unless_negated", "true"},
                                                     {"claim_severity", "warning"},
                                                     {"exceptions", "[{name: local, any: [zzz]}]"},
                                                     {"tests", "{no_match: [nothing here]}"}};
  const std::string shipped =
      "- rule: r\n  title: T\n  category: dmz-hostile-act\n  severity: violation\n"
      "  any: [mine]\n";
  const json& modes = schema()["$defs"]["override"]["properties"]["override"]["properties"];
  for (const auto& [field, allowed] : modes.items()) {
    REQUIRE(values.count(field) == 1);
    REQUIRE(properties_of("override").count(field) == 1);
    for (const char* mode : {"append", "replace"}) {
      bool in_schema = allowed.contains("const")
                           ? allowed["const"] == mode
                           : allowed["enum"].dump().find(mode) != std::string::npos;
      std::string yaml = shipped + "- rule: r\n  override: {" + field + ": " + mode + "}\n  " +
                         field + ": " + values.at(field) + "\n";
      LoadResult r = load_yaml(yaml);
      INFO(yaml << dump(r));
      CHECK(r.ok() == in_schema);
    }
  }
  // The matching part is in neither.
  for (const char* field : {"any", "all", "none", "detection", "condition"}) {
    CHECK_FALSE(modes.contains(field));
    CHECK(
        raises(shipped + "- rule: r\n  override: {" + field + ": replace}\n  " + field + ": [x]\n",
               "AW-R024", "matching part"));
  }
}

TEST_CASE("Every selection field and modifier of the schema loads", "[rules][schema]") {
  const std::string pattern = schema()["$defs"]["selectionKey"]["pattern"];
  auto sel = [](const std::string& key) {
    return std::string("- list: tails\n  items: [x]\n") + kRuleHead +
           "  detection:\n    s:\n      " + key + ": [missile]\n    condition: s\n";
  };
  for (const std::string& field : alternatives(pattern, "^(")) {
    INFO(field);
    CHECK_FALSE(raises(sel(field), "AW-R017", ""));
  }
  for (std::string mod : alternatives(pattern, "\\|(")) {
    if (mod.starts_with("suffixes=")) {
      mod = "suffixes=tails";
    }
    INFO(mod);
    CHECK_FALSE(raises(sel("text|" + mod), "AW-R017", ""));
  }
  CHECK(raises(sel("text|fuzzy"), "AW-R017", ""));
  CHECK(raises(sel("headline"), "AW-R017", ""));
}

namespace {

// Every mapping key of an entry kind in `node`, checked against the schema.
void check_keys(const YAML::Node& map, const std::string& def, const std::string& file) {
  const std::set<std::string> allowed = properties_of(def);
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    INFO(file << ": " << def << "." << key);
    CHECK(allowed.count(key) == 1);
  }
}

std::string kind_of(const YAML::Node& entry) {
  for (const char* kind : {"rule", "list", "macro", "discard"}) {
    if (entry[kind]) {
      return kind;
    }
  }
  return "engine";
}

}  // namespace

TEST_CASE("The shipped packs use only fields of the schema", "[rules][schema]") {
  int entries = 0;
  for (const char* pack : {"/rules/pack", "/rules/pack-ko"}) {
    for (const auto& f : std::filesystem::directory_iterator(kSource + pack)) {
      if (f.path().extension() != ".yaml") {
        continue;
      }
      for (const YAML::Node& entry : YAML::LoadFile(f.path().string())) {
        const std::string kind = kind_of(entry);
        check_keys(entry, kind, f.path().string());
        for (const YAML::Node& e : entry["exceptions"]) {
          check_keys(e, "exception", f.path().string());
        }
        ++entries;
      }
    }
  }
  CHECK(entries > 100);
}
