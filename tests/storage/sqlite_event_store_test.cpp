// The SQLite event store against real files: schema and migrations, the
// record/query round trip, duplicates, atomic batches, filters, feed state.
#include "storage/sqlite_event_store.h"

#include <catch2/catch.hpp>

#include "storage/schema.h"
#include "tests/storage/store_helpers.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::storage;
using namespace armwatch::storage::testing;
using armwatch::testing::TempDir;

namespace {

ItemRecord full_record() {
  ItemRecord r;
  r.item = make_item("korea-wire", "guid-1", "KPA soldiers cross the MDL", "Summary text");
  r.item.content = "Full content, with \"quotes\" and 한국어.";
  r.item.link = "https://example.org/a?b=1";
  r.item.source = "Yonhap";
  r.item.published = at("2024-06-09T14:03:00Z");
  r.item.updated = at("2024-06-09T15:00:00Z");
  r.item.authors = {"Kim, J.", "Lee"};
  r.item.categories = {"North Korea", "DMZ"};
  Event e =
      make_event("mdl.crossing", "mdl-crossing", Severity::kViolation, at("2024-06-09T16:00:00Z"));
  e.provisions = {"AA-I-1", "AA-I-6"};
  e.precedents = {"2024-06-09-mdl"};
  e.confidence = 0.75;
  e.message = "MDL crossing reported";
  e.evidence = {Span{"title", 0, 3, "KPA"}, Span{"title", 22, 25, "MDL"}};
  r.events.push_back(e);
  return r;
}

std::size_t event_count(EventStore& store) {
  auto events = store.query_events({});
  require_ok(events);
  return events->size();
}

}  // namespace

TEST_CASE("migrations create the schema and reopening changes nothing", "[storage][schema]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  {
    auto store = open_store(path);
    require_ok(store->ensure_feed("korea-wire", "https://example.org/feed"));
  }
  RawDb raw(path);
  CHECK(raw.scalar("SELECT version FROM schema_version") == kSchemaVersion);
  CHECK(raw.scalar("SELECT count(*) FROM schema_version") == 1);
  CHECK(raw.text("PRAGMA journal_mode") == "wal");
  CHECK(raw.scalar("PRAGMA application_id") == kApplicationId);
  for (const char* table :
       {"feeds", "feed_state", "items", "events", "evidence", "incidents", "items_fts"}) {
    INFO(table);
    CHECK(raw.scalar(std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + table +
                     "'") == 1);
  }
  for (const char* index : {"events_detected_at", "events_category", "events_severity",
                            "events_rule", "events_incident"}) {
    INFO(index);
    CHECK(raw.scalar(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                 " AND name = '") +
                     index + "'") == 1);
  }
  std::string schema_before = raw.text("SELECT group_concat(sql, ';') FROM sqlite_schema");
  {
    auto store = open_store(path);
    auto feeds = store->list_feeds();
    require_ok(feeds);
    CHECK(feeds->size() == 1);
  }
  CHECK(raw.text("SELECT group_concat(sql, ';') FROM sqlite_schema") == schema_before);
  CHECK(raw.scalar("SELECT count(*) FROM schema_version") == 1);
}

TEST_CASE("a database from a newer armwatch is refused with a clear message", "[storage][schema]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  { open_store(path); }
  {
    RawDb raw(path);
    raw.exec("UPDATE schema_version SET version = 99");
  }
  std::string expected = "database schema version 99 is newer than this armwatch (" +
                         std::to_string(kSchemaVersion) + "); upgrade armwatch";
  for (bool read_only : {false, true}) {
    StoreOptions options;
    options.read_only = read_only;
    auto store = open_sqlite_store(path, options);
    REQUIRE_FALSE(store);
    CHECK(store.error().code == ErrorCode::kUnsupported);
    CHECK(store.error().message == expected);
    CHECK(store.error().context == path);
  }
}

TEST_CASE("a file that is not an armwatch database is refused", "[storage][schema]") {
  TempDir dir;
  std::string path = dir.file("other.db");
  {
    RawDb raw(path);
    raw.exec("CREATE TABLE notes (body TEXT)");
  }
  auto store = open_sqlite_store(path);
  REQUIRE_FALSE(store);
  CHECK(store.error().code == ErrorCode::kUnsupported);
  CHECK_THAT(store.error().message, Catch::Contains("not an armwatch database"));
}

