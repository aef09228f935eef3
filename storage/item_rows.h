// The items, events and evidence tables: writing a record, reading items back,
// and retention. Private to storage/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/event_store.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

// The columns read_item() expects, in order, for a query over items `i` joined
// with feeds `f`.
inline constexpr const char* kItemColumns =
    "f.name, i.item_key, i.title, coalesce(i.summary, ''), coalesce(i.content, ''), i.link,"
    " i.source, i.published, i.updated, i.authors, i.categories";
inline constexpr int kItemColumnCount = 11;

// Reads kItemColumns starting at column `first`.
Item read_item(const Query& q, int first);

// Inserts the item unless (feed, id) is already stored. Returns its new row id,
// or 0 when it was already there.
Result<std::int64_t> insert_item(Db& db, std::int64_t feed_id, const Item& item,
                                 TimePoint fetched_at);
// Inserts the event and its evidence for item row `item_id`, in incident
// `incident_id` (0: none yet); returns its id.
Result<std::int64_t> insert_event(Db& db, std::int64_t item_id, const Event& event,
                                  std::int64_t incident_id = 0);

// For each id, whether (feed_id, id) is stored.
Result<std::vector<bool>> find_items(Db& db, std::int64_t feed_id,
                                     const std::vector<std::string>& ids);

// Nulls summary and content of at most `limit` items fetched before `before`,
// in the caller's transaction. Returns how many.
Result<std::size_t> prune_items(Db& db, TimePoint before, std::size_t limit);

}  // namespace armwatch::storage
