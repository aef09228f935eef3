// The event store when things go wrong or get crowded: a locked database, a
// full one, readers next to a writer, read-only opens.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "storage/schema.h"
#include "storage/sqlite_db.h"
#include "tests/storage/store_helpers.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::storage;
using namespace armwatch::storage::testing;
using armwatch::testing::TempDir;

namespace {

// 2024-06-09T10:00:00Z. Not at(): missile_report runs on a writer thread too,
// and Catch2 assertions are for the main thread only.
const TimePoint kLaunchTime = from_unix_ms(1717927200000);

ItemRecord missile_report(const std::string& feed, const std::string& id, std::size_t body = 0) {
  ItemRecord r{make_item(feed, id, "North Korea fires ballistic missile " + id,
                         "The launch was detected by the JCS."),
               {}};
  r.item.content = std::string(body, 'x');
  Event e = make_event("missile.launch", "missile-launch", Severity::kWarning, kLaunchTime);
  e.evidence = {Span{"title", 0, 11, "North Korea"}};
  r.events.push_back(e);
  return r;
}

std::size_t event_count(EventStore& store) {
  auto events = store.query_events({});
  require_ok(events);
  return events->size();
}

}  // namespace

TEST_CASE("a locked database returns kBusy promptly and a retry loses nothing", "[storage][busy]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  StoreOptions options;
  options.busy_timeout_ms = 100;
  auto store = open_store(path, options);
  require_ok(store->ensure_feed("yonhap", "https://y.example/rss"));
  require_ok(store->record({missile_report("yonhap", "0")}));
  std::vector<ItemRecord> batch = {missile_report("yonhap", "1"), missile_report("yonhap", "2")};

  RawDb other(path);
  other.exec("BEGIN EXCLUSIVE");
  other.exec("UPDATE feed_state SET last_error = 'held by another writer'");
  auto start = std::chrono::steady_clock::now();
  auto busy = store->record(batch);
  auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(busy);
  CHECK(busy.error().code == ErrorCode::kBusy);
  CHECK(busy.error().context == path);
  CHECK_THAT(busy.error().message, Catch::Contains("locked"));
  CHECK(waited < std::chrono::seconds(2));
  auto feed = store->ensure_feed("kcna", "https://k.example/rss");
  REQUIRE_FALSE(feed);
  CHECK(feed.error().code == ErrorCode::kBusy);

  // Readers still read the last committed state while the lock is held.
  CHECK(event_count(*store) == 1);
  other.exec("COMMIT");

  auto retry = store->record(batch);
  require_ok(retry);
  CHECK(retry->items_new == 2);
  auto again = store->record(batch);
  require_ok(again);
  CHECK(again->items_new == 0);
  CHECK(event_count(*store) == 3);
  CHECK(store->feed_state("yonhap")->last_error == "held by another writer");
}

TEST_CASE("a full database returns kFull and keeps what was recorded", "[storage][full]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  {
    auto store = open_store(path);
    for (int i = 0; i < 5; ++i) {
      require_ok(store->record({missile_report("yonhap", std::to_string(i), 1000)}));
    }
  }
  std::int64_t pages = RawDb(path).scalar("PRAGMA page_count");
  std::int64_t page_size = RawDb(path).scalar("PRAGMA page_size");
  {
    StoreOptions options;
    options.max_size_bytes = (pages + 2) * page_size;  // room for a few rows, not 400 KB
    auto store = open_store(path, options);
    std::vector<ItemRecord> big;
    for (int i = 5; i < 9; ++i) {
      big.push_back(missile_report("yonhap", std::to_string(i), 100 * 1000));
    }
    auto full = store->record(big);
    REQUIRE_FALSE(full);
    CHECK(full.error().code == ErrorCode::kFull);
    CHECK(full.error().context == path);
    CHECK(event_count(*store) == 5);
    auto known = store->known_items("yonhap", {"4", "5", "8"});
    require_ok(known);
    CHECK(*known == std::vector<bool>{true, false, false});
    // The same store goes on working for what fits.
    require_ok(store->record({missile_report("yonhap", "small")}));
  }
  auto store = open_store(path);  // no cap: the big batch fits now
  std::vector<ItemRecord> big = {missile_report("yonhap", "5", 100 * 1000)};
  auto stats = store->record(big);
  require_ok(stats);
  CHECK(stats->items_new == 1);
  CHECK(event_count(*store) == 7);
}

