// The matcher: whole-word caseless terms, phrases, lists, all/none, evidence
// spans and events.
#include <thread>

#include <catch2/catch.hpp>

#include "rules/rule_set.h"
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

const char* const kMines = R"(
- rule: dmz-mine
  title: Mine in the DMZ
  category: dmz-hostile-act
  severity: violation
  provisions: [AA-I-6]
  any: [mine, landmine]
)";

}  // namespace

TEST_CASE("Terms match whole words only", "[rules][matcher]") {
  auto rules = load_or_fail(kMines);
  CHECK(rules->match(make_item("A mine exploded")).size() == 1);
  CHECK(rules->match(make_item("MINE exploded")).size() == 1);
  CHECK(rules->match(make_item("mine.")).size() == 1);
  CHECK(rules->match(make_item("(mine)")).empty() == false);
  CHECK(rules->match(make_item("The area was mined")).empty());
  CHECK(rules->match(make_item("Officials determine the cause")).empty());
  CHECK(rules->match(make_item("minefield")).empty());
  CHECK(rules->match(make_item("mine_field")).empty());
  CHECK(rules->match(make_item("landmines")).empty());
  CHECK(rules->match(make_item("")).empty());
}

TEST_CASE("Multi-word terms are phrases with flexible whitespace", "[rules][matcher]") {
  auto rules = load_or_fail(R"(
- rule: slbm
  title: Missile
  category: missile-launch
  severity: violation
  any: [ballistic missile, "Korean People's Army"]
)");
  CHECK(rules->match(make_item("ballistic missile")).size() == 1);
  CHECK(rules->match(make_item("Ballistic \t\n  Missile")).size() == 1);
  CHECK(rules->match(make_item("ballistic\u00a0missile")).size() == 1);
  CHECK(rules->match(make_item("the Korean People\u2019s Army said")).size() == 1);
  CHECK(rules->match(make_item("ballisticmissile")).empty());
  CHECK(rules->match(make_item("ballistic missiles")).empty());
  CHECK(rules->match(make_item("missile, ballistic")).empty());
}

TEST_CASE("all, none and lists combine as documented", "[rules][matcher]") {
  auto rules = load_or_fail(R"(
- list: dprk_actors
  items: [DPRK, North Korea, N. Korea, Pyongyang]
- rule: missile-launch-dprk
  title: DPRK ballistic missile launch
  category: missile-launch
  severity: violation
  provisions: [UNSCR-1718, UNSCR-1874]
  precedents: [2017-11-29]
  any: [ballistic missile, ICBM, SRBM, Hwasong]
  all: [dprk_actors, [fires, fired, launched]]
  none: [cruise missile]
  output: "{title} ({category}, {severity}) via {source}: {link}"
)");
  Item hit = make_item("N. Korea fires ICBM", "Pyongyang said the Hwasong flew 1,000 km.");
  hit.source = "Yonhap";
  hit.link = "http://example/1";
  auto events = rules->match(hit);
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.rule_id == "missile-launch-dprk");
  CHECK(e.category == "missile-launch");
  CHECK(e.severity == Severity::kViolation);
  CHECK(e.provisions == std::vector<std::string>{"UNSCR-1718", "UNSCR-1874"});
  CHECK(e.precedents == std::vector<std::string>{"2017-11-29"});
  CHECK(e.confidence == 1.0);
  CHECK(e.message ==
        "DPRK ballistic missile launch (missile-launch, violation) via Yonhap: "
        "http://example/1");
  CHECK(rules->match(make_item("Iran fires ICBM")).empty());
  CHECK(rules->match(make_item("North Korea ICBM parade")).empty());
  CHECK(rules->match(make_item("North Korea fires ICBM and cruise missile")).empty());
}

