// Every migration, from the first released schema (v1) with data in it, to
// each later version in turn: the data survives each step, the file stays
// consistent (integrity and foreign keys), and the newest store reads it.
// A migration appended to schema.cpp is covered here without a new test; add
// checks of its own columns in migration_test.cpp.
#include <catch2/catch.hpp>

#include "storage/schema.h"
#include "tests/storage/store_helpers.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::storage;
using namespace armwatch::storage::testing;
using armwatch::testing::TempDir;

namespace {

// A v1 log as armwatch 0.1 wrote it: two feeds, three items, two events with
// evidence, one of them citing two provisions.
constexpr const char* kV1Rows = R"sql(
INSERT INTO feeds (id, name, url, created_at) VALUES
  (1, 'yonhap', 'https://y.example/rss', 1717000000000),
  (2, 'kcna-watch', 'https://k.example/rss', 1717000000000);
INSERT INTO feed_state (feed_id, etag, last_fetch, last_status, consecutive_errors) VALUES
  (1, '"e1"', 1717900000000, 200, 0), (2, '', 1717900000000, 500, 3);
INSERT INTO items (id, feed_id, item_key, title, summary, content, link, source, published,
                   updated, fetched_at, authors, categories) VALUES
  (1, 1, 'y-1', 'Soldiers cross the MDL near Cheorwon', 'Warning shots were fired.', NULL,
   'https://y.example/1', 'Yonhap', 1717894800000, NULL, 1717900000000, '[]', '[]'),
  (2, 2, 'k-1', 'KPA statement on the border', NULL, 'Full text.', 'https://k.example/1', '',
   NULL, 1717901000000, 1717902000000, '["KCNA"]', '["politics"]'),
  (3, 1, 'y-2', 'Weekly briefing', NULL, NULL, 'https://y.example/2', 'Yonhap', NULL, NULL,
   1717910000000, '[]', '[]');
INSERT INTO events (id, item_id, rule_id, category, severity, provisions, precedents,
                    confidence, message, detected_at) VALUES
  (1, 1, 'mdl.crossing', 'mdl-crossing', 2, '["AA-I-7","AA-II-14"]', '[]', 1.0, 'crossing',
   1717900000000),
  (2, 2, 'armistice.void', 'armistice-repudiation', 1, '["AA-V-62"]', '["p"]', 0.5, 'statement',
   1717902000000);
INSERT INTO evidence (event_id, seq, field, span_begin, span_end, text) VALUES
  (1, 0, 'title', 15, 18, 'MDL'), (1, 1, 'title', 24, 32, 'Cheorwon'),
  (2, 0, 'title', 0, 3, 'KPA');
)sql";

void make_v1(const std::string& path) {
  RawDb raw(path);
  raw.exec("PRAGMA journal_mode = WAL");
  raw.exec("BEGIN");
  raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL);"
      "INSERT INTO schema_version VALUES (1);");
  raw.exec(std::string(migrations()[0].sql));
  raw.exec(kV1Rows);
  raw.exec("COMMIT");
}

void check_consistent(RawDb& raw) {
  CHECK(raw.text("PRAGMA integrity_check") == "ok");
  CHECK(raw.text("PRAGMA foreign_key_check").empty());
  CHECK(raw.scalar("SELECT count(*) FROM feeds") == 2);
  CHECK(raw.scalar("SELECT count(*) FROM items") == 3);
  CHECK(raw.scalar("SELECT count(*) FROM events") == 2);
  CHECK(raw.scalar("SELECT count(*) FROM evidence") == 3);
  CHECK(raw.text("SELECT provisions FROM events WHERE id = 1") == "[\"AA-I-7\",\"AA-II-14\"]");
  CHECK(raw.scalar("SELECT consecutive_errors FROM feed_state WHERE feed_id = 2") == 3);
}

}  // namespace

TEST_CASE("every migration from v1 with data, one version at a time", "[storage][migration]") {
  REQUIRE(migrations().front().version == 1);
  REQUIRE(migrations().back().version == kSchemaVersion);
  TempDir dir;
  std::string path = dir.file("events.db");
  make_v1(path);
  for (int target = 2; target <= kSchemaVersion; ++target) {
    INFO("migrating to v" << target);
    {
      auto db = Db::open(path, OpenFlags{});
      require_ok(db);
      require_ok(migrate(**db, target));
      auto version = read_schema_version(**db);
      require_ok(version);
      CHECK(*version == target);
    }
    RawDb raw(path);
    check_consistent(raw);
    // From v2 on: incidents backfilled and the v1 items indexed.
    CHECK(raw.scalar("SELECT count(*) FROM events WHERE incident_id IS NULL") == 0);
    CHECK(raw.scalar("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'cheorwon'") == 1);
    raw.exec("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");
  }
  // The newest store reads and extends what v1 wrote.
  auto store = open_store(path);
  EventQuery q;
  q.provision = "AA-II-14";
  auto events = store->query_events(q);
  require_ok(events);
  REQUIRE(events->size() == 1);
  CHECK(events->front().event.evidence.size() == 2);
  CHECK(events->front().item.source == "Yonhap");
  q = {};
  q.source = "kcna-watch";  // no source in v1's row: the feed's name
  CHECK(store->query_events(q)->size() == 1);
  auto counts = store->count_events({}, CountBy::kCategory, CountPer::kMonth);
  require_ok(counts);
  CHECK(counts->size() == 2);
  ItemRecord more{make_item("yonhap", "y-3", "Soldiers cross the MDL near Cheorwon again"), {}, {}};
  more.item.published = at("2024-06-09T05:00:00Z");
  Event e =
      make_event("mdl.crossing", "mdl-crossing", Severity::kWarning, at("2024-06-09T05:00:00Z"));
  e.evidence.push_back(Span{"title", 15, 18, "MDL"});
  more.events.push_back(e);
  require_ok(store->record({more}));
  auto incidents = store->query_incidents({});
  require_ok(incidents);
  CHECK(incidents->size() == 2);  // the new report joined the v1 crossing
}

TEST_CASE("a database newer than the binary is refused before anything is written",
          "[storage][migration]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  make_v1(path);
  {
    RawDb raw(path);
    raw.exec("UPDATE schema_version SET version = " + std::to_string(kSchemaVersion + 1));
  }
  auto store = open_sqlite_store(path);
  REQUIRE_FALSE(store);
  CHECK(store.error().code == ErrorCode::kUnsupported);
  CHECK_THAT(store.error().to_string(), Catch::Contains(path) &&
                                            Catch::Contains("newer than this armwatch") &&
                                            Catch::Contains("upgrade armwatch"));
  RawDb raw(path);
  CHECK(raw.scalar("SELECT version FROM schema_version") == kSchemaVersion + 1);
  CHECK(raw.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'incidents'") == 0);
}
