// Alerts end to end: armwatchd polls fixture feeds on 127.0.0.1, records
// events with their outbox rows, and delivers them to a real SMTP server
// (python3-aiosmtpd) and a real webhook receiver that checks the Standard
// Webhooks signature itself. Then a SIGKILL in the middle of a delivery.
#include <chrono>
#include <csignal>
#include <map>
#include <set>
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
using armwatch::testing::read_text;
using armwatch::testing::run_command;
using armwatch::testing::TempDir;
using armwatch::testing::wait_for_text;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kSupport = ARMWATCH_TEST_SUPPORT_DIR;
const std::string kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::string base_config(const TempDir& dir, const LocalServer& feeds) {
  return "database: " + dir.file("a.db") + "\nrules: [" + ARMWATCH_SOURCE_DIR + "/rules/pack]\n" +
         "http: {listen: off}\n"
         "poll: {new_feed_backfill: all, jitter: 0s}\n"
         "feeds:\n  - {name: korea-wire, source: Korea Wire, url: '" +
         feeds.url("/korea-wire.xml") + "'}\n  - {name: un, url: '" +
         feeds.url("/un-statements.xml") + "'}\n";
}

// JSON lines a helper server printed, waiting up to `timeout` for `count` of them.
std::vector<json> collect(LocalServer& server, std::size_t count, std::chrono::seconds timeout) {
  std::vector<json> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    for (const auto& line : server.read_lines()) {
      if (!line.empty() && line.front() == '{') {
        out.push_back(json::parse(line));
      }
    }
    std::this_thread::sleep_for(50ms);
  }
  return out;
}

json run_json(const std::vector<std::string>& argv) {
  std::string out;
  int rc = run_command(argv, &out);
  INFO(out);
  REQUIRE((rc == 0 || rc == 1));
  return json::parse(out);
}

std::size_t warning_or_worse(const json& events) {
  std::set<std::string> items;
  for (const auto& e : events) {
    if (e.at("severity") != "info") {
      items.insert(e.at("title").get<std::string>());
    }
  }
  return items.size();
}

}  // namespace

