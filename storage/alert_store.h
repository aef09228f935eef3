// AlertStore: the durable side of alerting, kept in the same SQLite file as the
// event log: the outbox (written by EventStore::record() with its events),
// notifications (one alert to one receiver, with its delivery state), every
// delivery attempt, and silences. alerts/ delivers; daemon/ moves rows between
// the two; this seam knows core types only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/alert.h"
#include "core/result.h"
#include "storage/event_store.h"

namespace armwatch::storage {

// An outbox row not yet dispatched, with the event and incident it is about.
struct QueuedAlert {
  std::int64_t outbox_id = 0;
  std::string receiver;
  std::string silenced_by;
  TimePoint created;
  StoredEvent event;
  std::optional<Incident> incident;
  std::vector<std::string> incident_sources;  // the incident's distinct outlets, sorted
};

// A notification as stored. Notification::content is not stored: it is rebuilt
// from the event and incident (see event_context) when a send resumes.
struct NotificationRecord {
  Notification notification;
  std::int64_t source_count = 0;  // the incident's sources when it was made
};

struct NotificationQuery {
  std::string receiver;  // empty: any
  std::optional<std::int64_t> incident_id;
  std::optional<AlertStatus> status;
  int limit = 0;  // 0: no limit; newest first
};

struct AttemptRecord {
  std::string notification;
  TimePoint at;
  bool ok = false;
  int code = 0;
  std::string message;
};

struct SilenceRecord {
  std::int64_t id = 0;
  std::vector<std::pair<std::string, std::string>> matchers;  // ("category", "missile-launch")
  std::string reason;
  std::string created_by;
  TimePoint created;
  TimePoint expires;  // exclusive
};

class AlertStore {
 public:
  virtual ~AlertStore() = default;

  // Undispatched outbox rows, oldest first, at most `limit`.
  virtual Result<std::vector<QueuedAlert>> queued_alerts(std::size_t limit) = 0;
  // The event `event_id` with its item, and its incident, as queued_alerts gives them.
  virtual Result<QueuedAlert> event_context(std::int64_t event_id) = 0;
  // The outbox rows dispatched into notification `notification_id` (a digest's
  // alerts), oldest first, each with its context. Scans the outbox: for resends.
  virtual Result<std::vector<QueuedAlert>> dispatched_alerts(
      const std::string& notification_id) = 0;
  // In one transaction: stores `record` (when not null) and marks the outbox
  // rows dispatched into it; with a null record the rows are marked absorbed
  // (grouped into a notification already sent). Storing an id twice is kNotFound-safe:
  // an existing notification with the same id is kept (idempotent on replay).
  virtual Status dispatch(const std::vector<std::int64_t>& outbox_ids,
                          const NotificationRecord* record) = 0;
  virtual Result<std::vector<NotificationRecord>> notifications(const NotificationQuery& query) = 0;
  // After a delivery attempt: the notification's new state and the attempt, in
  // one transaction. kNotFound for an unknown notification.
  virtual Status record_attempt(const Notification& updated, const AttemptRecord& attempt) = 0;
  // Oldest first.
  virtual Result<std::vector<AttemptRecord>> attempts(const std::string& notification_id) = 0;

  // Returns the new silence's id.
  virtual Result<std::int64_t> add_silence(const SilenceRecord& silence) = 0;
  // Silences still active at `active_at`, or all of them when unset; newest first.
  virtual Result<std::vector<SilenceRecord>> silences(std::optional<TimePoint> active_at) = 0;
  // Ends a silence now; kNotFound if there is none with `id`.
  virtual Status expire_silence(std::int64_t id, TimePoint now) = 0;
};

}  // namespace armwatch::storage
