// `armwatch stats`: counts by key and period, bars and sparklines.
#include <catch2/catch.hpp>

#include "cli/stats_command.h"
#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using armwatch::storage::CountPer;
using nlohmann::json;

namespace {

armwatch::TimePoint day(const char* text) {
  auto t = armwatch::parse_rfc3339(text);
  REQUIRE(t);
  return *t;
}

}  // namespace

TEST_CASE("stats: counts by category, provision, source and severity", "[cli][stats]") {
  LogFixture log;
  json by_category = log.run_json({"stats", "--format", "json"});
  REQUIRE(by_category.size() == 3);
  CHECK(by_category.at(0) == json{{"category", "missile-launch"}, {"events", 2}});
  json by_provision = log.run_json({"stats", "--by", "provision", "--format", "json"});
  CHECK(by_provision.at(0) == json{{"provision", "UNSCR-1718"}, {"events", 2}});
  CHECK(by_provision.size() == 5);
  json by_source = log.run_json({"stats", "--by", "source", "--since", "7d", "--format", "json"});
  CHECK(by_source.size() == 3);
  json top = log.run_json({"stats", "--by", "severity", "--limit", "1", "--format", "json"});
  CHECK(top == json::array({{{"severity", "warning"}, {"events", 2}}}));
}

TEST_CASE("stats: per week and month, one row per key and period", "[cli][stats]") {
  LogFixture log;
  json weekly = log.run_json({"stats", "--per", "week", "--since", "30d", "--format", "json"});
  for (const auto& row : weekly) {
    auto period = day(row.at("period").get<std::string>().c_str());
    CHECK(armwatch::cli::period_start(period, CountPer::kWeek) == period);  // a Monday
  }
  int total = 0;
  for (const auto& row : weekly) {
    total += row.at("events").get<int>();
  }
  CHECK(total == 4);
  std::string out;
  REQUIRE(log.run({"stats", "--per", "month", "--format", "tsv"}, out) == 0);
  CHECK(out.rfind("category\tperiod\tevents\n", 0) == 0);
}

TEST_CASE("stats: a bar chart, or a sparkline per key, in the table", "[cli][stats][output]") {
  LogFixture log;
  std::string out;
  REQUIRE(log.run({"stats", "--format", "table"}, out) == 0);
  CHECK_THAT(out, Catch::Contains("missile-launch") && Catch::Contains("█"));
  REQUIRE(log.run({"stats", "--per", "day", "--since", "30d", "--format", "table"}, out) == 0);
  CHECK_THAT(out, Catch::Contains("per day"));
  CHECK_THAT(out, Catch::Contains("▁") || Catch::Contains("█"));
  std::string tty = log.run_on_tty("stats --by source");
  CHECK_THAT(tty, Catch::Contains("\x1b[36m█"));  // bars in cyan
}

TEST_CASE("stats: usage errors", "[cli][stats]") {
  LogFixture log;
  std::string out;
  CHECK(log.run({"stats", "--by", "colour"}, out, true) == 2);
  CHECK_THAT(out, Catch::Contains("--by: cannot count by 'colour'"));
  CHECK(log.run({"stats", "--per", "year"}, out, true) == 2);
  CHECK_THAT(out, Catch::Contains("--per: unknown period 'year'"));
  CHECK(log.run({"stats", "--category", "nuclear-test"}, out) == 1);
}

TEST_CASE("periods: days, Monday weeks and months, in UTC", "[cli][stats]") {
  using armwatch::cli::period_start;
  using armwatch::cli::periods;
  CHECK(period_start(day("2024-06-05T13:00:00Z"), CountPer::kWeek) == day("2024-06-03"));
  CHECK(period_start(day("2024-06-09T23:59:00Z"), CountPer::kWeek) == day("2024-06-03"));
  CHECK(period_start(day("2024-06-10T00:00:00Z"), CountPer::kWeek) == day("2024-06-10"));
  CHECK(period_start(day("2024-02-29T10:00:00Z"), CountPer::kMonth) == day("2024-02-01"));
  CHECK(period_start(day("2024-02-29T10:00:00Z"), CountPer::kDay) == day("2024-02-29"));
  auto months = periods(day("2023-11-15"), day("2024-02-01"), CountPer::kMonth);
  REQUIRE(months.size() == 4);
  CHECK(months.back() == day("2024-02-01"));
  CHECK(periods(day("2024-06-03"), day("2024-06-17"), CountPer::kWeek).size() == 3);
  CHECK(periods(day("2024-06-03"), day("2024-06-01"), CountPer::kDay).empty());
}
