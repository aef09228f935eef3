// Alerting with a real SQLite outbox, a manual clock and a recording receiver:
// routing into the outbox, grouping per incident, updates, silences, and
// delivery resumed after a restart with the same idempotency key; provision
// paraphrases from the real provisions table; hourly digests mailed to a real
// SMTP server (tests/support/smtp_server.py, aiosmtpd) on 127.0.0.1.
#include "daemon/alerting.h"

#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "alerts/email_message.h"
#include "alerts/grouping.h"
#include "alerts/recording_sink.h"
#include "alerts/render.h"
#include "alerts/webhook_format.h"
#include "config/config.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace std::chrono_literals;

namespace {

config::AlertsConfig alerts_config(Millis retry_base = 1s) {
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
  c.retry_base = retry_base;
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

  Millis retry_base;
  daemon::AlertTexts texts;
  std::optional<config::AlertsConfig> real;  // set: real receivers built from this config

  explicit Fixture(Millis retry = 1s, daemon::AlertTexts t = {})
      : retry_base(retry), texts(std::move(t)) {
    open();
    start();
  }
  Fixture(config::AlertsConfig c, daemon::AlertTexts t)
      : retry_base(c.retry_base), texts(std::move(t)), real(std::move(c)) {
    open();
    start();
  }
  void open() {
    storage::StoreOptions o;
    o.clock = &clock;
    auto s = storage::open_sqlite_store(dir.file("a.db"), o);
    REQUIRE(s);
    store = std::move(*s);
  }
  void start() {
    if (real) {
      auto a = daemon::Alerting::start(*real, *store->alerts(), clock, nullptr, texts);
      REQUIRE(a);
      alerting = std::move(*a);
      return;
    }
    alerting = daemon::Alerting::start_with_sinks(alerts_config(retry_base), *store->alerts(),
                                                  clock, nullptr, {{"duty", sink}}, texts);
  }
  // Records one item with one event, routed by the real router.
  void report(const Item& it, const Event& e) {
    storage::ItemRecord rec{it, {e}, {}};
    rec.events[0].time = clock.now();
    rec.alerts = alerting->route(rec.item, rec.events);
    auto stats = store->record({rec});
    REQUIRE(stats);
  }
  // Lets the loop run for `d` of manual time, in `step`s.
  void run_for(Millis d, Millis step = 1s) {
    for (Millis t{0}; t < d; t += step) {
      clock.advance(step);
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
  // A retry ten minutes out: the manual clock's last steps cannot reach it,
  // however late the worker makes its first attempt.
  Fixture f(10min);
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

namespace {

const std::string kSourceDir = ARMWATCH_SOURCE_DIR;

daemon::AlertTexts real_texts() {
  auto texts = daemon::load_alert_texts({kSourceDir + "/rules/pack"});
  REQUIRE(texts.provisions);
  REQUIRE(texts.history);
  return texts;
}

std::vector<std::string> smtp_argv(int port = 0) {
  return {"/usr/bin/python3", kSourceDir + "/tests/support/smtp_server.py", "--port",
          std::to_string(port)};
}

config::AlertsConfig digest_config(int smtp_port) {
  config::AlertsConfig c;
  config::ReceiverConfig r;
  r.name = "desk";
  r.type = "email";
  r.url = "smtp://127.0.0.1:" + std::to_string(smtp_port);
  r.tls = "none";
  r.from = "armwatch@armwatch.example";
  r.to = {"desk@example.org"};
  r.digest = "hourly";
  r.timeout = 10s;
  c.receivers.push_back(r);
  c.default_receivers = {"desk"};
  c.retry_base = 10min;
  return c;
}

// The JSON lines (one per mail) the SMTP server printed, waiting for `count`.
std::vector<nlohmann::json> mails(testing::LocalServer& server, std::size_t count,
                                  std::vector<nlohmann::json>& seen) {
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (seen.size() < count && std::chrono::steady_clock::now() < deadline) {
    for (const auto& line : server.read_lines()) {
      if (!line.empty() && line.front() == '{') {
        seen.push_back(nlohmann::json::parse(line));
      }
    }
    std::this_thread::sleep_for(20ms);
  }
  return seen;
}

std::string digest_message_id(const std::string& start, const std::string& end) {
  return alerts::message_id(alerts::notification_id("desk", "digest-" + start + "/" + end, 0),
                            "armwatch.example");
}

std::string text_part(const nlohmann::json& mail) {
  for (const auto& part : mail.at("parts")) {
    if (part.at("content_type") == "text/plain") {
      return part.at("text").get<std::string>();
    }
  }
  return {};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("alerts quote each provision's paraphrase and each precedent's summary",
          "[daemon][alerts][texts]") {
  daemon::AlertTexts texts = real_texts();
  const rules::Provision* unscr = texts.provisions->find("UNSCR-1718");
  const rules::Provision* dmz = texts.provisions->find("AA-I-6");
  REQUIRE(unscr != nullptr);
  REQUIRE(dmz != nullptr);
  rules::HistoryEntry precedent = texts.history->entries.front();
  Fixture f(1s, std::move(texts));
  Event e = event(Severity::kViolation);
  e.provisions = {"UNSCR-1718", "AA-I-6", "AA-X-404"};
  e.precedents = {precedent.id};
  f.report(item("a", "yonhap", "North Korea fires ballistic missile into East Sea"), e);
  f.report(item("b", "kcna", "North Korea fires ballistic missile into the East Sea"), e);
  f.run_for(35s);
  REQUIRE(f.sink->wait_for(1, 5s));
  Notification n = f.sink->received()[0];
  REQUIRE(n.content.provisions.size() == 3);
  CHECK(n.content.provisions[0].paraphrase == unscr->paraphrase);
  CHECK(n.content.provisions[1].paraphrase == dmz->paraphrase);
  CHECK(n.content.provisions[2].paraphrase.empty());  // not in the table: the id alone
  REQUIRE(n.content.precedents.size() == 1);
  CHECK(n.content.precedents[0].summary == precedent.date + ": " + precedent.summary);
  REQUIRE(n.content.incident);
  CHECK(n.content.incident->sources == std::vector<std::string>{"kcna", "yonhap"});
  CHECK(contains(alerts::render_text(n), "UNSCR-1718: " + unscr->paraphrase));
  auto payload = nlohmann::json::parse(alerts::webhook_payload(n));
  CHECK(payload.at("provisions")[1].at("paraphrase") == dmz->paraphrase);
  CHECK(payload.at("precedents")[0].at("summary") == n.content.precedents[0].summary);
}

TEST_CASE("a digest receiver gets one mail per hour, kept across a restart",
          "[daemon][alerts][digest]") {
  testing::LocalServer smtp(smtp_argv());
  Fixture f(digest_config(smtp.port()), real_texts());
  Event launch = event(Severity::kViolation);
  launch.provisions = {"UNSCR-1718"};
  f.report(item("a", "yonhap", "North Korea fires ballistic missile"), launch);
  f.report(item("b", "kcna", "North Korea fires a ballistic missile"), launch);
  f.run_for(10min, 1min);
  // A restart within the hour: the outbox keeps what the digest will say.
  f.alerting.reset();
  f.start();
  f.report(item("c", "reuters", "Artillery drill near the NLL"),
           event(Severity::kWarning, "drill"));
  f.run_for(50min, 1min);  // 01:00: the hour is over, but not its grace
  CHECK(f.notifications().empty());
  f.run_for(2min, 1min);
  std::vector<nlohmann::json> seen;
  REQUIRE(mails(smtp, 1, seen).size() == 1);
  const auto& m = seen[0];
  CHECK(m.at("subject") ==
        "[armwatch] digest: violation: 2 incidents from 2024-06-10T00:00:00Z to "
        "2024-06-10T01:00:00Z");
  CHECK(m.at("message_id") == digest_message_id("2024-06-10T00:00:00Z", "2024-06-10T01:00:00Z"));
  CHECK(m.at("auto_submitted") == "auto-generated");
  CHECK(m.at("defects").empty());
  std::string text = text_part(m);
  // Each incident once, headed by its latest most severe report, with every report.
  CHECK(contains(text, "violation: North Korea fires a ballistic missile"));
  CHECK(contains(text, "warning: Artillery drill near the NLL"));
  CHECK(contains(text, "http://127.0.0.1/a"));
  CHECK(contains(text, "http://127.0.0.1/b"));
  CHECK(text.find("warning: Artillery") > text.find("violation: North Korea"));
  CHECK(contains(
      text, "Provision UNSCR-1718: " + real_texts().provisions->find("UNSCR-1718")->paraphrase));

  // The next hour is a digest of its own, with its own Message-ID.
  f.report(item("d", "yonhap", "Another launch"), event(Severity::kViolation, "launch-2"));
  f.run_for(62min, 1min);
  REQUIRE(mails(smtp, 2, seen).size() == 2);
  CHECK(seen[1].at("message_id") ==
        digest_message_id("2024-06-10T01:00:00Z", "2024-06-10T02:00:00Z"));
  f.alerting->stop();  // persists the last attempt
  auto stored = f.notifications();
  REQUIRE(stored.size() == 2);
  for (const auto& r : stored) {
    CHECK(r.notification.kind == AlertKind::kDigest);
    CHECK(r.notification.status == AlertStatus::kSent);
  }
}

TEST_CASE("a digest that failed is resent after a restart with the same Message-ID",
          "[daemon][alerts][digest]") {
  int port = 0;
  {
    testing::LocalServer probe(smtp_argv());
    port = probe.port();
  }  // nothing listens on `port` now: the first attempt fails
  Fixture f(digest_config(port), real_texts());
  f.report(item("a", "yonhap", "North Korea fires ballistic missile"), event(Severity::kViolation));
  f.run_for(62min, 1min);
  auto records = f.notifications();
  REQUIRE(records.size() == 1);
  std::string id = records[0].notification.id;
  for (int i = 0; i < 200 && f.store->alerts()->attempts(id)->empty(); ++i) {
    std::this_thread::sleep_for(20ms);
    f.alerting->tick();
  }
  f.alerting.reset();
  auto attempts = f.store->alerts()->attempts(id);
  REQUIRE(attempts);
  REQUIRE(attempts->size() >= 1);
  CHECK_FALSE(attempts->front().ok);

  testing::LocalServer smtp(smtp_argv(port));
  f.start();               // resume() rebuilds the digest from the outbox rows it holds
  f.run_for(35min, 1min);  // past any retry: backoff is capped at 30 minutes
  std::vector<nlohmann::json> seen;
  REQUIRE(mails(smtp, 1, seen).size() == 1);
  CHECK(seen[0].at("message_id") == alerts::message_id(id, "armwatch.example"));
  CHECK(seen[0].at("message_id") ==
        digest_message_id("2024-06-10T00:00:00Z", "2024-06-10T01:00:00Z"));
  CHECK(contains(text_part(seen[0]), "violation: North Korea fires ballistic missile"));
  CHECK(seen[0].at("date") == "Mon, 10 Jun 2024 01:01:00 +0000");  // its creation, not the resend
}

TEST_CASE("a report committed after its hour's digest went out is in the next digest",
          "[daemon][alerts][digest]") {
  testing::LocalServer smtp(smtp_argv());
  Fixture f(digest_config(smtp.port()), real_texts());
  f.report(item("a", "yonhap", "North Korea fires ballistic missile"), event(Severity::kViolation));
  f.run_for(62min, 1min);
  std::vector<nlohmann::json> seen;
  REQUIRE(mails(smtp, 1, seen).size() == 1);
  // Another writer's transaction stamped 00:59:30 commits at 01:02, after the
  // 00:00 digest was sent.
  ManualClock late{*parse_rfc3339("2024-06-10T00:59:30Z")};
  storage::StoreOptions o;
  o.clock = &late;
  auto writer = storage::open_sqlite_store(f.dir.file("a.db"), o);
  REQUIRE(writer);
  storage::ItemRecord rec{item("b", "kcna", "Artillery fired near the NLL"),
                          {event(Severity::kWarning, "artillery")},
                          {}};
  rec.events[0].time = late.now();
  rec.alerts = f.alerting->route(rec.item, rec.events);
  REQUIRE((*writer)->record({rec}));
  f.run_for(60min, 1min);  // 02:02: the 01:00 digest is out
  REQUIRE(mails(smtp, 2, seen).size() == 2);
  CHECK(seen[1].at("message_id") ==
        digest_message_id("2024-06-10T01:00:00Z", "2024-06-10T02:00:00Z"));
  CHECK(contains(text_part(seen[1]), "warning: Artillery fired near the NLL"));
  CHECK_FALSE(contains(text_part(seen[0]), "Artillery"));
  CHECK(f.notifications().size() == 2);
}

TEST_CASE("digest is read from the config for email receivers only", "[daemon][alerts][digest]") {
  auto ok = config::parse_config(
      "alerts:\n  receivers:\n    - {name: desk, type: email, url: 'smtp://127.0.0.1:25',"
      " tls: none, from: a@b.example, to: [c@d.example], digest: daily}\n",
      "ok.yaml");
  REQUIRE(ok);
  CHECK(ok->alerts.receivers[0].digest == "daily");
  auto bad = config::parse_config(
      "alerts:\n  receivers:\n    - {name: desk, type: email, url: 'smtp://127.0.0.1:25',"
      " tls: none, from: a@b.example, to: [c@d.example], digest: weekly}\n",
      "bad.yaml");
  REQUIRE_FALSE(bad);
  CHECK(contains(bad.error().to_string(), "digest must be hourly or daily"));
  auto hook = config::parse_config(
      "alerts:\n  receivers:\n    - {name: hook, type: webhook, url: 'http://127.0.0.1:9/',"
      " digest: hourly}\n",
      "hook.yaml");
  REQUIRE_FALSE(hook);
  CHECK(contains(hook.error().to_string(), "email receiver"));
}
