#include "storage/schema.h"

#include <string>

#include "storage/incidents.h"

namespace armwatch::storage {
namespace {

// Version 1: feeds, their fetch state, items, events and evidence.
//
// Times are INTEGER unix milliseconds (core/time.h to_unix_ms); NULL means
// unknown. List fields (authors, categories, provisions, precedents) are JSON
// arrays of strings: unambiguous whatever a string holds (a comma list is not),
// and filterable in SQL with json_each(). Evidence spans get a table of their
// own rather than a JSON column: incident grouping reads their text (v2), and a
// span's offsets stay typed and checked.
//
// items(feed_id) needs no index of its own: UNIQUE(feed_id, item_key) is an
// index led by feed_id, which serves list_feeds' counts and the joins.
constexpr std::string_view kV1 = R"sql(
PRAGMA application_id = 1095912791;
CREATE TABLE feeds (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (name <> ''),
  url         TEXT NOT NULL,           -- as configured
  created_at  INTEGER NOT NULL
);
CREATE TABLE feed_state (
  feed_id             INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
  current_url         TEXT,            -- after a permanent redirect; NULL: feeds.url
  etag                TEXT NOT NULL DEFAULT '',
  last_modified       TEXT NOT NULL DEFAULT '',
  last_fetch          INTEGER,
  last_success        INTEGER,
  next_due            INTEGER,
  last_status         INTEGER NOT NULL DEFAULT 0,
  consecutive_errors  INTEGER NOT NULL DEFAULT 0,
  last_error          TEXT NOT NULL DEFAULT '',
  disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  disabled_reason     TEXT NOT NULL DEFAULT ''
);
CREATE TABLE items (
  id          INTEGER PRIMARY KEY,
  feed_id     INTEGER NOT NULL REFERENCES feeds(id),
  item_key    TEXT NOT NULL CHECK (item_key <> ''),  -- Item::id, stable within the feed
  title       TEXT NOT NULL DEFAULT '',
  summary     TEXT,                    -- NULL once pruned by retention
  content     TEXT,                    -- NULL once pruned by retention
  link        TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL DEFAULT '',
  published   INTEGER,
  updated     INTEGER,
  fetched_at  INTEGER NOT NULL,
  authors     TEXT NOT NULL DEFAULT '[]',
  categories  TEXT NOT NULL DEFAULT '[]',
  UNIQUE (feed_id, item_key)
);
CREATE TABLE events (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items(id),
  rule_id      TEXT NOT NULL,
  category     TEXT NOT NULL,
  severity     INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 2),
  provisions   TEXT NOT NULL DEFAULT '[]',
  precedents   TEXT NOT NULL DEFAULT '[]',
  confidence   REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  message      TEXT NOT NULL DEFAULT '',
  detected_at  INTEGER NOT NULL
);
CREATE INDEX events_detected_at ON events(detected_at);
CREATE INDEX events_category ON events(category, detected_at);
CREATE INDEX events_severity ON events(severity, detected_at);
CREATE INDEX events_rule ON events(rule_id);
CREATE INDEX events_item ON events(item_id);
CREATE TABLE evidence (
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,        -- the span's position in Event::evidence
  field       TEXT NOT NULL,
  span_begin  INTEGER NOT NULL CHECK (span_begin >= 0),
  span_end    INTEGER NOT NULL CHECK (span_end >= span_begin),
  text        TEXT NOT NULL,
  PRIMARY KEY (event_id, seq)
) WITHOUT ROWID;
)sql";

// Version 2 (issue 6): incidents, full-text search, retention.
//
// items_fts is an external-content FTS5 index (content='items'): the text is
// stored once, in items, and the triggers keep the index in step with every
// insert, update (retention nulls bodies) and delete.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE incidents (
  id            INTEGER PRIMARY KEY,
  category      TEXT NOT NULL,
  severity      INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 2),
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  report_count  INTEGER NOT NULL DEFAULT 0,
  source_count  INTEGER NOT NULL DEFAULT 0,
  provisions    TEXT NOT NULL DEFAULT '[]',
  title         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incidents_category ON incidents(category, last_seen);
