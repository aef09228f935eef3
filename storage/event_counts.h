// Counting events by category, provision, outlet... per day, week or month,
// for `armwatch stats`. Private to storage/.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "storage/event_store.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

// EventStore::count_events over `db`.
Result<std::vector<EventCount>> count_events(Db& db, const EventQuery& query, CountBy by,
                                             CountPer per);

// The SELECT count_events runs (for EXPLAIN QUERY PLAN in tests).
std::string counts_sql(const EventQuery& query, CountBy by, CountPer per);

}  // namespace armwatch::storage
