#include "storage/feed_rows.h"

#include <algorithm>

namespace armwatch::storage {
namespace {

// Columns read by read_state(), in order. s: feed_state, f: feeds.
constexpr const char* kStateColumns =
    "f.name, coalesce(nullif(s.current_url, ''), f.url), s.etag, s.last_modified,"
    " s.last_fetch, s.last_success, s.next_due, s.last_status, s.consecutive_errors,"
    " s.last_error, s.disabled, s.disabled_reason, s.body_digest, s.refresh_hint_ms,"
    " (SELECT count(*) FROM items WHERE feed_id = f.id)";

FeedState read_state(const Query& q) {
  FeedState s;
  s.name = q.text(0);
  s.url = q.text(1);
  s.etag = q.text(2);
  s.last_modified = q.text(3);
  s.last_fetch = q.time(4);
  s.last_success = q.time(5);
  s.next_due = q.time(6);
  s.last_status = static_cast<long>(q.int64(7));
  s.consecutive_errors = static_cast<int>(q.int64(8));
  s.last_error = q.text(9);
  s.disabled = q.int64(10) != 0;
  s.disabled_reason = q.text(11);
  s.body_digest = q.text(12);
  if (!q.is_null(13)) {
    s.refresh_hint = Millis(q.int64(13));
  }
  s.item_count = q.int64(14);
  return s;
}

Error no_feed(const Db& db, const std::string& name) {
  return make_error(ErrorCode::kNotFound, "no feed named '" + name + "'", db.path());
}

}  // namespace

Status upsert_feed(Db& db, const std::string& name, const std::string& url, TimePoint now) {
  auto reset = db.query(
      "UPDATE feed_state SET current_url = NULL, etag = '', last_modified = '',"
      " consecutive_errors = 0, last_error = '', disabled = 0, disabled_reason = '',"
      " body_digest = '', refresh_hint_ms = NULL"
      " WHERE feed_id = (SELECT id FROM feeds WHERE name = ?1 AND url <> ?2)");
  if (!reset) {
    return reset.error();
  }
  if (auto st = reset->bind(1, name).bind(2, url).run(); !st) {
    return st;
  }
  auto feed = db.query(
      "INSERT INTO feeds (name, url, created_at) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (name) DO UPDATE SET url = excluded.url WHERE url <> excluded.url");
  if (!feed) {
    return feed.error();
  }
  if (auto st = feed->bind(1, name).bind(2, url).bind(3, now).run(); !st) {
    return st;
  }
  auto state =
      db.query("INSERT OR IGNORE INTO feed_state (feed_id) SELECT id FROM feeds WHERE name = ?1");
  if (!state) {
    return state.error();
  }
  return state->bind(1, name).run();
}

Result<std::optional<std::int64_t>> find_feed(Db& db, const std::string& name) {
  auto q = db.query("SELECT id FROM feeds WHERE name = ?1");
  if (!q) {
    return q.error();
  }
  auto row = q->bind(1, name).step();
  if (!row) {
    return row.error();
  }
  return *row ? std::optional(q->int64(0)) : std::nullopt;
}

Result<std::int64_t> find_or_create_feed(Db& db, const std::string& name, TimePoint now) {
  auto id = find_feed(db, name);
  if (!id) {
    return id.error();
  }
  if (*id) {
    return **id;
  }
  if (auto st = upsert_feed(db, name, "", now); !st) {
    return st.error();
  }
  id = find_feed(db, name);
  if (!id) {
    return id.error();
  }
  if (!*id) {
    return make_error(ErrorCode::kInternal, "feed '" + name + "' vanished", db.path());
  }
  return **id;
}

Result<FeedState> load_feed_state(Db& db, const std::string& name) {
  auto q = db.query(std::string("SELECT ") + kStateColumns +
                    " FROM feeds f LEFT JOIN feed_state s ON s.feed_id = f.id WHERE f.name = ?1");
  if (!q) {
    return q.error();
  }
  auto row = q->bind(1, name).step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return no_feed(db, name);
  }
  return read_state(*q);
}

Status store_feed_state(Db& db, const FeedState& s) {
  // current_url stays NULL while it equals the configured URL, so a later
  // change of the configured URL is not shadowed by a stale copy.
  auto q = db.query(
      "UPDATE feed_state SET current_url = nullif(?2, (SELECT url FROM feeds WHERE name = ?1)),"
      " etag = ?3, last_modified = ?4, last_fetch = ?5, last_success = ?6, next_due = ?7,"
      " last_status = ?8, consecutive_errors = ?9, last_error = ?10, disabled = ?11,"
      " disabled_reason = ?12, body_digest = ?13, refresh_hint_ms = ?14"
      " WHERE feed_id = (SELECT id FROM feeds WHERE name = ?1)");
  if (!q) {
    return q.error();
  }
  q->bind(1, s.name).bind(2, s.url).bind(3, s.etag).bind(4, s.last_modified);
  q->bind(5, s.last_fetch).bind(6, s.last_success).bind(7, s.next_due);
  q->bind(8, static_cast<std::int64_t>(s.last_status)).bind(9, s.consecutive_errors);
  q->bind(10, s.last_error).bind(11, s.disabled ? 1 : 0).bind(12, s.disabled_reason);
  q->bind(13, s.body_digest);
  if (s.refresh_hint) {
    q->bind(14, static_cast<std::int64_t>(std::max<Millis::rep>(0, s.refresh_hint->count())));
  } else {
    q->bind_null(14);
  }
  if (auto st = q->run(); !st) {
    return st;
  }
  if (db.changes() == 0) {
    return no_feed(db, s.name);
  }
  return ok_status();
}

Result<std::vector<FeedState>> load_feeds(Db& db) {
  auto q = db.query(std::string("SELECT ") + kStateColumns +
                    " FROM feeds f LEFT JOIN feed_state s ON s.feed_id = f.id ORDER BY f.name");
  if (!q) {
    return q.error();
  }
  std::vector<FeedState> feeds;
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return feeds;
    }
    feeds.push_back(read_state(*q));
  }
}

}  // namespace armwatch::storage
