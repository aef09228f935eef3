#include "storage/alert_rows.h"

#include "storage/json_text.h"
#include "storage/sql_filter.h"

namespace armwatch::storage {
namespace {

constexpr const char* kNotificationColumns =
    "id, thread_id, kind, receiver, event_id, incident_id, incident_key, severity, status,"
    " attempts, created_at, next_attempt, last_error, last_code, silenced_by, source_count";

NotificationRecord read_notification(const Query& q) {
  NotificationRecord r;
  Notification& n = r.notification;
  n.id = q.text(0);
  n.thread_id = q.text(1);
  n.kind = parse_alert_kind(q.text(2)).value_or(AlertKind::kNew);
  n.receiver = q.text(3);
  n.event_id = q.is_null(4) ? 0 : q.int64(4);
  n.incident_id = q.is_null(5) ? 0 : q.int64(5);
  n.incident_key = q.text(6);
  n.severity = static_cast<Severity>(q.int64(7));
  n.status = parse_alert_status(q.text(8)).value_or(AlertStatus::kPending);
  n.attempts = static_cast<int>(q.int64(9));
  n.created = from_unix_ms(q.int64(10));
  n.next_attempt = from_unix_ms(q.int64(11));
  n.last_error = q.text(12);
  n.last_code = static_cast<int>(q.int64(13));
  n.silenced_by = q.text(14);
  r.source_count = q.int64(15);
  return r;
}

std::vector<std::string> encode_matchers(const SilenceRecord& s) {
  std::vector<std::string> out;
  for (const auto& [key, value] : s.matchers) {
    out.push_back(key + "=" + value);
  }
  return out;
}

void decode_matchers(const std::string& json, SilenceRecord& s) {
  for (const auto& kv : from_json_array(json).value_or(std::vector<std::string>{})) {
    auto eq = kv.find('=');
    s.matchers.emplace_back(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
  }
}

// 0 for "no row": the columns are nullable references.
Query& bind_ref(Query& q, int index, std::int64_t id) {
  return id == 0 ? q.bind_null(index) : q.bind(index, id);
}

}  // namespace

Status insert_outbox(Db& db, std::int64_t event_id, const OutboxEntry& entry, TimePoint now) {
  auto q = db.query(
      "INSERT INTO alert_outbox (event_id, receiver, silenced_by, created_at)"
      " VALUES (?1, ?2, ?3, ?4)");
  if (!q) {
    return q.error();
  }
  return q->bind(1, event_id).bind(2, entry.receiver).bind(3, entry.silenced_by).bind(4, now).run();
}

Result<std::vector<OutboxRow>> undispatched_outbox(Db& db, std::size_t limit) {
  auto q = db.query(
      "SELECT id, event_id, receiver, silenced_by, created_at FROM alert_outbox"
      " WHERE notification IS NULL ORDER BY created_at, id LIMIT ?1");
  if (!q) {
    return q.error();
  }
  q->bind(1, static_cast<std::int64_t>(limit));
  std::vector<OutboxRow> rows;
  auto st = each_row(*q, [&](const Query& r) {
    rows.push_back(
        OutboxRow{r.int64(0), r.int64(1), r.text(2), r.text(3), from_unix_ms(r.int64(4))});
  });
  if (!st) {
    return st.error();
  }
  return rows;
}

Result<std::vector<OutboxRow>> dispatched_outbox(Db& db, const std::string& notification) {
  auto q = db.query(
      "SELECT id, event_id, receiver, silenced_by, created_at FROM alert_outbox"
      " WHERE notification = ?1 ORDER BY created_at, id");
  if (!q) {
    return q.error();
  }
  q->bind(1, notification);
  std::vector<OutboxRow> rows;
  auto st = each_row(*q, [&](const Query& r) {
    rows.push_back(
        OutboxRow{r.int64(0), r.int64(1), r.text(2), r.text(3), from_unix_ms(r.int64(4))});
  });
  if (!st) {
    return st.error();
  }
  return rows;
}

Result<std::vector<std::string>> incident_outlets(Db& db, std::int64_t incident_id) {
  // As storage/incidents.cpp counts outlets: the item's source, else its feed's name.
  auto q = db.query(
      "SELECT DISTINCT CASE WHEN i.source <> '' THEN i.source"
      " ELSE (SELECT name FROM feeds WHERE id = i.feed_id) END AS outlet"
      " FROM events e JOIN items i ON i.id = e.item_id WHERE e.incident_id = ?1 ORDER BY outlet");
  if (!q) {
    return q.error();
  }
  q->bind(1, incident_id);
  std::vector<std::string> out;
  auto st = each_row(*q, [&](const Query& r) { out.push_back(r.text(0)); });
  if (!st) {
    return st.error();
  }
  return out;
}

Status mark_outbox(Db& db, const std::vector<std::int64_t>& ids, const std::string& notification) {
  auto q = db.query("UPDATE alert_outbox SET notification = ?1 WHERE id = ?2");
  if (!q) {
    return q.error();
  }
  for (std::int64_t id : ids) {
    if (auto st = q->bind(1, notification).bind(2, id).run(); !st) {
      return st;
    }
  }
  return ok_status();
}

Status insert_notification(Db& db, const NotificationRecord& record) {
  const Notification& n = record.notification;
  auto q = db.query(std::string("INSERT INTO notifications (") + kNotificationColumns +
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                    " ?16) ON CONFLICT (id) DO NOTHING");
  if (!q) {
    return q.error();
  }
  q->bind(1, n.id).bind(2, n.thread_id).bind(3, to_string(n.kind)).bind(4, n.receiver);
  bind_ref(*q, 5, n.event_id);
  bind_ref(*q, 6, n.incident_id);
  q->bind(7, n.incident_key).bind(8, static_cast<std::int64_t>(n.severity));
  q->bind(9, to_string(n.status)).bind(10, n.attempts).bind(11, n.created);
  q->bind(12, n.next_attempt).bind(13, n.last_error).bind(14, n.last_code);
  q->bind(15, n.silenced_by).bind(16, record.source_count);
  return q->run();
}

Result<std::vector<NotificationRecord>> find_notifications(Db& db, const NotificationQuery& query) {
  SqlFilter f;
  if (!query.receiver.empty()) {
    f.add("receiver = ?", query.receiver);
  }
  if (query.incident_id) {
    f.add("incident_id = ?", *query.incident_id);
  }
  if (query.status) {
    f.add("status = ?", std::string(to_string(*query.status)));
  }
  auto q = db.query(std::string("SELECT ") + kNotificationColumns + " FROM notifications" +
                    f.where() + " ORDER BY created_at DESC, rowid DESC LIMIT ?");
  if (!q) {
    return q.error();
  }
  q->bind(f.bind(*q, 1), std::int64_t{query.limit > 0 ? query.limit : -1});
  std::vector<NotificationRecord> out;
  auto st = each_row(*q, [&](const Query& r) { out.push_back(read_notification(r)); });
  if (!st) {
    return st.error();
  }
  return out;
}

Status update_notification(Db& db, const Notification& n) {
  auto q = db.query(
      "UPDATE notifications SET status = ?2, attempts = ?3, next_attempt = ?4, last_error = ?5,"
      " last_code = ?6 WHERE id = ?1");
  if (!q) {
    return q.error();
  }
  q->bind(1, n.id).bind(2, to_string(n.status)).bind(3, n.attempts).bind(4, n.next_attempt);
  if (auto st = q->bind(5, n.last_error).bind(6, n.last_code).run(); !st) {
    return st;
  }
  if (db.changes() == 0) {
    return make_error(ErrorCode::kNotFound, "no notification " + n.id, db.path());
  }
  return ok_status();
}

Status insert_attempt(Db& db, const AttemptRecord& a) {
  auto q = db.query(
      "INSERT INTO alert_attempts (notification, at, ok, code, message) VALUES (?1, ?2, ?3, ?4, "
      "?5)");
  if (!q) {
    return q.error();
  }
  return q->bind(1, a.notification)
      .bind(2, a.at)
      .bind(3, a.ok ? 1 : 0)
      .bind(4, a.code)
      .bind(5, a.message)
      .run();
}

Result<std::vector<AttemptRecord>> find_attempts(Db& db, const std::string& notification_id) {
  auto q = db.query(
      "SELECT notification, at, ok, code, message FROM alert_attempts WHERE notification = ?1"
      " ORDER BY at, rowid");
  if (!q) {
    return q.error();
  }
  q->bind(1, notification_id);
  std::vector<AttemptRecord> out;
  auto st = each_row(*q, [&](const Query& r) {
    out.push_back(AttemptRecord{r.text(0), from_unix_ms(r.int64(1)), r.int64(2) != 0,
                                static_cast<int>(r.int64(3)), r.text(4)});
  });
  if (!st) {
    return st.error();
  }
  return out;
}

Result<std::int64_t> insert_silence(Db& db, const SilenceRecord& s) {
  auto q = db.query(
      "INSERT INTO silences (matchers, reason, created_by, created_at, expires_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!q) {
    return q.error();
  }
  q->bind(1, to_json_array(encode_matchers(s))).bind(2, s.reason).bind(3, s.created_by);
  if (auto st = q->bind(4, s.created).bind(5, s.expires).run(); !st) {
    return st.error();
  }
  return db.last_insert_rowid();
}

Result<std::vector<SilenceRecord>> find_silences(Db& db, std::optional<TimePoint> active_at) {
  SqlFilter f;
  if (active_at) {
    f.add("created_at <= ?", to_unix_ms(*active_at));
    f.add("expires_at > ?", to_unix_ms(*active_at));
  }
  auto q =
      db.query("SELECT id, matchers, reason, created_by, created_at, expires_at FROM silences" +
               f.where() + " ORDER BY created_at DESC, id DESC");
  if (!q) {
    return q.error();
  }
  f.bind(*q, 1);
  std::vector<SilenceRecord> out;
  auto st = each_row(*q, [&](const Query& r) {
    SilenceRecord s;
    s.id = r.int64(0);
    decode_matchers(r.text(1), s);
    s.reason = r.text(2);
    s.created_by = r.text(3);
    s.created = from_unix_ms(r.int64(4));
    s.expires = from_unix_ms(r.int64(5));
    out.push_back(std::move(s));
  });
  if (!st) {
    return st.error();
  }
  return out;
}

Result<bool> end_silence(Db& db, std::int64_t id, TimePoint now) {
  auto q = db.query("UPDATE silences SET expires_at = min(expires_at, ?2) WHERE id = ?1");
  if (!q) {
    return q.error();
  }
  if (auto st = q->bind(1, id).bind(2, now).run(); !st) {
    return st.error();
  }
  return db.changes() > 0;
}

}  // namespace armwatch::storage
