// Replay and scoring (rules/replay.h, rules/scoring.h): reading JSONL with
// errors that name file:line, the NDJSON output line, and the score arithmetic
// on a small hand-checked example.
#include "rules/replay.h"

#include <catch2/catch.hpp>

#include "rules/scoring.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;

namespace {

constexpr const char* kPack = R"yaml(
- rule: launch
  title: Launch
  category: missile-launch
  severity: violation
  provisions: [UNSCR-1718]
  any: [ballistic missile]
- rule: cruise
  title: Cruise
  category: missile-launch
  severity: warning
  provisions: [AA-II-12]
  any: [cruise missile]
- rule: talks
  title: Talks
  category: diplomacy-talks
  severity: info
  provisions: [AA-IV-60]
  any: [summit]
)yaml";

Event event(const std::string& category, Severity s) {
  Event e;
  e.rule_id = category + "-rule";
  e.category = category;
  e.severity = s;
  return e;
}

ReplayItem labelled(const std::string& id, std::vector<std::string> labels,
                    std::optional<Severity> severity) {
  ReplayItem r;
  r.item.id = id;
  r.item.title = id;
  r.expected = Expectation{std::move(labels), severity};
  return r;
}

}  // namespace

TEST_CASE("Replay JSONL: items in order, blank lines skipped, extra keys ignored",
          "[rules][replay]") {
  auto items = parse_replay_items(
      "{\"id\": \"a\", \"published\": \"2024-01-05\", \"source\": \"Yonhap\", \"title\": "
      "\"T\", \"summary\": \"S\", \"link\": \"https://x/1\", \"note\": 1}\n"
      "\n"
      "{\"id\": \"b\", \"summary\": \"only a summary\", \"expected\": {\"labels\": [\"none\"]}}\n"
      "{\"id\": \"c\", \"title\": \"x\", \"published\": \"2023-11-23T01:02:03Z\", "
      "\"expected\": {\"labels\": [\"missile-launch\", \"artillery-fire-near-border\"], "
      "\"severity\": \"violation\"}}\n",
      "in.jsonl");
  INFO((items ? std::string() : items.error().to_string()));
  REQUIRE(items);
  REQUIRE(items->size() == 3);
  const ReplayItem& a = (*items)[0];
  CHECK(a.line == 1);
  CHECK(a.item.id == "a");
  CHECK(a.item.source == "Yonhap");
  CHECK(a.item.link == "https://x/1");
  CHECK(a.item.feed == "replay");
  REQUIRE(a.item.published);
  CHECK(format_rfc3339(*a.item.published) == "2024-01-05T00:00:00Z");
  CHECK_FALSE(a.expected);
  CHECK((*items)[1].line == 3);
  REQUIRE((*items)[1].expected);
  CHECK((*items)[1].expected->labels == std::vector<std::string>{"none"});
  CHECK_FALSE((*items)[1].expected->severity);
  REQUIRE((*items)[2].expected);
  CHECK((*items)[2].expected->severity == Severity::kViolation);
  CHECK((*items)[2].expected->labels.size() == 2);
}

TEST_CASE("Replay JSONL errors name the file and line", "[rules][replay]") {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {"not json", "not JSON"},
      {"[1, 2]", "must be a JSON object"},
      {"{\"title\": \"x\"}", "\"id\""},
      {"{\"id\": 7, \"title\": \"x\"}", "\"id\""},
      {"{\"id\": \"a\"}", "\"title\" or a \"summary\""},
      {"{\"id\": \"a\", \"title\": 3}", "\"title\" must be a string"},
      {"{\"id\": \"a\", \"title\": \"x\", \"published\": \"yesterday\"}", "published"},
      {"{\"id\": \"a\", \"title\": \"x\", \"expected\": {}}", "non-empty \"labels\""},
      {"{\"id\": \"a\", \"title\": \"x\", \"expected\": {\"labels\": [\"dmz\"]}}", "label 'dmz'"},
      {"{\"id\": \"a\", \"title\": \"x\", \"expected\": {\"labels\": [\"none\", "
       "\"missile-launch\"]}}",
       "must stand alone"},
      {"{\"id\": \"a\", \"title\": \"x\", \"expected\": {\"labels\": [\"missile-launch\"], "
       "\"severity\": \"grave\"}}",
       "severity 'grave'"},
  };
  for (const Case& c : cases) {
    INFO(c.line);
    std::string text = "{\"id\": \"ok\", \"title\": \"fine\"}\n\n" + std::string(c.line) + "\n";
    auto items = parse_replay_items(text, "corpus.jsonl");
    REQUIRE_FALSE(items);
    CHECK(items.error().code == ErrorCode::kParse);
    CHECK(items.error().context == "corpus.jsonl:3");
    CHECK_THAT(items.error().message, Catch::Contains(c.message));
  }
  auto dup = parse_replay_items(
      "{\"id\": \"a\", \"title\": \"x\"}\n{\"id\": \"a\", \"title\": \"y\"}", "d.jsonl");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().context == "d.jsonl:2");
  CHECK_THAT(dup.error().message, Catch::Contains("duplicate id 'a'"));
  auto missing = read_replay_items("/nonexistent/corpus.jsonl");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("Replay matches in input order and writes one NDJSON line per item", "[rules][replay]") {
  LoadResult r = load_rule_text(kPack);
  INFO(dump(r));
  REQUIRE(r.ok());
  auto items = parse_replay_items(
      "{\"id\": \"1\", \"title\": \"Summit in Singapore\", \"published\": \"2018-06-12\"}\n"
      "{\"id\": \"2\", \"title\": \"Nothing here\"}\n"
      "{\"id\": \"3\", \"title\": \"A ballistic missile and a cruise missile\"}\n",
      "x");
  REQUIRE(items);
  auto events = replay(*r.rules, *items);
  REQUIRE(events.size() == 3);
  CHECK(categories(events[0]) == std::vector<std::string>{"diplomacy-talks"});
  CHECK(events[0][0].time == *(*items)[0].item.published);
  CHECK(events[1].empty());
  CHECK(rule_ids(events[2]) == std::vector<std::string>{"cruise", "launch"});
  CHECK(to_ndjson((*items)[1], events[1]) == "{\"id\": \"2\", \"matches\": []}");
  CHECK(to_ndjson((*items)[0], events[0]) ==
        "{\"id\": \"1\", \"matches\": [{\"rule\": \"talks\", \"category\": \"diplomacy-talks\", "
        "\"severity\": \"info\", \"confidence\": 1, \"provisions\": [\"AA-IV-60\"], "
        "\"claim\": \"act\"}]}");
}

