// The shipped pack measured on the labelled development corpus
// (tests/data/corpus/dev.jsonl), as `armwatch replay --score` does. Fails when
// micro F1 falls more than 0.02 below the figure recorded in
// tests/data/corpus/SCORE, or when the issue-5 targets are missed. After an
// intended change, re-run `armwatch replay --rules rules/pack --input
// tests/data/corpus/dev.jsonl --score` and update SCORE (rules/pack/README.md).
#include <fstream>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

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

Score dev_score() {
  LoadOptions options;
  options.history = std::string(ARMWATCH_SOURCE_DIR) + "/rules/history";
  LoadResult r = load_rule_pack({std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack"}, options);
  INFO(dump(r));
  REQUIRE(r.ok());
  auto items = read_replay_items(kCorpusDir + "/dev.jsonl");
  INFO((items ? std::string() : items.error().to_string()));
  REQUIRE(items);
  return score_replay(*items, replay(*r.rules, *items));
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
  Score s = dev_score();
  INFO(to_text(s));
  CHECK(s.micro_f1 >= recorded["micro_f1"] - 0.02);
  // The issue-5 targets.
  CHECK(s.micro_f1 >= 0.92);
  CHECK(s.false_alarm_rate <= 0.03);
  CHECK(s.severity_accuracy >= 0.90);
}