TEST_CASE("record and query round-trip every field", "[storage][record]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->ensure_feed("korea-wire", "https://example.org/feed"));
  ItemRecord in = full_record();
  auto stats = store->record({in});
  require_ok(stats);
  CHECK(stats->items_new == 1);
  CHECK(stats->items_seen == 0);
  CHECK(stats->events == 1);

  auto events = store->query_events({});
  require_ok(events);
  REQUIRE(events->size() == 1);
  const StoredEvent& out = events->front();
  CHECK(out.id > 0);
  CHECK(out.incident_id > 0);
  const Item& item = out.item;
  CHECK(item.feed == in.item.feed);
  CHECK(item.id == in.item.id);
  CHECK(item.title == in.item.title);
  CHECK(item.summary == in.item.summary);
  CHECK(item.content == in.item.content);
  CHECK(item.link == in.item.link);
  CHECK(item.source == in.item.source);
  CHECK(item.published == in.item.published);
  CHECK(item.updated == in.item.updated);
  CHECK(item.authors == in.item.authors);
  CHECK(item.categories == in.item.categories);
  const Event& e = out.event;
  const Event& want = in.events.front();
  CHECK(e.rule_id == want.rule_id);
  CHECK(e.category == want.category);
  CHECK(e.severity == want.severity);
  CHECK(e.provisions == want.provisions);
  CHECK(e.precedents == want.precedents);
  CHECK(e.confidence == Approx(want.confidence));
  CHECK(e.message == want.message);
  CHECK(e.time == want.time);
  REQUIRE(e.evidence.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(e.evidence[i].field == want.evidence[i].field);
    CHECK(e.evidence[i].begin == want.evidence[i].begin);
    CHECK(e.evidence[i].end == want.evidence[i].end);
    CHECK(e.evidence[i].text == want.evidence[i].text);
  }
}

TEST_CASE("an item without dates or events is stored and known", "[storage][record]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->ensure_feed("un", "https://un.example/rss"));
  auto stats = store->record({ItemRecord{make_item("un", "a", "Statement"), {}}});
  require_ok(stats);
  CHECK(stats->items_new == 1);
  CHECK(stats->events == 0);
  auto known = store->known_items("un", {"b", "a", "c"});
  require_ok(known);
  CHECK(*known == std::vector<bool>{false, true, false});
  auto unknown_feed = store->known_items("nope", {"a"});
  require_ok(unknown_feed);
  CHECK(*unknown_feed == std::vector<bool>{false});
}

TEST_CASE("duplicates are ignored across calls and within a batch", "[storage][record]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->ensure_feed("korea-wire", "https://example.org/feed"));
  ItemRecord r = full_record();
  ItemRecord other = full_record();
  other.item.id = "guid-2";
  auto first = store->record({r, other, r});
  require_ok(first);
  CHECK(first->items_new == 2);
  CHECK(first->items_seen == 1);
  CHECK(first->events == 2);
  auto again = store->record({r, other});
  require_ok(again);
  CHECK(again->items_new == 0);
  CHECK(again->items_seen == 2);
  CHECK(again->events == 0);
  CHECK(event_count(*store) == 2);
  // The same id in another feed is another item.
  ItemRecord elsewhere = r;
  elsewhere.item.feed = "un";
  auto third = store->record({elsewhere});
  require_ok(third);
  CHECK(third->items_new == 1);
  CHECK(event_count(*store) == 3);
}

