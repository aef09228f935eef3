// Schema v1 -> v2 on a database that already holds data, made the way a v1
// armwatch made it: the v1 SQL, then rows written with plain SQL.
#include <catch2/catch.hpp>

#include "storage/schema.h"
#include "tests/storage/store_helpers.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::storage;
using namespace armwatch::storage::testing;
using armwatch::testing::TempDir;

namespace {

// Two outlets' reports of one launch and an unrelated item, as v1 stored them.
constexpr const char* kV1Data = R"sql(
INSERT INTO feeds (id, name, url, created_at) VALUES
  (1, 'yonhap', 'https://y.example/rss', 1717000000000),
  (2, 'nknews', 'https://n.example/rss', 1717000000000);
INSERT INTO feed_state (feed_id, etag, last_fetch, last_status, consecutive_errors) VALUES
  (1, '"v1-etag"', 1717900000000, 200, 0),
  (2, '', 1717900000000, 503, 2);
INSERT INTO items (id, feed_id, item_key, title, summary, content, link, source, published,
                   updated, fetched_at, authors, categories) VALUES
  (1, 1, 'y-1', 'North Korea fires ballistic missile into East Sea',
   'North Korea fired a ballistic missile into the East Sea, the JCS said.',
   'Full story about the launch near Sunan.', 'https://y.example/1', 'Yonhap',
   1717894800000, NULL, 1717900000000, '["Kim"]', '["North Korea"]'),
  (2, 2, 'n-1', 'N. Korea launches ballistic missile toward East Sea',
   'North Korea launched a ballistic missile toward the East Sea.', NULL,
   'https://n.example/1', 'NK News', 1717902000000, NULL, 1717905000000, '[]', '[]'),
  (3, 1, 'y-2', 'Ministry weekly briefing', NULL, 'Nothing notable.', 'https://y.example/2',
   'Yonhap', NULL, NULL, 1717910000000, '[]', '[]');
INSERT INTO events (id, item_id, rule_id, category, severity, provisions, precedents,
                    confidence, message, detected_at) VALUES
  (1, 1, 'missile.launch', 'missile-launch', 1, '["UNSCR-1718"]', '[]', 0.9,
   'launch reported', 1717900000000),
  (2, 2, 'missile.launch', 'missile-launch', 2, '["AA-II-13","UNSCR-1718"]', '["p1"]', 1.0,
   'launch reported', 1717905000000);
INSERT INTO evidence (event_id, seq, field, span_begin, span_end, text) VALUES
  (1, 0, 'title', 18, 35, 'ballistic missile'),
  (1, 1, 'title', 41, 49, 'East Sea'),
  (2, 0, 'title', 20, 37, 'ballistic missile');
)sql";

void make_v1(const std::string& path) {
  RawDb raw(path);
  raw.exec("PRAGMA journal_mode = WAL");
  raw.exec("BEGIN");
  raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL);"
      "INSERT INTO schema_version VALUES (1);");
  raw.exec(std::string(migrations()[0].sql));
  raw.exec(kV1Data);
  raw.exec("COMMIT");
}

}  // namespace

TEST_CASE("v1 -> v2: data survives and the new features work on it", "[storage][migration]") {
  REQUIRE(migrations().size() == static_cast<std::size_t>(kSchemaVersion));
  REQUIRE(migrations()[0].version == 1);
  TempDir dir;
  std::string path = dir.file("events.db");
  make_v1(path);

  auto store = open_store(path);
  RawDb raw(path);
  CHECK(raw.scalar("SELECT version FROM schema_version") == kSchemaVersion);

  // v1 data, read through the v2 store.
  auto events = store->query_events({});
  require_ok(events);
  REQUIRE(events->size() == 2);
  const StoredEvent& newest = events->at(0);
  CHECK(newest.item.id == "n-1");
  CHECK(newest.item.source == "NK News");
  CHECK(newest.event.provisions == std::vector<std::string>{"AA-II-13", "UNSCR-1718"});
  CHECK(newest.event.precedents == std::vector<std::string>{"p1"});
  CHECK(newest.event.evidence.size() == 1);
  CHECK(events->at(1).item.authors == std::vector<std::string>{"Kim"});
  CHECK(events->at(1).event.evidence.size() == 2);
  auto yonhap = store->feed_state("yonhap");
  require_ok(yonhap);
  CHECK(yonhap->etag == "\"v1-etag\"");
  CHECK(yonhap->item_count == 2);
  CHECK(store->feed_state("nknews")->consecutive_errors == 2);

  // Incidents were backfilled from the v1 events.
  auto incidents = store->query_incidents({});
  require_ok(incidents);
  REQUIRE(incidents->size() == 1);
  CHECK(incidents->front().report_count == 2);
  CHECK(incidents->front().source_count == 2);
  CHECK(incidents->front().severity == Severity::kViolation);
  CHECK(newest.incident_id == incidents->front().id);

  // The full-text index covers the old items.
  auto hits = store->search("sunan", {}, 5);
  require_ok(hits);
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().item.id == "y-1");
  raw.exec("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");

  // Recording goes on: old items are known, a new report joins the incident.
  ItemRecord old{make_item("yonhap", "y-1", "North Korea fires ballistic missile into East Sea"),
                 {}};
  auto again = store->record({old});
  require_ok(again);
  CHECK(again->items_seen == 1);
  ItemRecord follow{make_item("kbs", "k-1", "North Korea fires ballistic missile into East Sea"),
                    {}};
  follow.item.published = at("2024-06-09T06:00:00Z");
  follow.events.push_back(
      make_event("missile.launch", "missile-launch", Severity::kInfo, at("2024-06-09T06:10:00Z")));
  require_ok(store->record({follow}));
  auto after = store->query_incidents({});
  require_ok(after);
  REQUIRE(after->size() == 1);
  CHECK(after->front().report_count == 3);
}