CREATE INDEX incidents_last_seen ON incidents(last_seen);
ALTER TABLE events ADD COLUMN incident_id INTEGER REFERENCES incidents(id);
CREATE INDEX events_incident ON events(incident_id);
-- Retention looks for old items that still have a body; pruned rows leave it.
CREATE INDEX items_prunable ON items(fetched_at)
  WHERE summary IS NOT NULL OR content IS NOT NULL;
CREATE VIRTUAL TABLE items_fts USING fts5(
  title, summary, content,
  content = 'items', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, title, summary, content)
    VALUES (new.id, new.title, new.summary, new.content);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, summary, content)
    VALUES ('delete', old.id, old.title, old.summary, old.content);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary, content ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, summary, content)
    VALUES ('delete', old.id, old.title, old.summary, old.content);
  INSERT INTO items_fts(rowid, title, summary, content)
    VALUES (new.id, new.title, new.summary, new.content);
END;
INSERT INTO items_fts(items_fts) VALUES ('rebuild');
)sql";

// Version 3 (issue 7): the alert outbox, notifications and their attempts, and
// silences.
//
// alert_outbox rows are written by record() in the same transaction as their
// event, so an alert can never be lost between "event stored" and "alert
// queued". The daemon's dispatcher turns them into notifications (grouped per
// incident and receiver); every delivery attempt is kept.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE alert_outbox (
  id            INTEGER PRIMARY KEY,
  event_id      INTEGER NOT NULL REFERENCES events(id),
  receiver      TEXT NOT NULL,
  silenced_by   TEXT NOT NULL DEFAULT '',   -- a silence id: recorded, never sent
  created_at    INTEGER NOT NULL,
  notification  TEXT                        -- notifications.id once dispatched
);
CREATE INDEX alert_outbox_queued ON alert_outbox(created_at) WHERE notification IS NULL;
CREATE TABLE notifications (
  id            TEXT PRIMARY KEY,           -- the idempotency key
  thread_id     TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL CHECK (kind IN ('new', 'update', 'test', 'digest')),
  receiver      TEXT NOT NULL,
  event_id      INTEGER REFERENCES events(id),
  incident_id   INTEGER REFERENCES incidents(id),
  incident_key  TEXT NOT NULL DEFAULT '',
  severity      INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 2),
  status        TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'silenced')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  next_attempt  INTEGER NOT NULL,
  last_error    TEXT NOT NULL DEFAULT '',
  last_code     INTEGER NOT NULL DEFAULT 0,
  silenced_by   TEXT NOT NULL DEFAULT '',
  source_count  INTEGER NOT NULL DEFAULT 0, -- the incident's sources when sent
  content       TEXT NOT NULL DEFAULT '{}'  -- AlertContent as JSON, for resends
);
CREATE INDEX notifications_pending ON notifications(next_attempt) WHERE status = 'pending';
CREATE INDEX notifications_incident ON notifications(receiver, incident_id, created_at);
CREATE TABLE alert_attempts (
  notification  TEXT NOT NULL REFERENCES notifications(id),
  at            INTEGER NOT NULL,
  ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
  code          INTEGER NOT NULL DEFAULT 0,
  message       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_attempts_notification ON alert_attempts(notification, at);
CREATE TABLE silences (
  id            INTEGER PRIMARY KEY,
  matchers      TEXT NOT NULL,              -- JSON object: {"category": "...", ...}
  reason        TEXT NOT NULL DEFAULT '',
  created_by    TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
);
CREATE INDEX silences_expires ON silences(expires_at);
)sql";

// Version 4 (issue 5): each event's claim status, core::Claim as its slug:
// whether the item reports the act ('act'), one side's claim or accusation
// ('claim'), or a denial ('denial'). Events recorded before carry 'act', what
// every rule reported until then.
constexpr std::string_view kV4 = R"sql(
ALTER TABLE events ADD COLUMN claim TEXT NOT NULL DEFAULT 'act'
  CHECK (claim IN ('act', 'claim', 'denial'));
)sql";

// Version 5 (issue 3): the last body a feed's poll took in, so that an unchanged
// body is not parsed and matched again: its digest ('' until the next 2xx), and
// the refresh hint (RSS <ttl>) it carried, in milliseconds (NULL: none).
constexpr std::string_view kV5 = R"sql(
ALTER TABLE feed_state ADD COLUMN body_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_state ADD COLUMN refresh_hint_ms INTEGER CHECK (refresh_hint_ms >= 0);
)sql";

