// Incident grouping: the similarity rule on its own, then through record().
#include "storage/incidents.h"

#include <cmath>

#include <catch2/catch.hpp>

#include "tests/storage/store_helpers.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::storage;
using namespace armwatch::storage::testing;
using armwatch::testing::TempDir;

namespace {

using Strings = std::vector<std::string>;

// One outlet's report of a missile launch, with the rule's evidence spans.
ItemRecord report(const std::string& feed, const std::string& id, const std::string& title,
                  const std::string& summary, const char* time, Severity severity, Strings anchors,
                  Strings provisions = {"UNSCR-1718"}) {
  ItemRecord r{make_item(feed, id, title, summary), {}};
  r.item.published = at(time);
  Event e = make_event("missile.launch", "missile-launch", severity, at(time));
  e.provisions = std::move(provisions);
  for (auto& a : anchors) {
    e.evidence.push_back(Span{"title", 0, a.size(), a});
  }
  r.events.push_back(e);
  return r;
}

ItemRecord yonhap_launch() {
  return report("yonhap", "y1", "North Korea fires ballistic missile into East Sea",
                "North Korea fired a short-range ballistic missile into the East Sea on Sunday, "
                "South Korea's Joint Chiefs of Staff said.",
                "2024-06-09T01:00:00Z", Severity::kWarning, {"ballistic missile", "East Sea"});
}

ItemRecord nknews_launch() {
  return report("nknews", "n1", "N. Korea launches ballistic missile toward East Sea: JCS",
                "North Korea launched a ballistic missile toward the East Sea on Sunday, the "
                "Joint Chiefs of Staff said.",
                "2024-06-09T03:30:00Z", Severity::kViolation, {"Ballistic  Missile", "east sea"},
                {"AA-II-13", "UNSCR-1718"});
}

std::vector<Incident> incidents(EventStore& store, const IncidentQuery& q = {}) {
  auto found = store.query_incidents(q);
  require_ok(found);
  return *found;
}

}  // namespace

TEST_CASE("text tokens: lower-cased words without stop words or plurals", "[storage][incidents]") {
  CHECK(text_tokens("The KPA fired missiles at the MDL, JCS says") ==
        Strings{"fired", "jcs", "kpa", "mdl", "missile"});
  CHECK(text_tokens("Korea\xE2\x80\x99s \xE2\x80\x9Cprovocation\xE2\x80\x9D \xE2\x80\x94 again") ==
        Strings{"again", "korea", "provocation"});
  CHECK(text_tokens("북한, 탄도미사일 발사") == Strings{"발사", "북한", "탄도미사일"});
  CHECK(text_tokens("").empty());
}

TEST_CASE("similarity and the sameness rule", "[storage][incidents]") {
  CHECK(jaccard({"a", "b"}, {"b", "c"}) == Approx(1.0 / 3));
  CHECK(jaccard({}, {}) == 0);
  CHECK(normalise_anchor("  East\t Sea ") == "east sea");
  // A headline without a summary still matches its copy that has one.
  auto with = report_text("North Korea fires missile", "A long summary about many other things");
  auto without = report_text("North Korea fires missile", "");
  CHECK(similarity(with, without) == Approx(1.0));
  CHECK(same_incident(0.6, false));
  CHECK_FALSE(same_incident(0.3, false));
  CHECK(same_incident(0.3, true));
  CHECK_FALSE(same_incident(0.1, true));
}

TEST_CASE("reports of one launch from two outlets become one incident", "[storage][incidents]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->record({yonhap_launch()}));
  auto first = incidents(*store);
  REQUIRE(first.size() == 1);
  CHECK(first[0].severity == Severity::kWarning);
  CHECK(first[0].report_count == 1);

  require_ok(store->record({nknews_launch()}));
  auto merged = incidents(*store);
  REQUIRE(merged.size() == 1);
  const Incident& in = merged[0];
  CHECK(in.id == first[0].id);
  CHECK(in.category == "missile-launch");
  CHECK(in.severity == Severity::kViolation);  // raised by the later report
  CHECK(in.report_count == 2);
  CHECK(in.source_count == 2);
  CHECK(in.first_seen == at("2024-06-09T01:00:00Z"));
  CHECK(in.last_seen == at("2024-06-09T03:30:00Z"));
  CHECK(in.provisions == Strings{"AA-II-13", "UNSCR-1718"});
  CHECK(in.title == "North Korea fires ballistic missile into East Sea");

  EventQuery q;
  q.incident_id = in.id;
  auto reports = store->query_events(q);
  require_ok(reports);
  CHECK(reports->size() == 2);
}

