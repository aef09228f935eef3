// The query side added for the CLI (issue 6): provision, outlet and item
// filters on events, incidents and search; streaming; counts by key and
// period; and the query plans that keep them fast on a large log.
#include <map>

#include <catch2/catch.hpp>

#include "storage/event_counts.h"
#include "storage/event_rows.h"
#include "tests/storage/store_helpers.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::storage;
using namespace armwatch::storage::testing;
using armwatch::testing::TempDir;

namespace {

using Strings = std::vector<std::string>;

ItemRecord record(const std::string& feed, const std::string& id, const std::string& source,
                  const std::string& title, const char* time, const std::string& category,
                  Severity severity, Strings provisions, const std::string& rule = "r") {
  ItemRecord r{make_item(feed, id, title, "summary of " + title), {}, {}};
  r.item.source = source;
  r.item.published = at(time);
  Event e = make_event(rule, category, severity, at(time));
  e.provisions = std::move(provisions);
  e.evidence.push_back(Span{"title", 0, 5, title.substr(0, 5)});
  r.events.push_back(e);
  return r;
}

// Four events over two months, three outlets (one item without a source).
struct Log {
  TempDir dir;
  std::string path = dir.file("events.db");
  std::unique_ptr<EventStore> store = open_store(path);

  Log() {
    require_ok(store->record(
        {record("yonhap", "1", "Yonhap", "Missile launched into East Sea", "2024-05-06T10:00:00Z",
                "missile-launch", Severity::kViolation, {"UNSCR-1718", "UNSCR-1874"},
                "missile.launch"),
         record("kcna", "2", "", "Army guards fire warning shots at the DMZ",
                "2024-05-20T10:00:00Z", "dmz-hostile-act", Severity::kWarning, {"AA-I-6"}),
         record("nknews", "3", "NK News", "Soldiers cross the MDL near Cheorwon",
                "2024-06-03T10:00:00Z", "mdl-crossing", Severity::kViolation,
                {"AA-I-7", "AA-II-13c"}),
         record("nknews", "4", "NK News", "Talks at Panmunjom on remains repatriation",
                "2024-06-04T10:00:00Z", "commission-activity", Severity::kInfo, {"AA-II-25"})}));
  }

