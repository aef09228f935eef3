// SqliteEventStore's AlertStore half: the outbox, notifications, attempts and
// silences, in the same file and connection as the events they are about.
#include <functional>

#include "storage/alert_rows.h"
#include "storage/event_rows.h"
#include "storage/incidents.h"
#include "storage/sqlite_event_store.h"

namespace armwatch::storage {
namespace {

// Each outbox row with its event and incident, in one read snapshot so that
// every row and its context agree.
using OutboxReader = std::function<Result<std::vector<OutboxRow>>(Db&)>;

Result<std::vector<QueuedAlert>> with_context(SqliteEventStore& store, Db& db,
                                              const OutboxReader& read) {
  Transaction tx(db);
  if (auto st = tx.begin(Transaction::Mode::kDeferred); !st) {
    return st.error();
  }
  auto rows = read(db);
  if (!rows) {
    return rows.error();
  }
  std::vector<QueuedAlert> out;
  for (const OutboxRow& row : *rows) {
    auto context = store.event_context(row.event_id);
    if (!context) {
      return context.error();
    }
    context->outbox_id = row.id;
    context->receiver = row.receiver;
    context->silenced_by = row.silenced_by;
    context->created = row.created;
    out.push_back(std::move(*context));
  }
  if (auto st = tx.commit(); !st) {
    return st.error();
  }
  return out;
}

}  // namespace

Status SqliteEventStore::queue_alerts(const ItemRecord& record,
                                      const std::vector<std::int64_t>& event_ids, TimePoint now) {
  for (const OutboxEntry& entry : record.alerts) {
    if (entry.event_index >= event_ids.size()) {
      return make_error(ErrorCode::kInvalidArgument,
                        "alert for event " + std::to_string(entry.event_index) + " of " +
                            std::to_string(event_ids.size()),
                        db_->path());
    }
    if (auto st = insert_outbox(*db_, event_ids[entry.event_index], entry, now); !st) {
      return st;
    }
  }
  return ok_status();
}

Result<QueuedAlert> SqliteEventStore::event_context(std::int64_t event_id) {
  EventQuery eq;
  eq.event_id = event_id;
  auto events = find_events(*db_, eq);
  if (!events) {
    return events.error();
  }
  if (events->empty()) {
    return make_error(ErrorCode::kNotFound, "no event " + std::to_string(event_id), db_->path());
  }
  QueuedAlert out;
  out.event = std::move(events->front());
  if (out.event.incident_id != 0) {
    IncidentQuery iq;
    iq.id = out.event.incident_id;
    auto incidents = storage::query_incidents(*db_, iq);
    if (!incidents) {
      return incidents.error();
    }
    if (!incidents->empty()) {
      out.incident = std::move(incidents->front());
    }
    auto outlets = incident_outlets(*db_, out.event.incident_id);
    if (!outlets) {
      return outlets.error();
    }
    out.incident_sources = std::move(*outlets);
  }
  return out;
}

Result<std::vector<QueuedAlert>> SqliteEventStore::queued_alerts(std::size_t limit) {
  return with_context(*this, *db_, [limit](Db& db) { return undispatched_outbox(db, limit); });
}

Result<std::vector<QueuedAlert>> SqliteEventStore::dispatched_alerts(
    const std::string& notification_id) {
  return with_context(
      *this, *db_, [&notification_id](Db& db) { return dispatched_outbox(db, notification_id); });
}

Status SqliteEventStore::dispatch(const std::vector<std::int64_t>& outbox_ids,
                                  const NotificationRecord* record) {
  if (auto st = check_writable(); !st) {
    return st;
  }
  Transaction tx(*db_);
  if (auto st = tx.begin(); !st) {
    return st;
  }
  if (record != nullptr) {
    if (auto st = insert_notification(*db_, *record); !st) {
      return st;
    }
  }
  // "-": absorbed into a notification already sent for the same incident.
  std::string marker = record != nullptr ? record->notification.id : "-";
  if (auto st = mark_outbox(*db_, outbox_ids, marker); !st) {
    return st;
  }
  return tx.commit();
}

Result<std::vector<NotificationRecord>> SqliteEventStore::notifications(
    const NotificationQuery& query) {
  return find_notifications(*db_, query);
}

Status SqliteEventStore::record_attempt(const Notification& updated, const AttemptRecord& attempt) {
  if (auto st = check_writable(); !st) {
    return st;
  }
  Transaction tx(*db_);
  if (auto st = tx.begin(); !st) {
    return st;
  }
  if (auto st = update_notification(*db_, updated); !st) {
    return st;
  }
  if (auto st = insert_attempt(*db_, attempt); !st) {
    return st;
  }
  return tx.commit();
}

Result<std::vector<AttemptRecord>> SqliteEventStore::attempts(const std::string& notification_id) {
  return find_attempts(*db_, notification_id);
}

Result<std::int64_t> SqliteEventStore::add_silence(const SilenceRecord& silence) {
  if (auto st = check_writable(); !st) {
    return st.error();
  }
  return insert_silence(*db_, silence);
}

Result<std::vector<SilenceRecord>> SqliteEventStore::silences(std::optional<TimePoint> active_at) {
  return find_silences(*db_, active_at);
}

Status SqliteEventStore::expire_silence(std::int64_t id, TimePoint now) {
  if (auto st = check_writable(); !st) {
    return st;
  }
  auto found = end_silence(*db_, id, now);
  if (!found) {
    return found.error();
  }
  if (!*found) {
    return make_error(ErrorCode::kNotFound, "no silence " + std::to_string(id), db_->path());
  }
  return ok_status();
}

}  // namespace armwatch::storage
