// Scheduler rounds end to end: the curl multi fetcher and its parse pipeline
// against tests/support/feed_server.py on 127.0.0.1, a real SQLite file, and a
// manual clock. Asserts what each fault leaves in the stored feed state.
#include "daemon/scheduler.h"

#include <algorithm>

#include <catch2/catch.hpp>

#include "feeds/curl_global.h"
#include "tests/daemon/missile_rules.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace std::chrono_literals;

namespace {

using armwatch::testing::MissileRules;

// One event for items whose title names a missile (미사일) or an incursion (침범).
class KoreanRules final : public rules::RuleSet {
 public:
  std::vector<Event> match(const Item& item) const override {
    if (item.title.find("미사일") == std::string::npos &&
        item.title.find("침범") == std::string::npos) {
      return {};
    }
    Event e;
    e.rule_id = "test-ko";
    e.category = "missile-launch";
    e.severity = Severity::kViolation;
    return {e};
  }
  const std::vector<rules::RuleInfo>& rules() const override { return infos_; }

 private:
  std::vector<rules::RuleInfo> infos_;
};

struct Fixture {
  Fixture()
      : secret(private_dir.write("secret.txt", "not for feeds\n")),
        feed(www.write("feed.xml", testing::read_file(std::string(ARMWATCH_TEST_DATA_DIR) +
                                                      "/feeds/korea-wire.xml"))),
        server(testing::feed_server_argv(www.path().string())) {
    REQUIRE(curl.status().ok());
    auto s = storage::open_sqlite_store(private_dir.file("events.db"));
    REQUIRE(s);
    store = std::move(*s);
    config.poll.jitter = 0ms;
    config.poll.new_feed_backfill = config::kBackfillAll;
    config.poll.concurrency = 4;
    config.poll.per_host = 4;
  }
  void add(const std::string& name, const std::string& path, const std::string& timezone = "") {
    config::FeedConfig f;
    f.name = name;
    f.source = name;
    f.url = server.url(path);
    f.timezone = timezone;
    REQUIRE(store->ensure_feed(f.name, f.url));
    config.feeds.push_back(f);
  }
  storage::FeedState state(const std::string& name) { return *store->feed_state(name); }

  feeds::CurlGlobal curl;
  testing::TempDir private_dir;  // the database and a file no feed may read
  testing::TempDir www;          // what the server serves
  std::string secret;
  std::string feed;
  testing::LocalServer server;
  std::unique_ptr<storage::EventStore> store;
  ManualClock clock{*parse_rfc3339("2024-06-10T00:00:00Z")};
  config::Config config;
  std::unique_ptr<feeds::Fetcher> fetcher = feeds::make_http_fetcher({});
  std::unique_ptr<feeds::MultiFetcher> multi = feeds::make_multi_fetcher({}, {4, 4});
};

}  // namespace

