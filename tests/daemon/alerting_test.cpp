// Alerting with a real SQLite outbox, a manual clock and a recording receiver:
// routing into the outbox, grouping per incident, updates, silences, and
// delivery resumed after a restart with the same idempotency key.
#include "daemon/alerting.h"

#include <catch2/catch.hpp>

#include "alerts/recording_sink.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace std::chrono_literals;

namespace {

config::AlertsConfig alerts_config() {
  config::AlertsConfig c;
  config::ReceiverConfig r;
  r.name = "duty";
  r.type = "webhook";
  r.url = "http://127.0.0.1:9/";
  c.receivers.push_back(r);
  config::RouteConfig route;
  route.min_severity = "warning";
  route.receivers = {"duty"};
  c.routes.push_back(route);
  c.group_wait = 30s;
  c.group_interval = 5min;
  c.retry_base = 1s;
  return c;
}

Event event(Severity s, const std::string& category = "missile-launch") {
  Event e;
  e.rule_id = "r-" + category;
  e.category = category;
  e.severity = s;
  e.provisions = {"UNSCR-1718"};
  e.evidence = {Span{"title", 0, 11, "North Korea"}};
  return e;
}

Item item(const std::string& id, const std::string& feed, const std::string& title) {
  Item it;
  it.feed = feed;
  it.source = feed;
  it.id = id;
  it.title = title;
  it.link = "http://127.0.0.1/" + id;
  return it;
}

struct Fixture {
  testing::TempDir dir;
  ManualClock clock{*parse_rfc3339("2024-06-10T00:00:00Z")};
  std::unique_ptr<storage::EventStore> store;
  std::shared_ptr<alerts::RecordingSink> sink = std::make_shared<alerts::RecordingSink>();
  std::unique_ptr<daemon::Alerting> alerting;

  Fixture() {
    storage::StoreOptions o;
    o.clock = &clock;
    auto s = storage::open_sqlite_store(dir.file("a.db"), o);
    REQUIRE(s);
    store = std::move(*s);
    start();
  }
  void start() {
    alerting = daemon::Alerting::start_with_sinks(alerts_config(), *store->alerts(), clock, nullptr,
                                                  {{"duty", sink}});
  }
  // Records one item with one event, routed by the real router.
  void report(const Item& it, const Event& e) {
    storage::ItemRecord rec{it, {e}, {}};
    rec.events[0].time = clock.now();
    rec.alerts = alerting->route(rec.item, rec.events);
    auto stats = store->record({rec});
    REQUIRE(stats);
  }
  // Lets the loop run for `d` of manual time, in 1 s steps.
  void run_for(Millis d) {
    for (Millis t{0}; t < d; t += 1s) {
      clock.advance(1s);
      alerting->tick();
    }
  }
  std::vector<storage::NotificationRecord> notifications() {
    auto n = store->alerts()->notifications({});
    REQUIRE(n);
    return *n;
  }
};

}  // namespace

TEST_CASE("an event's alert waits in the outbox, then goes out once", "[daemon][alerts]") {
  Fixture f;
  f.report(item("a", "yonhap", "North Korea fires ballistic missile"), event(Severity::kViolation));
  f.run_for(10s);
  CHECK(f.sink->received().empty());  // group_wait not over yet
  f.run_for(25s);
  REQUIRE(f.sink->wait_for(1, 5000ms));
  f.alerting->tick();
  auto sent = f.sink->received();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].kind == AlertKind::kNew);
  CHECK(sent[0].content.title == "North Korea fires ballistic missile");
  CHECK(sent[0].content.provisions.at(0).id == "UNSCR-1718");

  f.alerting->stop();
  auto stored = f.notifications();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].notification.id == sent[0].id);
  CHECK(stored[0].notification.status == AlertStatus::kSent);
  auto attempts = f.store->alerts()->attempts(sent[0].id);
  REQUIRE(attempts);
  REQUIRE(attempts->size() == 1);
  CHECK(attempts->at(0).ok);
}

TEST_CASE("info events are not routed to a warning receiver", "[daemon][alerts]") {
  Fixture f;
  f.report(item("t", "un", "UN Command and KPA hold talks at Panmunjom"),
           event(Severity::kInfo, "commission-activity"));
  f.run_for(40s);
  f.alerting->stop();
  CHECK(f.sink->received().empty());
  CHECK(f.notifications().empty());
}

TEST_CASE("more reports of one incident make one alert, and an update only when it escalates",
          "[daemon][alerts]") {
  Fixture f;
  f.report(item("a", "yonhap", "North Korea fires ballistic missile into East Sea"),
           event(Severity::kWarning));
  f.report(item("b", "yonhap", "North Korea fires ballistic missile into the East Sea"),
           event(Severity::kWarning));
  f.run_for(35s);
  REQUIRE(f.sink->wait_for(1, 5000ms));
  f.run_for(10min);
  CHECK(f.sink->received().size() == 1);  // same incident, same source, same severity

  // The same incident, now a violation reported by a second outlet.
  f.report(item("c", "kcna-watch", "North Korea fires ballistic missile into East Sea"),
           event(Severity::kViolation));
  f.run_for(35s);
  REQUIRE(f.sink->wait_for(2, 5000ms));
  f.alerting->tick();
  auto sent = f.sink->received();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].kind == AlertKind::kUpdate);
  CHECK(sent[1].thread_id == sent[0].id);
  CHECK(sent[1].id != sent[0].id);
  CHECK(sent[1].severity == Severity::kViolation);
}

TEST_CASE("a silenced alert is recorded as silenced and never sent", "[daemon][alerts]") {
  Fixture f;
  storage::SilenceRecord s;
  s.matchers = {{"category", "missile-launch"}};
  s.reason = "known exercise";
  s.created = f.clock.now();
  s.expires = f.clock.now() + 24h;
  auto id = f.store->alerts()->add_silence(s);
  REQUIRE(id);
  f.alerting.reset();
  f.start();  // loads the silence
  f.report(item("a", "yonhap", "North Korea fires ballistic missile"), event(Severity::kViolation));
  f.run_for(40s);
  f.alerting->stop();
  CHECK(f.sink->received().empty());
  auto stored = f.notifications();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].notification.status == AlertStatus::kSilenced);
  CHECK(stored[0].notification.silenced_by == std::to_string(*id));
}

TEST_CASE("after a restart, a pending alert is delivered with the same id", "[daemon][alerts]") {
  Fixture f;
  f.sink->script({alerts::DeliveryResult{false, false, std::nullopt, 503, "unavailable"}});
  f.report(item("a", "yonhap", "North Korea fires ballistic missile"), event(Severity::kViolation));
  f.run_for(35s);
  REQUIRE(f.sink->wait_for(1, 5000ms));
  f.alerting->stop();  // "crash" after one failed attempt: it stays pending
  auto pending = f.notifications();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].notification.status == AlertStatus::kPending);
  CHECK(pending[0].notification.attempts == 1);

  f.start();  // a new daemon on the same database
  f.clock.advance(1h);
  REQUIRE(f.sink->wait_for(2, 5000ms));
  f.alerting->stop();
  auto sent = f.sink->received();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].id == sent[0].id);  // the same idempotency key
  CHECK(sent[1].content.title == "North Korea fires ballistic missile");
  CHECK(f.notifications()[0].notification.status == AlertStatus::kSent);
}
