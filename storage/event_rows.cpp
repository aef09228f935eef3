#include "storage/event_rows.h"

#include "storage/item_rows.h"
#include "storage/json_text.h"
#include "storage/sql_filter.h"

namespace armwatch::storage {
namespace {

constexpr int kDefaultSearchLimit = 20;

Status read_evidence(Db& db, std::int64_t event_id, std::vector<Span>& out) {
  auto q = db.query(
      "SELECT field, span_begin, span_end, text FROM evidence WHERE event_id = ?1 ORDER BY seq");
  if (!q) {
    return q.error();
  }
  q->bind(1, event_id);
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return ok_status();
    }
    out.push_back(Span{q->text(0), static_cast<std::size_t>(q->int64(1)),
                       static_cast<std::size_t>(q->int64(2)), q->text(3)});
  }
}

// Columns: e.id, 9 event columns, e.incident_id, e.claim, then kItemColumns.
StoredEvent read_event(const Query& q) {
  StoredEvent s;
  s.id = q.int64(0);
  s.event.rule_id = q.text(1);
  s.event.category = q.text(2);
  s.event.severity = static_cast<Severity>(q.int64(3));
  s.event.provisions = from_json_array(q.text(4)).value_or(std::vector<std::string>{});
  s.event.precedents = from_json_array(q.text(5)).value_or(std::vector<std::string>{});
  s.event.confidence = q.real(6);
  s.event.message = q.text(7);
  s.event.time = from_unix_ms(q.int64(8));
  s.incident_id = q.is_null(9) ? 0 : q.int64(9);
  s.event.claim = parse_claim(q.text(10)).value_or(Claim::kAct);
  s.item = read_item(q, 11);
  return s;
}

}  // namespace

SqlFilter event_filter(const EventQuery& query) {
  SqlFilter f;
  if (query.since) {
    f.add("e.detected_at >= ?", to_unix_ms(*query.since));
  }
  if (query.until) {
    f.add("e.detected_at < ?", to_unix_ms(*query.until));
  }
  if (query.min_severity) {
    f.add("e.severity >= ?", static_cast<std::int64_t>(*query.min_severity));
  }
  if (!query.category.empty()) {
    f.add("e.category = ?", query.category);
  }
  if (!query.feed.empty()) {
    f.add("f.name = ?", query.feed);
  }
  if (!query.rule.empty()) {
    f.add("e.rule_id = ?", query.rule);
  }
  if (query.incident_id != 0) {
    f.add("e.incident_id = ?", query.incident_id);
  }
  if (query.event_id != 0) {
    f.add("e.id = ?", query.event_id);
  }
  if (!query.provision.empty()) {
    f.add(provision_clause("e.provisions", query.provision), query.provision);
  }
  if (!query.source.empty()) {
    f.add(std::string(kSourceExpr) + " = ?", query.source);
  }
  if (query.item_id != 0) {
    f.add("e.item_id = ?", query.item_id);
  }
  return f;
}

std::string provision_clause(const char* column, const std::string& provision) {
  // "AA-II-13*" cites any of AA-II-13a..d; without a '*' the id must match exactly.
  bool prefix = !provision.empty() && provision.back() == '*';
  return std::string("EXISTS (SELECT 1 FROM json_each(") + column + ") WHERE value " +
         (prefix ? "GLOB ?)" : "= ?)");
}

