// storage/: the event log. It owns the database schema, its migrations, and
// every SQL statement; only storage/*.cpp sees sqlite3.h. It stores Items and
// Events without knowing the rules that made them.
// It includes only core/: never feeds/, rules/, alerts/, config/, daemon/ or cli/.
//
// This header: the EventStore seam. SQLite is the implementation today; the
// interface speaks only core types so a PostgreSQL store can be added later.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/item.h"
#include "core/result.h"

namespace armwatch::storage {

// Everything armwatch remembers about one configured feed between polls.
struct FeedState {
  std::string name;  // the configured name: the feed's identity
  std::string url;   // current URL (updated after a permanent redirect)
  std::string etag;
  std::string last_modified;
  std::optional<TimePoint> last_fetch;
  std::optional<TimePoint> last_success;
  std::optional<TimePoint> next_due;
  long last_status = 0;  // last HTTP status, 0 if the transfer failed
  int consecutive_errors = 0;
  std::string last_error;
  bool disabled = false;
  std::string disabled_reason;
  std::int64_t item_count = 0;  // read-only: filled by list_feeds()
};

// An item and the events matched on it, stored together.
struct ItemRecord {
  Item item;
  std::vector<Event> events;
};

struct RecordStats {
  std::size_t items_new = 0;   // items not seen before, now stored
  std::size_t items_seen = 0;  // items already stored; their events were ignored
  std::size_t events = 0;      // events stored
};

struct EventQuery {
  std::optional<TimePoint> since;  // on Event::time
  std::optional<TimePoint> until;
  std::optional<Severity> min_severity;
  std::string category;  // empty: any
  std::string feed;      // empty: any
  std::string rule;      // empty: any
  int limit = 0;         // 0: no limit
};

// An event as read back, with the item it was found in.
struct StoredEvent {
  std::int64_t id = 0;
  Event event;
  Item item;
};

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Creates the feed's row if absent; a known feed keeps its state. A changed
  // URL in the config replaces the stored one.
  virtual Status ensure_feed(const std::string& name, const std::string& url) = 0;
  // kNotFound when the feed was never ensured.
  virtual Result<FeedState> feed_state(const std::string& name) = 0;
  virtual Status save_feed_state(const FeedState& state) = 0;
  // Which of `ids` (item ids of `feed`) are already stored; same order as `ids`.
  virtual Result<std::vector<bool>> known_items(const std::string& feed,
                                                const std::vector<std::string>& ids) = 0;
  // Stores the batch in one transaction: each new item with its events; an item
  // already stored (same feed and id) is skipped with its events, so recording
  // twice never duplicates. On error nothing of the batch is kept.
  virtual Result<RecordStats> record(const std::vector<ItemRecord>& batch) = 0;
  // Newest first.
  virtual Result<std::vector<StoredEvent>> query_events(const EventQuery& query) = 0;
  // Every known feed, by name.
  virtual Result<std::vector<FeedState>> list_feeds() = 0;
};

struct StoreOptions {
  bool read_only = false;   // the CLI reads while the daemon writes
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed, unless read_only) the SQLite database at `path`,
// or ":memory:". Runs pending migrations; refuses a database whose schema is
// newer than this binary (kUnsupported) and names the path in every error.
// The store is used from one thread at a time; open one per thread.
Result<std::unique_ptr<EventStore>> open_sqlite_store(const std::string& path,
                                                     const StoreOptions& options = {});

}  // namespace armwatch::storage
