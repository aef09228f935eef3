// Rule overrides: a local directory loaded after the shipped pack changes a
// shipped rule (disable it, change its severity, add exceptions, tags,
// provisions) without editing it; every misuse is an AW-R024 (or AW-R003)
// error at its line and column, never silently ignored.
#include <catch2/catch.hpp>

#include "rules/explain.h"
#include "rules/rule_set.h"
#include "tests/rules/rules_test_util.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;

namespace {

const char* const kShipped = R"(- rule: dmz-mine
  title: Mine in the DMZ
  category: dmz-hostile-act
  severity: violation
  provisions: [AA-I-6]
  tags: [dmz]
  any: [mine, landmine]
- rule: dprk-missile
  title: DPRK missile
  category: missile-launch
  severity: violation
  provisions: [UNSCR-1718]
  all: [[North Korea], [missile]]
)";

// The shipped pack in one directory, `local` in a second one loaded after it.
struct TwoDirs {
  armwatch::testing::TempDir shipped;
  armwatch::testing::TempDir local;
  std::string local_file;
  explicit TwoDirs(const std::string& local_yaml) {
    shipped.write("10-rules.yaml", kShipped);
    local_file = local.write("50-local.yaml", local_yaml);
  }
  LoadResult load() const { return load_rule_pack({shipped.path(), local.path()}); }
};

std::shared_ptr<const RuleSet> load_ok(const TwoDirs& dirs) {
  LoadResult r = dirs.load();
  INFO(dump(r));
  REQUIRE(r.ok());
  return r.rules;
}

// The one error of `local_yaml` loaded after the shipped pack.
Diagnostic only_error(const std::string& local_yaml) {
  TwoDirs dirs(local_yaml);
  LoadResult r = dirs.load();
  INFO(dump(r));
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].file == dirs.local_file);
  return r.diagnostics[0];
}

}  // namespace

TEST_CASE("An override from a later directory disables a shipped rule", "[rules][override]") {
  TwoDirs dirs(R"(- rule: dmz-mine
  override: {enabled: replace}
  enabled: false
)");
  auto rules = load_ok(dirs);
  CHECK(rules->match(make_item("A landmine exploded in the DMZ")).empty());
  CHECK(rules->match(make_item("North Korea fires missile")).size() == 1);
}

TEST_CASE("An override replaces the severity and appends tags and provisions",
          "[rules][override]") {
  TwoDirs dirs(R"(- rule: dmz-mine
  override:
    severity: replace
    provisions: append
    tags: append
  severity: warning
  provisions: [CMA-1-1]
  tags: [local]
)");
  auto rules = load_ok(dirs);
  auto events = rules->match(make_item("A landmine exploded in the DMZ"));
  REQUIRE(events.size() == 1);
  CHECK(events[0].severity == Severity::kWarning);
  CHECK(events[0].provisions == std::vector<std::string>{"AA-I-6", "CMA-1-1"});
  const RuleInfo* info = nullptr;
  for (const RuleInfo& r : rules->rules()) {
    info = r.id == "dmz-mine" ? &r : info;
  }
  REQUIRE(info != nullptr);
  CHECK(info->tags == std::vector<std::string>{"dmz", "local"});
}

TEST_CASE("An override appends an exception, the rule keeps its condition", "[rules][override]") {
  TwoDirs dirs(R"(- rule: dmz-mine
  override: {exceptions: append}
  exceptions:
    - name: land_mine_museum
      any: [museum]
)");
  auto rules = load_ok(dirs);
  CHECK(rules->match(make_item("A landmine exploded in the DMZ")).size() == 1);
  CHECK(rules->match(make_item("Landmine museum opens near the DMZ")).empty());
}

TEST_CASE("Overrides apply in load order, the last one wins", "[rules][override]") {
  armwatch::testing::TempDir shipped;
  armwatch::testing::TempDir local;
  shipped.write("10-rules.yaml", kShipped);
  local.write("50-a.yaml",
              "- rule: dprk-missile\n  override: {severity: replace}\n"
              "  severity: info\n");
  local.write("60-b.yaml",
              "- rule: dprk-missile\n  override: {severity: replace}\n"
              "  severity: warning\n");
  LoadResult r = load_rule_pack({shipped.path(), local.path()});
  INFO(dump(r));
  REQUIRE(r.ok());
  auto events = r.rules->match(make_item("North Korea fires missile"));
  REQUIRE(events.size() == 1);
  CHECK(events[0].severity == Severity::kWarning);
}

