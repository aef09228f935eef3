// The unchanged-body fast path end to end: tests/support/feed_server.py on
// 127.0.0.1, a real SQLite file, a manual clock. A poll that gets the same 200
// body as last time parses, matches and records nothing, yet counts as a success
// (last success, next due, the feed's own <ttl>); a changed body is taken in.
// The server answers conditional GETs, so each poll here first drops the stored
// validators, as a server that sends none (or ignores them) would have them.
#include <atomic>

#include <catch2/catch.hpp>

#include "daemon/poller.h"
#include "daemon/scheduler.h"
#include "feeds/curl_global.h"
#include "tests/daemon/missile_rules.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace std::chrono_literals;

namespace {

using armwatch::testing::MissileRules;

// korea-wire.xml (4 items, one about a missile) with <ttl>120</ttl>.
std::string wire_with_ttl() {
  std::string feed =
      testing::read_file(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds/korea-wire.xml");
  feed.insert(feed.find("<item>"), "<ttl>120</ttl>\n    ");
  return feed;
}

struct Fixture {
  Fixture() : server(testing::feed_server_argv(www.path().string())) {
    REQUIRE(curl.status().ok());
    www.write("feed.xml", feed);
    auto s = storage::open_sqlite_store(db_dir.file("events.db"));
    REQUIRE(s);
    store = std::move(*s);
    config.poll.jitter = 0ms;
    config.poll.new_feed_backfill = config::kBackfillAll;
    config::FeedConfig f;
    f.name = "wire";
    f.source = "wire";
    f.url = server.url("/feed.xml");
    REQUIRE(store->ensure_feed(f.name, f.url));
    config.feeds.push_back(f);
  }
  storage::FeedState state() { return *store->feed_state("wire"); }
  std::int64_t stored_items() { return store->list_feeds()->at(0).item_count; }
  // The next poll, an hour on, without validators: the server answers 200.
  void next_poll_unconditional() {
    clock.advance(1h);
    storage::FeedState s = state();
    s.etag.clear();
    s.last_modified.clear();
    REQUIRE(store->save_feed_state(s));
  }
  // The server's REQ lines (one per request) since the last call.
  std::vector<std::string> requests() {
    std::vector<std::string> out;
    for (const auto& line : server.read_lines()) {
      if (line.rfind("REQ ", 0) == 0) {
        out.push_back(line);
      }
    }
    return out;
  }

  feeds::CurlGlobal curl;
  testing::TempDir db_dir;
  testing::TempDir www;
  std::string feed = wire_with_ttl();
  testing::LocalServer server;
  std::unique_ptr<storage::EventStore> store;
  ManualClock clock{*parse_rfc3339("2024-07-10T00:00:00Z")};
  config::Config config;
  std::shared_ptr<MissileRules> rules = std::make_shared<MissileRules>();
  std::unique_ptr<feeds::Fetcher> fetcher = feeds::make_http_fetcher({});
  std::unique_ptr<feeds::MultiFetcher> multi = feeds::make_multi_fetcher({}, {4, 4});
};

}  // namespace

TEST_CASE("scheduler: an unchanged body is skipped, a changed one is taken in",
          "[daemon][poller][digest]") {
  Fixture f;
  daemon::Scheduler scheduler(f.config, *f.store, *f.fetcher, f.clock, f.rules);
  scheduler.set_multi_fetcher(f.multi.get());  // the pipeline, as armwatchd polls

  auto cold = scheduler.run_once();
  CHECK(cold.new_items == 4);
  CHECK(cold.events == 1);
  CHECK(f.rules->matched == 4);
  auto first = f.state();
  CHECK_THAT(first.body_digest, Catch::StartsWith("xxh64:"));
  CHECK(first.refresh_hint == Millis(2h));
  CHECK(first.next_due == f.clock.now() + 2h);  // the feed's <ttl> stretched the interval

  f.next_poll_unconditional();
  f.requests();
  auto steady = scheduler.run_once();
  auto again = f.state();
  REQUIRE(f.requests().size() == 1);
  CHECK(again.last_status == 200);  // a full 200 body came...
  CHECK(steady.failed == 0);
  CHECK(steady.new_items == 0);  // ...and nothing was matched or recorded
  CHECK(steady.events == 0);
  CHECK(f.rules->matched == 4);
  CHECK(f.stored_items() == 4);
  CHECK(again.body_digest == first.body_digest);
  CHECK(again.last_success == f.clock.now());  // still a success
  CHECK(again.consecutive_errors == 0);
  CHECK(again.next_due == f.clock.now() + 2h);  // with the stored <ttl>
  CHECK_FALSE(again.etag.empty());              // validators saved as usual

  // The publisher adds a missile item: the new body is parsed and recorded.
  std::string item =
      "<item><title>Second missile launch in a week</title>"
      "<link>http://127.0.0.1/korea-wire/2024/missile-0710</link>"
      "<guid isPermaLink=\"false\">kw-2024-0710-01</guid>"
      "<pubDate>Wed, 10 Jul 2024 08:00:00 +0900</pubDate></item>\n    ";
  f.www.write("feed.xml", std::string(f.feed).insert(f.feed.find("<item>"), item));
  f.next_poll_unconditional();
  auto changed = scheduler.run_once();
  CHECK(changed.new_items == 1);
  CHECK(changed.events == 1);
  CHECK(f.rules->matched == 5);  // only the new item reached the rules
  CHECK(f.stored_items() == 5);
  CHECK(f.state().body_digest != first.body_digest);
}

TEST_CASE("poller: the single-fetch path skips an unchanged body too", "[daemon][poller][digest]") {
  Fixture f;
  daemon::Poller poller(daemon::PollDeps{*f.store, *f.fetcher, f.clock, f.config.poll});
  const config::FeedConfig& feed = f.config.feeds.front();

  auto cold = poller.poll(feed, *f.rules);
  REQUIRE(cold.ok);
  CHECK_FALSE(cold.unchanged);
  CHECK(cold.items == 4);
  CHECK(cold.new_items == 4);

  f.next_poll_unconditional();
  auto steady = poller.poll(feed, *f.rules);
  REQUIRE(steady.ok);
  CHECK(steady.status == 200);
  CHECK(steady.unchanged);
  CHECK(steady.items == 0);  // not parsed
  CHECK(steady.new_items == 0);
  CHECK(steady.ttl == Millis(2h));
  CHECK(f.rules->matched == 4);

  // A database written before the digest existed (or a reset URL): parsed once more,
  // nothing new recorded, and the digest stored from then on.
  storage::FeedState s = f.state();
  s.body_digest.clear();
  REQUIRE(f.store->save_feed_state(s));
  f.next_poll_unconditional();
  auto reparsed = poller.poll(feed, *f.rules);
  REQUIRE(reparsed.ok);
  CHECK_FALSE(reparsed.unchanged);
  CHECK(reparsed.items == 4);
  CHECK(reparsed.new_items == 0);
  CHECK_FALSE(f.state().body_digest.empty());
}