namespace {

SqlFilter search_filter(const std::string& match, const SearchFilter& filter) {
  SqlFilter f;
  f.add("items_fts MATCH ?", match);
  const char* date = "coalesce(i.published, i.updated, i.fetched_at)";
  if (!filter.feed.empty()) {
    f.add("f.name = ?", filter.feed);
  }
  if (!filter.category.empty()) {
    f.add("EXISTS (SELECT 1 FROM events e WHERE e.item_id = i.id AND e.category = ?)",
          filter.category);
  }
  if (filter.since) {
    f.add(std::string(date) + " >= ?", to_unix_ms(*filter.since));
  }
  if (filter.until) {
    f.add(std::string(date) + " < ?", to_unix_ms(*filter.until));
  }
  if (!filter.source.empty()) {
    f.add(std::string(kSourceExpr) + " = ?", filter.source);
  }
  // The remaining filters are about the item's events: it must have one that
  // passes each of them.
  if (!filter.rule.empty()) {
    f.add("EXISTS (SELECT 1 FROM events e WHERE e.item_id = i.id AND e.rule_id = ?)", filter.rule);
  }
  if (filter.min_severity) {
    f.add("EXISTS (SELECT 1 FROM events e WHERE e.item_id = i.id AND e.severity >= ?)",
          static_cast<std::int64_t>(*filter.min_severity));
  }
  if (!filter.provision.empty()) {
    f.add("EXISTS (SELECT 1 FROM events e WHERE e.item_id = i.id AND " +
              provision_clause("e.provisions", filter.provision) + ")",
          filter.provision);
  }
  return f;
}

bool is_fts_syntax_error(const Error& e) {
  return e.code == ErrorCode::kDatabase &&
         (e.message.find("fts5: syntax error") != std::string::npos ||
          e.message.find("no such column") != std::string::npos);
}

Result<std::vector<SearchHit>> run_search(Db& db, const std::string& match,
                                          const SearchFilter& filter, int limit) {
  SqlFilter f = search_filter(match, filter);
  // ORDER BY rank lets FTS5 sort the matches itself (the rank function and
  // weights are set per query: titles weigh most, then summaries, then
  // bodies), so SQLite reads the item and makes the snippet of the rows it
  // returns only. With ORDER BY bm25(...) it would do both for every match
  // before sorting: for a common word, most of the log.
  auto q = db.query(std::string("SELECT i.id, -rank, snippet(items_fts, -1, ?, ?, '…', 16), ") +
                    kItemColumns +
                    " FROM items_fts JOIN items i ON i.id = items_fts.rowid"
                    " JOIN feeds f ON f.id = i.feed_id" +
                    f.where() + " AND rank MATCH 'bm25(10.0, 4.0, 1.0)' ORDER BY rank LIMIT ?");
  if (!q) {
    return q.error();
  }
  q->bind(1, filter.mark_open).bind(2, filter.mark_close);
  q->bind(f.bind(*q, 3), std::int64_t{limit > 0 ? limit : kDefaultSearchLimit});
  std::vector<SearchHit> hits;
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return hits;
    }
    hits.push_back(SearchHit{q->int64(0), read_item(*q, 3), q->real(1), q->text(2)});
  }
}

}  // namespace

std::string events_sql(const EventQuery& query) {
  return std::string(
             "SELECT e.id, e.rule_id, e.category, e.severity, e.provisions,"
             " e.precedents, e.confidence, e.message, e.detected_at,"
             " e.incident_id, e.claim, ") +
         kItemColumns +
         " FROM events e JOIN items i ON i.id = e.item_id"
         " JOIN feeds f ON f.id = i.feed_id" +
         event_filter(query).where() +
         (query.recorded_order ? " ORDER BY e.id" : " ORDER BY e.detected_at DESC, e.id DESC") +
         " LIMIT ?";
}

Status visit_events(Db& db, const EventQuery& query, const EventVisitor& visit) {
  auto q = db.query(events_sql(query));
  if (!q) {
    return q.error();
  }
  q->bind(event_filter(query).bind(*q, 1), std::int64_t{query.limit > 0 ? query.limit : -1});
  for (;;) {
    auto row = q->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return ok_status();
    }
    StoredEvent e = read_event(*q);
    // Evidence is read while the main statement is still open, so an export
    // streams without holding the whole log in memory.
    if (auto st = read_evidence(db, e.id, e.event.evidence); !st) {
      return st;
    }
    if (!visit(e)) {
      return ok_status();
    }
  }
}

Result<std::vector<StoredEvent>> find_events(Db& db, const EventQuery& query) {
  std::vector<StoredEvent> events;
  auto st = visit_events(db, query, [&](const StoredEvent& e) {
    events.push_back(e);
    return true;
  });
  if (!st) {
    return st.error();
  }
  return events;
}

std::string quote_terms(const std::string& text) {
  std::string out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      out += out.empty() ? "\"" : " \"";
      out += word;
      out += '"';
      word.clear();
    }
  };
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      flush();
    } else {
      word += c;
      if (c == '"') {
        word += '"';  // FTS5 escapes a quote inside a string by doubling it
      }
    }
  }
  flush();
  return out;
}

Result<std::vector<SearchHit>> search_items(Db& db, const std::string& text,
                                            const SearchFilter& filter, int limit) {
  std::string plain = quote_terms(text);
  if (plain.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "empty search text", db.path());
  }
  auto hits = run_search(db, text, filter, limit);
  if (!hits && is_fts_syntax_error(hits.error())) {
    return run_search(db, plain, filter, limit);
  }
  return hits;
}

}  // namespace armwatch::storage
