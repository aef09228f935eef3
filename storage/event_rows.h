// Reading the event log back: events with their items and evidence, and
// full-text search over items. Private to storage/.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "storage/event_store.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

// Newest first (detection time, then id).
Result<std::vector<StoredEvent>> find_events(Db& db, const EventQuery& query);

// Best first. Falls back to plain terms when `text` is not valid FTS5 syntax;
// kInvalidArgument when it has no searchable words at all.
Result<std::vector<SearchHit>> search_items(Db& db, const std::string& text,
                                            const SearchFilter& filter, int limit);

// `text` as FTS5 plain terms: each whitespace-separated word quoted, so any
// punctuation is taken literally and all words are required.
std::string quote_terms(const std::string& text);

}  // namespace armwatch::storage