TEST_CASE("a failing batch leaves nothing behind", "[storage][record]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  auto store = open_store(path);
  require_ok(store->ensure_feed("korea-wire", "https://example.org/feed"));
  ItemRecord kept = full_record();
  kept.item.id = "kept";
  require_ok(store->record({kept}));

  ItemRecord a = full_record();
  a.item.id = "a";
  ItemRecord b = full_record();
  b.item.id = "b";
  b.events.front().rule_id = "boom";
  SECTION("a constraint violation injected by a trigger") {
    RawDb raw(path);
    raw.exec(
        "CREATE TRIGGER inject BEFORE INSERT ON events WHEN new.rule_id = 'boom'"
        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    auto result = store->record({a, b});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::kDatabase);
    CHECK_THAT(result.error().message, Catch::Contains("injected failure"));
    CHECK(result.error().context == path);
  }
  SECTION("a CHECK constraint (confidence out of range)") {
    b.events.front().confidence = 1.5;
    auto result = store->record({a, b});
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("CHECK constraint failed"));
  }
  SECTION("a NaN confidence") {
    b.events.front().confidence = std::numeric_limits<double>::quiet_NaN();
    auto result = store->record({a, b});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::kInvalidArgument);
  }
  auto known = store->known_items("korea-wire", {"kept", "a", "b"});
  require_ok(known);
  CHECK(*known == std::vector<bool>{true, false, false});
  CHECK(event_count(*store) == 1);
  RawDb check(path);
  CHECK(check.scalar("SELECT count(*) FROM evidence") == 2);
  CHECK(check.scalar("SELECT count(*) FROM incidents") == 1);
  // The store is usable afterwards: the transaction was closed.
  require_ok(store->record({a}));
  CHECK(event_count(*store) == 2);
}

TEST_CASE("an item of a feed never ensured creates the feed", "[storage][record]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->record({ItemRecord{make_item("surprise", "x", "Title"), {}}}));
  auto state = store->feed_state("surprise");
  require_ok(state);
  CHECK(state->url.empty());
  CHECK(state->item_count == 1);
}

TEST_CASE("query_events filters", "[storage][query]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  auto add = [&](const std::string& feed, const std::string& id, const std::string& rule,
                 const std::string& category, Severity severity, const char* time) {
    ItemRecord r{make_item(feed, id, "Title " + id), {}};
    r.events.push_back(make_event(rule, category, severity, at(time)));
    require_ok(store->record({r}));
  };
  add("yonhap", "1", "r.mdl", "mdl-crossing", Severity::kViolation, "2024-06-01T00:00:00Z");
  add("yonhap", "2", "r.talks", "diplomacy-talks", Severity::kInfo, "2024-06-02T00:00:00Z");
  add("un", "3", "r.mdl", "mdl-crossing", Severity::kWarning, "2024-06-03T00:00:00Z");
  add("un", "4", "r.missile", "missile-launch", Severity::kViolation, "2024-06-04T00:00:00Z");

  auto ids = [&](const EventQuery& q) {
    auto events = store->query_events(q);
    require_ok(events);
    std::vector<std::string> out;
    for (const auto& e : *events) {
      out.push_back(e.item.id);
    }
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(ids({}) == V{"4", "3", "2", "1"});  // newest first
  EventQuery q;
  q.since = at("2024-06-02T00:00:00Z");
  CHECK(ids(q) == V{"4", "3", "2"});  // since is inclusive
  q = {};
  q.until = at("2024-06-03T00:00:00Z");
  CHECK(ids(q) == V{"2", "1"});  // until is exclusive
  q = {};
  q.min_severity = Severity::kWarning;
  CHECK(ids(q) == V{"4", "3", "1"});
  q.min_severity = Severity::kViolation;
  CHECK(ids(q) == V{"4", "1"});
  q = {};
  q.category = "mdl-crossing";
  CHECK(ids(q) == V{"3", "1"});
  q = {};
  q.feed = "yonhap";
  CHECK(ids(q) == V{"2", "1"});
  q = {};
  q.rule = "r.missile";
  CHECK(ids(q) == V{"4"});
  q = {};
  q.limit = 2;
  CHECK(ids(q) == V{"4", "3"});
  q = {};
  q.category = "mdl-crossing";
  q.feed = "un";
  q.min_severity = Severity::kWarning;
  q.since = at("2024-06-01T00:00:00Z");
  q.until = at("2024-06-05T00:00:00Z");
  CHECK(ids(q) == V{"3"});
  q = {};
  q.category = "nuclear-test";
  CHECK(ids(q).empty());
}

