// Issue 5 additions to the language: claim status (act / claim / denial) and
// claim_severity, near's `ordered` and `every`, and the precedents check
// against the history timeline (AW-W007, AW-R023).
#include <catch2/catch.hpp>

#include "rules/rule_set.h"
#include "tests/rules/rules_test_util.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;
using armwatch::testing::TempDir;

namespace {

constexpr const char* kDrones = R"yaml(
- rule: drones
  title: Drones cross the border
  category: airspace-incursion
  severity: violation
  claim_severity: warning
  provisions: [AA-II-16]
  all: [drones, [crossed the border, over Pyongyang]]
)yaml";

// The one event of `rules` on title/summary; fails the test when there is none.
Event only_event(const RuleSet& rules, const std::string& title, const std::string& summary = {}) {
  auto events = rules.match(make_item(title, summary));
  REQUIRE(events.size() == 1);
  return events.front();
}

}  // namespace

TEST_CASE("Claim status: act, claim or denial, read from the lead field", "[rules][claim]") {
  LoadResult r = load_yaml(kDrones);
  INFO(dump(r));
  REQUIRE(r.ok());
  Event act = only_event(*r.rules, "Five drones crossed the border, JCS says");
  CHECK(act.claim == Claim::kAct);
  CHECK(act.severity == Severity::kViolation);

  Event claim = only_event(*r.rules, "North Korea accuses Seoul of flying drones over Pyongyang");
  CHECK(claim.claim == Claim::kClaim);
  CHECK(claim.severity == Severity::kWarning);  // claim_severity

  // The headline reports the act; a claim further down does not change it.
  Event lead = only_event(*r.rules, "Drones crossed the border on Monday",
                          "North Korea claimed the drones crossed the border twice.");
  CHECK(lead.claim == Claim::kAct);
  CHECK(lead.severity == Severity::kViolation);

  // A denial never makes a violation, even without unless_negated.
  Event denial = only_event(*r.rules, "Seoul denies its drones crossed the border");
  CHECK(denial.claim == Claim::kDenial);
  CHECK(denial.severity == Severity::kWarning);
  CHECK(denial.confidence == Approx(0.5));
}

TEST_CASE("claim_cues can be extended, claim_severity is checked", "[rules][claim]") {
  LoadResult r = load_yaml(std::string(kDrones) + R"yaml(
- list: claim_cues
  append: true
  items: [crucial statement]
)yaml");
  INFO(dump(r));
  REQUIRE(r.ok());
  Event e = only_event(*r.rules, "Crucial statement: drones crossed the border");
  CHECK(e.claim == Claim::kClaim);
  CHECK(e.severity == Severity::kWarning);

  std::string bad = R"yaml(
- rule: bad
  title: Bad
  category: airspace-incursion
  severity: violation
  claim_severity: grave
  any: [drones]
)yaml";
  LoadResult b = load_yaml(bad);
  CHECK_FALSE(b.ok());
  const Diagnostic* d = find_code(b, "AW-R005");
  REQUIRE(d != nullptr);
  CHECK(d->line == 6);
  CHECK(d->column == 19);
}

TEST_CASE("near ordered: the a hit comes first", "[rules][language][near]") {
  LoadResult r = load_yaml(R"yaml(
- rule: after-launch
  title: t
  category: missile-launch
  severity: info
  detection:
    after: [after]
    launch: [launch]
    bg:
      near: {a: after, b: launch, words: 2, ordered: true}
    condition: bg
)yaml");
  INFO(dump(r));
  REQUIRE(r.ok());
  CHECK(rule_ids(r.rules->match(make_item("Talks resume after the launch"))) ==
        std::vector<std::string>{"after-launch"});
  CHECK(r.rules->match(make_item("The launch came after talks")).empty());
}

TEST_CASE("near every: each hit of b needs an a hit close to it", "[rules][language][near]") {
  LoadResult r = load_yaml(R"yaml(
- rule: background-only
  title: t
  category: missile-launch
  severity: info
  detection:
    bg: [days after]
    missile: [missile]
    only_background:
      near: {a: bg, b: missile, words: 3, ordered: true, every: true}
    condition: only_background
)yaml");
  INFO(dump(r));
  REQUIRE(r.ok());
  auto fires = [&](const std::string& title, const std::string& summary) {
    return !r.rules->match(make_item(title, summary)).empty();
  };
  CHECK(fires("Bombers arrive", "They came days after the missile test."));
  // A second mention of the missile that is not background: not every hit.
  CHECK_FALSE(fires("North Korea fires missile", "It came days after the missile test."));
  // Hits in different fields each need their own close a hit.
  CHECK(fires("Days after missile test, bombers arrive", "Days after the missile test."));
  CHECK_FALSE(fires("Bombers arrive", "Missile fired; days after talks."));
}

