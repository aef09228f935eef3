// `armwatch incidents`: reports grouped across outlets, with the shared filters.
#include <catch2/catch.hpp>

#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using nlohmann::json;

TEST_CASE("incidents: most recently active first, last 30 days by default", "[cli][incidents]") {
  LogFixture log;
  json incidents = log.run_json({"incidents", "--format", "json"});
  REQUIRE(incidents.size() == 3);
  const json& launch = incidents.at(0);
  CHECK(launch.at("category") == "missile-launch");
  CHECK(launch.at("severity") == "violation");  // the highest of its reports
  CHECK(launch.at("reports") == 2);
  CHECK(launch.at("sources") == 2);
  CHECK(launch.at("provisions") == json::array({"UNSCR-1718", "UNSCR-1874"}));
  CHECK(launch.at("title") == "North Korea fires ballistic missile into East Sea");
  CHECK(incidents.at(2).at("category") == "commission-activity");
  CHECK(log.run_json({"incidents", "--since", "7d", "--format", "json"}).size() == 2);
}

TEST_CASE("incidents: filters", "[cli][incidents]") {
  LogFixture log;
  auto categories = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "incidents");
    args.insert(args.end(), {"--format", "json"});
    std::string out;
    std::vector<std::string> found;
    if (log.run(args, out) == 0) {
      for (const auto& in : json::parse(out)) {
        found.push_back(in.at("category").get<std::string>());
      }
    }
    return found;
  };
  using Strings = std::vector<std::string>;
  CHECK(categories({"--min-sources", "2"}) == Strings{"missile-launch"});
  CHECK(categories({"--severity", "warning"}) == Strings{"missile-launch", "dmz-hostile-act"});
  CHECK(categories({"--provision", "AA-I-6"}) == Strings{"dmz-hostile-act"});
  CHECK(categories({"--source", "NK News"}) == Strings{"missile-launch"});
  CHECK(categories({"--feed", "un"}) == Strings{"commission-activity"});
  CHECK(categories({"--rule", "dmz-gunfire"}) == Strings{"dmz-hostile-act"});
  CHECK(categories({"--category", "nuclear-test"}).empty());
  CHECK(categories({"--limit", "1"}) == Strings{"missile-launch"});
  // Begun before: the launch (2h old) is not.
  CHECK(categories({"--until", "yesterday"}) == Strings{"dmz-hostile-act", "commission-activity"});
  CHECK(categories({"--since", "24h"}) == Strings{"missile-launch"});
  CHECK(categories({"--since", "2000-01-01", "--until", "2000-02-01"}).empty());
  std::string out;
  CHECK(log.run({"incidents", "--category", "nuclear-test"}, out) == 1);
  CHECK(log.run({"incidents", "--min-sources", "-1"}, out, true) == 2);
  CHECK_THAT(out, Catch::Contains("--min-sources"));
}

TEST_CASE("incidents: the table shows reports and outlets", "[cli][incidents][output]") {
  LogFixture log;
  std::string out;
  REQUIRE(log.run({"incidents", "--format", "table"}, out) == 0);
  CHECK(out.rfind("id", 0) == 0);
  CHECK_THAT(out, Catch::Contains("reports") && Catch::Contains("sources") &&
                      Catch::Contains("North Korea fires ballistic missile"));
  std::string tty = log.run_on_tty("incidents");
  CHECK_THAT(tty, Catch::Contains("\x1b[1;31mviolation"));
}