TEST_CASE("what keeps reports apart", "[storage][incidents]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->record({yonhap_launch()}));
  ItemRecord other = nknews_launch();

  SECTION("another category") {
    other.events[0].category = "nuclear-test";
  }
  SECTION("more than the window apart") {
    other.item.published = at("2024-06-11T02:00:00Z");
  }
  SECTION("a different story in the same category and day") {
    other = report("kcna", "k1", "Cruise missiles test-fired off west coast",
                   "Strategic cruise missiles flew 1,500 km over the West Sea.",
                   "2024-06-09T05:00:00Z", Severity::kWarning, {"cruise missiles", "West Sea"});
  }
  require_ok(store->record({other}));
  CHECK(incidents(*store).size() == 2);
}

TEST_CASE("a rewrite without shared evidence joins only when near-duplicate",
          "[storage][incidents]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->record({yonhap_launch()}));
  ItemRecord copy = report("wire", "w1", "North Korea fires ballistic missile into East Sea", "",
                           "2024-06-09T02:00:00Z", Severity::kInfo, {});
  require_ok(store->record({copy}));
  auto found = incidents(*store);
  REQUIRE(found.size() == 1);
  CHECK(found[0].report_count == 2);
  CHECK(found[0].severity == Severity::kWarning);  // never lowered
}

TEST_CASE("reports in one batch group as well, and one outlet counts once",
          "[storage][incidents]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  ItemRecord again = nknews_launch();
  again.item.id = "n2";  // the same outlet's follow-up
  require_ok(store->record({yonhap_launch(), nknews_launch(), again}));
  auto found = incidents(*store);
  REQUIRE(found.size() == 1);
  CHECK(found[0].report_count == 3);
  CHECK(found[0].source_count == 2);
}

TEST_CASE("query_incidents filters", "[storage][incidents]") {
  TempDir dir;
  auto store = open_store(dir.file("events.db"));
  require_ok(store->record({yonhap_launch(), nknews_launch()}));
  ItemRecord talks{make_item("un", "u1", "Military talks resume at Panmunjom"), {}};
  talks.item.published = at("2024-06-20T00:00:00Z");
  talks.events.push_back(
      make_event("talks", "diplomacy-talks", Severity::kInfo, at("2024-06-20T00:00:00Z")));
  require_ok(store->record({talks}));

  CHECK(incidents(*store).size() == 2);
  CHECK(incidents(*store).front().category == "diplomacy-talks");  // most recent first
  IncidentQuery q;
  q.category = "missile-launch";
  CHECK(incidents(*store, q).size() == 1);
  q = {};
  q.min_severity = Severity::kViolation;
  CHECK(incidents(*store, q).size() == 1);
  q = {};
  q.min_sources = 2;
  CHECK(incidents(*store, q).front().category == "missile-launch");
  q = {};
  q.since = at("2024-06-10T00:00:00Z");
  CHECK(incidents(*store, q).size() == 1);
  q = {};
  q.until = at("2024-06-10T00:00:00Z");
  CHECK(incidents(*store, q).front().category == "missile-launch");
  q = {};
  q.limit = 1;
  CHECK(incidents(*store, q).size() == 1);
}

namespace {

// What the incident columns would be if recomputed from all their events.
std::int64_t drifted(const std::string& path) {
  RawDb raw(path);
  return raw.scalar(
      "SELECT count(*) FROM incidents n WHERE"
      " severity <> (SELECT max(severity) FROM events WHERE incident_id = n.id)"
      " OR report_count <> (SELECT count(DISTINCT item_id) FROM events WHERE incident_id = n.id)"
      " OR source_count <> (SELECT count(DISTINCT coalesce(nullif(i.source, ''), f.name))"
      "   FROM events e JOIN items i ON i.id = e.item_id JOIN feeds f ON f.id = i.feed_id"
      "   WHERE e.incident_id = n.id)"
      " OR first_seen <> (SELECT min(coalesce(i.published, i.updated, e.detected_at))"
      "   FROM events e JOIN items i ON i.id = e.item_id WHERE e.incident_id = n.id)"
      " OR last_seen <> (SELECT max(coalesce(i.published, i.updated, e.detected_at))"
      "   FROM events e JOIN items i ON i.id = e.item_id WHERE e.incident_id = n.id)"
      " OR provisions <> (SELECT json_group_array(value) FROM (SELECT DISTINCT j.value"
      "   FROM events e, json_each(e.provisions) j WHERE e.incident_id = n.id ORDER BY j.value))");
}

ItemRecord launch(const std::string& feed, const std::string& id, const std::string& title,
                  const char* time, Severity severity, Strings provisions) {
  return report(feed, id, title, "", time, severity, {"ballistic missile"}, std::move(provisions));
}

}  // namespace