constexpr Migration kMigrations[] = {
    {1, kV1, nullptr}, {2, kV2, backfill_incidents},  // events recorded under v1 join incidents too
    {3, kV3, nullptr}, {4, kV4, nullptr},
    {5, kV5, nullptr},
};

Error unsupported(const Db& db, std::string message) {
  return make_error(ErrorCode::kUnsupported, std::move(message), db.path());
}

Status check_newer(const Db& db, int version) {
  if (version > kSchemaVersion) {
    return unsupported(db, "database schema version " + std::to_string(version) +
                               " is newer than this armwatch (" + std::to_string(kSchemaVersion) +
                               "); upgrade armwatch");
  }
  return ok_status();
}

// Refuses a file that some other program made: a foreign application_id, or
// tables but no schema_version.
Status check_ours(Db& db) {
  auto app = db.scalar_text("PRAGMA application_id");
  if (!app) {
    return app.error();
  }
  if (*app != "0" && *app != std::to_string(kApplicationId)) {
    return unsupported(db, "not an armwatch database (application_id " + *app + ")");
  }
  auto tables = db.scalar_text("SELECT count(*) FROM sqlite_schema");
  if (!tables) {
    return tables.error();
  }
  auto version = read_schema_version(db);
  if (!version) {
    return version.error();
  }
  if (*version == 0 && *tables != "0") {
    return unsupported(db, "not an armwatch database (it has tables but no schema_version)");
  }
  return ok_status();
}

Status write_version(Db& db, int version) {
  auto q = db.query("UPDATE schema_version SET version = ?1");
  if (!q) {
    return q.error();
  }
  return q->bind(1, version).run();
}

// One migration in one transaction; re-reads the version inside it, since
// another process may have migrated while this one waited for the lock.
Status apply(Db& db, const Migration& m) {
  Transaction tx(db);
  if (auto st = tx.begin(); !st) {
    return st;
  }
  if (auto st = db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
                        "INSERT INTO schema_version SELECT 0"
                        " WHERE NOT EXISTS (SELECT 1 FROM schema_version)");
      !st) {
    return st;
  }
  auto version = read_schema_version(db);
  if (!version) {
    return version.error();
  }
  if (*version >= m.version) {
    return tx.commit();
  }
  if (auto st = db.exec(std::string(m.sql)); !st) {
    return st;
  }
  if (m.after != nullptr) {
    if (auto st = m.after(db); !st) {
      return st;
    }
  }
  if (auto st = write_version(db, m.version); !st) {
    return st;
  }
  return tx.commit();
}

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

Result<int> read_schema_version(Db& db) {
  auto exists = db.scalar_text(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) {
    return exists.error();
  }
  if (*exists == "0") {
    return 0;
  }
  auto q = db.query("SELECT max(version) FROM schema_version");
  if (!q) {
    return q.error();
  }
  auto row = q->step();
  if (!row) {
    return row.error();
  }
  return *row && !q->is_null(0) ? static_cast<int>(q->int64(0)) : 0;
}

Status migrate(Db& db, int target) {
  if (auto st = check_ours(db); !st) {
    return st;
  }
  auto version = read_schema_version(db);
  if (!version) {
    return version.error();
  }
  if (auto st = check_newer(db, *version); !st) {
    return st;
  }
  for (const Migration& m : migrations()) {
    if (m.version > *version && m.version <= target) {
      if (auto st = apply(db, m); !st) {
        return st;
      }
    }
  }
  return ok_status();
}

Status check_schema_readable(Db& db) {
  auto version = read_schema_version(db);
  if (!version) {
    return version.error();
  }
  if (auto st = check_newer(db, *version); !st) {
    return st;
  }
  if (*version == 0) {
    return unsupported(db,
                       "not an armwatch database yet (no schema); start armwatchd once to "
                       "create it");
  }
  if (*version < kSchemaVersion) {
    return unsupported(db, "database schema version " + std::to_string(*version) +
                               " is older than this armwatch (" + std::to_string(kSchemaVersion) +
                               "); run armwatchd once to migrate it first");
  }
  return ok_status();
}

}  // namespace armwatch::storage