TEST_CASE("a migration that fails leaves the database at its old version", "[storage][migration]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  make_v1(path);
  {
    RawDb raw(path);
    raw.exec("CREATE TABLE incidents (x)");  // in the way of v2's CREATE TABLE
  }
  auto store = open_sqlite_store(path);
  REQUIRE_FALSE(store);
  CHECK(store.error().code == ErrorCode::kDatabase);
  CHECK_THAT(store.error().message, Catch::Contains("incidents"));
  RawDb raw(path);
  CHECK(raw.scalar("SELECT version FROM schema_version") == 1);
  CHECK(raw.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'items_fts'") == 0);
  CHECK(raw.scalar("SELECT count(*) FROM events") == 2);
}

namespace {

// A database at schema `version` (the first `version` migrations) with the
// v1 rows in it, as an older armwatch left it.
void create_at_version(const std::string& path, int version) {
  RawDb raw(path);
  raw.exec("BEGIN");
  raw.exec(
      "CREATE TABLE schema_version (version INTEGER NOT NULL);"
      "INSERT INTO schema_version VALUES (" +
      std::to_string(version) + ");");
  for (int v = 0; v < version; ++v) {
    raw.exec(std::string(migrations()[static_cast<std::size_t>(v)].sql));
  }
  raw.exec(kV1Data);
  raw.exec("COMMIT");
}

}  // namespace

TEST_CASE("v3 -> v4: old events read as acts, new events keep their claim",
          "[storage][migration]") {
  REQUIRE(migrations().size() >= 4);
  REQUIRE(migrations()[3].version == 4);
  TempDir dir;
  std::string path = dir.file("events.db");
  create_at_version(path, 3);
  auto store = open_store(path);
  RawDb raw(path);
  CHECK(raw.scalar("SELECT version FROM schema_version") == kSchemaVersion);
  CHECK(raw.scalar("SELECT count(*) FROM events WHERE claim = 'act'") == 2);

  auto events = store->query_events({});
  require_ok(events);
  REQUIRE(events->size() == 2);
  for (const StoredEvent& e : *events) {
    CHECK(e.event.claim == Claim::kAct);
  }

  ItemRecord accused{make_item("kcna", "k-9", "DPRK accuses ROK of sending drones"), {}};
  accused.events.push_back(make_event("airspace.claimed", "airspace-incursion", Severity::kWarning,
                                      at("2024-10-11T06:00:00Z")));
  accused.events.back().claim = Claim::kClaim;
  ItemRecord denied{make_item("yonhap", "y-9", "JCS denies sending drones"), {}};
  denied.events.push_back(make_event("airspace.denied", "airspace-incursion", Severity::kInfo,
                                     at("2024-10-11T07:00:00Z")));
  denied.events.back().claim = Claim::kDenial;
  require_ok(store->record({accused, denied}));
  auto after = store->query_events({});
  require_ok(after);
  REQUIRE(after->size() == 4);
  CHECK(after->at(0).event.claim == Claim::kDenial);
  CHECK(after->at(1).event.claim == Claim::kClaim);
  CHECK(raw.scalar("SELECT count(*) FROM events WHERE claim = 'claim'") == 1);
}

TEST_CASE("v4 -> v5: feeds keep their state and gain an empty body digest",
          "[storage][migration]") {
  REQUIRE(migrations().size() >= 5);
  REQUIRE(migrations()[4].version == 5);
  TempDir dir;
  std::string path = dir.file("events.db");
  create_at_version(path, 4);
  auto store = open_store(path);
  RawDb raw(path);
  CHECK(raw.scalar("SELECT version FROM schema_version") == kSchemaVersion);
  auto yonhap = store->feed_state("yonhap");
  require_ok(yonhap);
  CHECK(yonhap->etag == "\"v1-etag\"");
  CHECK(yonhap->last_status == 200);
  CHECK(yonhap->body_digest.empty());  // the next 2xx body is parsed as before
  CHECK_FALSE(yonhap->refresh_hint);
  CHECK(store->feed_state("nknews")->consecutive_errors == 2);

  FeedState s = *yonhap;
  s.body_digest = "xxh64:00000000deadbeef:12";
  s.refresh_hint = Millis(600'000);
  require_ok(store->save_feed_state(s));
  CHECK(raw.scalar("SELECT refresh_hint_ms FROM feed_state WHERE feed_id = 1") == 600'000);
  CHECK(store->feed_state("yonhap")->body_digest == s.body_digest);
}
