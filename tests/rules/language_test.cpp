// The phase-2 rule language: detection/condition, macros, fields and
// modifiers, near, hedging cues, exceptions, discards, lifecycle, embedded
// tests and explain.
#include <catch2/catch.hpp>

#include "core/time.h"
#include "rules/explain.h"
#include "rules/rule_set.h"
#include "rules/rule_tests.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;

namespace {

std::shared_ptr<const RuleSet> load_or_fail(const std::string& yaml) {
  LoadResult r = load_yaml(yaml);
  INFO(dump(r));
  REQUIRE(r.ok());
  return r.rules;
}

bool fires(const RuleSet& rules, const Item& item, const std::string& id) {
  auto ids = rule_ids(rules.match(item));
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool fires(const RuleSet& rules, const std::string& title, const std::string& id) {
  return fires(rules, make_item(title), id);
}

const char* const kHeader = R"(
- required_engine_version: 2
- list: dprk_actors
  items: [North Korea, DPRK, KPA]
)";

}  // namespace

TEST_CASE("detection: selections combined by a condition", "[rules][language]") {
  auto rules = load_or_fail(std::string(kHeader) + R"(
- rule: launch
  title: Launch
  category: missile-launch
  severity: violation
  detection:
    actor: [dprk_actors]
    sel_ballistic: [ballistic missile, ICBM]
    sel_satellite: [satellite launch, space launch vehicle]
    cruise: [cruise missile]
    condition: actor and 1 of sel_* and not cruise
)");
  CHECK(fires(*rules, "North Korea fires ICBM", "launch"));
  CHECK(fires(*rules, "DPRK attempts satellite launch", "launch"));
  CHECK_FALSE(fires(*rules, "North Korea fires ICBM and cruise missile", "launch"));
  CHECK_FALSE(fires(*rules, "Satellite launch by Japan", "launch"));
}

TEST_CASE("Macros are shared conditions usable by several rules", "[rules][language]") {
  auto rules = load_or_fail(std::string(kHeader) + R"(
- macro: dprk_actor
  any: [dprk_actors]
- macro: ballistic
  detection:
    weapon: [ballistic missile, ICBM]
    condition: weapon
- macro: dprk_ballistic
  condition: dprk_actor and ballistic
- rule: a
  title: A
  category: missile-launch
  severity: violation
  detection:
    fired: [fires, fired]
    condition: dprk_ballistic and fired
- rule: b
  title: B
  category: diplomacy-talks
  severity: info
  detection:
    talk: [talks]
    condition: dprk_actor and talk
)");
  CHECK(fires(*rules, "North Korea fires ICBM", "a"));
  CHECK_FALSE(fires(*rules, "North Korea parades ICBM", "a"));
  CHECK(fires(*rules, "DPRK talks", "b"));
  auto events = rules->match(make_item("North Korea fires ICBM"));
  REQUIRE(events.size() == 1);
  CHECK(events[0].evidence.size() == 3);  // North Korea, fires, ICBM: through macros too
}

TEST_CASE("Fields: title, summary, body, text, source, link", "[rules][language]") {
  auto rules = load_or_fail(R"(
- rule: t
  title: T
  category: nuclear-test
  severity: info
  detection:
    s:
      title: [nuclear test]
    condition: s
- rule: b
  title: B
  category: nuclear-test
  severity: info
  detection:
    s:
      body: [nuclear test]
    condition: s
- rule: l
  title: L
  category: nuclear-test
  severity: info
  detection:
    s:
      link|contains: [nuclear-test]
    condition: s
)");
  Item in_title = make_item("Nuclear test", "nothing");
  Item in_summary = make_item("nothing", "a nuclear test");
  in_summary.link = "http://x/2017/nuclear-test/";
  CHECK(rule_ids(rules->match(in_title)) == std::vector<std::string>{"t"});
  CHECK(rule_ids(rules->match(in_summary)) == std::vector<std::string>{"b", "l"});
}

TEST_CASE("Modifiers: prefix, cased, phrase, all, re, contains", "[rules][language]") {
  auto rules = load_or_fail(R"(
- rule: prefix
  title: P
  category: missile-launch
  severity: violation
  detection:
    s:
      text|prefix: [Hwasong]
    condition: s
- rule: cased
  title: C
  category: commission-activity
  severity: info
  detection:
    s:
      text|cased: [MAC]
    condition: s
- rule: phrase
  title: Ph
  category: missile-launch
  severity: violation
  detection:
    s:
      text|phrase: [short range ballistic]
    condition: s
- rule: all
  title: All
  category: diplomacy-talks
  severity: info
  detection:
    s:
      text|all: [summit, Panmunjom]
    condition: s
- rule: re
  title: Re
  category: missile-launch
  severity: violation
  detection:
    s:
      text|re: 'KN-\d{2}\b'
    condition: s
)");
  CHECK(fires(*rules, "Hwasongpho-17 flies", "prefix"));
  CHECK(fires(*rules, "HWASONG-17 flies", "prefix"));
  CHECK_FALSE(fires(*rules, "The Chwasong site", "prefix"));
  CHECK(fires(*rules, "MAC meeting", "cased"));
  CHECK_FALSE(fires(*rules, "Mac users", "cased"));
  CHECK(fires(*rules, "short-range ballistic missile", "phrase"));
  CHECK(fires(*rules, "short / range  ballistic", "phrase"));
  CHECK_FALSE(fires(*rules, "short-ranged ballistic", "phrase"));
  CHECK(fires(*rules, "Summit at Panmunjom", "all"));
  CHECK_FALSE(fires(*rules, "Summit in Singapore", "all"));
  CHECK(fires(*rules, "A kn-23 was fired", "re"));
  CHECK_FALSE(fires(*rules, "A KN-2 was fired", "re"));
}

