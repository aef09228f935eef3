// The Prometheus registry's text format, and armwatchd's /metrics, /healthz
// and /readyz over real HTTP on 127.0.0.1.
#include "daemon/metrics.h"

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "daemon/http_endpoint.h"
#include "feeds/curl_global.h"
#include "feeds/fetcher.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;

namespace {

// A small parser of the text exposition format: every sample line must be
// `name{labels} value`, and every family must have HELP and TYPE first.
// Returns sample -> value; fails the test on a malformed line.
std::map<std::string, double> parse_prometheus(const std::string& text) {
  static const std::regex kSample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? )"
      R"(([-+]?[0-9.eE+-]+|[+-]Inf|NaN)$)");
  static const std::regex kMeta(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
  std::map<std::string, double> samples;
  std::set<std::string> typed;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kMeta)) {
      if (m[1] == "TYPE") {
        typed.insert(m[2]);
      }
      continue;
    }
    INFO(line);
    REQUIRE(std::regex_match(line, m, kSample));
    std::string name = m[1];
    std::string family = std::regex_replace(name, std::regex("_(bucket|sum|count)$"), "");
    CHECK((typed.count(name) || typed.count(family)));
    samples[name + std::string(m[2])] = std::stod(m[5]);
  }
  return samples;
}

std::string http_get(const std::string& url, long* status = nullptr) {
  auto fetcher = feeds::make_http_fetcher({});
  auto r = fetcher->fetch(feeds::FetchRequest{url, {}, {}});
  REQUIRE(r);
  if (status != nullptr) {
    *status = r->status;
  }
  return r->body;
}

}  // namespace

TEST_CASE("the registry renders counters, gauges and histograms", "[daemon][metrics]") {
  daemon::Registry r;
  r.add_counter("x_total", "Things");
  r.add_gauge("g", "A gauge");
  r.add_histogram("h_seconds", "Latency", {0.1, 1});
  r.inc("x_total", {{"kind", "a\"b"}});
  r.inc("x_total", {{"kind", "a\"b"}}, 2);
  r.set("g", {}, 7);
  r.observe("h_seconds", {}, 0.05);
  r.observe("h_seconds", {}, 0.5);
  r.observe("h_seconds", {}, 5);
  auto samples = parse_prometheus(r.render());
  CHECK(samples["x_total{kind=\"a\\\"b\"}"] == 3);
  CHECK(samples["g"] == 7);
  CHECK(samples["h_seconds_bucket{le=\"0.10000000000000001\"}"] == 1);
  CHECK(samples["h_seconds_bucket{le=\"1\"}"] == 2);
  CHECK(samples["h_seconds_bucket{le=\"+Inf\"}"] == 3);
  CHECK(samples["h_seconds_count"] == 3);
  CHECK(samples["h_seconds_sum"] == Approx(5.55));
}

TEST_CASE("the endpoint answers /metrics, /healthz and /readyz", "[daemon][metrics][http]") {
  feeds::CurlGlobal curl;
  daemon::Registry r;
  daemon::declare_armwatch_metrics(r);
  bool ready = false;
  auto endpoint = daemon::HttpEndpoint::start("127.0.0.1:0", r,
                                              {[] { return true; }, [&ready] { return ready; }});
  REQUIRE(endpoint);
  std::string base = "http://127.0.0.1:" + std::to_string((*endpoint)->port());
  long status = 0;
  http_get(base + "/readyz", &status);
  CHECK(status == 503);
  ready = true;
  http_get(base + "/readyz", &status);
  CHECK(status == 200);
  CHECK(http_get(base + "/healthz", &status) == "ok\n");
  http_get(base + "/nope", &status);
  CHECK(status == 404);
  parse_prometheus(http_get(base + "/metrics", &status));
  CHECK(status == 200);

  auto bad = daemon::HttpEndpoint::start("127.0.0.1", r, {});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);
  auto taken =
      daemon::HttpEndpoint::start("127.0.0.1:" + std::to_string((*endpoint)->port()), r, {});
  REQUIRE_FALSE(taken);
  CHECK(taken.error().code == ErrorCode::kIo);
}

TEST_CASE("armwatchd's counters move as feeds are polled", "[daemon][metrics][e2e]") {
  feeds::CurlGlobal curl;
  testing::TempDir dir;
  testing::LocalServer feeds(
      testing::feed_server_argv(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds"));
  std::string config =
      dir.write("armwatch.yaml", "database: " + dir.file("a.db") + "\nrules: [" +
                                     ARMWATCH_SOURCE_DIR + "/rules/pack]\n" +
                                     "http: {listen: '127.0.0.1:0'}\n"
                                     "poll: {interval: 1s, min_interval: 1s, max_interval: 1s, "
                                     "jitter: 0s, new_feed_backfill: all}\n"
                                     "feeds:\n  - {name: wire, url: '" +
                                     feeds.url("/korea-wire.xml") + "'}\n");
  // armwatchd logs the endpoint's address on stderr; sed turns it into the
  // PORT line LocalServer waits for.
  std::string script =
      std::string("exec ") + ARMWATCHD_BIN + " --config " + config +
      " 2>&1 | sed -u -n 's#.*metrics on http://127.0.0.1:\\([0-9]*\\)/metrics#PORT \\1#p'";
  testing::LocalServer daemon({"/bin/sh", "-c", script});
  std::string base = daemon.url("");

  auto read = [&] { return parse_prometheus(http_get(base + "/metrics")); };
  std::map<std::string, double> first;
  for (int i = 0; i < 100 && first["armwatch_fetches_total{status=\"200\"}"] < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    first = read();
  }
  CHECK(first["armwatch_fetches_total{status=\"200\"}"] >= 1);
  CHECK(first["armwatch_items_total"] == 4);
  CHECK(first["armwatch_events_total{category=\"missile-launch\",severity=\"violation\"}"] == 1);
  CHECK(first["armwatch_rules_loaded"] > 10);
  CHECK(first["armwatch_match_duration_seconds_count"] == 4);

  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  auto later = read();
  CHECK(later["armwatch_fetches_total{status=\"200\"}"] +
            later["armwatch_fetches_total{status=\"304\"}"] >
        first["armwatch_fetches_total{status=\"200\"}"]);
  CHECK(later["armwatch_items_total"] == 4);  // nothing counted twice
  long status = 0;
  http_get(base + "/healthz", &status);
  CHECK(status == 200);
  http_get(base + "/readyz", &status);
  CHECK(status == 200);
}