TEST_CASE("armwatchd --once sends signed webhooks and RFC 5322 mail for what it found",
          "[e2e][alerts]") {
  TempDir dir;
  LocalServer feeds(
      armwatch::testing::feed_server_argv(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds"));
  LocalServer hooks({"/usr/bin/python3", kSupport + "/webhook_receiver.py", "--secret", kSecret});
  LocalServer smtp({"/usr/bin/python3", kSupport + "/smtp_server.py"});
  std::string secret_file = dir.write("webhook.secret", kSecret + "\n");
  std::string config = dir.write(
      "armwatch.yaml",
      base_config(dir, feeds) +
          "alerts:\n  group_wait: 0s\n  receivers:\n"
          "    - {name: hook, type: webhook, url: '" +
          hooks.url("/armwatch") + "', secret_file: '" + secret_file +
          "'}\n"
          "    - {name: mail, type: email, url: 'smtp://127.0.0.1:" +
          std::to_string(smtp.port()) +
          "', tls: none, from: armwatch@127.0.0.1, to: [duty@127.0.0.1, desk@127.0.0.1]}\n"
          "  routes:\n    - {match: {min_severity: warning}, receivers: [hook, mail]}\n");
  std::string log;
  REQUIRE(run_command({ARMWATCHD_BIN, "--config", config, "--once"}, &log, true) == 0);
  INFO(log);

  json events = run_json({ARMWATCH_BIN, "--config", config, "events", "--format", "json"});
  std::size_t expected = warning_or_worse(events);
  REQUIRE(expected >= 2);

  auto posts = collect(hooks, expected, 20s);
  REQUIRE(posts.size() == expected);
  std::set<std::string> ids;
  for (const auto& p : posts) {
    CHECK(p.at("signature_ok") == true);
    ids.insert(p.at("headers").at("webhook-id").get<std::string>());
    json body = json::parse(p.at("body").get<std::string>());
    CHECK(body.at("version") == 1);
  }
  CHECK(ids.size() == expected);

  auto mails = collect(smtp, expected, 20s);
  REQUIRE(mails.size() == expected);
  for (const auto& m : mails) {
    CHECK(m.at("auto_submitted") == "auto-generated");
    CHECK(m.at("rcpt_tos").size() == 2);
    CHECK(m.at("content_type") == "multipart/alternative");
    CHECK_THAT(m.at("subject").get<std::string>(), Catch::StartsWith("[armwatch]"));
  }

  json deliveries = run_json({ARMWATCH_BIN, "--config", config, "alerts", "--format", "json"});
  CHECK(deliveries.size() == 2 * expected);
  for (const auto& d : deliveries) {
    CHECK(d.at("status") == "sent");
  }
}

TEST_CASE("a silence added with the CLI keeps alerts from going out, recorded as silenced",
          "[e2e][alerts]") {
  TempDir dir;
  LocalServer feeds(
      armwatch::testing::feed_server_argv(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds"));
  LocalServer hooks({"/usr/bin/python3", kSupport + "/webhook_receiver.py"});
  std::string config = dir.write("armwatch.yaml", base_config(dir, feeds) +
                                                      "alerts:\n  group_wait: 0s\n  receivers:\n"
                                                      "    - {name: hook, type: webhook, url: '" +
                                                      hooks.url("/x") +
                                                      "'}\n"
                                                      "  default_receivers: [hook]\n");
  std::string out;
  REQUIRE(run_command({ARMWATCH_BIN, "--config", config, "silence", "add", "--match",
                       "category=missile-launch", "--for", "2h", "--reason", "test drill"},
                      &out) == 0);
  REQUIRE(run_command({ARMWATCHD_BIN, "--config", config, "--once"}, &out, true) == 0);
  json deliveries = run_json({ARMWATCH_BIN, "--config", config, "alerts", "--format", "json"});
  std::size_t silenced = 0;
  for (const auto& d : deliveries) {
    silenced += d.at("status") == "silenced" ? 1 : 0;
  }
  CHECK(silenced == 1);
  auto posts = collect(hooks, deliveries.size() - silenced, 10s);
  CHECK(posts.size() == deliveries.size() - silenced);
  json list = run_json({ARMWATCH_BIN, "--config", config, "silence", "list", "--format", "json"});
  REQUIRE(list.size() == 1);
  CHECK(list[0].at("reason") == "test drill");
}

TEST_CASE("inline secrets are refused with file:line:col", "[e2e][alerts]") {
  TempDir dir;
  std::string config = dir.write("bad.yaml",
                                 "alerts:\n  receivers:\n    - name: hook\n      type: webhook\n"
                                 "      url: http://127.0.0.1:9/\n      secret: whsec_abc\n");
  std::string log;
  CHECK(run_command({ARMWATCHD_BIN, "--config", config, "--once"}, &log, true) == 1);
  CHECK_THAT(log, Catch::Contains(config + ":6:") && Catch::Contains("secret_file"));
}

TEST_CASE("SIGKILL in the middle of a delivery loses nothing and repeats only the same ids",
          "[e2e][alerts][crash]") {
  TempDir dir;
  LocalServer feeds(
      armwatch::testing::feed_server_argv(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds"));
  LocalServer hooks({"/usr/bin/python3", kSupport + "/webhook_receiver.py"});
  // Each delivery takes 2 s at the receiver: the kill lands while one is in flight.
  std::string config =
      dir.write("armwatch.yaml", base_config(dir, feeds) +
                                     "alerts:\n  group_wait: 0s\n  receivers:\n"
                                     "    - {name: hook, type: webhook, timeout: 10s, url: '" +
                                     hooks.url("/slow/2") + "'}\n  default_receivers: [hook]\n");
  std::vector<std::string> args = {ARMWATCHD_BIN, "--config", config, "--log-level", "error"};
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
  // Wait until the first notification exists, then kill mid-delivery.
  json pending;
  for (int i = 0; i < 200; ++i) {
    std::string out;
    if (run_command({ARMWATCH_BIN, "--config", config, "alerts", "--format", "json"}, &out) == 0) {
      pending = json::parse(out);
      if (!pending.empty()) {
        break;
      }
    }
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE_FALSE(pending.empty());
  std::this_thread::sleep_for(1s);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);

  // A new daemon on the same database finishes the job.
  std::string log;
  REQUIRE(run_command({ARMWATCHD_BIN, "--config", config, "--once"}, &log, true) == 0);
  json deliveries = run_json({ARMWATCH_BIN, "--config", config, "alerts", "--format", "json"});
  std::set<std::string> stored;
  for (const auto& d : deliveries) {
    CHECK(d.at("status") == "sent");
    stored.insert(d.at("id").get<std::string>());
  }
  auto posts = collect(hooks, stored.size(), 30s);
  std::map<std::string, int> received;
  for (const auto& p : posts) {
    received[p.at("headers").at("webhook-id").get<std::string>()] += 1;
  }
  for (const auto& id : stored) {
    CHECK(received.count(id) == 1);  // every alert arrived
  }
  for (const auto& [id, n] : received) {
    CHECK(stored.count(id) == 1);  // duplicates, if any, carry a known id
  }
}

TEST_CASE("SIGHUP restarts alerting on the new receivers, and a missing secret keeps the old",
          "[e2e][alerts][reload]") {
  TempDir dir;
  LocalServer feeds(
      armwatch::testing::feed_server_argv(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds"));
  LocalServer old_hook({"/usr/bin/python3", kSupport + "/webhook_receiver.py"});
  LocalServer new_hook({"/usr/bin/python3", kSupport + "/webhook_receiver.py"});
  std::string head = "database: " + dir.file("a.db") + "\nrules: [" + ARMWATCH_SOURCE_DIR +
                     "/rules/pack]\nhttp: {listen: off}\n"
                     "poll: {interval: 1s, min_interval: 1s, max_interval: 1s, jitter: 0s, "
                     "new_feed_backfill: all}\n";
  auto alerts_to = [](const std::string& url, const std::string& extra) {
    return "alerts:\n  group_wait: 0s\n  receivers:\n    - {name: hook, type: webhook, url: '" +
           url + "'" + extra + "}\n  default_receivers: [hook]\n";
  };
  // At first: no feeds, alerts to the old receiver.
  std::string config = dir.write("armwatch.yaml", head + alerts_to(old_hook.url("/a"), ""));
  std::string log = dir.file("armwatchd.log");
  pid_t pid = armwatch::testing::spawn_logged({ARMWATCHD_BIN, "--config", config}, log);
  REQUIRE(pid > 0);
  REQUIRE(wait_for_text(log, "armwatchd running", 60s));

  // A receiver whose secret file is missing: the reload fails, the daemon runs on.
  dir.write("armwatch.yaml", head + alerts_to(new_hook.url("/b"),
                                              ", secret_file: '" + dir.file("gone.secret") + "'"));
  REQUIRE(kill(pid, SIGHUP) == 0);
  REQUIRE(wait_for_text(log, "reload failed, keeping the running config: alerts", 60s));
  CHECK_THAT(read_text(log), Catch::Contains("gone.secret"));

  // Feeds and the new receiver: what the feeds raise goes there, none to the old.
  dir.write("armwatch.yaml", head + "feeds:\n  - {name: korea-wire, url: '" +
                                 feeds.url("/korea-wire.xml") + "'}\n" +
                                 alerts_to(new_hook.url("/b"), ""));
  REQUIRE(kill(pid, SIGHUP) == 0);
  REQUIRE(wait_for_text(log, "reloaded: 1 feeds", 60s));
  auto posts = collect(new_hook, 1, 60s);
  CHECK_FALSE(posts.empty());
  CHECK(armwatch::testing::stop_and_wait(pid, 30s) == 0);
  CHECK(collect(old_hook, 1, 1s).empty());
  INFO(read_text(log));
  CHECK(read_text(log).find("alerts stopped") == std::string::npos);
}
