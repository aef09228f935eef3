// `armwatch feeds`: each feed's health.
#include <catch2/catch.hpp>

#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using nlohmann::json;

TEST_CASE("feeds: health, errors and the next poll", "[cli][feeds]") {
  LogFixture log;
  json feeds = log.run_json({"feeds", "--format", "json"});
  REQUIRE(feeds.size() == 4);
  std::map<std::string, json> by_name;
  for (const auto& f : feeds) {
    by_name[f.at("name").get<std::string>()] = f;
  }
  CHECK(by_name["yonhap"].at("health") == "ok");
  CHECK(by_name["yonhap"].at("status") == "200");
  CHECK(by_name["kcna"].at("health") == "failing");
  CHECK(by_name["kcna"].at("errors") == 3);
  CHECK(by_name["kcna"].at("last_error") == "HTTP status 503");
  CHECK_FALSE(by_name["kcna"].at("next_due").get<std::string>().empty());
  CHECK(by_name["un"].at("health") == "disabled");
  CHECK(by_name["un"].at("last_error") == "gone (HTTP 410)");
  CHECK(by_name["nknews"].at("health") == "new");  // recorded items, never polled
  CHECK(by_name["nknews"].at("items") == 1);
}

TEST_CASE("feeds: the table says when, and highlights failures", "[cli][feeds][output]") {
  LogFixture log;
  std::string out;
  REQUIRE(log.run({"feeds", "--format", "table"}, out) == 0);
  CHECK_THAT(out, Catch::Contains("overdue 2m") && Catch::Contains("in 9m") &&
                      Catch::Contains("5m ago") && Catch::Contains("never"));
  std::string tty = log.run_on_tty("feeds");
  CHECK_THAT(tty, Catch::Contains("\x1b[1;31mfailing"));
  CHECK_THAT(tty, Catch::Contains("\x1b[31mHTTP status 503"));
  CHECK_THAT(tty, Catch::Contains("\x1b[32mok"));
}

TEST_CASE("feed parse: a Korean feed's zone-less dates, and --timezone", "[cli][feed]") {
  LogFixture log;
  std::string file = std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds/korea-cp949-as-utf8.xml";
  auto first_date = [&](std::vector<std::string> args) {
    json feed = log.run_json(std::move(args));
    REQUIRE_FALSE(feed.at("items").empty());
    return feed.at("items")[0].at("published").get<std::string>();
  };
  // Written "2024-10-15 13:10:00": Seoul time by default for a Korean feed.
  CHECK(first_date({"feed", "parse", file}) == "2024-10-15T04:10:00Z");
  CHECK(first_date({"feed", "parse", "--timezone", "UTC", file}) == "2024-10-15T13:10:00Z");
  CHECK(first_date({"feed", "parse", "--timezone", "+05:30", file}) == "2024-10-15T07:40:00Z");
}
