// MultiFetcher against tests/support/feed_server.py on loopback addresses only.
#include "feeds/multi_fetcher.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "feeds/feed_parser.h"
#include "tests/feeds/fetch_test_support.h"

namespace armwatch::feeds {
namespace {

using Steady = std::chrono::steady_clock;
using test::FeedServer;
using test::quick_options;

// Every on_done call of one fetch_all, by request index.
struct Collected {
  explicit Collected(std::size_t n) : results(n), calls(n, 0) {}

  std::function<void(std::size_t, Result<FetchResponse>)> callback() {
    return [this](std::size_t i, Result<FetchResponse> r) {
      REQUIRE(i < results.size());
      calls[i] += 1;
      results[i].emplace(std::move(r));
    };
  }
  bool each_called_once() const {
    for (int c : calls) {
      if (c != 1) {
        return false;
      }
    }
    return true;
  }

  std::vector<std::optional<Result<FetchResponse>>> results;
  std::vector<int> calls;
};

// `count` requests for /fault/slow, in blocks of consecutive indexes per host
// (the first count/hosts on 127.0.0.1, ...), so that starting them in index
// order without a per-host limit would crowd the first host.
std::vector<FetchRequest> slow_requests(const FeedServer& s, int count, int hosts, int ms) {
  std::vector<FetchRequest> out;
  int per_host = (count + hosts - 1) / hosts;
  for (int i = 0; i < count; ++i) {
    std::string path = "/fault/slow?ms=" + std::to_string(ms) + "&id=" + std::to_string(i);
    out.push_back({s.url(path, 1 + i / per_host), "", ""});
  }
  return out;
}

TEST_CASE("50 feeds over 4 hosts at concurrency 8 and per_host 2 stay within both limits",
          "[feeds][multi]") {
  FeedServer s(3);
  auto requests = slow_requests(s, 50, 4, 150);
  Collected got(requests.size());
  auto fetcher = make_multi_fetcher(quick_options(), {8, 2});
  auto start = Steady::now();
  fetcher->fetch_all(requests, got.callback());
  auto elapsed = Steady::now() - start;
  CHECK(got.each_called_once());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    INFO(i);
    REQUIRE(got.results[i]->ok());
    CHECK((*got.results[i])->status == 200);
    CHECK((*got.results[i])->body.find("slow " + std::to_string(i) + "<") != std::string::npos);
  }
  auto stats = s.stats();
  CHECK(stats.requests == 50);
  REQUIRE(stats.max_in_flight.size() == 4);
  for (const auto& [host, peak] : stats.max_in_flight) {
    INFO(host);
    CHECK(peak <= 2);
    CHECK(peak == 2);  // and the limit is actually used
  }
  CHECK(stats.max_total <= 8);
  CHECK(stats.max_total >= 5);  // hosts ran side by side
  // 50 requests of 150 ms, 8 at a time: about 1 s; one at a time would be 7.5 s.
  CHECK(elapsed < std::chrono::seconds(4));
}

TEST_CASE("one host: per_host bounds the transfers, concurrency bounds the total",
          "[feeds][multi]") {
  FeedServer s;
  SECTION("per_host 2 under concurrency 8") {
    auto fetcher = make_multi_fetcher(quick_options(), {8, 2});
    Collected got(12);
    fetcher->fetch_all(slow_requests(s, 12, 1, 100), got.callback());
    CHECK(got.each_called_once());
    auto stats = s.stats();
    CHECK(stats.max_in_flight["127.0.0.1"] == 2);
    CHECK(stats.requests == 12);
  }
  SECTION("concurrency 3 under per_host 16") {
    auto fetcher = make_multi_fetcher(quick_options(), {3, 16});
    Collected got(12);
    fetcher->fetch_all(slow_requests(s, 12, 1, 100), got.callback());
    CHECK(got.each_called_once());
    CHECK(s.stats().max_total == 3);
  }
}

TEST_CASE("the multi fetcher reuses connections across requests and calls", "[feeds][multi]") {
  FeedServer s;
  auto fetcher = make_multi_fetcher(quick_options(), {4, 4});
  std::vector<FetchRequest> requests(20, FetchRequest{s.url("/feed.xml"), "", ""});
  for (int round = 0; round < 2; ++round) {
    Collected got(requests.size());
    fetcher->fetch_all(requests, got.callback());
    CHECK(got.each_called_once());
    for (auto& r : got.results) {
      REQUIRE(r->ok());
      CHECK((*r)->status == 200);
      CHECK((*r)->body == s.feed);
    }
  }
  CHECK(s.requests().size() == 40);
  // Conditional requests go out as with HttpFetcher.
  Collected first(1);
  fetcher->fetch_all({{s.url("/feed.xml"), "", ""}}, first.callback());
  REQUIRE(first.results[0]->ok());
  const FetchResponse& r = **first.results[0];
  Collected again(1);
  fetcher->fetch_all({{s.url("/feed.xml"), r.etag, r.last_modified}}, again.callback());
  REQUIRE(again.results[0]->ok());
  CHECK((*again.results[0])->status == 304);
}

TEST_CASE("should_stop aborts running and waiting requests promptly", "[feeds][multi]") {
  FeedServer s;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 10; ++i) {
    requests.push_back({s.url("/fault/drip?bytes_per_sec=1&n=" + std::to_string(i)), "", ""});
  }
  auto fetcher = make_multi_fetcher(quick_options(), {4, 4});
  Collected got(requests.size());
  auto start = Steady::now();
  auto stop_at = start + std::chrono::milliseconds(300);
  fetcher->fetch_all(requests, got.callback(), [&] { return Steady::now() >= stop_at; });
  auto elapsed = Steady::now() - start;
  CHECK(elapsed < std::chrono::milliseconds(800));  // 300 ms, then at most 200 ms more
  CHECK(got.each_called_once());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    INFO(i);
    REQUIRE_FALSE(got.results[i]->ok());
    CHECK(got.results[i]->error().code == ErrorCode::kNetwork);
    CHECK(got.results[i]->error().message == "aborted");
    CHECK(got.results[i]->error().context == requests[i].url);
  }
  // Still usable afterwards.
  Collected after(1);
  fetcher->fetch_all({{s.url("/feed.xml"), "", ""}}, after.callback());
  REQUIRE(after.results[0]->ok());
  CHECK((*after.results[0])->status == 200);
  // A stop already requested aborts everything without a single transfer.
  (void)s.requests();
  Collected none(3);
  fetcher->fetch_all({requests.begin(), requests.begin() + 3}, none.callback(),
                     [] { return true; });
  CHECK(none.each_called_once());
  CHECK(s.requests().empty());
}