TEST_CASE("incident columns always equal a recount of their events", "[storage][incidents]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  auto store = open_store(path);
  require_ok(store->record({launch("yonhap", "1", "North Korea fires ballistic missile",
                                   "2024-06-09T01:00:00Z", Severity::kInfo, {"UNSCR-1718"})}));
  // The same outlet again, a second event on one item, a feed without a
  // source, an earlier report (moves first_seen back), a higher severity.
  ItemRecord twice = launch("nknews", "2", "North Korea fires ballistic missile, JCS says",
                            "2024-06-09T03:00:00Z", Severity::kWarning, {"AA-II-13d"});
  twice.events.push_back(twice.events.front());
  twice.events.back().rule_id = "missile.second";
  twice.events.back().provisions = {"UNSCR-1874", "UNSCR-1718"};
  ItemRecord sourceless = launch("kcna", "3", "North Korea fires ballistic missile: KCNA",
                                 "2024-06-08T22:00:00Z", Severity::kViolation, {});
  sourceless.item.source.clear();
  require_ok(store->record({twice, sourceless,
                            launch("yonhap", "4", "North Korea fires ballistic missile again",
                                   "2024-06-09T05:00:00Z", Severity::kInfo, {"UNSCR-1718"})}));
  auto found = incidents(*store);
  REQUIRE(found.size() == 1);
  CHECK(found[0].report_count == 4);
  CHECK(found[0].source_count == 3);
  CHECK(found[0].severity == Severity::kViolation);
  CHECK(found[0].first_seen == at("2024-06-08T22:00:00Z"));
  CHECK(found[0].last_seen == at("2024-06-09T05:00:00Z"));
  CHECK(found[0].provisions == Strings{"AA-II-13d", "UNSCR-1718", "UNSCR-1874"});
  CHECK(drifted(path) == 0);
}

TEST_CASE("another writer's commit is seen by the next grouping", "[storage][incidents]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  auto a = open_store(path);
  auto b = open_store(path);
  // Report 3 resembles only report 2, which another connection recorded: a
  // writer that trusted what it had cached before would open a new incident.
  require_ok(a->record({launch("yonhap", "1", "alpha bravo charlie delta", "2024-06-09T01:00:00Z",
                               Severity::kInfo, {})}));
  require_ok(b->record({launch("nknews", "2", "alpha bravo charlie delta echo foxtrot golf hotel",
                               "2024-06-09T02:00:00Z", Severity::kInfo, {})}));
  require_ok(a->record({launch("kbs", "3", "echo foxtrot golf hotel india", "2024-06-09T03:00:00Z",
                               Severity::kInfo, {})}));
  auto found = incidents(*a);
  REQUIRE(found.size() == 1);
  CHECK(found[0].report_count == 3);
  CHECK(drifted(path) == 0);
}

TEST_CASE("a batch that fails leaves no trace in later grouping", "[storage][incidents]") {
  TempDir dir;
  std::string path = dir.file("events.db");
  auto store = open_store(path);
  require_ok(store->record({launch("yonhap", "1", "alpha bravo charlie delta",
                                   "2024-06-09T01:00:00Z", Severity::kInfo, {})}));
  ItemRecord bad =
      launch("kbs", "bad", "something else", "2024-06-09T02:30:00Z", Severity::kInfo, {});
  bad.events.front().confidence = std::nan("");
  auto failed =
      store->record({launch("nknews", "2", "alpha bravo charlie delta echo foxtrot golf hotel",
                            "2024-06-09T02:00:00Z", Severity::kInfo, {}),
                     bad});
  REQUIRE_FALSE(failed);
  // Report 3 resembles only the rolled-back report 2: a new incident.
  require_ok(store->record({launch("kbs", "3", "echo foxtrot golf hotel india",
                                   "2024-06-09T03:00:00Z", Severity::kInfo, {})}));
  CHECK(incidents(*store).size() == 2);
  CHECK(drifted(path) == 0);
}
