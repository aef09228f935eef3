// Shared by the alerts tests: a sample notification about a missile launch with
// Korean text, and helpers to wait for a LocalServer's JSON lines.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/alert.h"
#include "core/clock.h"
#include "core/time.h"
#include "tests/support/local_server.h"

namespace armwatch::alerts::fixtures {

inline Notification sample_notification(std::string id = "n-0001") {
  Notification n;
  n.id = std::move(id);
  n.kind = AlertKind::kNew;
  n.receiver = "ops";
  n.incident_key = "incident:42";
  n.severity = Severity::kViolation;
  n.created = *parse_rfc3339("2024-06-09T03:30:00Z");
  n.next_attempt = n.created;
  auto& c = n.content;
  c.title = "북한 탄도미사일 발사";
  c.event.rule_id = "missile-launch.ballistic";
  c.event.category = "missile-launch";
  c.event.severity = Severity::kViolation;
  c.event.provisions = {"UNSCR-1718"};
  c.event.message = "DPRK ballistic missile launch reported by Yonhap";
  c.event.time = n.created;
  c.event.evidence = {{"title", 0, 28, "탄도미사일 발사"},
                      {"summary", 10, 40, "ballistic missile"}};
  c.incident = IncidentSummary{42,
                               "incident:42",
                               "북한 탄도미사일 발사",
                               "missile-launch",
                               Severity::kViolation,
                               n.created,
                               n.created,
                               2,
                               {"Yonhap", "KCNA"}};
  c.provisions = {{"UNSCR-1718", "Bans DPRK ballistic missile launches & nuclear tests"}};
  c.precedents = {{"2017-11-29", "Hwasong-15 ICBM launch"}};
  c.reports = {{"북한, 동해상으로 탄도미사일 발사", "https://example.org/yna/1?a=1&b=2", "Yonhap",
                n.created},
               {"DPRK fires missile", "https://example.org/kcna/2", "KCNA", std::nullopt}};
  c.tags = {"dprk", "missile"};
  return n;
}

// The sample, created now: the retry deadline runs from `created`.
inline Notification fresh_notification(const Clock& clock, std::string id = "n-0001") {
  auto n = sample_notification(std::move(id));
  n.created = clock.now();
  n.next_attempt = n.created;
  return n;
}

// Reads JSON lines from `server` until `count` have arrived or `timeout` passes.
inline std::vector<nlohmann::json> wait_json_lines(armwatch::testing::LocalServer& server,
                                                   std::vector<nlohmann::json>& seen,
                                                   std::size_t count,
                                                   std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (seen.size() < count && std::chrono::steady_clock::now() < deadline) {
    for (const auto& line : server.read_lines()) {
      if (!line.empty() && line.front() == '{') {
        seen.push_back(nlohmann::json::parse(line));
      }
    }
    if (seen.size() < count) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  return seen;
}

}  // namespace armwatch::alerts::fixtures
