// The feeds and feed_state tables: one row each per configured feed. Private
// to storage/; SqliteEventStore calls these inside its own transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/event_store.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

// Creates feed `name` with its state row, or updates its configured URL. When
// the configured URL changes, the state that belonged to the old URL (redirect
// target, validators, error streak, disabled flag, last body digest) is reset.
Status upsert_feed(Db& db, const std::string& name, const std::string& url, TimePoint now);

// The feed's id; nullopt if it does not exist.
Result<std::optional<std::int64_t>> find_feed(Db& db, const std::string& name);
// The feed's id, creating the feed with an empty URL when it is unknown.
Result<std::int64_t> find_or_create_feed(Db& db, const std::string& name, TimePoint now);

// kNotFound when the feed does not exist.
Result<FeedState> load_feed_state(Db& db, const std::string& name);
Status store_feed_state(Db& db, const FeedState& state);
// Every feed by name, with its item count.
Result<std::vector<FeedState>> load_feeds(Db& db);

}  // namespace armwatch::storage