TEST_CASE("Scoring: per-category counts, micro and macro F1, false alarms, severity",
          "[rules][replay][scoring]") {
  std::vector<ReplayItem> items = {
      labelled("tp", {"missile-launch"}, Severity::kViolation),
      labelled("tp-wrong-severity", {"missile-launch"}, Severity::kWarning),
      labelled("fn", {"nuclear-test"}, Severity::kViolation),
      labelled("fp", {"none"}, std::nullopt),
      labelled("tn", {"none"}, std::nullopt),
      labelled("two", {"missile-launch", "diplomacy-talks"}, Severity::kViolation),
  };
  ReplayItem unlabelled;
  unlabelled.item.id = "u";
  items.push_back(unlabelled);
  std::vector<std::vector<Event>> events = {
      {event("missile-launch", Severity::kViolation)},
      {event("missile-launch", Severity::kViolation)},
      {},
      {event("diplomacy-talks", Severity::kInfo)},
      {},
      {event("missile-launch", Severity::kViolation), event("diplomacy-talks", Severity::kInfo)},
      {event("reinforcement", Severity::kWarning)},
  };
  Score s = score_replay(items, events);
  CHECK(s.items == 7);
  CHECK(s.labelled == 6);
  // missile-launch: tp 3; diplomacy-talks: tp 1, fp 1; nuclear-test: fn 1.
  CHECK(s.true_positives == 4);
  CHECK(s.false_positives == 1);
  CHECK(s.false_negatives == 1);
  CHECK(s.micro_precision == Approx(0.8));
  CHECK(s.micro_recall == Approx(0.8));
  CHECK(s.micro_f1 == Approx(0.8));
  // Macro over the three categories seen: (1 + 2/3 + 0) / 3.
  CHECK(s.macro_f1 == Approx((1.0 + 2.0 / 3.0 + 0.0) / 3.0));
  CHECK(s.none_items == 2);
  CHECK(s.false_alarms == 1);
  CHECK(s.false_alarm_rate == Approx(0.5));
  CHECK(s.severity_items == 4);
  CHECK(s.severity_exact == 2);
  CHECK(s.severity_accuracy == Approx(0.5));
  REQUIRE(s.misses.size() == 3);
  CHECK(s.misses[0].id == "tp-wrong-severity");
  CHECK(s.misses[0].expected_severity == "warning");
  CHECK(s.misses[0].predicted_severity == "violation");
  CHECK(s.misses[1].id == "fn");
  CHECK(s.misses[1].predicted == std::vector<std::string>{"none"});
  CHECK(s.misses[2].id == "fp");
  CHECK(s.misses[2].expected == std::vector<std::string>{"none"});
  CHECK(s.misses[2].rules == std::vector<std::string>{"diplomacy-talks-rule"});
  std::string text = to_text(s);
  CHECK_THAT(text, Catch::Contains("micro precision 0.800  recall 0.800  F1 0.800"));
  CHECK_THAT(text, Catch::Contains("false alarms on none items 1/2 (50.0%)"));
  CHECK_THAT(text, Catch::Contains("severity exact 2/4 (50.0%)"));
  CHECK_THAT(text, Catch::Contains("tp-wrong-severity"));
  std::string json = to_json(s);
  CHECK_THAT(json, Catch::Contains("\"micro_precision\":0.8"));
  CHECK_THAT(json, Catch::Contains("\"category\":\"nuclear-test\""));
}