TEST_CASE("tick and should_stop are called at least every 200 ms", "[feeds][multi]") {
  FeedServer s;
  auto fetcher = make_multi_fetcher(quick_options(), {2, 2});
  std::vector<Steady::time_point> ticks;
  std::vector<Steady::time_point> stop_checks;
  Collected got(2);
  auto start = Steady::now();
  fetcher->fetch_all(
      {{s.url("/fault/slow?ms=1200"), "", ""}, {s.url("/fault/slow?ms=1000"), "", ""}},
      got.callback(),
      [&] {
        stop_checks.push_back(Steady::now());
        return false;
      },
      [&] { ticks.push_back(Steady::now()); });
  auto end = Steady::now();
  CHECK(got.each_called_once());
  auto max_gap = [&](std::vector<Steady::time_point> times) {
    times.insert(times.begin(), start);
    times.push_back(end);
    Steady::duration gap{};
    for (std::size_t i = 1; i < times.size(); ++i) {
      gap = std::max(gap, times[i] - times[i - 1]);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(gap).count();
  };
  CHECK(ticks.size() >= 5);
  // 200 ms is the promise; the slack is for a loaded test machine.
  CHECK(max_gap(ticks) <= 260);
  CHECK(max_gap(stop_checks) <= 260);
}

TEST_CASE("an empty request list returns at once", "[feeds][multi]") {
  test::require_curl_global();
  auto fetcher = make_multi_fetcher(quick_options(), {8, 2});
  int calls = 0;
  fetcher->fetch_all({}, [&](std::size_t, Result<FetchResponse>) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("bad URLs and refused connections are errors for that request only", "[feeds][multi]") {
  std::string closed_url;
  {
    FeedServer gone;
    closed_url = gone.url("/feed.xml");
  }
  FeedServer s;
  std::vector<FetchRequest> requests = {{closed_url, "", ""},
                                        {"not a url", "", ""},
                                        {"ftp://127.0.0.1/feed.xml", "", ""},
                                        {s.url("/feed.xml"), "", ""}};
  auto fetcher = make_multi_fetcher(quick_options(), {0, 0});  // clamped to 1 and 1
  Collected got(requests.size());
  fetcher->fetch_all(requests, got.callback());
  CHECK(got.each_called_once());
  for (std::size_t i = 0; i < 3; ++i) {
    INFO(requests[i].url);
    REQUIRE_FALSE(got.results[i]->ok());
    CHECK(got.results[i]->error().code == ErrorCode::kNetwork);
    CHECK(got.results[i]->error().context == requests[i].url);
  }
  REQUIRE(got.results[3]->ok());
  CHECK((*got.results[3])->status == 200);
}

}  // namespace
}  // namespace armwatch::feeds
