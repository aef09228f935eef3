// Alerts as plain values: what a notification says (AlertContent) and where it
// stands in delivery (Notification). storage/ persists Notifications as its
// outbox without knowing how alerts/ delivers them; alerts/ delivers them
// without knowing how they are stored. Header-only: no core/alert.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/time.h"

namespace armwatch {

// new: the first notification about an incident; update: its severity rose or
// new sources appeared; test: sent by hand to check a receiver; digest: a summary
// of several incidents.
enum class AlertKind { kNew = 0, kUpdate = 1, kTest = 2, kDigest = 3 };

// pending: not yet delivered (maybe retrying); sent: a receiver accepted it;
// failed: a permanent error, or retries ran out; silenced: a silence matched, so
// it is recorded but never delivered.
enum class AlertStatus { kPending = 0, kSent = 1, kFailed = 2, kSilenced = 3 };

// A provision the event bears on, with a short paraphrase for people
// ("AA-I-6": "Neither side shall execute any hostile act within the DMZ").
struct ProvisionText {
  std::string id;
  std::string paraphrase;
};

// A past incident from the history timeline that resembles this one.
struct PrecedentText {
  std::string id;
  std::string summary;
};

// A report (feed item) the alert is based on.
struct ReportLink {
  std::string title;
  std::string url;
  std::string source;  // the outlet, for people
  std::optional<TimePoint> published;
};

// The incident (reports of one real-world event) an alert is about.
struct IncidentSummary {
  std::int64_t id = 0;
  std::string key;  // the grouping key; stable for the incident's life
  std::string title;
  std::string category;
  Severity severity = Severity::kInfo;
  TimePoint first_seen;
  TimePoint last_seen;
  std::int64_t report_count = 0;
  std::vector<std::string> sources;  // distinct outlets so far
};

// What a notification says. Filled by the daemon from the event, the incident
// and the reference texts; alerts/ renders it for each receiver.
struct AlertContent {
  std::string title;  // a headline, usually the report's title
  Event event;        // the latest (or most severe) event of the incident
  std::optional<IncidentSummary> incident;
  std::vector<ProvisionText> provisions;
  std::vector<PrecedentText> precedents;
  std::vector<ReportLink> reports;
  std::vector<std::string> tags;  // the rule's tags, for routing
  // A digest's entries: one per incident of its period, most severe first.
  // Empty for any other kind.
  std::vector<AlertContent> digest;
};

// One alert to one receiver, and its delivery state: an outbox row.
struct Notification {
  // Stable across retries and restarts: the idempotency key (webhook-id, the
  // e-mail Message-ID, Matrix txn id). alerts::notification_id() derives it.
  std::string id;
  // The id of the first notification of the same group (the "new" one), so that
  // mail clients thread updates under it. Empty for the first one itself.
  std::string thread_id;
  AlertKind kind = AlertKind::kNew;
  std::string receiver;          // a configured receiver name
  std::int64_t event_id = 0;     // storage row of the event; 0 when not stored
  std::int64_t incident_id = 0;  // storage row of the incident; 0 when none
  std::string incident_key;      // the grouping key
  Severity severity = Severity::kInfo;
  AlertStatus status = AlertStatus::kPending;
  int attempts = 0;  // delivery attempts made so far
  TimePoint created;
  TimePoint next_attempt;   // when a pending notification is due
  std::string last_error;   // empty after success
  int last_code = 0;        // last HTTP status or SMTP reply code; 0 if none
  std::string silenced_by;  // the id of the silence that matched, if any
  AlertContent content;
};

inline std::string_view to_string(AlertKind k) {
  switch (k) {
    case AlertKind::kNew:
      return "new";
    case AlertKind::kUpdate:
      return "update";
    case AlertKind::kTest:
      return "test";
    case AlertKind::kDigest:
      return "digest";
  }
  return "new";
}

inline std::string_view to_string(AlertStatus s) {
  switch (s) {
    case AlertStatus::kPending:
      return "pending";
    case AlertStatus::kSent:
      return "sent";
    case AlertStatus::kFailed:
      return "failed";
    case AlertStatus::kSilenced:
      return "silenced";
  }
  return "pending";
}

inline std::optional<AlertKind> parse_alert_kind(std::string_view s) {
  for (auto k : {AlertKind::kNew, AlertKind::kUpdate, AlertKind::kTest, AlertKind::kDigest}) {
    if (to_string(k) == s) {
      return k;
    }
  }
  return std::nullopt;
}

inline std::optional<AlertStatus> parse_alert_status(std::string_view s) {
  for (auto v :
       {AlertStatus::kPending, AlertStatus::kSent, AlertStatus::kFailed, AlertStatus::kSilenced}) {
    if (to_string(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace armwatch
