// `armwatch events` (and the filter and output options every log command
// shares) against a small real log, through the real binary.
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <catch2/catch.hpp>

#include "cli/output.h"
#include "tests/cli/log_fixture.h"

using armwatch::cli::testing::LogFixture;
using nlohmann::json;

namespace {

std::vector<std::string> items(const json& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    out.push_back(e.at("item_id").get<std::string>());
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("events: newest first, last 7 days by default, every field in JSON", "[cli][events]") {
  LogFixture log;
  json events = log.run_json({"events", "--format", "json"});
  CHECK(items(events) == Strings{"n1", "y1", "k1"});
  const json& y = events.at(1);
  CHECK(y.at("severity") == "violation");
  CHECK(y.at("provisions") == json::array({"UNSCR-1718", "UNSCR-1874"}));
  CHECK(y.at("source") == "Yonhap");
  CHECK(y.at("evidence").size() == 3);
  CHECK(y.at("incident") == events.at(0).at("incident"));
  CHECK(y.at("claim") == "act");
  CHECK(items(log.run_json({"events", "--since", "30d", "--format", "json"})).size() == 4);
}

TEST_CASE("events: filters", "[cli][events]") {
  LogFixture log;
  auto ids = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "events");
    if (std::find(args.begin(), args.end(), "--since") == args.end()) {
      args.insert(args.end(), {"--since", "30d"});
    }
    args.insert(args.end(), {"--format", "json"});
    std::string out;
    int status = log.run(args, out);
    return status == 1 ? Strings{} : items(json::parse(out));
  };
  CHECK(ids({"--severity", "violation"}) == Strings{"y1"});
  CHECK(ids({"--severity", "warning"}) == Strings{"n1", "y1", "k1"});
  CHECK(ids({"--category", "dmz-hostile-act"}) == Strings{"k1"});
  CHECK(ids({"--provision", "UNSCR-1874"}) == Strings{"y1"});
  CHECK(ids({"--provision", "AA-II-*"}) == Strings{"k1", "u1"});
  CHECK(ids({"--source", "NK News"}) == Strings{"n1"});
  CHECK(ids({"--source", "kcna"}) == Strings{"k1"});  // no source: the feed's name
  CHECK(ids({"--feed", "yonhap"}) == Strings{"y1"});
  CHECK(ids({"--rule", "dmz-gunfire"}) == Strings{"k1"});
  CHECK(ids({"--limit", "2"}) == Strings{"n1", "y1"});
  CHECK(ids({"--until", "1d"}) == Strings{"k1", "u1"});
  CHECK(ids({"--since", "2000-01-01", "--until", "2000-02-01"}).empty());
  // The reports of one incident, whatever their age.
  json n1 = log.run_json({"events", "--limit", "1", "--format", "json"}).at(0);
  std::string incident = std::to_string(n1.at("incident").get<int>());
  CHECK(items(log.run_json({"events", "--incident", incident, "--format", "json"})) ==
        Strings{"n1", "y1"});
}

TEST_CASE("events: no results exit 1, usage errors exit 2 and say what was wrong",
          "[cli][events]") {
  LogFixture log;
  std::string out;
  CHECK(log.run({"events", "--category", "nuclear-test"}, out) == 1);
  CHECK(
      out ==
      "id\ttime\tseverity\tcategory\trule\tprovisions\tconfidence\tfeed\tsource\titem_id"
      "\ttitle\tlink\tpublished\tmessage\tevidence\tincident\tclaim\n");  // scripts see the columns
  CHECK(log.run({"events", "--category", "nuclear-test", "--format", "json"}, out) == 1);
  CHECK(out == "[]\n");
  CHECK(log.run({"events", "--category", "nuclear-test", "--format", "table"}, out, true) == 1);
  CHECK(out == "armwatch: no events match\n");  // a bare header says nothing to a person
  auto usage = [&](std::vector<std::string> args, const std::string& says) {
    std::string text;
    args.insert(args.begin(), "events");
    CHECK(log.run(args, text, true) == 2);
    CHECK_THAT(text, Catch::Contains(says));
  };
  usage({"--category", "missle-launch"}, "--category: unknown category 'missle-launch'");
  usage({"--since", "last tuesday"}, "--since: cannot read 'last tuesday'");
  usage({"--until", "2024-13-01"}, "--until: cannot read '2024-13-01'");
  usage({"--severity", "critical"}, "--severity: unknown severity 'critical'");
  usage({"--provision", "article 6"}, "--provision: 'article 6' is not a provision id");
  usage({"--since", "1d", "--until", "7d"}, "is not before --until");
  usage({"--limit", "-3"}, "--limit: must be 0");
  usage({"--format", "xml"}, "--format: unknown format 'xml'");
  usage({"--color", "sometimes"}, "--color: unknown value 'sometimes'");
  usage({"--no-such-option"}, "no-such-option");
}

TEST_CASE("events: a failure to open the log exits 3 naming the file", "[cli][events]") {
  LogFixture log;
  std::string out;
  CHECK(armwatch::testing::run_command({ARMWATCH_BIN, "--db", log.dir.file("missing.db"), "events"},
                                       &out, true) == 3);
  CHECK_THAT(out, Catch::Contains("missing.db"));
}

TEST_CASE("events: TSV when piped, CSV on request, a fitted table", "[cli][events][output]") {
  LogFixture log;
  std::string out;
  REQUIRE(log.run({"events"}, out) == 0);
  CHECK(out.rfind("id\ttime\tseverity\tcategory", 0) == 0);
  CHECK(out.find('\x1b') == std::string::npos);
  REQUIRE(log.run({"events", "--format", "csv"}, out) == 0);
  CHECK(out.rfind("id,time,severity,category", 0) == 0);
  CHECK_THAT(out, Catch::Contains("\"[\"\"UNSCR-1718\"\", \"\"UNSCR-1874\"\"]\""));
  REQUIRE(log.run({"events", "--format", "ndjson"}, out) == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 3);
  setenv("COLUMNS", "60", 1);
  REQUIRE(log.run({"events", "--format", "table"}, out) == 0);
  unsetenv("COLUMNS");
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    CHECK(armwatch::cli::display_width(line) <= 60);
  }
  CHECK_THAT(out, Catch::Contains("North Korea fires"));
}

TEST_CASE("events: on a terminal, a coloured table unless NO_COLOR or --color never",
          "[cli][events][output]") {
  LogFixture log;
  std::string tty = log.run_on_tty("events");
  CHECK_THAT(tty, Catch::Contains("\x1b[1;31mviolation"));  // violations in bold red
  CHECK_THAT(tty, Catch::Contains("North Korea fires"));
  CHECK_THAT(tty, !Catch::Contains("\t"));
  std::string plain = log.run_on_tty("events", "NO_COLOR=1");
  CHECK_THAT(plain, !Catch::Contains("\x1b["));
  CHECK_THAT(plain, Catch::Contains("violation"));
  CHECK_THAT(log.run_on_tty("events --color never"), !Catch::Contains("\x1b["));
  CHECK_THAT(log.run_on_tty("events --color always", "NO_COLOR=1"), Catch::Contains("\x1b["));
  std::string out;
  REQUIRE(log.run({"events", "--format", "table", "--color", "always"}, out) == 0);
  CHECK_THAT(out, Catch::Contains("\x1b["));
}
