// `armwatch events` (and the filter and output options every log command
// shares) against a small real log, through the real binary.
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <catch2/catch.hpp>

#include "cli/events_command.h"
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

TEST_CASE("events: on a terminal the table fits the terminal's own width",
          "[cli][events][output]") {
  LogFixture log;
  // The terminal's size (TIOCGWINSZ) wins over a stale $COLUMNS.
  std::string command = "stty cols 64 rows 20; COLUMNS=200 " + std::string(ARMWATCH_BIN) +
                        " --db " + log.path + " events --since 30d";
  std::string out;
  REQUIRE(armwatch::testing::run_command({"script", "-qefc", command, "/dev/null"}, &out, true) ==
          0);
  INFO(out);
  std::istringstream lines(out);
  int rows = 0;
  for (std::string line; std::getline(lines, line); ++rows) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    CHECK(armwatch::cli::display_width(line) <= 64);
  }
  CHECK(rows == 5);  // the header and four events
  CHECK_THAT(out, Catch::Contains("violation") && Catch::Contains("North Korea"));
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

TEST_CASE("since and until read durations, today, yesterday and ISO dates", "[cli][events][time]") {
  using armwatch::parse_rfc3339;
  using armwatch::cli::parse_since;
  auto at = [](const char* text) {
    auto t = parse_rfc3339(text);
    REQUIRE(t);
    return *t;
  };
  armwatch::TimePoint now = at("2024-06-09T14:03:00Z");
  CHECK(parse_since("7d", now) == at("2024-06-02T14:03:00Z"));
  CHECK(parse_since("24h", now) == at("2024-06-08T14:03:00Z"));
  CHECK(parse_since("90m", now) == at("2024-06-09T12:33:00Z"));
  CHECK(parse_since("2w", now) == at("2024-05-26T14:03:00Z"));
  CHECK(parse_since("today", now) == at("2024-06-09T00:00:00Z"));
  CHECK(parse_since("yesterday", now) == at("2024-06-08T00:00:00Z"));
  CHECK(parse_since("now", now) == now);
  CHECK(parse_since("2024-06-01", now) == at("2024-06-01T00:00:00Z"));
  CHECK(parse_since("2024-06-01T08:30", now) == at("2024-06-01T08:30:00Z"));
  CHECK(parse_since("2024-06-01 08:30:15+09:00", now) == at("2024-05-31T23:30:15Z"));
  CHECK_FALSE(parse_since("2024", now));  // a bare number is not a year or a duration
  CHECK_FALSE(parse_since("7 days", now));
  CHECK_FALSE(parse_since("2024-02-30", now));
  CHECK_FALSE(parse_since("", now));
}

TEST_CASE("events: --since 24h, yesterday and an ISO time through the binary",
          "[cli][events][time]") {
  LogFixture log;
  auto ids = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "events");
    args.insert(args.end(), {"--format", "json"});
    std::string out;
    int status = log.run(args, out);
    INFO(out);
    REQUIRE((status == 0 || status == 1));
    return status == 1 ? Strings{} : items(json::parse(out));
  };
  // y1 and n1 are 2h and 1h old; k1 3 days, u1 20 days.
  CHECK(ids({"--since", "24h"}) == Strings{"n1", "y1"});
  CHECK(ids({"--since", "yesterday"}) == Strings{"n1", "y1"});
  CHECK(ids({"--since", "30d", "--until", "yesterday"}) == Strings{"k1", "u1"});
  auto now = armwatch::SystemClock().now();
  std::string ninety_minutes_ago = armwatch::format_rfc3339(now - std::chrono::minutes(90));
  CHECK(ids({"--since", ninety_minutes_ago}) == Strings{"n1"});
  // A date alone is its midnight, UTC: two days back keeps today's and yesterday's, not k1.
  std::string two_days_ago = armwatch::format_rfc3339(now - std::chrono::hours(48)).substr(0, 10);
  CHECK(ids({"--since", two_days_ago}) == Strings{"n1", "y1"});
}

TEST_CASE("a log newer than this armwatch is refused, saying what to do", "[cli][events][schema]") {
  LogFixture log;
  std::string out;
  // As a newer armwatchd would leave it (python3's sqlite3: tests/cli sees no sqlite3.h).
  REQUIRE(armwatch::testing::run_command(
              {"/usr/bin/python3", "-c",
               "import sqlite3, sys\n"
               "c = sqlite3.connect(sys.argv[1])\n"
               "c.execute('UPDATE schema_version SET version = version + 1')\n"
               "c.commit()\n",
               log.path},
              &out, true) == 0);
  for (const char* cmd : {"events", "incidents", "stats", "export", "feeds"}) {
    INFO(cmd);
    CHECK(log.run({cmd}, out, true) == 3);
    CHECK_THAT(out, Catch::Contains(log.path) && Catch::Contains("newer than this armwatch") &&
                        Catch::Contains("upgrade armwatch"));
  }
}