TEST_CASE("near: ordered and every must be booleans", "[rules][language][near]") {
  LoadResult r = load_yaml(R"yaml(
- rule: x
  title: t
  category: missile-launch
  severity: info
  detection:
    a: [a1]
    b: [b1]
    n:
      near: {a: a, b: b, words: 2, every: sometimes}
    condition: n
)yaml");
  CHECK_FALSE(r.ok());
  CHECK(find_code(r, "AW-R010") != nullptr);
}

TEST_CASE("Precedents are checked against the history timeline when it is given",
          "[rules][loader][history]") {
  TempDir dir;
  std::string history = dir.write("history.yaml", R"yaml(
- id: H-2010-11-23-yeonpyeong-shelling
  date: "2010-11-23"
  kind: incident
  title: Yeonpyeong Island shelled
  summary: Shells on the island.
)yaml");
  const std::string rules_yaml = R"yaml(
- rule: shelling
  title: Shelling
  category: artillery-fire-near-border
  severity: violation
  provisions: [AA-II-12]
  precedents: [H-2010-11-23-yeonpyeong-shelling, H-1999-01-01-unknown]
  any: [shelling]
)yaml";
  std::string rules = dir.write("rules.yaml", rules_yaml);

  // Without a timeline, precedents are free text.
  LoadResult plain = load_rule_pack({rules});
  CHECK(plain.ok());
  CHECK(plain.diagnostics.empty());

  LoadOptions options;
  options.history = history;
  LoadResult checked = load_rule_pack({rules}, options);
  INFO(dump(checked));
  REQUIRE(checked.ok());  // a warning only
  REQUIRE(checked.diagnostics.size() == 1);
  const Diagnostic& d = checked.diagnostics.front();
  CHECK(d.code == "AW-W007");
  CHECK(d.level == Diagnostic::Level::kWarning);
  CHECK(d.line == 7);
  CHECK(d.column == 50);  // "  precedents: [H-2010-11-23-yeonpyeong-shelling, " is 49 chars
  CHECK_THAT(d.message, Catch::Contains("H-1999-01-01-unknown"));

  // A timeline that does not load is an error at its own place.
  std::string broken = dir.write("broken.yaml", "- id: nope\n  date: \"2010\"\n");
  options.history = broken;
  LoadResult failed = load_rule_pack({rules}, options);
  CHECK_FALSE(failed.ok());
  const Diagnostic* e = find_code(failed, "AW-R023");
  REQUIRE(e != nullptr);
  CHECK(e->file == broken);
  CHECK(e->line == 1);
  CHECK(e->column == 3);
}

TEST_CASE("match_undated: false keeps undated items out of a past window", "[rules][language]") {
  LoadResult r = load_yaml(R"yaml(
- rule: cma-era
  title: t
  category: artillery-fire-near-border
  severity: violation
  valid_from: 2018-09-19
  valid_to: 2023-11-23
  match_undated: false
  any: [buffer zone]
- rule: any-era
  title: t
  category: artillery-fire-near-border
  severity: warning
  any: [buffer zone]
)yaml");
  INFO(dump(r));
  REQUIRE(r.ok());
  Item undated = make_item("Shells fall in the buffer zone");
  CHECK(rule_ids(r.rules->match(undated)) == std::vector<std::string>{"any-era"});
  Item in_window = undated;
  in_window.published = parse_rfc3339("2022-10-14");
  CHECK(rule_ids(r.rules->match(in_window)) == std::vector<std::string>{"any-era", "cma-era"});
  for (const RuleInfo& info : r.rules->rules()) {
    CHECK(info.match_undated == (info.id == "any-era"));
  }
}

TEST_CASE("past modifier: a year before the item date and never on undated items",
          "[rules][language]") {
  LoadResult r = load_yaml(R"yaml(
- rule: recalled
  title: t
  category: artillery-fire-near-border
  severity: info
  detection:
    year:
      text|re|past: ['\b(19[0-9][0-9]|20[0-9][0-9])\b']
    shelling: [shelling]
    dated:
      near: {a: year, b: shelling, words: 3, every: true}
    condition: dated
)yaml");
  INFO(dump(r));
  REQUIRE(r.ok());
  auto fires = [&](const std::string& title, const char* date) {
    Item item = make_item(title);
    if (date != nullptr) {
      item.published = parse_rfc3339(date);
    }
    return !r.rules->match(item).empty();
  };
  CHECK(fires("Islanders remember the 2010 shelling", "2024-11-23"));
  CHECK_FALSE(fires("Islanders remember the 2010 shelling", "2010-11-24"));  // same year
  CHECK_FALSE(fires("Islanders remember the 2010 shelling", nullptr));       // undated
  CHECK_FALSE(fires("Shelling on Jan. 5, 2024 near the island", "2024-01-05"));
  CHECK_FALSE(fires("Shelling today; the 2010 shelling is remembered", "2024-01-05"));  // not every
}