TEST_CASE("a concurrent round records what each feed did, then polls conditionally",
          "[daemon][scheduler]") {
  Fixture f;
  f.add("wire", "/feed.xml");
  f.add("gone", "/fault/status/410");
  f.add("busy", "/fault/status/429?retry_after=3600");
  f.add("broken", "/fault/status/500");
  f.add("moved", "/fault/redirect?to=/feed.xml&code=301");
  f.add("html", "/fault/html");
  f.add("local", "/fault/redirect?to=file://" + f.secret + "&code=302");
  f.add("mangled", "/fault/invalid-utf8");
  daemon::Scheduler scheduler(f.config, *f.store, *f.fetcher, f.clock,
                              std::make_shared<MissileRules>());
  scheduler.set_multi_fetcher(f.multi.get());

  auto first = scheduler.run_once();
  CHECK(first.feeds == 8);
  CHECK(first.failed == 5);             // gone, busy, broken, html, local
  CHECK(first.new_items == 4 + 4 + 1);  // wire, moved, mangled
  CHECK(first.events == 2);             // one missile item in each copy of the wire
  auto wire = f.state("wire");
  CHECK(wire.last_status == 200);
  CHECK_FALSE(wire.etag.empty());
  CHECK(wire.next_due == f.clock.now() + f.config.poll.interval);
  auto gone = f.state("gone");
  CHECK(gone.disabled);
  CHECK_THAT(gone.disabled_reason, Catch::Contains("410") && Catch::Contains(gone.url));
  auto busy = f.state("busy");
  CHECK(busy.last_status == 429);
  CHECK(busy.next_due == f.clock.now() + 1h);
  CHECK_THAT(busy.last_error, Catch::Contains(busy.url));
  CHECK(f.state("broken").consecutive_errors == 1);
  CHECK(f.state("moved").url == f.server.url("/feed.xml"));
  auto html = f.state("html");
  CHECK_THAT(html.last_error, Catch::Contains("HTML") && Catch::Contains(html.url));
  auto local = f.state("local");
  CHECK(local.last_status == 0);
  CHECK_THAT(local.last_error, Catch::Contains(local.url));
  CHECK(f.state("mangled").last_status == 200);

  // Next round: validators go out, 304s store nothing, the 410 feed is left alone.
  f.clock.advance(1h);
  auto second = scheduler.run_once();
  CHECK(second.feeds == 7);
  CHECK(second.new_items == 0);
  CHECK(f.state("wire").last_status == 304);
  CHECK(f.state("moved").last_status == 304);
  CHECK(f.state("broken").consecutive_errors == 2);
  auto feeds = f.store->list_feeds();
  REQUIRE(feeds);
  for (const auto& s : *feeds) {
    if (s.name == "wire") {
      CHECK(s.item_count == 4);
    }
  }
}

namespace {

// "title @ published" of each stored event's item in `feed`, sorted.
std::vector<std::string> stored(storage::EventStore& store, const std::string& feed) {
  storage::EventQuery q;
  q.feed = feed;
  auto events = store.query_events(q);
  REQUIRE(events);
  std::vector<std::string> out;
  for (const auto& e : *events) {
    out.push_back(e.item.title + " @ " +
                  (e.item.published ? format_rfc3339(*e.item.published) : "none"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a CP949 feed served as UTF-8 decodes and its zone-less dates are Seoul time",
          "[daemon][scheduler][korean]") {
  Fixture f;
  f.www.write("korea.xml", testing::read_file(std::string(ARMWATCH_TEST_DATA_DIR) +
                                              "/feeds/korea-cp949-as-utf8.xml"));
  f.add("kr-file", "/korea.xml");              // labelled UTF-8 by its XML declaration
  f.add("kr-header", "/fault/cp949-as-utf8");  // ... and by its Content-Type too
  f.add("kr-utc", "/korea.xml", "UTC");        // the configured zone wins
  f.add("kr-offset", "/fault/cp949-as-utf8", "+05:30");
  daemon::Scheduler scheduler(f.config, *f.store, *f.fetcher, f.clock,
                              std::make_shared<KoreanRules>());
  scheduler.set_multi_fetcher(f.multi.get());

  auto round = scheduler.run_once();
  CHECK(round.failed == 0);
  CHECK(round.events == 8);
  CHECK(stored(*f.store, "kr-file") ==
        std::vector<std::string>{"똠방각하 군사분계선 침범 @ 2024-10-15T04:10:00Z",
                                 "북한, 동해상으로 탄도미사일 발사 @ 2024-10-15T04:10:00Z"});
  CHECK(stored(*f.store, "kr-header") ==
        std::vector<std::string>{"군사분계선 침범 @ 2024-10-15T04:10:00Z",
                                 "북한 탄도미사일 발사 @ 2024-10-15T04:10:00Z"});
  CHECK(stored(*f.store, "kr-utc") ==
        std::vector<std::string>{"똠방각하 군사분계선 침범 @ 2024-10-15T13:10:00Z",
                                 "북한, 동해상으로 탄도미사일 발사 @ 2024-10-15T13:10:00Z"});
  CHECK(stored(*f.store, "kr-offset") ==
        std::vector<std::string>{"군사분계선 침범 @ 2024-10-15T07:40:00Z",
                                 "북한 탄도미사일 발사 @ 2024-10-15T07:40:00Z"});
}
