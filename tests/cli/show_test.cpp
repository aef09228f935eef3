// `armwatch show ID`, the provisions table it quotes (rules/provisions.h), and
// the span highlighting.
#include <catch2/catch.hpp>

#include "cli/show_command.h"
#include "rules/provisions.h"
#include "rules/rule_set.h"
#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using nlohmann::json;

namespace {

const std::string kProvisions =
    std::string(ARMWATCH_SOURCE_DIR) + "/rules/provisions/provisions.yaml";
const std::string kHistory = std::string(ARMWATCH_SOURCE_DIR) + "/rules/history";

}  // namespace

TEST_CASE("show: the event, highlighted text, provisions, precedents, incident, links",
          "[cli][show]") {
  LogFixture log;
  std::string id = std::to_string(log.id_of("y1"));
  std::string out;
  REQUIRE(log.run({"show", id, "--provisions", kProvisions, "--history", kHistory}, out) == 0);
  INFO(out);
  CHECK_THAT(out, Catch::Contains("event " + id) && Catch::Contains("violation") &&
                      Catch::Contains("rule missile-launch-dprk"));
  CHECK_THAT(out, Catch::Contains("North Korea fires [ballistic missile] into [East Sea]"));
  CHECK_THAT(out, Catch::Contains("short-range [ballistic missile] on Sunday"));
  CHECK_THAT(out, Catch::Contains("missile flew 600 km"));  // the body
  CHECK_THAT(out, Catch::Contains("UNSCR-1718") && Catch::Contains("no more nuclear tests"));
  CHECK_THAT(out, Catch::Contains("H-2017-11-29-hwasong-15-icbm") && Catch::Contains("2017-11-29"));
  CHECK_THAT(out, Catch::Contains("2 reports from 2 outlets"));
  CHECK_THAT(out, Catch::Contains("NK News: N. Korea launches ballistic missile"));
  CHECK_THAT(out, Catch::Contains("https://yonhap.example/y1") &&
                      Catch::Contains("https://nknews.example/n1"));
}

TEST_CASE("show: JSON carries the same, paraphrases included", "[cli][show]") {
  LogFixture log;
  std::string id = std::to_string(log.id_of("k1"));
  json shown = log.run_json({"show", id, "--format", "json", "--provisions", kProvisions});
  CHECK(shown.at("id") == log.id_of("k1"));
  CHECK(shown.at("category") == "dmz-hostile-act");
  CHECK(shown.at("item").at("feed") == "kcna");
  CHECK(shown.at("evidence").at(0).at("text") == "warning shots");
  REQUIRE(shown.at("provisions").size() == 2);
  CHECK(shown.at("provisions").at(0).at("id") == "AA-I-6");
  CHECK_THAT(shown.at("provisions").at(0).at("paraphrase").get<std::string>(),
             Catch::Contains("hostile act"));
  CHECK(shown.at("incident").at("reports") == 1);
  CHECK(shown.at("related").empty());
}

TEST_CASE("show: an unknown id exits 1, bad options exit 2", "[cli][show]") {
  LogFixture log;
  std::string out;
  CHECK(log.run({"show", "999"}, out, true) == 1);
  CHECK_THAT(out, Catch::Contains("no event 999"));
  CHECK(log.run({"show", "abc"}, out, true) == 2);
  CHECK(log.run({"show", "1", "--format", "tsv"}, out, true) == 2);
  CHECK_THAT(out, Catch::Contains("--format"));
  // Without a provisions table the ids are shown, and said to lack a paraphrase.
  REQUIRE(log.run({"show", "1", "--provisions", log.dir.file("none.yaml")}, out, true) == 0);
  CHECK_THAT(out, Catch::Contains("AA-II-25") && Catch::Contains("cannot open"));
}