  Strings ids(const EventQuery& q) {
    auto events = store->query_events(q);
    require_ok(events);
    Strings out;
    for (const auto& e : *events) {
      out.push_back(e.item.id);
    }
    return out;
  }
};

std::map<std::string, std::int64_t> by_key(const std::vector<EventCount>& counts) {
  std::map<std::string, std::int64_t> out;
  for (const auto& c : counts) {
    out[c.key + (c.period ? " " + format_rfc3339(*c.period).substr(0, 10) : "")] += c.count;
  }
  return out;
}

std::string plan(const std::string& path, const std::string& sql) {
  RawDb raw(path);
  sqlite3_stmt* stmt = nullptr;
  std::string explain = "EXPLAIN QUERY PLAN " + sql;
  REQUIRE(sqlite3_prepare_v2(raw.handle(), explain.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    out += "\n";
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace

TEST_CASE("events by provision, with a prefix, and by outlet", "[storage][query]") {
  Log log;
  EventQuery q;
  q.provision = "UNSCR-1874";
  CHECK(log.ids(q) == Strings{"1"});
  q.provision = "AA-II-13";  // exact: AA-II-13c is another provision
  CHECK(log.ids(q).empty());
  q.provision = "AA-II-13*";
  CHECK(log.ids(q) == Strings{"3"});
  q.provision = "AA-I-*";
  CHECK(log.ids(q) == Strings{"3", "2"});
  q = {};
  q.source = "NK News";
  CHECK(log.ids(q) == Strings{"4", "3"});
  q.source = "kcna";  // no source: the feed's name stands for the outlet
  CHECK(log.ids(q) == Strings{"2"});
  q = {};
  q.source = "NK News";
  q.min_severity = Severity::kWarning;
  q.since = at("2024-06-01T00:00:00Z");
  CHECK(log.ids(q) == Strings{"3"});
}

TEST_CASE("events of one item, and in recording order", "[storage][query]") {
  Log log;
  auto hits = log.store->search("cheorwon", {}, 5);
  require_ok(hits);
  REQUIRE(hits->size() == 1);
  EventQuery q;
  q.item_id = hits->front().item_id;
  CHECK(log.ids(q) == Strings{"3"});
  q = {};
  q.recorded_order = true;
  CHECK(log.ids(q) == Strings{"1", "2", "3", "4"});
  q.limit = 2;
  CHECK(log.ids(q) == Strings{"1", "2"});
}

TEST_CASE("for_each_event streams with evidence and stops when asked", "[storage][query]") {
  Log log;
  EventQuery q;
  q.recorded_order = true;
  Strings seen;
  auto st = log.store->for_each_event(q, [&](const StoredEvent& e) {
    CHECK(e.event.evidence.size() == 1);
    CHECK_FALSE(e.item.title.empty());
    seen.push_back(e.item.id);
    return seen.size() < 3;
  });
  require_ok(st);
  CHECK(seen == Strings{"1", "2", "3"});
  // The store is usable again at once (the snapshot was released).
  CHECK(log.ids({}).size() == 4);
}

TEST_CASE("incidents by provision, outlet, feed and rule", "[storage][query]") {
  Log log;
  auto titles = [&](const IncidentQuery& q) {
    auto found = log.store->query_incidents(q);
    require_ok(found);
    Strings out;
    for (const auto& in : *found) {
      out.push_back(in.category);
    }
    return out;
  };
  IncidentQuery q;
  q.provision = "AA-II-13*";
  CHECK(titles(q) == Strings{"mdl-crossing"});
  q = {};
  q.source = "kcna";
  CHECK(titles(q) == Strings{"dmz-hostile-act"});
  q = {};
  q.feed = "nknews";
  CHECK(titles(q) == Strings{"commission-activity", "mdl-crossing"});
  q = {};
  q.rule = "missile.launch";
  CHECK(titles(q) == Strings{"missile-launch"});
}

TEST_CASE("search by outlet, rule, severity and provision", "[storage][query]") {
  Log log;
  auto ids = [&](const SearchFilter& f) {
    auto hits = log.store->search("summary", f, 10);
    require_ok(hits);
    Strings out;
    for (const auto& h : *hits) {
      out.push_back(h.item.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(ids({}).size() == 4);
  SearchFilter f;
  f.source = "NK News";
  CHECK(ids(f) == Strings{"3", "4"});
  f = {};
  f.rule = "missile.launch";
  CHECK(ids(f) == Strings{"1"});
  f = {};
  f.min_severity = Severity::kViolation;
  CHECK(ids(f) == Strings{"1", "3"});
  f = {};
  f.provision = "AA-I-*";
  CHECK(ids(f) == Strings{"2", "3"});
}

TEST_CASE("count_events by key, per week and per month", "[storage][stats]") {
  Log log;
  auto counts = [&](CountBy by, CountPer per, const EventQuery& q = {}) {
    auto c = log.store->count_events(q, by, per);
    require_ok(c);
    return by_key(*c);
  };
  using Map = std::map<std::string, std::int64_t>;
  CHECK(counts(CountBy::kSeverity, CountPer::kAll) ==
        Map{{"info", 1}, {"violation", 2}, {"warning", 1}});
  CHECK(counts(CountBy::kSource, CountPer::kAll) ==
        Map{{"NK News", 2}, {"Yonhap", 1}, {"kcna", 1}});
  // An event counts once for each provision it cites.
  CHECK(counts(CountBy::kProvision, CountPer::kAll).at("UNSCR-1718") == 1);
  CHECK(counts(CountBy::kProvision, CountPer::kAll).size() == 6);
  // 2024-05-06 and 2024-06-03 are Mondays; 2024-06-04 a Tuesday.
  CHECK(counts(CountBy::kCategory, CountPer::kWeek) == Map{{"missile-launch 2024-05-06", 1},
                                                           {"dmz-hostile-act 2024-05-20", 1},
                                                           {"mdl-crossing 2024-06-03", 1},
                                                           {"commission-activity 2024-06-03", 1}});
  EventQuery q;
  q.source = "NK News";
  CHECK(counts(CountBy::kFeed, CountPer::kMonth, q) == Map{{"nknews 2024-06-01", 2}});
  auto ordered = log.store->count_events({}, CountBy::kFeed, CountPer::kAll);
  require_ok(ordered);
  CHECK(ordered->front().key == "nknews");  // most first
}

TEST_CASE("query plans: time windows use the detection-time index", "[storage][plan]") {
  Log log;
  EventQuery q;
  q.since = at("2024-06-01T00:00:00Z");
  std::string events = plan(log.path, events_sql(q));
  INFO(events);
  CHECK_THAT(events, Catch::Contains("events_detected_at"));
  CHECK_THAT(events, !Catch::Contains("SCAN e"));
  // Counting categories reads the events' indexes only: no item rows.
  std::string counts = plan(log.path, counts_sql(q, CountBy::kCategory, CountPer::kWeek));
  INFO(counts);
  CHECK_THAT(counts, Catch::Contains("COVERING INDEX") || Catch::Contains("events_detected_at"));
  CHECK_THAT(counts, !Catch::Contains("SEARCH i"));
}
