// The shipped pack measured on the labelled corpora of tests/data/corpus, as
// `armwatch replay --score` does: the development corpus (dev.jsonl, which the
// pack was tuned on) and the holdouts (holdout.jsonl, holdout2.jsonl and
// holdout3.jsonl, each written before the fixes of its round and scored once
// first: README there).
// Fails when micro F1 falls more than 0.02 below the figure recorded in
// tests/data/corpus/SCORE, when a holdout's false alarms or severity slip past
// their floors, or when the issue-5 targets are missed on dev. After an
// intended change, re-run
// `armwatch replay --rules rules/pack --input tests/data/corpus/FILE --score`
// and update SCORE (rules/pack/README.md, "Measure it").
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/event.h"
#include "core/item.h"
#include "core/time.h"
#include "rules/replay.h"
#include "rules/rule_set.h"
#include "rules/scoring.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;

namespace {

const std::string kCorpusDir = std::string(ARMWATCH_SOURCE_DIR) + "/tests/data/corpus";

// "key value" lines of SCORE; '#' starts a comment.
std::map<std::string, double> recorded_score() {
  std::ifstream in(kCorpusDir + "/SCORE");
  REQUIRE(in);
  std::map<std::string, double> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    std::string key;
    double value = 0;
    if (fields >> key >> value) {
      out[key] = value;
    }
  }
  return out;
}