TEST_CASE("Evidence spans give field, offsets in the original text and the text",
          "[rules][matcher]") {
  auto rules = load_or_fail(R"(
- list: dprk_actors
  items: [North Korea]
- rule: missile
  title: Missile
  category: missile-launch
  severity: violation
  any: [ballistic missile]
  all: [dprk_actors]
)");
  // Curly quotes, an abbreviation and a double space before the evidence: offsets
  // must still point into the original strings.
  Item item = make_item("\u201cBig\u201d day: N. Korea fires", "It was a  ballistic   missile.");
  auto events = rules->match(item);
  REQUIRE(events.size() == 1);
  const auto& ev = events[0].evidence;
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].field == "title");
  CHECK(ev[0].text == "N. Korea");
  CHECK(item.title.substr(ev[0].begin, ev[0].end - ev[0].begin) == "N. Korea");
  CHECK(ev[1].field == "summary");
  CHECK(ev[1].text == "ballistic   missile");
  CHECK(ev[1].begin == 10);
  CHECK(ev[1].end == 29);
}

TEST_CASE("Content is matched too, link and source only when asked", "[rules][matcher]") {
  auto rules = load_or_fail(R"(
- rule: nuclear
  title: Nuclear test
  category: nuclear-test
  severity: violation
  any: [nuclear test]
- rule: from-kcna
  title: KCNA item
  category: diplomacy-talks
  severity: info
  detection:
    src:
      source: [KCNA]
    talk: [talks]
    condition: src and talk
)");
  Item item = make_item("Headline", "Summary");
  item.content = "Long text about a nuclear test.";
  CHECK(rule_ids(rules->match(item)) == std::vector<std::string>{"nuclear"});
  Item talks = make_item("Talks resume");
  CHECK(rules->match(talks).empty());
  talks.source = "KCNA";
  CHECK(rule_ids(rules->match(talks)) == std::vector<std::string>{"from-kcna"});
}

TEST_CASE("One item can yield several events, one per rule", "[rules][matcher]") {
  auto rules = load_or_fail(std::string(kMines) + R"(
- rule: dmz-mine-2
  title: Second
  category: dmz-militarization
  severity: warning
  any: [mine, mines]
)");
  auto events = rules->match(make_item("mine mine mine", "mines"));
  CHECK(rule_ids(events) == std::vector<std::string>{"dmz-mine", "dmz-mine-2"});
}

TEST_CASE("match is thread-safe on one shared RuleSet", "[rules][matcher]") {
  auto rules = load_or_fail(kMines);
  std::vector<std::thread> threads;
  std::atomic<int> hits{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        hits += static_cast<int>(rules->match(make_item("a mine in the DMZ")).size());
        hits += static_cast<int>(rules->match(make_item("nothing here")).size());
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  CHECK(hits == 4 * 300);
}

TEST_CASE("A term in both a source clause and a text clause hits in both fields",
          "[rules][matcher]") {
  auto loaded = rules::testing::load_yaml(R"(
- rule: kcna-missile
  title: KCNA reports a missile
  category: missile-launch
  severity: warning
  provisions: [UNSCR-1718]
  detection:
    sel_src:
      source: [KCNA]
    sel_text:
      text: [missile]
    condition: sel_src and sel_text
- rule: kcna-named
  title: KCNA named in a headline
  category: missile-launch
  severity: info
  provisions: [UNSCR-1718]
  detection:
    sel_head:
      title: [KCNA]
    condition: sel_head
)");
  INFO(rules::testing::dump(loaded));
  REQUIRE(loaded.ok());
  auto& rules = *loaded.rules;
  Item item = rules::testing::make_item("KCNA: a missile was fired");
  item.source = "KCNA";
  auto both = rules.match(item);
  CHECK(rules::testing::rule_ids(both) == std::vector<std::string>{"kcna-missile", "kcna-named"});
  item.source = "Yonhap";  // the source clause fails; the headline rule still fires
  CHECK(rules::testing::rule_ids(rules.match(item)) == std::vector<std::string>{"kcna-named"});
  item.source = "KCNA\u00a0";  // normalised, then read again with the source terms
  CHECK(rules::testing::rule_ids(rules.match(item)) ==
        std::vector<std::string>{"kcna-missile", "kcna-named"});
}
