// `armwatch export`: every event with its item, streamed as NDJSON or CSV.
#include <catch2/catch.hpp>

#include "cli/export_command.h"
#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using nlohmann::json;

TEST_CASE("export: NDJSON, oldest first, events with items and evidence", "[cli][export]") {
  LogFixture log;
  json lines = log.run_ndjson({"export"});
  REQUIRE(lines.size() == 4);
  CHECK(lines.at(0).at("item").at("id") == "u1");  // recording order
  CHECK(lines.at(3).at("item").at("id") == "n1");
  const json& y = lines.at(2);
  CHECK(y.at("category") == "missile-launch");
  CHECK(y.at("evidence").size() == 3);
  CHECK(y.at("item").at("content") == "The Joint Chiefs of Staff said the missile flew 600 km.");
  CHECK(y.at("item").at("source") == "Yonhap");
  CHECK(y.at("item").at("updated").is_null());
  CHECK(y.at("precedents") == json::array({"H-2017-11-29-hwasong-15-icbm"}));
  CHECK(y.at("incident") == lines.at(3).at("incident"));
  CHECK(log.run_ndjson({"export", "--since", "7d", "--category", "missile-launch"}).size() == 2);
}

TEST_CASE("export: CSV with every field, quoted where needed", "[cli][export]") {
  LogFixture log;
  std::string out;
  REQUIRE(log.run({"export", "--format", "csv"}, out) == 0);
  CHECK(out.rfind(armwatch::cli::export_csv_header() + "\n", 0) == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 5);
  CHECK_THAT(out, Catch::Contains(",\"[\"\"UNSCR-1718\"\",\"\"UNSCR-1874\"\"]\"") ||
                      Catch::Contains("\"[\"\"UNSCR-1718\"\", \"\"UNSCR-1874\"\"]\""));
  CHECK_THAT(out,
             Catch::Contains("\"Guards fired warning shots at a patrol, the statement said.\""));
}

TEST_CASE("export: nothing matched exits 1, a bad format 2", "[cli][export]") {
  LogFixture log;
  std::string out;
  CHECK(log.run({"export", "--category", "nuclear-test"}, out) == 1);
  CHECK(out.empty());
  CHECK(log.run({"export", "--format", "json"}, out, true) == 2);
  CHECK_THAT(out, Catch::Contains("ndjson or csv"));
}

TEST_CASE("export lines are valid JSON whatever the text holds", "[cli][export]") {
  armwatch::storage::StoredEvent e;
  e.id = 7;
  e.item.title = "Quote \" backslash \\ tab \t newline \n control \x01 한국어";
  e.item.authors = {"a \"b\""};
  e.event.confidence = 0.5;
  e.event.evidence = {armwatch::Span{"title", 0, 5, "Quote"}};
  json parsed = json::parse(armwatch::cli::export_ndjson(e));
  CHECK(parsed.at("item").at("title") == e.item.title);
  CHECK(parsed.at("item").at("authors").at(0) == "a \"b\"");
  CHECK(parsed.at("confidence") == 0.5);
  CHECK(parsed.at("incident").is_null());
  std::string csv = armwatch::cli::export_csv(e);
  CHECK_THAT(csv, Catch::StartsWith("7,"));
  CHECK_THAT(csv, Catch::Contains("\"Quote \"\" backslash"));
}