TEST_CASE("show: matched spans in colour on a terminal", "[cli][show][output]") {
  LogFixture log;
  std::string tty =
      log.run_on_tty("show " + std::to_string(log.id_of("y1")) + " --provisions " + kProvisions);
  CHECK_THAT(tty, Catch::Contains("\x1b[1;4;33mballistic missile"));
  CHECK_THAT(log.run_on_tty("show 1", "NO_COLOR=1"), !Catch::Contains("\x1b["));
}

TEST_CASE("highlight places spans by offset, else by text, and merges overlaps", "[cli][show]") {
  using armwatch::Span;
  using armwatch::cli::highlight;
  std::string t = "KPA soldiers cross the MDL";
  CHECK(highlight(t, "title", {Span{"title", 0, 3, "KPA"}, Span{"title", 23, 26, "MDL"}}, "<",
                  ">") == "<KPA> soldiers cross the <MDL>");
  // Offsets that no longer fit (the text changed): found by text, caseless.
  CHECK(highlight(t, "title", {Span{"title", 5, 8, "mdl"}}, "<", ">") ==
        "KPA soldiers cross the <MDL>");
  CHECK(highlight(t, "title",
                  {Span{"title", 0, 12, "KPA soldiers"}, Span{"title", 4, 18, "soldiers cross"}},
                  "<", ">") == "<KPA soldiers cross> the MDL");
  CHECK(highlight(t, "summary", {Span{"title", 0, 3, "KPA"}}, "<", ">") == t);
  CHECK(highlight(t, "title", {Span{"title", 0, 3, "gone"}}, "<", ">") == t);
}

TEST_CASE("the provisions table loads and covers every provision the rule pack cites",
          "[cli][show][provisions]") {
  auto table = armwatch::rules::load_provisions(kProvisions);
  INFO((table ? "" : table.error().to_string()));
  REQUIRE(table);
  CHECK(table->entries.size() > 60);
  REQUIRE(table->find("AA-I-6") != nullptr);
  CHECK(table->find("AA-II-13c") != nullptr);
  CHECK(table->find("CMA-1.3-air") != nullptr);
  CHECK(table->find("UNSCR-1718") != nullptr);
  CHECK(table->find("AA-II-20") == table->find("AA-II-19/20"));  // through `covers`
  CHECK(table->find("AA-IX-1") == nullptr);
  auto pack = armwatch::rules::load_rule_pack({std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack"});
  REQUIRE(pack.ok());
  for (const auto& rule : pack.rules->rules()) {
    for (const auto& p : rule.provisions) {
      INFO("rule " << rule.id << " cites " << p);
      CHECK(table->find(p) != nullptr);
    }
  }
}

TEST_CASE("the provisions loader names what is wrong, with file:line:col",
          "[cli][show][provisions]") {
  using armwatch::rules::parse_provisions;
  auto error = [](const char* yaml) {
    auto t = parse_provisions(yaml, "p.yaml");
    REQUIRE_FALSE(t);
    CHECK(t.error().code == armwatch::ErrorCode::kParse);
    return t.error().to_string();
  };
  CHECK_THAT(error("- id: AA-I-6\n"),
             Catch::Contains("p.yaml:1:3") && Catch::Contains("paraphrase"));
  CHECK_THAT(error("- id: Art-6\n  paraphrase: x\n"),
             Catch::Contains("not an AA-, CMA- or UNSCR- id"));
  CHECK_THAT(error("- id: AA-I-6\n  paraphrase: x\n  notes: y\n"),
             Catch::Contains("p.yaml:3:3") && Catch::Contains("unknown or malformed key 'notes'"));
  CHECK_THAT(
      error("- id: AA-I-6\n  paraphrase: x\n- id: AA-I-7\n  paraphrase: y\n  covers: [AA-I-6]\n"),
      Catch::Contains("AA-I-6 is given twice"));
  CHECK_THAT(error("id: AA-I-6\n"), Catch::Contains("a list"));
  CHECK_THAT(error("- [unclosed\n"), Catch::Contains("p.yaml:"));
  auto missing = armwatch::rules::load_provisions("/nonexistent/provisions.yaml");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == armwatch::ErrorCode::kNotFound);
}