TEST_CASE("near: two selections within N words in one sentence", "[rules][language]") {
  auto rules = load_or_fail(std::string(kHeader) + R"(
- rule: near
  title: N
  category: mdl-crossing
  severity: violation
  detection:
    who: [soldiers, troops]
    crossed: [crossed, cross]
    close:
      near: {a: who, b: crossed, words: 3}
    condition: close
)");
  CHECK(fires(*rules, "KPA soldiers crossed the line", "near"));
  CHECK(fires(*rules, "Soldiers of the KPA crossed it", "near"));  // 3 words between
  CHECK(fires(*rules, "They crossed, the troops said", "near"));   // either order
  CHECK_FALSE(fires(*rules, "Soldiers of the big KPA unit crossed it", "near"));
  CHECK_FALSE(fires(*rules, "Soldiers rested. Then they crossed.", "near"));
  CHECK_FALSE(fires(*rules, make_item("Soldiers rested", "They crossed"), "near"));
}

TEST_CASE("Hedging cues lower confidence, unless_hedged drops the event", "[rules][language]") {
  auto rules = load_or_fail(std::string(kHeader) + R"(
- list: hedging_cues
  append: true
  items: [preparations for]
- rule: soft
  title: Soft
  category: nuclear-test
  severity: violation
  any: [nuclear test]
  all: [dprk_actors]
- rule: strict
  title: Strict
  category: nuclear-test
  severity: violation
  unless_hedged: true
  any: [nuclear test]
  all: [dprk_actors]
)");
  auto plain = rules->match(make_item("North Korea conducts nuclear test"));
  REQUIRE(plain.size() == 2);
  CHECK(plain[0].confidence == 1.0);
  for (const char* hedged :
       {"North Korea denied a nuclear test took place", "Rumours of a DPRK nuclear test",
        "If North Korea holds a nuclear test", "No evidence of a DPRK nuclear test",
        "KPA preparations for nuclear test seen"}) {
    INFO(hedged);
    auto events = rules->match(make_item(hedged));
    REQUIRE(events.size() == 1);
    CHECK(events[0].rule_id == "soft");
    CHECK(events[0].confidence < 1.0);
  }
  // A cue in another sentence leaves the evidence alone.
  auto other = rules->match(make_item("North Korea conducts nuclear test. Seoul would respond."));
  CHECK(other.size() == 2);
}

TEST_CASE("unless_negated drops on negation cues only", "[rules][language]") {
  auto rules = load_or_fail(std::string(kHeader) + R"(
- list: negation_cues
  append: true
  items: [no such launch]
- rule: launch
  title: Launch
  category: missile-launch
  severity: violation
  unless_negated: true
  any: [ICBM]
  all: [dprk_actors]
)");
  CHECK(rules->match(make_item("North Korea denies ICBM launch")).empty());
  CHECK(rules->match(make_item("KPA: there was no such launch of an ICBM")).empty());
  auto hedged = rules->match(make_item("North Korea fires ICBM that could reach the US"));
  REQUIRE(hedged.size() == 1);
  CHECK(hedged[0].confidence == Approx(0.5));
  auto why = explain(*rules, make_item("North Korea denies ICBM launch"));
  REQUIRE(why.ok());
  CHECK(why->rules[0].reason == "negated (unless_negated)");
  REQUIRE(why->rules[0].cues.size() == 1);
  CHECK(why->rules[0].cues[0].text == "denies");
}

