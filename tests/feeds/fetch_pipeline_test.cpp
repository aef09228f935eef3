// FetchPipeline over the real curl multi fetcher and tests/support/feed_server.py
// (loopback only): every feed reaches the caller once, parsed when 2xx, the
// hand-over stays bounded, and stop, tick and exceptions behave as promised.
#include "feeds/fetch_pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "feeds/body_digest.h"
#include "tests/feeds/fetch_test_support.h"

namespace armwatch::feeds {
namespace {

using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;
using test::FeedServer;
using test::quick_options;

// The real fetcher, counting the feeds it has handed on (entered on_done).
class CountingFetcher final : public MultiFetcher {
 public:
  explicit CountingFetcher(MultiFetchLimits limits)
      : inner_(make_multi_fetcher(quick_options(), limits)) {}
  void fetch_all(const std::vector<FetchRequest>& requests,
                 const std::function<void(std::size_t, Result<FetchResponse>)>& on_done,
                 const std::function<bool()>& should_stop,
                 const std::function<void()>& tick) override {
    inner_->fetch_all(
        requests,
        [&](std::size_t i, Result<FetchResponse> r) {
          handed_on += 1;
          on_done(i, std::move(r));
        },
        should_stop, tick);
  }
  std::atomic<int> handed_on{0};

 private:
  std::unique_ptr<MultiFetcher> inner_;
};

// Every on_ready call of one run, by request index, with the thread it ran on.
struct Collected {
  explicit Collected(std::size_t n) : feeds(n), calls(n, 0) {}
  FetchPipeline::OnReady callback() {
    return [this](std::size_t i, FetchedFeed f) {
      REQUIRE(i < feeds.size());
      calls[i] += 1;
      feeds[i].emplace(std::move(f));
      threads.push_back(std::this_thread::get_id());
    };
  }
  bool each_called_once() const {
    return std::all_of(calls.begin(), calls.end(), [](int c) { return c == 1; });
  }
  std::vector<std::optional<FetchedFeed>> feeds;
  std::vector<int> calls;
  std::vector<std::thread::id> threads;
};

std::vector<FetchRequest> feed_requests(const FeedServer& s, int count) {
  std::vector<FetchRequest> out;
  for (int i = 0; i < count; ++i) {
    out.push_back({s.url("/feed.xml?n=" + std::to_string(i)), "", ""});
  }
  return out;
}

TEST_CASE("pipeline: every feed reaches the caller once, 2xx bodies parsed", "[feeds][pipeline]") {
  FeedServer s;
  std::string closed_url;
  {
    FeedServer gone;
    closed_url = gone.url("/feed.xml");
  }
  auto requests = feed_requests(s, 12);
  requests.push_back({s.url("/fault/status/500"), "", ""});                        // 12
  requests.push_back({s.url("/fault/html"), "", ""});                              // 13
  requests.push_back({closed_url, "", ""});                                        // 14
  requests.push_back({s.url("/fault/redirect?to=/fault/html&code=301"), "", ""});  // 15
  CountingFetcher fetcher({4, 4});
  FetchPipeline pipeline(fetcher, {2, 4, 32u << 20});
  Collected got(requests.size());
  pipeline.run(requests, got.callback());
  CHECK(got.each_called_once());
  for (auto id : got.threads) {
    CHECK(id == std::this_thread::get_id());
  }
  for (std::size_t i = 0; i < 12; ++i) {
    const FetchedFeed& f = *got.feeds[i];
    REQUIRE(f.response.ok());
    REQUIRE(f.parsed.has_value());
    REQUIRE(f.parsed->ok());
    CHECK((*f.parsed)->items.size() == 4);
  }
  const FetchedFeed& failed = *got.feeds[12];
  REQUIRE(failed.response.ok());
  CHECK(failed.response->status == 500);
  CHECK_FALSE(failed.parsed.has_value());
  const FetchedFeed& html = *got.feeds[13];
  REQUIRE(html.parsed.has_value());
  REQUIRE_FALSE(html.parsed->ok());
  CHECK(html.parsed->error().code == ErrorCode::kParse);
  CHECK(html.parsed->error().context == requests[13].url);
  const FetchedFeed& refused = *got.feeds[14];
  REQUIRE_FALSE(refused.response.ok());
  CHECK(refused.response.error().context == closed_url);
  CHECK_FALSE(refused.parsed.has_value());
  // After a permanent redirect the parse names (and resolves against) the new URL.
  const FetchedFeed& moved = *got.feeds[15];
  REQUIRE(moved.parsed.has_value());
  REQUIRE_FALSE(moved.parsed->ok());
  CHECK(moved.parsed->error().context == s.url("/fault/html"));
}

TEST_CASE("pipeline: a body with the request's digest is not parsed, a changed one is",
          "[feeds][pipeline][digest]") {
  FeedServer s;
  // No validators go out, so the server answers 200 with the same bytes each time.
  std::vector<FetchRequest> requests{{s.url("/feed.xml"), "", ""},
                                     {s.url("/fault/status/500"), "", ""}};
  CountingFetcher fetcher({2, 2});
  FetchPipeline pipeline(fetcher, {1, 4, 32u << 20});
  auto run = [&] {
    Collected got(requests.size());
    pipeline.run(requests, got.callback());
    REQUIRE(got.each_called_once());
    return std::move(got.feeds);
  };

  auto first = run();
  const FetchedFeed& cold = *first[0];
  REQUIRE(cold.response.ok());
  CHECK(cold.body_digest == body_digest(cold.response->body));
  CHECK_FALSE(cold.unchanged);
  REQUIRE(cold.parsed.has_value());
  CHECK((*cold.parsed)->items.size() == 4);
  CHECK(first[1]->body_digest.empty());  // not a 2xx: no digest, no parse
  CHECK_FALSE(first[1]->unchanged);

  requests[0].body_digest = cold.body_digest;
  requests[1].body_digest = cold.body_digest;
  auto second = run();
  const FetchedFeed& same = *second[0];
  REQUIRE(same.response.ok());
  CHECK(same.response->status == 200);
  CHECK(same.response->body == cold.response->body);  // fetched in full...
  CHECK(same.unchanged);
  CHECK_FALSE(same.parsed.has_value());  // ...but not parsed
  CHECK(same.body_digest == cold.body_digest);
  CHECK_FALSE(second[1]->unchanged);  // a 500 never matches a digest

  // The publisher adds an item: the body differs, so it is parsed again.
  std::string changed = s.feed;
  std::string extra =
      "<item><title>Fifth item</title><link>https://example.org/5</link>"
      "<guid>urn:test:fifth</guid></item>";
  changed.insert(changed.rfind("</channel>"), extra);
  s.dir.write("feed.xml", changed);
  auto third = run();
  const FetchedFeed& fresh = *third[0];
  CHECK_FALSE(fresh.unchanged);
  CHECK(fresh.body_digest != cold.body_digest);
  REQUIRE(fresh.parsed.has_value());
  REQUIRE(fresh.parsed->ok());
  CHECK((*fresh.parsed)->items.size() == 5);
}

TEST_CASE("pipeline: a slow consumer holds fetching back within the pending caps",
          "[feeds][pipeline]") {
  FeedServer s;
  auto requests = feed_requests(s, 24);
  auto [max_pending, max_bytes, bound] = GENERATE(table<std::size_t, std::size_t, int>({
      {3, 32u << 20, 3},  // count cap
      {32, 1, 1},         // byte cap: one body at a time, however large
  }));
  INFO("max_pending " << max_pending << ", max_pending_bytes " << max_bytes);
  CountingFetcher fetcher({8, 8});
  FetchPipeline pipeline(fetcher, {1, max_pending, max_bytes});
  int consumed = 0;
  int most_ahead = 0;
  pipeline.run(requests, [&](std::size_t, FetchedFeed f) {
    CHECK(f.parsed.has_value());
    std::this_thread::sleep_for(15ms);  // a slow database
    // Handed on but not consumed: at most `bound` admitted, plus one waiting to be.
    most_ahead = std::max(most_ahead, fetcher.handed_on.load() - consumed);
    consumed += 1;
  });
  CHECK(consumed == 24);
  CHECK(most_ahead <= bound + 1);
  CHECK(most_ahead >= 1);
}

TEST_CASE("pipeline: should_stop aborts the transfers, tick runs on the calling thread",
          "[feeds][pipeline]") {
  FeedServer s;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 6; ++i) {
    requests.push_back({s.url("/fault/drip?bytes_per_sec=1&n=" + std::to_string(i)), "", ""});
  }
  CountingFetcher fetcher({4, 4});
  FetchPipeline pipeline(fetcher);
  Collected got(requests.size());
  std::vector<std::thread::id> hook_threads;
  int ticks = 0;
  auto start = Steady::now();
  pipeline.run(
      requests, got.callback(),
      [&] {
        hook_threads.push_back(std::this_thread::get_id());
        return Steady::now() - start >= 300ms;
      },
      [&] {
        hook_threads.push_back(std::this_thread::get_id());
        ticks += 1;
      });
  auto elapsed = Steady::now() - start;
  CHECK(elapsed < 1000ms);  // 300 ms, then the stop reaches fetch_all within 200 ms
  CHECK(ticks >= 2);
  for (auto id : hook_threads) {
    CHECK(id == std::this_thread::get_id());
  }
  REQUIRE(got.each_called_once());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    INFO(i);
    const FetchedFeed& f = *got.feeds[i];
    REQUIRE_FALSE(f.response.ok());
    CHECK(f.response.error().message == "aborted");
    CHECK(f.response.error().context == requests[i].url);
    CHECK_FALSE(f.parsed.has_value());
  }
}

