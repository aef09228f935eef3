// A small event log for the query-command tests (events, incidents, search,
// show, stats, export, feeds), dated relative to now so that the commands'
// default windows apply, and helpers to run the real `armwatch` binary on it.
//
//   item  feed    title                                                  age  category, severity
//   u1    un      "UN Command and KPA hold talks at Panmunjom"           20d  commission-activity,
//   info k1    kcna    "KPA guards fire warning shots near the DMZ"           3d   dmz-hostile-act,
//   warning y1    yonhap  "North Korea fires ballistic missile into East Sea"    2h missile-launch,
//   violation n1    nknews  "N. Korea launches ballistic missile toward East Sea"  1h
//   missile-launch, warning
//
// Recorded in that order (event ids 1 to 4); y1 and n1 form one incident; kcna
// has no source (its feed name stands in). Feeds: yonhap ok, kcna failing
// (overdue), un disabled.
#pragma once

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "storage/event_store.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

namespace armwatch::cli::testing {

using nlohmann::json;

inline Event log_event(const std::string& rule, const std::string& category, Severity severity,
                       TimePoint time, std::vector<std::string> provisions) {
  Event e;
  e.rule_id = rule;
  e.category = category;
  e.severity = severity;
  e.time = time;
  e.provisions = std::move(provisions);
  e.message = rule + " matched";
  return e;
}

// `text`'s first occurrence in `field` of `item`, as the rules would give it.
inline Span span_of(const std::string& field, const std::string& in, const std::string& text) {
  std::size_t at = in.find(text);
  REQUIRE(at != std::string::npos);
  return Span{field, at, at + text.size(), text};
}

class LogFixture {
 public:
  LogFixture() {
    auto store = storage::open_sqlite_store(path);
    REQUIRE(store);
    auto& s = **store;
    TimePoint now = SystemClock().now();
    auto ago = [&](std::chrono::minutes m) { return now - m; };
    using std::chrono::hours;
    using std::chrono::minutes;

    storage::ItemRecord y{
        item("yonhap", "y1", "Yonhap", "North Korea fires ballistic missile into East Sea",
             "North Korea fired a short-range ballistic missile on Sunday.",
             "The Joint Chiefs of Staff said the missile flew 600 km."),
        {},
        {}};
    y.item.published = ago(minutes(125));
    Event e1 = log_event("missile-launch-dprk", "missile-launch", Severity::kViolation,
                         ago(minutes(120)), {"UNSCR-1718", "UNSCR-1874"});
    e1.precedents = {"H-2017-11-29-hwasong-15-icbm"};
    e1.evidence = {span_of("title", y.item.title, "ballistic missile"),
                   span_of("title", y.item.title, "East Sea"),
                   span_of("summary", y.item.summary, "ballistic missile")};
    y.events.push_back(e1);

    storage::ItemRecord n{
        item("nknews", "n1", "NK News", "N. Korea launches ballistic missile toward East Sea",
             "A ballistic missile was launched toward the East Sea.", ""),
        {},
        {}};
    n.item.published = ago(minutes(65));
    Event e2 = log_event("missile-launch-dprk", "missile-launch", Severity::kWarning,
                         ago(minutes(60)), {"UNSCR-1718"});
    e2.evidence = {span_of("title", n.item.title, "ballistic missile")};
    n.events.push_back(e2);

    storage::ItemRecord k{item("kcna", "k1", "", "KPA guards fire warning shots near the DMZ",
                               "Guards fired warning shots at a patrol, the statement said.", ""),
                          {},
                          {}};
    k.item.published = ago(hours(72));
    Event e3 = log_event("dmz-gunfire", "dmz-hostile-act", Severity::kWarning, ago(hours(72)),
                         {"AA-I-6", "AA-II-12"});
    e3.evidence = {span_of("title", k.item.title, "warning shots")};
    k.events.push_back(e3);

    storage::ItemRecord u{item("un", "u1", "UN News", "UN Command and KPA hold talks at Panmunjom",
                               "Officers met at Panmunjom on the repatriation of remains.", ""),
                          {},
                          {}};
    u.item.published = ago(hours(480));
    Event e4 = log_event("commission-talks", "commission-activity", Severity::kInfo,
                         ago(hours(480)), {"AA-II-25"});
    e4.evidence = {span_of("title", u.item.title, "Panmunjom")};
    u.events.push_back(e4);
    // One batch per item, oldest first, as successive polls would.
    for (auto* r : {&u, &k, &y, &n}) {
      REQUIRE(s.record({*r}));
    }
    feed_state(s, "yonhap", now - minutes(5), now - minutes(5), now + minutes(10), 0, "", false);
    feed_state(s, "kcna", now - minutes(8), now - hours(30), now - minutes(2), 3, "HTTP status 503",
               false);
    feed_state(s, "un", now - hours(50), now - hours(50), std::nullopt, 0, "", true);
  }

