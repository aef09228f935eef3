// Poller: HTTP status handling, backoff, redirects and backfill, with a fake
// fetcher, a manual clock and a real SQLite file.
#include "daemon/poller.h"

#include <deque>

#include <catch2/catch.hpp>

#include "tests/daemon/missile_rules.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace std::chrono_literals;

namespace {

using armwatch::testing::MissileRules;

// Answers fetches from a script, and remembers the requests.
class ScriptedFetcher final : public feeds::Fetcher {
 public:
  Result<feeds::FetchResponse> fetch(const feeds::FetchRequest& request) override {
    requests.push_back(request);
    REQUIRE_FALSE(script.empty());
    auto next = std::move(script.front());
    script.pop_front();
    return next;
  }
  std::deque<Result<feeds::FetchResponse>> script;
  std::vector<feeds::FetchRequest> requests;
};

feeds::FetchResponse ok_rss(const std::string& items, const std::string& etag = "") {
  feeds::FetchResponse r;
  r.status = 200;
  r.content_type = "application/rss+xml";
  r.etag = etag;
  r.effective_url = "http://127.0.0.1/feed.xml";
  r.body = "<rss version=\"2.0\"><channel><title>T</title>" + items + "</channel></rss>";
  return r;
}

std::string rss_item(const std::string& guid, const std::string& title, const std::string& date) {
  return "<item><guid>" + guid + "</guid><title>" + title + "</title><pubDate>" + date +
         "</pubDate></item>";
}

feeds::FetchResponse status_only(long status) {
  feeds::FetchResponse r;
  r.status = status;
  r.effective_url = "http://127.0.0.1/feed.xml";
  return r;
}

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<storage::EventStore> store;
  ScriptedFetcher fetcher;
  ManualClock clock{*parse_rfc3339("2024-06-10T00:00:00Z")};
  config::PollConfig poll;
  config::FeedConfig feed;
  MissileRules rules;

  Fixture() {
    auto s = storage::open_sqlite_store(dir.file("events.db"));
    REQUIRE(s);
    store = std::move(*s);
    poll.jitter = 0ms;
    poll.interval = 15min;
    poll.min_interval = 5min;
    poll.max_interval = 6h;
    feed.name = "wire";
    feed.source = "Wire";
    feed.url = "http://127.0.0.1/feed.xml";
    REQUIRE(store->ensure_feed(feed.name, feed.url));
  }
  daemon::PollOutcome poll_now() {
    daemon::Poller poller(daemon::PollDeps{*store, fetcher, clock, poll});
    return poller.poll(feed, rules);
  }
  storage::FeedState state() { return *store->feed_state(feed.name); }
};

}  // namespace

TEST_CASE("a 200 records items and events once, then conditional GET and 304", "[daemon][poller]") {
  Fixture f;
  f.poll.new_feed_backfill = config::kBackfillAll;
  f.fetcher.script.push_back(
      ok_rss(rss_item("a", "DPRK fires missile", "Sun, 09 Jun 2024 10:00:00 GMT") +
                 rss_item("b", "Weather", "Sun, 09 Jun 2024 11:00:00 GMT"),
             "\"v1\""));
  auto first = f.poll_now();
  CHECK(first.ok);
  CHECK(first.new_items == 2);
  CHECK(first.events == 1);
  auto s = f.state();
  CHECK(s.etag == "\"v1\"");
  CHECK(s.next_due == f.clock.now() + 15min);

  f.clock.advance(15min);
  f.fetcher.script.push_back(status_only(304));
  auto second = f.poll_now();
  CHECK(second.ok);
  CHECK(f.fetcher.requests.back().etag == "\"v1\"");
  CHECK(f.state().consecutive_errors == 0);

  f.fetcher.script.push_back(
      ok_rss(rss_item("a", "DPRK fires missile", "Sun, 09 Jun 2024 10:00:00 GMT")));
  auto third = f.poll_now();
  CHECK(third.new_items == 0);
  CHECK(third.events == 0);
}

