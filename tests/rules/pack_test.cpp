// The shipped rule pack (rules/pack): it loads cleanly, covers every taxonomy
// category, passes its embedded examples, and is precise on the demo fixtures.
#include <set>

#include <catch2/catch.hpp>

#include "core/taxonomy.h"
#include "rules/provisions.h"
#include "rules/rule_set.h"
#include "rules/rule_tests.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;

namespace {

LoadOptions with_history() {
  LoadOptions options;
  options.history = std::string(ARMWATCH_SOURCE_DIR) + "/rules/history";
  return options;
}

std::shared_ptr<const RuleSet> shipped_pack() {
  static LoadResult r =
      load_rule_pack({std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack"}, with_history());
  INFO(dump(r));
  REQUIRE(r.ok());
  return r.rules;
}

}  // namespace

TEST_CASE("The shipped pack loads with no errors or warnings", "[rules][pack]") {
  LoadResult r = load_rule_pack({std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack"});
  INFO(dump(r));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
}

TEST_CASE("Every precedent of the shipped pack is an id of the history timeline",
          "[rules][pack][history]") {
  LoadResult r = load_rule_pack({std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack"}, with_history());
  INFO(dump(r));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
}

TEST_CASE("Every shipped rule cites provisions and precedents and has both kinds of example",
          "[rules][pack]") {
  auto rules = shipped_pack();
  CHECK(rules->rules().size() >= 25);
  for (const RuleInfo& info : rules->rules()) {
    INFO(info.id);
    CHECK_FALSE(info.provisions.empty());
    CHECK_FALSE(info.precedents.empty());
    CHECK(info.example_count >= 2);
  }
  auto results = run_rule_tests(*rules);
  REQUIRE(results.ok());
  CHECK(results->size() == rules->rules().size());
  for (const RuleTestResult& r : *results) {
    INFO(r.rule_id);
    bool positive = false;
    bool negative = false;
    for (const RuleExampleResult& ex : r.examples) {
      positive = positive || ex.expect_match;
      negative = negative || !ex.expect_match;
    }
    CHECK(positive);
    CHECK(negative);
  }
}

TEST_CASE("The shipped pack has a rule for each of the 12 categories", "[rules][pack]") {
  std::set<std::string> covered;
  for (const RuleInfo& info : shipped_pack()->rules()) {
    covered.insert(info.category);
    CHECK_FALSE(info.provisions.empty());
    CHECK_FALSE(info.description.empty());
  }
  for (std::string_view slug : category_slugs()) {
    INFO(slug);
    CHECK(covered.count(std::string(slug)) == 1);
  }
}

TEST_CASE("The shipped pack passes its embedded examples", "[rules][pack]") {
  auto results = run_rule_tests(*shipped_pack());
  REQUIRE(results.ok());
  CHECK(results->size() >= 12);
  for (const RuleTestResult& r : *results) {
    for (const RuleExampleResult& ex : r.examples) {
      INFO(r.rule_id << (ex.expect_match ? " should match: " : " should not match: ") << ex.text
                     << " (" << r.file << ":" << ex.line << ")");
      CHECK(ex.passed);
    }
  }
}

// The items of tests/data/feeds/korea-wire.xml and un-statements.xml, with the
// text feeds/ produces (HTML reduced to text).
TEST_CASE("The demo fixtures give exactly the expected categories", "[rules][pack]") {
  auto rules = shipped_pack();
  struct Case {
    const char* title;
    const char* summary;
    std::vector<std::string> categories;
    Severity severity;
  };
  const std::vector<Case> cases = {
      {"North Korea fires ballistic missile into East Sea, JCS says",
       "North Korea launched a short-range ballistic missile toward the East Sea on Thursday "
       "morning, the Joint Chiefs of Staff said.",
       {"missile-launch"},
       Severity::kViolation},
      {"North Korean soldiers briefly cross Military Demarcation Line, retreat after warning shots",
       "About 20 to 30 North Korean soldiers crossed the MDL in the central front while doing "
       "construction work; South Korean troops fired warning shots and they retreated north.",
       {"mdl-crossing"},
       Severity::kViolation},
      {"Seoul cyber agency warns firms to harden their DMZ network segments",
       "Security experts say a misconfigured DMZ firewall exposed web servers of several "
       "companies to ransomware gangs.",
       {},
       Severity::kInfo},
      {"Tourists return to Panmunjom as JSA tours resume",
       "Visitors can again book guided tours of the Joint Security Area, the tourism office said.",
       {},
       Severity::kInfo},
      {"Security Council holds emergency meeting after DPRK nuclear test",
       "Members condemned the sixth nuclear test conducted by the Democratic People's Republic "
       "of Korea in violation of resolution 1718.",
       {"nuclear-test"},
       Severity::kViolation},
      {"Armistice Day: Secretary-General honours veterans of the First World War",
       "The Secretary-General laid a wreath to mark Armistice Day and the end of fighting in 1918.",
       {},
       Severity::kInfo},
      {"UN Command and KPA hold talks at Panmunjom on repatriation of remains",
       "United Nations Command officers met Korean People's Army officers at Panmunjom to "
       "arrange the repatriation of remains through the UNC channel.",
       {"commission-activity"},
       Severity::kInfo},
  };
  for (const Case& c : cases) {
    INFO(c.title);
    auto events = rules->match(make_item(c.title, c.summary));
    CHECK(categories(events) == c.categories);
    for (const Event& e : events) {
      CHECK(e.severity == c.severity);
      CHECK_FALSE(e.evidence.empty());
      CHECK(e.confidence == 1.0);
    }
  }
}

TEST_CASE("Every provision the shipped pack cites is in the provisions table", "[rules][pack]") {
  auto table =
      load_provisions(std::string(ARMWATCH_SOURCE_DIR) + "/rules/provisions/provisions.yaml");
  INFO((table ? std::string() : table.error().to_string()));
  REQUIRE(table);
  for (const RuleInfo& info : shipped_pack()->rules()) {
    for (const std::string& p : info.provisions) {
      INFO(info.id << ": " << p);
      CHECK(table->find(p) != nullptr);
    }
  }
}