  // Runs armwatch with `args` after "--db PATH"; stdout (and stderr after it
  // when `merge_stderr`) in `out`. Returns the exit status.
  int run(std::vector<std::string> args, std::string& out, bool merge_stderr = false) const {
    std::vector<std::string> argv = {ARMWATCH_BIN, "--db", path};
    argv.insert(argv.end(), args.begin(), args.end());
    return armwatch::testing::run_command(argv, &out, merge_stderr);
  }

  // Runs armwatch and parses its JSON output (an empty output as []).
  json run_json(std::vector<std::string> args, int expected_status = 0) const {
    std::string out;
    int status = run(std::move(args), out);
    INFO(out);
    REQUIRE(status == expected_status);
    return out.empty() ? json::array() : json::parse(out);
  }

  // Runs armwatch and parses its NDJSON output into an array, one per line.
  json run_ndjson(std::vector<std::string> args, int expected_status = 0) const {
    std::string out;
    int status = run(std::move(args), out);
    INFO(out);
    REQUIRE(status == expected_status);
    json lines = json::array();
    for (std::size_t at = 0; at < out.size();) {
      std::size_t nl = out.find('\n', at);
      REQUIRE(nl != std::string::npos);
      lines.push_back(json::parse(out.substr(at, nl - at)));
      at = nl + 1;
    }
    return lines;
  }

  // Runs armwatch on a pseudo-terminal (script(1)), as an analyst would, with
  // extra environment assignments ("NO_COLOR=1"); returns what it printed.
  std::string run_on_tty(const std::string& args, const std::string& env = "") const {
    std::string command = env + (env.empty() ? "" : " ") + "COLUMNS=100 " +
                          std::string(ARMWATCH_BIN) + " --db " + path + " " + args;
    std::string out;
    int status =
        armwatch::testing::run_command({"script", "-qefc", command, "/dev/null"}, &out, true);
    INFO(out);
    CHECK(status <= 1);
    return out;
  }

  std::int64_t id_of(const std::string& item_id) const {
    json events = run_json({"events", "--since", "30d", "--format", "json"});
    for (const auto& e : events) {
      if (e.at("item_id") == item_id) {
        return e.at("id").get<std::int64_t>();
      }
    }
    FAIL("no event for item " << item_id);
    return 0;
  }

  armwatch::testing::TempDir dir;
  std::string path = dir.file("armwatch.db");

 private:
  static Item item(const std::string& feed, const std::string& id, const std::string& source,
                   const std::string& title, const std::string& summary,
                   const std::string& content) {
    Item it;
    it.feed = feed;
    it.id = id;
    it.source = source;
    it.title = title;
    it.summary = summary;
    it.content = content;
    it.link = "https://" + feed + ".example/" + id;
    return it;
  }

  static void feed_state(storage::EventStore& s, const std::string& name, TimePoint fetch,
                         TimePoint success, std::optional<TimePoint> due, int errors,
                         const std::string& error, bool disabled) {
    auto state = s.feed_state(name);
    REQUIRE(state);
    state->last_fetch = fetch;
    state->last_success = success;
    state->next_due = due;
    state->last_status = errors > 0 ? 503 : 200;
    state->consecutive_errors = errors;
    state->last_error = error;
    state->disabled = disabled;
    state->disabled_reason = disabled ? "gone (HTTP 410)" : "";
    REQUIRE(s.save_feed_state(*state));
  }
};

}  // namespace armwatch::cli::testing