TEST_CASE("failures back off exponentially to the cap and keep retrying there",
          "[daemon][poller]") {
  Fixture f;
  std::vector<Millis> waits;
  for (int i = 0; i < 8; ++i) {
    f.fetcher.script.push_back(status_only(500));
    auto out = f.poll_now();
    CHECK_FALSE(out.ok);
    CHECK_THAT(out.error, Catch::Contains("500"));
    waits.push_back(std::chrono::duration_cast<Millis>(*f.state().next_due - f.clock.now()));
  }
  CHECK(waits[0] == 15min);
  CHECK(waits[1] == 30min);
  CHECK(waits[2] == 60min);
  CHECK(waits[5] == 6h);
  CHECK(waits[7] == 6h);
  CHECK(f.state().consecutive_errors == 8);
  CHECK_FALSE(f.state().disabled);
}

TEST_CASE("429 honours Retry-After and transport errors are recorded", "[daemon][poller]") {
  Fixture f;
  auto throttled = status_only(429);
  throttled.retry_after = "7200";
  f.fetcher.script.push_back(throttled);
  f.poll_now();
  CHECK(*f.state().next_due - f.clock.now() == 2h);

  f.fetcher.script.push_back(make_error(ErrorCode::kNetwork, "Connection refused", f.feed.url));
  auto out = f.poll_now();
  CHECK_FALSE(out.ok);
  CHECK(f.state().last_error == f.feed.url + ": Connection refused");
}

TEST_CASE("410 disables the feed with its reason", "[daemon][poller]") {
  Fixture f;
  f.fetcher.script.push_back(status_only(410));
  f.poll_now();
  auto s = f.state();
  CHECK(s.disabled);
  CHECK_THAT(s.disabled_reason, Catch::Contains("410"));
}

TEST_CASE("a permanent redirect updates the stored URL", "[daemon][poller]") {
  Fixture f;
  auto moved = ok_rss("");
  moved.permanent_redirect = true;
  moved.moved_to = "http://127.0.0.1/new-home.xml";
  moved.effective_url = "http://127.0.0.1/new-home.xml";
  f.fetcher.script.push_back(moved);
  f.poll_now();
  CHECK(f.state().url == "http://127.0.0.1/new-home.xml");
  f.fetcher.script.push_back(status_only(304));
  f.poll_now();
  CHECK(f.fetcher.requests.back().url == "http://127.0.0.1/new-home.xml");
}

TEST_CASE("a new feed's backlog is stored without events, later items raise them",
          "[daemon][poller]") {
  Fixture f;  // default backfill: 48h before 2024-06-10
  f.fetcher.script.push_back(
      ok_rss(rss_item("old", "Old missile story", "Mon, 01 Jan 2024 00:00:00 GMT") +
             rss_item("new", "Fresh missile launch", "Sun, 09 Jun 2024 12:00:00 GMT") +
             rss_item("undated", "Undated missile note", "")));
  auto first = f.poll_now();
  CHECK(first.new_items == 3);
  CHECK(first.events == 1);  // only the item inside the backfill window

  f.fetcher.script.push_back(
      ok_rss(rss_item("later", "Another missile", "Mon, 01 Jan 2024 00:00:00 GMT")));
  auto second = f.poll_now();
  CHECK(second.events == 1);  // no longer a new feed: every new item is matched
}

TEST_CASE("an unparseable body is an error that keeps what was stored", "[daemon][poller]") {
  Fixture f;
  f.poll.new_feed_backfill = config::kBackfillAll;
  f.fetcher.script.push_back(
      ok_rss(rss_item("a", "DPRK fires missile", "Sun, 09 Jun 2024 10:00:00 GMT")));
  f.poll_now();
  auto html = ok_rss("");
  html.body = "<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>";
  html.content_type = "text/html";
  f.fetcher.script.push_back(html);
  auto out = f.poll_now();
  CHECK_FALSE(out.ok);
  CHECK_THAT(out.error, Catch::Contains("HTML"));
  CHECK(f.state().consecutive_errors == 1);
  auto events = f.store->query_events({});
  REQUIRE(events);
  CHECK(events->size() == 1);
}
