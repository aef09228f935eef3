#include "storage/event_counts.h"

#include "storage/event_rows.h"

namespace armwatch::storage {
namespace {

const char* key_expr(CountBy by) {
  switch (by) {
    case CountBy::kCategory:
      return "e.category";
    case CountBy::kProvision:
      return "j.value";
    case CountBy::kSource:
      return kSourceExpr;
    case CountBy::kSeverity:
      return "e.severity";
    case CountBy::kRule:
      return "e.rule_id";
    case CountBy::kFeed:
      return "f.name";
  }
  return "e.category";
}

// The UTC day, Monday or first of the month an event falls in, as "YYYY-MM-DD".
const char* period_expr(CountPer per) {
  switch (per) {
    case CountPer::kAll:
      return "NULL";
    case CountPer::kDay:
      return "date(e.detected_at / 1000, 'unixepoch')";
    case CountPer::kWeek:
      // 'weekday 0' moves forward to Sunday (or stays on one); 6 days back is Monday.
      return "date(e.detected_at / 1000, 'unixepoch', 'weekday 0', '-6 days')";
    case CountPer::kMonth:
      return "strftime('%Y-%m-01', e.detected_at / 1000, 'unixepoch')";
  }
  return "NULL";
}

// Counting by category over a million events should not read a million item
// rows: join items and feeds only when the key or a filter needs them.
bool needs_items(const EventQuery& query, CountBy by) {
  return by == CountBy::kSource || by == CountBy::kFeed || !query.source.empty() ||
         !query.feed.empty();
}

std::string severity_slug(const std::string& stored) {
  for (Severity s : {Severity::kInfo, Severity::kWarning, Severity::kViolation}) {
    if (stored == std::to_string(static_cast<int>(s))) {
      return std::string(to_string(s));
    }
  }
  return stored;
}

}  // namespace

std::string counts_sql(const EventQuery& query, CountBy by, CountPer per) {
  std::string from = " FROM events e";
  if (needs_items(query, by)) {
    from += " JOIN items i ON i.id = e.item_id JOIN feeds f ON f.id = i.feed_id";
  }
  if (by == CountBy::kProvision) {
    from += ", json_each(e.provisions) j";
  }
  return std::string("SELECT ") + key_expr(by) + ", " + period_expr(per) + ", count(*)" + from +
         event_filter(query).where() + " GROUP BY 1, 2 ORDER BY 2, 3 DESC, 1";
}

Result<std::vector<EventCount>> count_events(Db& db, const EventQuery& query, CountBy by,
                                             CountPer per) {
  auto q = db.query(counts_sql(query, by, per));
  if (!q) {
    return q.error();
  }
  event_filter(query).bind(*q, 1);
  std::vector<EventCount> out;
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return out;
    }
    EventCount c;
    c.key = by == CountBy::kSeverity ? severity_slug(q->text(0)) : q->text(0);
    if (!q->is_null(1)) {
      c.period = parse_rfc3339(q->text(1));
    }
    c.count = q->int64(2);
    out.push_back(std::move(c));
  }
}

}  // namespace armwatch::storage