TEST_CASE("Per-rule exceptions and global discards", "[rules][language]") {
  auto rules = load_or_fail(std::string(kHeader) + R"(
- discard: network-dmz
  any: [firewall, subnet]
  all: [DMZ]
- rule: crossing
  title: Crossing
  category: mdl-crossing
  severity: violation
  any: [crossed the MDL, crossed into the DMZ]
  exceptions:
    - name: summit
      any: [summit]
    - name: agreed
      detection:
        ok: [with permission, authorised]
        condition: ok
)");
  CHECK(fires(*rules, "Soldiers crossed the MDL", "crossing"));
  CHECK_FALSE(fires(*rules, "Trump crossed the MDL at the summit", "crossing"));
  CHECK_FALSE(fires(*rules, "Officers crossed the MDL with permission", "crossing"));
  CHECK(fires(*rules, "Patrol crossed into the DMZ", "crossing"));
  CHECK_FALSE(fires(*rules, "Patrol crossed into the DMZ subnet", "crossing"));
  auto why = explain(*rules, make_item("Trump crossed the MDL at the summit"));
  REQUIRE(why.ok());
  REQUIRE(why->rules.size() == 1);
  CHECK(why->rules[0].reason == "exception 'summit' matched");
  auto discarded = explain(*rules, make_item("Patrol crossed into the DMZ subnet"));
  REQUIRE(discarded.ok());
  CHECK(discarded->discarded_by == std::vector<std::string>{"network-dmz"});
  CHECK(discarded->events.empty());
}

TEST_CASE("Lifecycle: enabled, valid_from and valid_to", "[rules][language]") {
  auto rules = load_or_fail(R"(
- rule: cma-era
  title: Buffer-zone fire while the CMA was in force
  category: artillery-fire-near-border
  severity: violation
  valid_from: 2018-11-01
  valid_to: 2024-06-04
  status: test
  tags: [cma]
  references: [https://example.org]
  falsepositives: [drills]
  any: [buffer zone]
- rule: off
  title: Off
  category: artillery-fire-near-border
  severity: warning
  enabled: false
  any: [buffer zone]
)");
  Item item = make_item("Shells land in buffer zone");
  CHECK(rule_ids(rules->match(item)) == std::vector<std::string>{"cma-era"});  // undated
  item.published = parse_rfc3339("2022-10-14");
  CHECK(rule_ids(rules->match(item)).size() == 1);
  item.published = parse_rfc3339("2018-10-31T23:59:59Z");
  CHECK(rules->match(item).empty());
  item.published = parse_rfc3339("2024-06-04");
  CHECK(rules->match(item).empty());
  item.published.reset();
  item.updated = parse_rfc3339("2024-06-03T12:00:00Z");
  CHECK(rules->match(item).size() == 1);
  const RuleInfo& info = rules->rules()[0];
  CHECK(info.status == "test");
  CHECK(info.tags == std::vector<std::string>{"cma"});
  CHECK(info.valid_from.has_value());
  CHECK_FALSE(rules->rules()[1].enabled);
}

TEST_CASE("Embedded examples run through run_rule_tests", "[rules][language]") {
  auto rules = load_or_fail(R"(
- rule: good
  title: Good
  category: nuclear-test
  severity: violation
  any: [nuclear test]
  tests:
    match: ["Nuclear test today", {title: "x", summary: "a nuclear test"}]
    no_match: ["Nuclear testing ban"]
- rule: bad
  title: Bad
  category: nuclear-test
  severity: violation
  any: [atomic]
  tests:
    match: ["Nuclear test today"]
)");
  auto results = run_rule_tests(*rules);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 2);
  CHECK((*results)[0].rule_id == "good");
  CHECK((*results)[0].passed());
  CHECK((*results)[0].examples.size() == 3);
  CHECK_FALSE((*results)[1].passed());
  CHECK((*results)[1].examples[0].line == 16);
}

TEST_CASE("explain says which selections hit where and why rules did not fire",
          "[rules][language]") {
  auto rules = load_or_fail(std::string(kHeader) + R"(
- rule: launch
  title: Launch
  category: missile-launch
  severity: violation
  detection:
    actor: [dprk_actors]
    weapon: [ICBM]
    condition: actor and weapon
- rule: test
  title: Test
  category: nuclear-test
  severity: violation
  any: [nuclear test]
)");
  Item item = make_item("North Korea ICBM");
  auto e = explain(*rules, item);
  REQUIRE(e.ok());
  REQUIRE(e->rules.size() == 2);
  CHECK(e->rules[0].fired);
  CHECK(e->rules[0].selections[0].name == "actor");
  CHECK(e->rules[0].selections[0].matched);
  CHECK(e->rules[0].selections[0].hits[0].text == "North Korea");
  CHECK(e->rules[1].reason == "no term hit");
  CHECK(e->events.size() == rules->match(item).size());
  std::string text = to_text(*e);
  CHECK(text.find("FIRED   launch") != std::string::npos);
  CHECK(text.find("title[0,11)=\"North Korea\"") != std::string::npos);
}

TEST_CASE("Hangul terms match with particles (korean_test.cpp has the rest)", "[rules][language]") {
  auto rules = load_or_fail(R"(
- rule: ko
  title: Ko
  category: missile-launch
  severity: violation
  any: ["탄도미사일"]
)");
  CHECK(fires(*rules, "북한, 탄도미사일 발사", "ko"));
  CHECK(fires(*rules, "북한 \"탄도미사일\" 발사", "ko"));
  CHECK(fires(*rules, "북한이 탄도미사일을 발사", "ko"));
  CHECK_FALSE(fires(*rules, "북한이 탄도미사일방어 훈련", "ko"));
}
