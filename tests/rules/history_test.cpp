// The history timeline (rules/history.h): the shipped timeline loads, ids are
// well formed and unique, search works, and every kind of bad entry is an
// error that names file:line:col.
#include "rules/history.h"

#include <set>

#include <catch2/catch.hpp>

#include "rules/provisions.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::rules;
using armwatch::testing::TempDir;

namespace {

const std::string kTimeline = std::string(ARMWATCH_SOURCE_DIR) + "/rules/history";

// Loads one history file written from `yaml`; the error when it fails.
Result<History> load_text(const std::string& yaml) {
  TempDir dir;
  dir.write("timeline.yaml", yaml);
  return load_history(dir.path());
}

}  // namespace

TEST_CASE("The shipped timeline loads, sorted, with unique well-formed ids", "[rules][history]") {
  auto h = load_history(kTimeline);
  INFO((h ? std::string() : h.error().to_string()));
  REQUIRE(h);
  CHECK(h->entries.size() >= 90);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < h->entries.size(); ++i) {
    const HistoryEntry& e = h->entries[i];
    INFO(e.id);
    CHECK(ids.insert(e.id).second);
    CHECK(e.id.rfind("H-" + e.date + "-", 0) == 0);
    CHECK_FALSE(e.title.empty());
    CHECK_FALSE(e.summary.empty());
    CHECK_FALSE(e.sources.empty());
    CHECK(e.line > 0);
    if (i > 0) {
      CHECK(h->entries[i - 1].date <= e.date);
    }
  }
  const HistoryEntry* y = h->find("H-2010-11-23-yeonpyeong-shelling");
  REQUIRE(y != nullptr);
  CHECK(y->kind == "incident");
  CHECK(y->provisions == std::vector<std::string>{"AA-II-12", "AA-II-13b", "AA-II-15"});
  CHECK(h->find("H-2099-01-01-nothing") == nullptr);
  CHECK(h->find("H-2006-10-14-unscr-1718") != nullptr);
}

TEST_CASE("History search: every word, caseless, over id, title, summary and provisions",
          "[rules][history]") {
  auto h = load_history(kTimeline);
  REQUIRE(h);
  auto shelling = h->search("YEONPYEONG shelled");
  REQUIRE(shelling.size() == 1);
  CHECK(shelling[0].id == "H-2010-11-23-yeonpyeong-shelling");
  auto nnsc = h->search("nnsc");
  CHECK(nnsc.size() >= 4);
  auto by_provision = h->search("CMA-2-GP");
  CHECK(by_provision.size() >= 2);
  CHECK(h->search("no such words anywhere").empty());
  CHECK(h->search("").size() == h->entries.size());
  CHECK(h->search("  ").size() == h->entries.size());
}

TEST_CASE("History errors name the file, line and column", "[rules][history]") {
  struct Case {
    const char* yaml;
    const char* message;
    const char* place;  // ":line:col" expected at the end of the context
  };
  const Case cases[] = {
      {"- id: H-2020-01-01-x\n  date: \"2020-01-01\"\n  kind: incident\n  title: t\n"
       "  summary: s\n  color: red\n",
       "unknown field 'color'", ":6:3"},
      {"- id: H-2020-01-01-x\n  date: \"2020-01-01\"\n  kind: incident\n  title: t\n",
       "no 'summary'", ":1:3"},
      {"- id: 2020-flood\n  date: \"2020\"\n  kind: incident\n  title: t\n  summary: s\n",
       "must be H-<date>-<slug>", ":1:7"},
      {"- id: H-2020-01-01-x\n  date: \"2020-01-02\"\n  kind: incident\n  title: t\n"
       "  summary: s\n",
       "does not start with its date", ":1:7"},
      {"- id: H-2020-x\n  date: \"2020\"\n  kind: rumour\n  title: t\n  summary: s\n",
       "kind 'rumour'", ":3:9"},
      {"- id: H-2020-x\n  date: \"2020\"\n  date_to: \"2019\"\n  kind: incident\n  title: t\n"
       "  summary: s\n",
       "date_to '2019'", ":3:12"},
      {"- id: H-2020-x\n  date: \"2020\"\n  kind: incident\n  title: t\n  summary: s\n"
       "- id: H-2020-x\n  date: \"2020\"\n  kind: incident\n  title: u\n  summary: v\n",
       "duplicate history id 'H-2020-x'", ":6:3"},
      {"- id: H-2020-x\n  date: [2020\n", "", ":"},
      {"id: H-2020-x\n", "must be a list of entries", ":1:1"},
  };
  for (const Case& c : cases) {
    INFO(c.yaml);
    auto h = load_text(c.yaml);
    REQUIRE_FALSE(h);
    CHECK(h.error().code == ErrorCode::kParse);
    CHECK_THAT(h.error().message, Catch::Contains(c.message));
    CHECK_THAT(h.error().context, Catch::Contains("timeline.yaml"));
    CHECK_THAT(h.error().context, Catch::Contains(c.place));
  }
}

TEST_CASE("A missing timeline is kNotFound", "[rules][history]") {
  auto h = load_history("/nonexistent/armwatch/history");
  REQUIRE_FALSE(h);
  CHECK(h.error().code == ErrorCode::kNotFound);
}

TEST_CASE("Every provision the timeline cites is in the provisions table", "[rules][history]") {
  auto h = load_history(kTimeline);
  REQUIRE(h);
  auto table =
      load_provisions(std::string(ARMWATCH_SOURCE_DIR) + "/rules/provisions/provisions.yaml");
  INFO((table ? std::string() : table.error().to_string()));
  REQUIRE(table);
  for (const HistoryEntry& e : h->entries) {
    for (const std::string& p : e.provisions) {
      INFO(e.id << ": " << p);
      CHECK(table->find(p) != nullptr);
    }
  }
}