TEST_CASE("a read-only store reads while a writer writes from another thread",
          "[storage][concurrency]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  { require_ok(open_store(path)->ensure_feed("yonhap", "https://y.example/rss")); }

  constexpr int kBatches = 60;
  std::atomic<bool> done{false};
  std::string writer_error;
  std::thread writer([&] {
    auto store = open_sqlite_store(path);
    if (!store) {
      writer_error = store.error().to_string();
      done = true;
      return;
    }
    for (int b = 0; b < kBatches && writer_error.empty(); ++b) {
      std::vector<ItemRecord> batch;
      for (int i = 0; i < 3; ++i) {
        batch.push_back(missile_report("yonhap", std::to_string(b * 3 + i), 2000));
      }
      auto r = (*store)->record(batch);
      if (!r) {
        writer_error = r.error().to_string();
      }
    }
    done = true;
  });

  StoreOptions ro;
  ro.read_only = true;
  auto reader = open_store(path, ro);
  std::vector<std::string> reader_errors;
  std::size_t last = 0;
  int reads = 0;
  bool went_backwards = false;
  while (!done || reads < 5) {
    ++reads;
    auto events = reader->query_events({});
    auto feeds = reader->list_feeds();
    auto hits = reader->search("missile", {}, 5);
    auto incidents = reader->query_incidents({});
    for (const Error* e :
         {events ? nullptr : &events.error(), feeds ? nullptr : &feeds.error(),
          hits ? nullptr : &hits.error(), incidents ? nullptr : &incidents.error()}) {
      if (e != nullptr) {
        reader_errors.push_back(e->to_string());
      }
    }
    if (events) {
      went_backwards = went_backwards || events->size() < last;
      last = events->size();
    }
  }
  writer.join();
  CHECK(writer_error.empty());
  INFO((reader_errors.empty() ? std::string() : reader_errors.front()));
  CHECK(reader_errors.empty());
  CHECK_FALSE(went_backwards);
  CHECK(event_count(*reader) == 3 * kBatches);
}

TEST_CASE("read-only opens", "[storage][read-only]") {
  TempDir dir;
  StoreOptions ro;
  ro.read_only = true;

  SECTION("a missing file is an error naming the path") {
    std::string path = dir.file("missing.db");
    auto store = open_sqlite_store(path, ro);
    REQUIRE_FALSE(store);
    CHECK(store.error().code == ErrorCode::kNotFound);
    CHECK(store.error().context == path);
    CHECK_THAT(store.error().to_string(), Catch::Contains("missing.db"));
    CHECK_FALSE(std::filesystem::exists(path));  // and it was not created
  }
  SECTION("an older schema must be migrated by the daemon first") {
    std::string path = dir.file("old.db");
    {
      auto db = Db::open(path, OpenFlags{});
      require_ok(db);
      require_ok(migrate(**db, 1));
    }
    auto store = open_sqlite_store(path, ro);
    REQUIRE_FALSE(store);
    CHECK(store.error().code == ErrorCode::kUnsupported);
    CHECK_THAT(store.error().message,
               Catch::Contains("older than this armwatch") && Catch::Contains("migrate"));
    CHECK(RawDb(path).scalar("SELECT version FROM schema_version") == 1);
  }
  SECTION("a read-only store refuses to write") {
    std::string path = dir.file("events.db");
    { open_store(path); }
    auto store = open_store(path, ro);
    auto r = store->record({missile_report("yonhap", "1")});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kInvalidArgument);
    CHECK_FALSE(store->ensure_feed("a", "b"));
    auto feeds = store->list_feeds();
    require_ok(feeds);
    CHECK(feeds->empty());
  }
}
