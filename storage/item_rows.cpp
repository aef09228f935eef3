#include "storage/item_rows.h"

#include <cmath>

#include "storage/json_text.h"

namespace armwatch::storage {
namespace {

std::vector<std::string> read_list(const Query& q, int col) {
  // Only to_json_array writes these columns; a damaged value reads as empty
  // rather than failing a whole query.
  return from_json_array(q.text(col)).value_or(std::vector<std::string>{});
}

Status insert_evidence(Db& db, std::int64_t event_id, const std::vector<Span>& spans) {
  auto q = db.query(
      "INSERT INTO evidence (event_id, seq, field, span_begin, span_end, text)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!q) {
    return q.error();
  }
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    q->bind(1, event_id).bind(2, static_cast<std::int64_t>(i)).bind(3, s.field);
    q->bind(4, static_cast<std::int64_t>(s.begin)).bind(5, static_cast<std::int64_t>(s.end));
    if (auto st = q->bind(6, s.text).run(); !st) {
      return st;
    }
  }
  return ok_status();
}

}  // namespace

Item read_item(const Query& q, int first) {
  Item item;
  item.feed = q.text(first);
  item.id = q.text(first + 1);
  item.title = q.text(first + 2);
  item.summary = q.text(first + 3);
  item.content = q.text(first + 4);
  item.link = q.text(first + 5);
  item.source = q.text(first + 6);
  item.published = q.time(first + 7);
  item.updated = q.time(first + 8);
  item.authors = read_list(q, first + 9);
  item.categories = read_list(q, first + 10);
  return item;
}

Result<std::int64_t> insert_item(Db& db, std::int64_t feed_id, const Item& item,
                                 TimePoint fetched_at) {
  auto q = db.query(
      "INSERT INTO items (feed_id, item_key, title, summary, content, link, source, published,"
      " updated, fetched_at, authors, categories)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
      " ON CONFLICT (feed_id, item_key) DO NOTHING");
  if (!q) {
    return q.error();
  }
  q->bind(1, feed_id).bind(2, item.id).bind(3, item.title).bind(4, item.summary);
  q->bind(5, item.content).bind(6, item.link).bind(7, item.source).bind(8, item.published);
  q->bind(9, item.updated).bind(10, fetched_at).bind(11, to_json_array(item.authors));
  if (auto st = q->bind(12, to_json_array(item.categories)).run(); !st) {
    return st.error();
  }
  return db.changes() == 0 ? 0 : db.last_insert_rowid();
}

Result<std::int64_t> insert_event(Db& db, std::int64_t item_id, const Event& e,
                                  std::int64_t incident_id) {
  auto q = db.query(
      "INSERT INTO events (item_id, rule_id, category, severity, provisions, precedents,"
      " confidence, message, detected_at, claim, incident_id)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!q) {
    return q.error();
  }
  q->bind(1, item_id).bind(2, e.rule_id).bind(3, e.category);
  q->bind(4, static_cast<std::int64_t>(e.severity)).bind(5, to_json_array(e.provisions));
  q->bind(6, to_json_array(e.precedents));
  // SQLite stores NaN as NULL, which the NOT NULL constraint refuses; say so.
  if (std::isnan(e.confidence)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "event of rule '" + e.rule_id + "' has a NaN confidence", db.path());
  }
  q->bind(7, e.confidence).bind(8, e.message).bind(9, e.time);
  q->bind(10, to_string(e.claim));
  if (incident_id != 0) {
    q->bind(11, incident_id);
  } else {
    q->bind_null(11);
  }
  if (auto st = q->run(); !st) {
    return st.error();
  }
  std::int64_t event_id = db.last_insert_rowid();
  if (auto st = insert_evidence(db, event_id, e.evidence); !st) {
    return st.error();
  }
  return event_id;
}

Result<std::vector<bool>> find_items(Db& db, std::int64_t feed_id,
                                     const std::vector<std::string>& ids) {
  auto q = db.query("SELECT 1 FROM items WHERE feed_id = ?1 AND item_key = ?2");
  if (!q) {
    return q.error();
  }
  std::vector<bool> known;
  known.reserve(ids.size());
  for (const auto& id : ids) {
    auto row = q->bind(1, feed_id).bind(2, id).step();
    if (!row) {
      return row.error();
    }
    known.push_back(*row);
    q->reset();
  }
  return known;
}

Result<std::size_t> prune_items(Db& db, TimePoint before, std::size_t limit) {
  // The WHERE matches the partial index items_prunable, so finding the next
  // rows costs no scan of the pruned ones.
  auto q = db.query(
      "UPDATE items SET summary = NULL, content = NULL WHERE id IN"
      " (SELECT id FROM items WHERE fetched_at < ?1"
      " AND (summary IS NOT NULL OR content IS NOT NULL) ORDER BY fetched_at LIMIT ?2)");
  if (!q) {
    return q.error();
  }
  q->bind(1, before).bind(2, static_cast<std::int64_t>(limit));
  if (auto st = q->run(); !st) {
    return st.error();
  }
  return static_cast<std::size_t>(db.changes());
}

}  // namespace armwatch::storage
