// The first end-to-end slice: feeds served over HTTP on 127.0.0.1 -> armwatchd
// --once -> SQLite -> `armwatch events --format json`.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/daemon_process.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using armwatch::testing::LocalServer;
using armwatch::testing::run_command;
using armwatch::testing::TempDir;
using nlohmann::json;

namespace {

const std::string kFixtures = std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds";
const std::string kRules = std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack";

std::string write_config(const TempDir& dir, const LocalServer& server,
                         const std::string& backfill) {
  std::string text =
      "database: " + dir.file("armwatch.db") + "\n" + "rules: [" + kRules + "]\n" +
      "poll:\n  new_feed_backfill: " + backfill + "\n  jitter: 0s\n" + "fetch:\n  timeout: 10s\n" +
      "feeds:\n"
      "  - name: korea-wire\n    source: Korea Wire\n    url: " +
      server.url("/korea-wire.xml") + "\n" +
      "  - name: un-statements\n    url: " + server.url("/un-statements.xml") + "\n" +
      "  - name: gone-missing\n    url: " + server.url("/no-such-feed.xml") + "\n";
  return dir.write("armwatch.yaml", text);
}

int run_daemon_once(const std::string& config, std::string* log = nullptr) {
  std::string out;
  int rc = run_command({ARMWATCHD_BIN, "--config", config, "--once"}, &out, true);
  if (log != nullptr) {
    *log = out;
  }
  return rc;
}

json events_json(const std::string& config) {
  std::string out;
  int rc = run_command(
      {ARMWATCH_BIN, "--config", config, "events", "--since", "1d", "--format", "json"}, &out);
  INFO(out);
  REQUIRE((rc == 0 || rc == 1));
  return json::parse(out);
}

// title -> categories of the events recorded on that item.
std::map<std::string, std::set<std::string>> by_title(const json& events) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& e : events) {
    out[e.at("title").get<std::string>()].insert(e.at("category").get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("one poll cycle records exactly the expected events, and only once", "[e2e]") {
  TempDir dir;
  LocalServer server(armwatch::testing::feed_server_argv(kFixtures));
  std::string config = write_config(dir, server, "all");

  std::string log;
  REQUIRE(run_daemon_once(config, &log) == 0);
  INFO(log);
  json events = events_json(config);
  auto titles = by_title(events);

  const std::map<std::string, std::set<std::string>> expected = {
      {"North Korea fires ballistic missile into East Sea, JCS says", {"missile-launch"}},
      {"North Korean soldiers briefly cross Military Demarcation Line, retreat after warning "
       "shots",
       {"mdl-crossing"}},
      {"Security Council holds emergency meeting after DPRK nuclear test", {"nuclear-test"}},
      {"UN Command and KPA hold talks at Panmunjom on repatriation of remains",
       {"commission-activity"}},
  };
  CHECK(titles == expected);
  for (const auto& e : events) {
    CHECK(e.at("provisions").is_array());
    CHECK_FALSE(e.at("provisions").empty());
    CHECK_FALSE(e.at("evidence").empty());
    CHECK(e.at("link").get<std::string>().find("utm_") == std::string::npos);
  }
  auto missile = std::find_if(events.begin(), events.end(),
                              [](const json& e) { return e.at("category") == "missile-launch"; });
  REQUIRE(missile != events.end());
  CHECK(missile->at("severity") == "violation");
  CHECK(missile->at("source") == "Korea Wire");

  // A second cycle sees the same items and must add nothing.
  REQUIRE(run_daemon_once(config) == 0);
  CHECK(events_json(config).size() == events.size());
}

TEST_CASE("a failing feed is recorded in the feed table and does not stop the others", "[e2e]") {
  TempDir dir;
  LocalServer server(armwatch::testing::feed_server_argv(kFixtures));
  std::string config = write_config(dir, server, "all");
  REQUIRE(run_daemon_once(config) == 0);

  std::string out;
  REQUIRE(run_command({ARMWATCH_BIN, "--config", config, "feeds", "--format", "json"}, &out) == 0);
  json feeds = json::parse(out);
  REQUIRE(feeds.size() == 3);
  std::map<std::string, json> by_name;
  for (const auto& f : feeds) {
    by_name[f.at("name").get<std::string>()] = f;
  }
  CHECK(by_name["korea-wire"].at("status") == "200");
  CHECK(by_name["korea-wire"].at("items") == 4);
  CHECK(by_name["un-statements"].at("items") == 3);
  CHECK(by_name["gone-missing"].at("status") == "404");
  CHECK(by_name["gone-missing"].at("errors") == 1);
  CHECK_THAT(by_name["gone-missing"].at("last_error").get<std::string>(), Catch::Contains("404"));
}

TEST_CASE("a new feed's old backlog is stored but raises no events", "[e2e][backfill]") {
  TempDir dir;
  LocalServer server(armwatch::testing::feed_server_argv(kFixtures));
  std::string config = write_config(dir, server, "48h");
  REQUIRE(run_daemon_once(config) == 0);
  CHECK(events_json(config).empty());
  std::string out;
  REQUIRE(run_command({ARMWATCH_BIN, "--config", config, "feeds", "--format", "json"}, &out) == 0);
  for (const auto& f : json::parse(out)) {
    if (f.at("name") == "korea-wire") {
      CHECK(f.at("items") == 4);
    }
  }
}

TEST_CASE("a bad config stops start-up with file:line:col", "[e2e][config]") {
  TempDir dir;
  std::string config = dir.write("bad.yaml", "database: x.db\npoll:\n  intervall: 5m\n");
  std::string log;
  CHECK(run_daemon_once(config, &log) == 1);
  CHECK_THAT(log, Catch::Contains(config + ":3:3") && Catch::Contains("intervall"));
}

TEST_CASE("SIGTERM stops a running daemon gracefully", "[e2e][signals]") {
  TempDir dir;
  LocalServer server(armwatch::testing::feed_server_argv(kFixtures));
  std::string config = write_config(dir, server, "all");
  std::vector<std::string> args = {ARMWATCHD_BIN, "--config", config, "--log-level", "error"};
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
  // Wait for the first round of polls to land, then ask it to stop.
  std::size_t seen = 0;
  auto ready_by = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (seen < 4 && std::chrono::steady_clock::now() < ready_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::string out;
    if (run_command({ARMWATCH_BIN, "--config", config, "events", "--format", "json"}, &out) == 0) {
      seen = json::parse(out).size();
    }
  }
  CHECK(seen == 4);
  REQUIRE(kill(pid, SIGTERM) == 0);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (waitpid(pid, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL("armwatchd did not stop within 10 s of SIGTERM");
  }
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // Nothing recorded was lost or duplicated by the stop.
  CHECK(events_json(config).size() == 4);
}

TEST_CASE("under journald each log line carries its syslog priority", "[e2e][logging]") {
  TempDir dir;
  std::string config = dir.write("bad.yaml", "database: x.db\npoll:\n  intervall: 5m\n");
  std::string journal;
  CHECK(run_command(
            {"/usr/bin/env", "JOURNAL_STREAM=8:12345", ARMWATCHD_BIN, "--config", config, "--once"},
            &journal, true) == 1);
  CHECK_THAT(journal, Catch::StartsWith("<3>" + config + ":3:3"));
  std::string plain;
  CHECK(run_command(
            {"/usr/bin/env", "-u", "JOURNAL_STREAM", ARMWATCHD_BIN, "--config", config, "--once"},
            &plain, true) == 1);
  CHECK_THAT(plain, Catch::StartsWith("error: " + config + ":3:3"));
}

TEST_CASE("SIGHUP with a broken rule pack keeps the old pack and logs every error",
          "[e2e][rules][reload]") {
  TempDir dir;
  LocalServer server(armwatch::testing::feed_server_argv(kFixtures));
  std::filesystem::copy(std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack", dir.file("pack"));
  std::string config = dir.write(
      "armwatch.yaml", "database: " + dir.file("a.db") + "\nrules: [" + dir.file("pack") +
                           "]\nhttp: {listen: off}\n"
                           "poll: {interval: 1s, min_interval: 1s, max_interval: 1s, jitter: 0s, "
                           "new_feed_backfill: all}\n"
                           "feeds:\n  - {name: wire, url: '" +
                           server.url("/korea-wire.xml") + "'}\n");
  std::string log = dir.file("armwatchd.log");
  pid_t pid = armwatch::testing::spawn_logged({ARMWATCHD_BIN, "--config", config}, log);
  REQUIRE(pid > 0);
  REQUIRE(
      armwatch::testing::wait_for_text(log, "feed wire: 4 new items", std::chrono::seconds(60)));
  std::size_t recorded = events_json(config).size();
  CHECK(recorded >= 1);

  // Two errors in one new file: an unknown field, and a rule with no condition.
  dir.write("pack/99-broken.yaml",
            "- rule: broken-field\n  title: t\n  category: missile-launch\n  severity: info\n"
            "  provisions: [UNSCR-1718]\n  any: [missile]\n  colour: red\n"
            "- rule: broken-empty\n  title: t\n  category: missile-launch\n  severity: info\n"
            "  provisions: [UNSCR-1718]\n");
  REQUIRE(kill(pid, SIGHUP) == 0);
  REQUIRE(
      armwatch::testing::wait_for_text(log, "the rule pack has errors", std::chrono::seconds(60)));
  std::string text = armwatch::testing::read_text(log);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("99-broken.yaml:7:3") && Catch::Contains("AW-R002"));
  CHECK_THAT(text, Catch::Contains("99-broken.yaml:8:3") && Catch::Contains("AW-R007"));

  // The old pack still runs: the next polls go on, and a good reload applies.
  std::filesystem::remove(dir.file("pack/99-broken.yaml"));
  REQUIRE(kill(pid, SIGHUP) == 0);
  CHECK(armwatch::testing::wait_for_text(log, "reloaded: 1 feeds", std::chrono::seconds(60)));
  CHECK(armwatch::testing::stop_and_wait(pid, std::chrono::seconds(30)) == 0);
  CHECK(events_json(config).size() == recorded);  // nothing lost, nothing twice
}