TEST_CASE("feed state round-trips and follows config changes", "[storage][feeds]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  auto missing = store->feed_state("un");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);

  require_ok(store->ensure_feed("un", "https://un.example/rss"));
  auto fresh = store->feed_state("un");
  require_ok(fresh);
  CHECK(fresh->url == "https://un.example/rss");
  CHECK(fresh->etag.empty());
  CHECK_FALSE(fresh->last_fetch);
  CHECK(fresh->consecutive_errors == 0);

  FeedState s = *fresh;
  s.url = "https://un.example/rss2";  // after a permanent redirect
  s.etag = "\"abc\"";
  s.last_modified = "Sun, 09 Jun 2024 14:03:00 GMT";
  s.last_fetch = at("2024-06-09T14:00:00Z");
  s.last_success = at("2024-06-09T13:00:00Z");
  s.next_due = at("2024-06-09T14:15:00Z");
  s.last_status = 503;
  s.consecutive_errors = 3;
  s.last_error = "HTTP 503";
  s.disabled = true;
  s.disabled_reason = "too many errors";
  s.body_digest = "xxh64:0123456789abcdef:31800";
  s.refresh_hint = Millis(3'600'000);
  require_ok(store->save_feed_state(s));
  auto back = store->feed_state("un");
  require_ok(back);
  CHECK(back->url == s.url);
  CHECK(back->etag == s.etag);
  CHECK(back->last_modified == s.last_modified);
  CHECK(back->last_fetch == s.last_fetch);
  CHECK(back->last_success == s.last_success);
  CHECK(back->next_due == s.next_due);
  CHECK(back->last_status == 503);
  CHECK(back->consecutive_errors == 3);
  CHECK(back->last_error == s.last_error);
  CHECK(back->disabled);
  CHECK(back->disabled_reason == s.disabled_reason);
  CHECK(back->body_digest == s.body_digest);
  CHECK(back->refresh_hint == s.refresh_hint);
  FeedState no_hint = *back;
  no_hint.refresh_hint.reset();
  require_ok(store->save_feed_state(no_hint));
  CHECK_FALSE(store->feed_state("un")->refresh_hint);
  require_ok(store->save_feed_state(s));

  // Same config again (a restart): the state, redirect included, stays.
  require_ok(store->ensure_feed("un", "https://un.example/rss"));
  CHECK(store->feed_state("un")->etag == s.etag);
  CHECK(store->feed_state("un")->url == s.url);
  // A new URL in the config replaces the stored one and the old URL's state.
  require_ok(store->ensure_feed("un", "https://un.example/new"));
  auto changed = store->feed_state("un");
  require_ok(changed);
  CHECK(changed->url == "https://un.example/new");
  CHECK(changed->etag.empty());
  CHECK(changed->body_digest.empty());  // the new URL's first body is parsed
  CHECK_FALSE(changed->refresh_hint);
  CHECK_FALSE(changed->disabled);
  CHECK(changed->last_fetch == s.last_fetch);  // history stays

  FeedState unknown;
  unknown.name = "nope";
  auto saved = store->save_feed_state(unknown);
  REQUIRE_FALSE(saved);
  CHECK(saved.error().code == ErrorCode::kNotFound);
}

TEST_CASE("list_feeds gives every feed by name with its item count", "[storage][feeds]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->ensure_feed("yonhap", "https://y.example/rss"));
  require_ok(store->ensure_feed("kcna", "https://k.example/rss"));
  require_ok(store->record({ItemRecord{make_item("yonhap", "1", "A"), {}},
                            ItemRecord{make_item("yonhap", "2", "B"), {}}}));
  auto feeds = store->list_feeds();
  require_ok(feeds);
  REQUIRE(feeds->size() == 2);
  CHECK((*feeds)[0].name == "kcna");
  CHECK((*feeds)[0].item_count == 0);
  CHECK((*feeds)[1].name == "yonhap");
  CHECK((*feeds)[1].url == "https://y.example/rss");
  CHECK((*feeds)[1].item_count == 2);
}

TEST_CASE("an in-memory store works for tests of other modules", "[storage][memory]") {
  auto store = open_store(":memory:");
  require_ok(store->record({full_record()}));
  CHECK(event_count(*store) == 1);
}
