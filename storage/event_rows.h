// Reading the event log back: events with their items and evidence, and
// full-text search over items. Private to storage/.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/event_store.h"
#include "storage/sql_filter.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

// An item's outlet, for queries over items `i` joined with feeds `f`: its
// source, else the feed's name (as incidents count them).
inline constexpr const char* kSourceExpr = "coalesce(nullif(i.source, ''), f.name)";

// The WHERE clause of `query`'s filters over events `e`, items `i`, feeds `f`.
SqlFilter event_filter(const EventQuery& query);
// "EXISTS (...)" true when the JSON array in `column` holds `provision` (one
// "?" to bind it); a trailing '*' makes it a prefix (GLOB).
std::string provision_clause(const char* column, const std::string& provision);
// The SELECT find_events runs, with "?" for the filters and the limit: for
// EXPLAIN QUERY PLAN in tests and benchmarks.
std::string events_sql(const EventQuery& query);

// Newest first (detection time, then id), or by id with query.recorded_order.
Result<std::vector<StoredEvent>> find_events(Db& db, const EventQuery& query);
// find_events one event at a time, each with its evidence; stops early when
// `visit` returns false. `visit` must not use `db`.
Status visit_events(Db& db, const EventQuery& query, const EventVisitor& visit);

// Best first. Falls back to plain terms when `text` is not valid FTS5 syntax;
// kInvalidArgument when it has no searchable words at all.
Result<std::vector<SearchHit>> search_items(Db& db, const std::string& text,
                                            const SearchFilter& filter, int limit);

// `text` as FTS5 plain terms: each whitespace-separated word quoted, so any
// punctuation is taken literally and all words are required.
std::string quote_terms(const std::string& text);

}  // namespace armwatch::storage
