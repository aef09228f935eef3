// Full-text search and retention over the FTS5 index.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "core/clock.h"
#include "storage/event_rows.h"
#include "tests/storage/store_helpers.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::storage;
using namespace armwatch::storage::testing;
using armwatch::testing::TempDir;

namespace {

struct Fixture {
  TempDir dir;
  ManualClock clock{at("2024-06-01T00:00:00Z")};
  std::string path = dir.file("events.db");
  std::unique_ptr<EventStore> store;

  Fixture() {
    StoreOptions options;
    options.clock = &clock;
    store = open_store(path, options);
  }

  void add(const std::string& feed, const std::string& id, const std::string& title,
           const std::string& summary, const std::string& content, const char* published,
           const std::string& category = "") {
    ItemRecord r{make_item(feed, id, title, summary), {}};
    r.item.content = content;
    r.item.published = at(published);
    if (!category.empty()) {
      r.events.push_back(make_event("r", category, Severity::kInfo, at(published)));
    }
    require_ok(store->record({r}));
  }

  std::vector<std::string> ids(const std::string& text, const SearchFilter& filter = {},
                               int limit = 0) {
    auto hits = store->search(text, filter, limit);
    require_ok(hits);
    std::vector<std::string> out;
    for (const auto& h : *hits) {
      out.push_back(h.item.id);
    }
    return out;
  }
};

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("search ranks title matches first and marks the snippet", "[storage][search]") {
  Fixture f;
  f.add("yonhap", "body", "Weekly briefing", "Ministry briefing",
        "Officials also discussed the Kaesong liaison office.", "2024-06-01T00:00:00Z");
  f.add("yonhap", "title", "Kaesong liaison office demolished", "", "", "2024-06-02T00:00:00Z");
  f.add("un", "none", "Unrelated", "Nothing here", "", "2024-06-03T00:00:00Z");
  CHECK(f.ids("kaesong") == Strings{"title", "body"});

  SearchFilter marks;
  marks.mark_open = "<b>";
  marks.mark_close = "</b>";
  auto hits = f.store->search("liaison office", marks, 10);
  require_ok(hits);
  REQUIRE(hits->size() == 2);
  CHECK(hits->at(0).score > hits->at(1).score);
  CHECK(hits->at(0).snippet == "Kaesong <b>liaison</b> <b>office</b> demolished");
  CHECK_THAT(hits->at(1).snippet, Catch::Contains("<b>liaison</b>"));
  CHECK(hits->at(0).item.feed == "yonhap");
  CHECK(hits->at(0).item_id > 0);
}

TEST_CASE("search: FTS5 syntax, stemming and plain-text fallback", "[storage][search]") {
  Fixture f;
  f.add("a", "1", "North Korea launches missiles", "", "", "2024-06-01T00:00:00Z");
  f.add("a", "2", "Talks at Panmunjom", "Liaison officers met", "", "2024-06-02T00:00:00Z");
  f.add("a", "3", "N.K. missile test", "", "", "2024-06-03T00:00:00Z");
  CHECK(f.ids("missile").size() == 2);  // stemming: missiles ~ missile
  CHECK(f.ids("missile OR panmunjom").size() == 3);
  CHECK(f.ids("\"north korea\"") == Strings{"1"});
  CHECK(f.ids("pan*") == Strings{"2"});
  CHECK(f.ids("missile NOT launch") == Strings{"3"});
  // Not valid FTS5: searched as plain words.
  CHECK(f.ids("N.K. missile") == Strings{"3"});
  CHECK(f.ids("missile -").size() == 2);
  CHECK(f.ids("nosuchcolumn: missile").empty());
  // Column filters are FTS5 syntax too.
  CHECK(f.ids("title: panmunjom") == Strings{"2"});
  CHECK(f.ids("summary: panmunjom").empty());
  CHECK(quote_terms("a \"b\"  c") == "\"a\" \"\"\"b\"\"\" \"c\"");
  auto empty = f.store->search("   ", {}, 5);
  REQUIRE_FALSE(empty);
  CHECK(empty.error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("search filters and limit", "[storage][search]") {
  Fixture f;
  f.add("yonhap", "1", "Missile launch", "", "", "2024-06-01T00:00:00Z", "missile-launch");
  f.add("kcna", "2", "Missile test success", "", "", "2024-06-05T00:00:00Z", "missile-launch");
  f.add("kcna", "3", "Missile parade", "", "", "2024-06-09T00:00:00Z");
  SearchFilter by_feed;
  by_feed.feed = "kcna";
  CHECK(f.ids("missile", by_feed).size() == 2);
  SearchFilter by_category;
  by_category.category = "missile-launch";
  CHECK(f.ids("missile", by_category).size() == 2);
  SearchFilter window;
  window.since = at("2024-06-02T00:00:00Z");
  window.until = at("2024-06-09T00:00:00Z");
  CHECK(f.ids("missile", window) == Strings{"2"});
  CHECK(f.ids("missile", {}, 1).size() == 1);
}

TEST_CASE("retention nulls old bodies in batches and keeps the record", "[storage][retention]") {
  Fixture f;
  for (int i = 0; i < 450; ++i) {
    f.add("a", "old" + std::to_string(i), "Old title " + std::to_string(i), "old summary zebra",
          "old body zebra", "2024-06-01T00:00:00Z", i == 0 ? "missile-launch" : "");
  }
  f.clock.set(at("2024-07-01T00:00:00Z"));
  f.add("a", "new", "New title", "new summary zebra", "new body zebra", "2024-07-01T00:00:00Z");
  auto cutoff = at("2024-06-15T00:00:00Z");

  auto first = f.store->prune_item_text(cutoff, 300);  // two transactions: 200 + 100
  require_ok(first);
  CHECK(*first == 300);
  auto rest = f.store->prune_item_text(cutoff, 1000);
  require_ok(rest);
  CHECK(*rest == 150);
  auto none = f.store->prune_item_text(cutoff, 1000);
  require_ok(none);
  CHECK(*none == 0);

  RawDb raw(f.path);
  CHECK(raw.scalar("SELECT count(*) FROM items WHERE content IS NULL AND summary IS NULL") == 450);
  CHECK(raw.scalar("SELECT count(*) FROM items WHERE title <> ''") == 451);
  // The index follows: bodies no longer match, titles still do.
  CHECK(f.ids("zebra") == Strings{"new"});
  CHECK(f.ids("\"old title 7\"") == Strings{"old7"});
  raw.exec("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");
  // A deleted item (no API deletes yet; an analyst's sqlite3 might) leaves the index too.
  raw.exec("DELETE FROM items WHERE item_key = 'new'");
  CHECK(f.ids("zebra").empty());
  raw.exec("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");
  // Events, evidence and incidents stay; the item reads back with its title.
  auto events = f.store->query_events({});
  require_ok(events);
  REQUIRE(events->size() == 1);
  CHECK(events->front().item.title == "Old title 0");
  CHECK(events->front().item.content.empty());
  CHECK(f.store->query_incidents({})->size() == 1);
}

TEST_CASE("retention prunes in short transactions that never starve a writer",
          "[storage][retention]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  ManualClock clock{at("2024-06-01T00:00:00Z")};
  StoreOptions options;
  options.clock = &clock;
  auto pruner = open_store(path, options);
  for (int b = 0; b < 10; ++b) {
    std::vector<ItemRecord> batch;
    for (int i = 0; i < 200; ++i) {
      std::string id = std::to_string(b * 200 + i);
      batch.push_back({make_item("a", "old" + id, "Old " + id, std::string(500, 's')), {}, {}});
    }
    require_ok(pruner->record(batch));
  }
  clock.set(at("2024-07-01T00:00:00Z"));

  // A second writer (armwatchd's poller) with a short busy timeout records
  // while the first prunes everything: it only ever waits for one 200-row
  // transaction, never for the whole prune.
  std::string writer_error;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    StoreOptions w;
    w.busy_timeout_ms = 2000;
    auto store = open_sqlite_store(path, w);
    if (!store) {
      writer_error = store.error().to_string();
      return;
    }
    for (int i = 0; !done && i < 2000 && writer_error.empty(); ++i) {
      auto r = (*store)->record({{make_item("b", "new" + std::to_string(i), "New"), {}, {}}});
      if (!r) {
        writer_error = r.error().to_string();
      }
    }
  });
  std::size_t total = 0;
  for (;;) {
    auto pruned = pruner->prune_item_text(at("2024-06-15T00:00:00Z"), 500);
    require_ok(pruned);
    total += *pruned;
    if (*pruned < 500) {
      break;
    }
  }
  done = true;
  writer.join();
  CHECK(writer_error.empty());
  CHECK(total == 2000);
  RawDb raw(path);
  CHECK(raw.scalar("SELECT count(*) FROM items WHERE summary IS NOT NULL AND feed_id ="
                   " (SELECT id FROM feeds WHERE name = 'a')") == 0);
  raw.exec("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");
}
