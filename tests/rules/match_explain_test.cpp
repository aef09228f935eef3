// match() takes shortcuts that explain() does not: it scans raw fields and
// normalises only those that need it, evaluates only the rules a trigger
// wakes, and looks for negation and hedging cues only where a rule holds.
// explain() normalises and scans everything and evaluates every rule. Over
// every labelled corpus item, with both shipped packs, the two must give the
// same events: rule, severity, claim, confidence, evidence and message.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/explain.h"
#include "rules/replay.h"
#include "rules/rule_set.h"

using namespace armwatch;
using namespace armwatch::rules;

namespace {

const std::string kSource = ARMWATCH_SOURCE_DIR;

std::string describe(const Event& e) {
  std::string out = e.rule_id + " " + std::string(to_string(e.severity)) + " claim " +
                    std::to_string(static_cast<int>(e.claim)) + " confidence " +
                    std::to_string(e.confidence) + " \"" + e.message + "\"";
  for (const Span& s : e.evidence) {
    out +=
        " " + s.field + "[" + std::to_string(s.begin) + "," + std::to_string(s.end) + ")=" + s.text;
  }
  return out;
}

std::vector<std::string> describe(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) {
    out.push_back(describe(e));
  }
  return out;
}

std::vector<std::filesystem::path> corpora() {
  std::vector<std::filesystem::path> out;
  for (const char* dir : {"/tests/data/corpus", "/tests/data/corpus/ko"}) {
    for (const auto& entry : std::filesystem::directory_iterator(kSource + dir)) {
      if (entry.path().extension() == ".jsonl") {
        out.push_back(entry.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("match() and explain() give the same events on every corpus item",
          "[rules][match-explain]") {
  LoadResult loaded = load_rule_pack({kSource + "/rules/pack", kSource + "/rules/pack-ko"});
  REQUIRE(loaded.ok());
  const RuleSet& rules = *loaded.rules;
  std::size_t items = 0;
  std::size_t with_events = 0;
  for (const auto& file : corpora()) {
    auto parsed = read_replay_items(file);
    REQUIRE(parsed);
    for (const ReplayItem& r : *parsed) {
      auto explained = explain(rules, r.item);
      REQUIRE(explained);
      INFO(file.filename().string() << ": " << r.item.id << ": " << r.item.title);
      auto fast = describe(rules.match(r.item));
      CHECK(fast == describe(explained->events));
      ++items;
      with_events += fast.empty() ? 0 : 1;
    }
  }
  // The corpora are there and exercise the shortcuts.
  CHECK(items > 1000);
  CHECK(with_events > 500);
}