TEST_CASE("Overriding a rule that no file defines is an error at its id", "[rules][override]") {
  Diagnostic d =
      only_error("- rule: dmz-mines\n  override: {enabled: replace}\n  enabled: false\n");
  CHECK(d.code == "AW-R024");
  CHECK(d.line == 1);
  CHECK(d.column == 9);
  CHECK_THAT(d.message, Catch::Contains("dmz-mines"));
}

TEST_CASE("An override cannot change a rule's condition", "[rules][override]") {
  Diagnostic d = only_error("- rule: dmz-mine\n  override:\n    any: append\n  any: [mines]\n");
  CHECK(d.code == "AW-R024");
  CHECK(d.line == 3);
  CHECK(d.column == 5);
  CHECK_THAT(d.message, Catch::Contains("exceptions: append"));
}

TEST_CASE("Override modes and fields are checked", "[rules][override]") {
  SECTION("a mode other than append or replace") {
    Diagnostic d = only_error("- rule: dmz-mine\n  override: {tags: merge}\n  tags: [x]\n");
    CHECK(d.code == "AW-R024");
    CHECK(d.line == 2);
    CHECK(d.column == 20);
  }
  SECTION("append on a field that holds one value") {
    Diagnostic d = only_error(
        "- rule: dmz-mine\n  override: {severity: append}\n"
        "  severity: info\n");
    CHECK(d.code == "AW-R024");
    CHECK(d.line == 2);
    CHECK(d.column == 14);
  }
  SECTION("a field given but not named in override") {
    Diagnostic d = only_error(
        "- rule: dmz-mine\n  override: {enabled: replace}\n"
        "  enabled: false\n  severity: info\n");
    CHECK(d.code == "AW-R024");
    CHECK(d.line == 4);
    CHECK(d.column == 3);
  }
  SECTION("a field named in override but not given") {
    Diagnostic d = only_error("- rule: dmz-mine\n  override: {enabled: replace}\n");
    CHECK(d.code == "AW-R003");
    CHECK(d.line == 2);
    CHECK(d.column == 14);
  }
  SECTION("an unknown field") {
    Diagnostic d = only_error(
        "- rule: dmz-mine\n  override: {enabled: replace}\n"
        "  enabled: false\n  colour: red\n");
    CHECK(d.code == "AW-R002");
    CHECK(d.line == 4);
  }
}

TEST_CASE("A disabled rule's own terms are not scanned for, shared ones still are",
          "[rules][override]") {
  TwoDirs dirs(R"(- rule: dprk-missile
  override: {enabled: replace}
  enabled: false
)");
  auto rules = load_ok(dirs);
  // "missile" belongs to the disabled rule only; "mine" to the enabled one.
  auto explained = explain(*rules, make_item("North Korea fires missile near a mine"));
  REQUIRE(explained);
  CHECK(rule_ids(explained->events) == std::vector<std::string>{"dmz-mine"});
  std::size_t disabled_hits = 0;
  std::size_t enabled_hits = 0;
  for (const RuleTrace& t : explained->rules) {
    for (const SelectionTrace& s : t.selections) {
      (t.rule_id == "dprk-missile" ? disabled_hits : enabled_hits) += s.hits.size();
    }
    if (t.rule_id == "dprk-missile") {
      CHECK(t.reason == "disabled");
    }
  }
  CHECK(disabled_hits == 0);  // neither "North Korea" nor "missile" was looked for
  CHECK(enabled_hits == 1);   // "mine"
  // Enabled again (no override): its terms are scanned and it fires.
  armwatch::testing::TempDir shipped;
  shipped.write("10-rules.yaml", kShipped);
  LoadResult r = load_rule_pack({shipped.path()});
  REQUIRE(r.ok());
  CHECK(r.rules->match(make_item("North Korea fires missile near a mine")).size() == 2);
}