TEST_CASE("pipeline: an exception from on_ready ends the run, the fetcher stays usable",
          "[feeds][pipeline]") {
  FeedServer s;
  std::vector<FetchRequest> requests = {{s.url("/feed.xml"), "", ""}};
  for (int i = 0; i < 4; ++i) {
    requests.push_back({s.url("/fault/drip?bytes_per_sec=1&n=" + std::to_string(i)), "", ""});
  }
  CountingFetcher fetcher({8, 8});
  FetchPipeline pipeline(fetcher);
  auto start = Steady::now();
  CHECK_THROWS_AS(
      pipeline.run(requests,
                   [](std::size_t, FetchedFeed) { throw std::runtime_error("database gone"); }),
      std::runtime_error);
  CHECK(Steady::now() - start < 1000ms);
  Collected again(3);
  pipeline.run(feed_requests(s, 3), again.callback());
  CHECK(again.each_called_once());
  for (auto& f : again.feeds) {
    REQUIRE(f->parsed.has_value());
    CHECK(f->parsed->ok());
  }
}

TEST_CASE("pipeline: an empty request list returns at once", "[feeds][pipeline]") {
  test::require_curl_global();
  CountingFetcher fetcher({8, 2});
  FetchPipeline pipeline(fetcher);
  int calls = 0;
  pipeline.run({}, [&](std::size_t, FetchedFeed) { ++calls; });
  CHECK(calls == 0);
  CHECK(fetcher.handed_on == 0);
}

}  // namespace
}  // namespace armwatch::feeds
