// `armwatch search`: ranked full-text hits with marked snippets.
#include <catch2/catch.hpp>

#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using nlohmann::json;

TEST_CASE("search: best first, marked snippets, the item's events", "[cli][search]") {
  LogFixture log;
  json hits = log.run_json({"search", "ballistic missile", "--format", "json"});
  REQUIRE(hits.size() == 2);
  CHECK(hits.at(0).at("rank") == 1);
  CHECK(hits.at(0).at("score").get<double>() >= hits.at(1).at("score").get<double>());
  CHECK_THAT(hits.at(0).at("snippet").get<std::string>(), Catch::Contains("[ballistic]"));
  CHECK(hits.at(0).at("events").size() == 1);
  CHECK_FALSE(hits.at(0).at("link").get<std::string>().empty());
  // Several words are joined; stemming finds "missiles".
  CHECK(log.run_json({"search", "ballistic", "missiles", "--format", "json"}).size() == 2);
  // A phrase; item row 2 is k1 (recorded second).
  CHECK(log.run_json({"search", "\"warning shots\"", "--format", "json"}).at(0).at("item_id") == 2);
}

TEST_CASE("search: filters and limit", "[cli][search]") {
  LogFixture log;
  auto count = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "korea OR kpa OR panmunjom"});
    args.insert(args.end(), {"--format", "json"});
    std::string out;
    int status = log.run(args, out);
    return status == 1 ? 0 : static_cast<int>(json::parse(out).size());
  };
  CHECK(count({}) == 4);
  CHECK(count({"--limit", "2"}) == 2);
  CHECK(count({"--source", "NK News"}) == 1);
  CHECK(count({"--feed", "kcna"}) == 1);
  CHECK(count({"--category", "missile-launch"}) == 2);
  CHECK(count({"--severity", "violation"}) == 1);
  CHECK(count({"--provision", "AA-II-25"}) == 1);
  CHECK(count({"--rule", "dmz-gunfire"}) == 1);
  CHECK(count({"--since", "7d"}) == 3);  // the item's date
}

TEST_CASE("search: no hits exit 1, no words exit 2, odd syntax is searched plainly",
          "[cli][search]") {
  LogFixture log;
  std::string out;
  CHECK(log.run({"search", "zeppelin"}, out) == 1);
  CHECK(log.run({"search", "   "}, out, true) == 2);
  CHECK_THAT(out, Catch::Contains("no words"));
  CHECK(log.run({"search"}, out, true) == 2);
  // Not valid FTS5: searched as plain words.
  CHECK(log.run({"search", "N. Korea (launches"}, out) == 0);
}

TEST_CASE("search: on a terminal, a list with the matches highlighted", "[cli][search][output]") {
  LogFixture log;
  std::string tty = log.run_on_tty("search missile");
  CHECK_THAT(tty, Catch::Contains("1.") && Catch::Contains("2."));
  CHECK_THAT(tty, Catch::Contains("\x1b[1;4;33mmissile"));
  CHECK_THAT(tty, Catch::Contains("missile-launch"));  // the item's events
  std::string plain = log.run_on_tty("search missile", "NO_COLOR=1");
  CHECK_THAT(plain, Catch::Contains("[missile]"));
  CHECK_THAT(plain, !Catch::Contains("\x1b["));
}
