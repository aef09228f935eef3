// SQL for the alert tables (schema v3): outbox, notifications, attempts,
// silences. Private to storage/; SqliteEventStore calls these inside its
// transactions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/alert_store.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

Status insert_outbox(Db& db, std::int64_t event_id, const OutboxEntry& entry, TimePoint now);
// Outbox ids and event ids of undispatched rows, oldest first.
struct OutboxRow {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string receiver;
  std::string silenced_by;
  TimePoint created;
};
Result<std::vector<OutboxRow>> undispatched_outbox(Db& db, std::size_t limit);
// The rows dispatched into `notification`, oldest first.
Result<std::vector<OutboxRow>> dispatched_outbox(Db& db, const std::string& notification);
// The distinct outlets (item source, else feed name) of an incident's events, sorted.
Result<std::vector<std::string>> incident_outlets(Db& db, std::int64_t incident_id);
Status mark_outbox(Db& db, const std::vector<std::int64_t>& ids, const std::string& notification);

Status insert_notification(Db& db, const NotificationRecord& record);
Result<std::vector<NotificationRecord>> find_notifications(Db& db, const NotificationQuery& query);
Status update_notification(Db& db, const Notification& n);
Status insert_attempt(Db& db, const AttemptRecord& attempt);
Result<std::vector<AttemptRecord>> find_attempts(Db& db, const std::string& notification_id);

Result<std::int64_t> insert_silence(Db& db, const SilenceRecord& silence);
Result<std::vector<SilenceRecord>> find_silences(Db& db, std::optional<TimePoint> active_at);
// Sets expires_at to `now`; false when no silence has `id`.
Result<bool> end_silence(Db& db, std::int64_t id, TimePoint now);

}  // namespace armwatch::storage