// The English pack, or with `with_korean` both shipped packs, as the packaged
// config loads them.
std::shared_ptr<const RuleSet> shipped_pack(bool with_korean = false) {
  LoadOptions options;
  options.history = std::string(ARMWATCH_SOURCE_DIR) + "/rules/history";
  std::vector<std::filesystem::path> dirs = {std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack"};
  if (with_korean) {
    dirs.push_back(std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack-ko");
  }
  LoadResult r = load_rule_pack(dirs, options);
  INFO(dump(r));
  REQUIRE(r.ok());
  return r.rules;
}

// The score of the shipped pack on tests/data/corpus/<file>.
Score corpus_score(const std::string& file, bool with_korean = false) {
  auto rules = shipped_pack(with_korean);
  auto items = read_replay_items(kCorpusDir + "/" + file);
  INFO((items ? std::string() : items.error().to_string()));
  REQUIRE(items);
  return score_replay(*items, replay(*rules, *items));
}

// The events of the shipped pack on one dated headline.
std::vector<Event> match_title(const std::string& title) {
  auto rules = shipped_pack();
  Item item;
  item.title = title;
  item.published = parse_rfc3339("2024-06-10T00:00:00Z");
  return rules->match(item);
}

}  // namespace

TEST_CASE("The dev corpus is large enough and balanced as issue 5 asks", "[rules][pack][score]") {
  auto items = read_replay_items(kCorpusDir + "/dev.jsonl");
  REQUIRE(items);
  CHECK(items->size() >= 300);
  std::size_t none = 0;
  for (const ReplayItem& i : *items) {
    REQUIRE(i.expected);
    REQUIRE(i.item.published);
    none += i.expected->labels == std::vector<std::string>{"none"} ? 1 : 0;
  }
  double negative_share = static_cast<double>(none) / static_cast<double>(items->size());
  CHECK(negative_share >= 0.3);
  CHECK(negative_share <= 0.5);
}

TEST_CASE("The pack's dev-corpus score holds against the recorded figure", "[rules][pack][score]") {
  auto recorded = recorded_score();
  REQUIRE(recorded.count("micro_f1") == 1);
  Score s = corpus_score("dev.jsonl");
  INFO(to_text(s));
  CHECK(s.micro_f1 >= recorded["micro_f1"] - 0.02);
  // The issue-5 targets.
  CHECK(s.micro_f1 >= 0.92);
  CHECK(s.false_alarm_rate <= 0.03);
  CHECK(s.severity_accuracy >= 0.90);
}

TEST_CASE("The pack's holdout score holds against the recorded floor", "[rules][pack][score]") {
  auto recorded = recorded_score();
  REQUIRE(recorded.count("holdout_micro_f1") == 1);
  REQUIRE(recorded.count("holdout_false_alarm_rate") == 1);
  REQUIRE(recorded.count("holdout_severity_accuracy") == 1);
  Score s = corpus_score("holdout.jsonl");
  INFO(to_text(s));
  CHECK(s.micro_f1 >= recorded["holdout_micro_f1"] - 0.02);
  // One more false alarm than recorded (of about 40 `none` items) is the floor.
  CHECK(s.false_alarm_rate <= recorded["holdout_false_alarm_rate"] + 0.025);
  CHECK(s.severity_accuracy >= recorded["holdout_severity_accuracy"] - 0.02);
  CHECK(s.micro_f1 >= 0.92);
}

TEST_CASE("The pack's holdout2 score holds against the recorded floor", "[rules][pack][score]") {
  auto recorded = recorded_score();
  REQUIRE(recorded.count("holdout2_micro_f1") == 1);
  REQUIRE(recorded.count("holdout2_false_alarms") == 1);
  Score s = corpus_score("holdout2.jsonl");
  INFO(to_text(s));
  CHECK(s.micro_f1 >= recorded["holdout2_micro_f1"] - 0.02);
  // No more false alarms (items) than recorded.
  CHECK(s.false_alarms <= static_cast<int>(recorded["holdout2_false_alarms"]));
}

TEST_CASE("The pack's holdout3 score holds against the recorded floor", "[rules][pack][score]") {
  auto recorded = recorded_score();
  REQUIRE(recorded.count("holdout3_micro_f1") == 1);
  REQUIRE(recorded.count("holdout3_false_alarms") == 1);
  REQUIRE(recorded.count("holdout3_severity_accuracy") == 1);
  Score s = corpus_score("holdout3.jsonl");
  INFO(to_text(s));
  CHECK(s.micro_f1 >= recorded["holdout3_micro_f1"] - 0.02);
  // No more false alarms (items) than recorded, and at most one more severity
  // miss (of 42 labelled events) than recorded.
  CHECK(s.none_items >= 25);
  CHECK(s.false_alarms <= static_cast<int>(recorded["holdout3_false_alarms"]));
  CHECK(s.severity_accuracy >= recorded["holdout3_severity_accuracy"] - 0.03);
}

TEST_CASE("The DPRK's word about the South is a claim and Seoul's report an act",
          "[rules][pack][claim]") {
  auto claim = match_title("North says South Korean soldiers crossed the MDL into North Korea");
  REQUIRE(claim.size() == 1);
  CHECK(claim[0].rule_id == "mdl-crossing-persons");
  CHECK(claim[0].claim == Claim::kClaim);
  CHECK(claim[0].severity == Severity::kWarning);
  auto act = match_title("Seoul says North Korean soldiers crossed the MDL into South Korea");
  REQUIRE(act.size() == 1);
  CHECK(act[0].claim == Claim::kAct);
  CHECK(act[0].severity == Severity::kViolation);
  auto own = match_title("North Korea says a defector crossed the border back into the North");
  REQUIRE(own.size() == 1);
  CHECK(own[0].claim == Claim::kAct);
  auto denied = match_title("JCS denies North's claim that South Korean soldiers crossed MDL");
  CHECK(denied.empty());
}

// The packaged config loads the Korean pack beside this one: its rules and
// discards see English items too, and must not change their scores
// (tests/rules/pack_ko_test.cpp checks the other way round).
TEST_CASE("Loaded with the Korean pack the English pack keeps its corpus scores",
          "[rules][pack][score]") {
  for (const char* file : {"dev.jsonl", "holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl"}) {
    Score alone = corpus_score(file);
    Score both = corpus_score(file, /*with_korean=*/true);
    INFO(file << "\nEnglish pack:\n" << to_text(alone) << "both packs:\n" << to_text(both));
    CHECK(both.micro_f1 >= alone.micro_f1 - 0.001);
    CHECK(both.false_alarms <= alone.false_alarms);
    CHECK(both.severity_accuracy >= alone.severity_accuracy - 0.001);
  }
}
