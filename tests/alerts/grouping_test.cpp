#include "alerts/grouping.h"

#include <catch2/catch.hpp>

#include "tests/alerts/alert_fixtures.h"

using namespace armwatch;
using namespace armwatch::alerts;
using namespace std::chrono_literals;

namespace {

GroupInput input(std::string key, Severity s, std::vector<std::string> sources,
                 std::string receiver = "ops") {
  auto n = fixtures::sample_notification();
  GroupInput in;
  in.receiver = std::move(receiver);
  in.key = std::move(key);
  in.content = n.content;
  in.content.event.severity = s;
  in.content.incident->severity = s;
  in.content.incident->sources = sources;
  in.content.reports.clear();
  for (const auto& src : sources) {
    in.content.reports.push_back({"t", "https://e/" + src, src, std::nullopt});
  }
  return in;
}

GroupingOptions options() {
  GroupingOptions o;
  o.group_wait = 30s;
  o.group_interval = 5min;
  return o;
}

}  // namespace

TEST_CASE("Notification ids are stable and distinct", "[alerts][grouping]") {
  CHECK(notification_id("ops", "incident:42", 0) == notification_id("ops", "incident:42", 0));
  CHECK(notification_id("ops", "incident:42", 0).size() == 32);
  CHECK(notification_id("ops", "incident:42", 0) != notification_id("ops", "incident:42", 1));
  CHECK(notification_id("ops", "incident:42", 0) != notification_id("chat", "incident:42", 0));
  auto t = make_test_notification("ops", from_unix_ms(1000));
  CHECK(t.kind == AlertKind::kTest);
  CHECK(t.receiver == "ops");
  CHECK(t.id.size() == 32);
}

TEST_CASE("A group waits group_wait, then sends one new notification", "[alerts][grouping]") {
  Grouper g(options());
  auto t0 = *parse_rfc3339("2024-06-09T03:30:00Z");
  g.add(input("incident:42", Severity::kWarning, {"Yonhap"}), t0);
  g.add(input("incident:42", Severity::kWarning, {"KCNA"}), t0 + 10s);
  CHECK(g.next_due() == t0 + 30s);
  CHECK(g.take_due(t0 + 29s).empty());
  auto out = g.take_due(t0 + 30s);
  REQUIRE(out.size() == 1);
  CHECK(out[0].kind == AlertKind::kNew);
  CHECK(out[0].id == notification_id("ops", "incident:42", 0));
  CHECK(out[0].thread_id.empty());
  CHECK(out[0].incident_key == "incident:42");
  CHECK(out[0].status == AlertStatus::kPending);
  CHECK(out[0].severity == Severity::kWarning);
  // No repeat by default, and an unchanged report sends nothing.
  g.add(input("incident:42", Severity::kWarning, {"Yonhap"}), t0 + 1h);
  CHECK(g.take_due(t0 + 2h).empty());
  CHECK_FALSE(g.next_due());
}

TEST_CASE("Rising severity or new sources send an update after group_interval",
          "[alerts][grouping]") {
  Grouper g(options());
  auto t0 = *parse_rfc3339("2024-06-09T03:30:00Z");
  g.add(input("k", Severity::kWarning, {"Yonhap"}), t0);
  REQUIRE(g.take_due(t0 + 30s).size() == 1);
  g.add(input("k", Severity::kViolation, {"Yonhap"}), t0 + 1min);
  CHECK(g.take_due(t0 + 2min).empty());
  auto up = g.take_due(t0 + 30s + 5min);
  REQUIRE(up.size() == 1);
  CHECK(up[0].kind == AlertKind::kUpdate);
  CHECK(up[0].severity == Severity::kViolation);
  CHECK(up[0].id == notification_id("ops", "k", 1));
  CHECK(up[0].thread_id == notification_id("ops", "k", 0));
  // A new source, long after: sent at once.
  g.add(input("k", Severity::kWarning, {"NK News"}), t0 + 1h);
  auto src = g.take_due(t0 + 1h);
  REQUIRE(src.size() == 1);
  CHECK(src[0].severity == Severity::kViolation);  // the group's highest so far
  CHECK(src[0].id == notification_id("ops", "k", 2));
}

TEST_CASE("Groups are per receiver and key; silenced ones are marked", "[alerts][grouping]") {
  Grouper g(options());
  auto t0 = *parse_rfc3339("2024-06-09T03:30:00Z");
  auto silenced = input("k", Severity::kViolation, {"Yonhap"}, "chat");
  silenced.silenced_by = "sil-1";
  g.add(input("k", Severity::kViolation, {"Yonhap"}), t0);
  g.add(silenced, t0);
  g.add(input("other", Severity::kInfo, {"KCNA"}), t0 + 5s);
  CHECK(g.group_count() == 3);
  auto out = g.take_due(t0 + 1min);
  REQUIRE(out.size() == 3);
  int silenced_count = 0;
  for (const auto& n : out) {
    if (n.receiver == "chat") {
      CHECK(n.status == AlertStatus::kSilenced);
      CHECK(n.silenced_by == "sil-1");
      ++silenced_count;
    } else {
      CHECK(n.status == AlertStatus::kPending);
    }
  }
  CHECK(silenced_count == 1);
  CHECK(out.back().incident_key == "other");  // due last
}

TEST_CASE("repeat_interval resends, forget_after drops idle groups", "[alerts][grouping]") {
  auto o = options();
  o.repeat_interval = 4h;
  o.forget_after = 24h;
  Grouper g(o);
  auto t0 = *parse_rfc3339("2024-06-09T03:30:00Z");
  g.add(input("k", Severity::kInfo, {"Yonhap"}), t0);
  REQUIRE(g.take_due(t0 + 30s).size() == 1);
  CHECK(g.next_due() == t0 + 30s + 4h);
  auto again = g.take_due(t0 + 30s + 4h);
  REQUIRE(again.size() == 1);
  CHECK(again[0].kind == AlertKind::kUpdate);

  Grouper quiet(options());
  quiet.add(input("k", Severity::kInfo, {"Yonhap"}), t0);
  REQUIRE(quiet.take_due(t0 + 30s).size() == 1);
  CHECK(quiet.group_count() == 1);
  CHECK(quiet.take_due(t0 + 8 * 24h).empty());
  CHECK(quiet.group_count() == 0);
}
