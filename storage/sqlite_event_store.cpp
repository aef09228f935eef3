#include "storage/sqlite_event_store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <sqlite3.h>

#include "storage/alert_rows.h"
#include "storage/event_counts.h"
#include "storage/event_rows.h"
#include "storage/feed_rows.h"
#include "storage/incidents.h"
#include "storage/item_rows.h"
#include "storage/schema.h"

namespace armwatch::storage {
namespace {

// The WAL file is truncated back to this after a checkpoint, so one burst of
// writes does not leave a large file behind.
constexpr std::int64_t kJournalSizeLimit = std::int64_t{64} * 1024 * 1024;

Status set_busy_timeout(Db& db, int timeout_ms) {
  int rc = sqlite3_busy_timeout(db.handle(), std::max(timeout_ms, 0));
  return rc == SQLITE_OK ? ok_status() : Status(db.error(rc, "setting busy_timeout"));
}

// The writer's connection settings.
//
// WAL: the CLI reads while the daemon writes, and neither waits for the other.
// synchronous=FULL: this database is the record of what happened, not a cache.
// Under WAL, NORMAL would survive a crash of armwatchd but could lose the last
// commits on power loss; an item that has meanwhile dropped out of its feed is
// then never seen again. The daemon commits one batch per poll, so the fsync
// per commit that FULL costs is negligible.
Status configure_writer(Db& db, const StoreOptions& options) {
  auto mode = db.scalar_text("PRAGMA journal_mode = WAL");
  if (!mode) {
    return mode.error();
  }
  if (*mode != "wal" && *mode != "memory") {
    return make_error(ErrorCode::kDatabase, "cannot switch to WAL (journal_mode is " + *mode + ")",
                      db.path());
  }
  std::string synchronous = options.synchronous_full ? "FULL" : "NORMAL";
  if (auto st = db.exec("PRAGMA synchronous = " + synchronous +
                        "; PRAGMA foreign_keys = ON;"
                        "PRAGMA journal_size_limit = " +
                        std::to_string(kJournalSizeLimit));
      !st) {
    return st;
  }
  if (options.max_size_bytes > 0) {
    auto page = db.query("PRAGMA page_size");
    if (!page) {
      return page.error();
    }
    auto row = page->step();
    if (!row) {
      return row.error();
    }
    std::int64_t page_size = *row ? std::max<std::int64_t>(1, page->int64(0)) : 4096;
    std::int64_t pages = std::max<std::int64_t>(1, options.max_size_bytes / page_size);
    auto set = db.scalar_text("PRAGMA max_page_count = " + std::to_string(pages));
    if (!set) {
      return set.error();
    }
  }
  return ok_status();
}

Error missing_file(const std::string& path) {
  return make_error(ErrorCode::kNotFound,
                    "database file does not exist; start armwatchd to create it", path);
}

}  // namespace

Result<std::unique_ptr<EventStore>> open_sqlite_store(const std::string& path,
                                                      const StoreOptions& options) {
  auto store = SqliteEventStore::open(path, options);
  if (!store) {
    return store.error();
  }
  return std::unique_ptr<EventStore>(std::move(*store));
}

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::open(const std::string& path,
                                                                 const StoreOptions& options) {
  if (options.read_only) {
    std::error_code ec;
    if (path == ":memory:" || !std::filesystem::exists(path, ec)) {
      return missing_file(path);
    }
  }
  auto db = Db::open(path, OpenFlags{options.read_only, !options.read_only});
  if (!db) {
    return db.error();
  }
  if (auto st = set_busy_timeout(**db, options.busy_timeout_ms); !st) {
    return st.error();
  }
  if (options.read_only) {
    if (auto st = check_schema_readable(**db); !st) {
      return st.error();
    }
  } else {
    if (auto st = configure_writer(**db, options); !st) {
      return st.error();
    }
    if (auto st = migrate(**db); !st) {
      return st.error();
    }
  }
  return std::unique_ptr<SqliteEventStore>(new SqliteEventStore(std::move(*db), options));
}

SqliteEventStore::SqliteEventStore(std::unique_ptr<Db> db, const StoreOptions& options)
    : db_(std::move(db)), options_(options) {}

TimePoint SqliteEventStore::now() const {
  static const SystemClock system_clock;
  return (options_.clock != nullptr ? options_.clock : &system_clock)->now();
}

Status SqliteEventStore::check_writable() const {
  if (options_.read_only) {
    return make_error(ErrorCode::kInvalidArgument, "the store was opened read-only", db_->path());
  }
  return ok_status();
}

Status SqliteEventStore::ensure_feed(const std::string& name, const std::string& url) {
  if (auto st = check_writable(); !st) {
    return st;
  }
  if (name.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "a feed needs a name", db_->path());
  }
  Transaction tx(*db_);
  if (auto st = tx.begin(); !st) {
    return st;
  }
  if (auto st = upsert_feed(*db_, name, url, now()); !st) {
    return st;
  }
  return tx.commit();
}

Result<FeedState> SqliteEventStore::feed_state(const std::string& name) {
  return load_feed_state(*db_, name);
}

Status SqliteEventStore::save_feed_state(const FeedState& state) {
  if (auto st = check_writable(); !st) {
    return st;
  }
  // One statement: SQLite makes it atomic without an explicit transaction.
  return store_feed_state(*db_, state);
}

Result<std::vector<bool>> SqliteEventStore::known_items(const std::string& feed,
                                                        const std::vector<std::string>& ids) {
  // One read transaction: one snapshot, and one lock taken instead of many.
  Transaction tx(*db_);
  if (auto st = tx.begin(Transaction::Mode::kDeferred); !st) {
    return st.error();
  }
  auto feed_id = find_feed(*db_, feed);
  if (!feed_id) {
    return feed_id.error();
  }
  auto known = *feed_id ? find_items(*db_, **feed_id, ids)
                        : Result<std::vector<bool>>(std::vector<bool>(ids.size(), false));
  if (!known) {
    return known.error();
  }
  if (auto st = tx.commit(); !st) {
    return st.error();
  }
  return known;
}

Result<RecordStats> SqliteEventStore::record(const std::vector<ItemRecord>& batch) {
  if (auto st = check_writable(); !st) {
    return st.error();
  }
  Transaction tx(*db_);
  if (auto st = tx.begin(); !st) {
    return st.error();
  }
  // With the write lock held, nothing else can change the incidents until the
  // commit: a cache still valid now stays valid for the whole batch.
  if (auto st = incident_cache_.check(*db_); !st) {
    return st.error();
  }
  auto stats = record_in_transaction(batch);
  if (!stats) {
    incident_cache_.clear();  // it may hold reports that tx now rolls back
    return stats.error();
  }
  if (auto st = tx.commit(); !st) {
    incident_cache_.clear();
    return st.error();
  }
  return stats;
}

Result<RecordStats> SqliteEventStore::record_in_transaction(const std::vector<ItemRecord>& batch) {
  RecordStats stats;
  TimePoint fetched_at = now();
  for (const ItemRecord& rec : batch) {
    auto feed_id = find_or_create_feed(*db_, rec.item.feed, fetched_at);
    if (!feed_id) {
      return feed_id.error();
    }
    auto item_id = insert_item(*db_, *feed_id, rec.item, fetched_at);
    if (!item_id) {
      return item_id.error();
    }
    if (*item_id == 0) {
      ++stats.items_seen;
      continue;
    }
    ++stats.items_new;
    std::vector<std::int64_t> event_ids;
    std::vector<std::int64_t> joined;  // incidents this new item's events joined so far
    for (const Event& event : rec.events) {
      auto incident = choose_incident(*db_, rec.item, event, incident_cache_);
      if (!incident) {
        return incident.error();
      }
      auto event_id = insert_event(*db_, *item_id, event, incident->id);
      if (!event_id) {
        return event_id.error();
      }
      bool item_is_new = std::find(joined.begin(), joined.end(), incident->id) == joined.end();
      joined.push_back(incident->id);
      if (auto st = join_incident(*db_, *incident, *event_id, item_is_new, incident_cache_); !st) {
        return st.error();
      }
      event_ids.push_back(*event_id);
      ++stats.events;
    }
    if (auto st = queue_alerts(rec, event_ids, fetched_at); !st) {
      return st.error();
    }
  }
  return stats;
}

Result<std::vector<StoredEvent>> SqliteEventStore::query_events(const EventQuery& query) {
  std::vector<StoredEvent> events;
  auto st = for_each_event(query, [&](const StoredEvent& e) {
    events.push_back(e);
    return true;
  });
  if (!st) {
    return st.error();
  }
  return events;
}

Status SqliteEventStore::for_each_event(const EventQuery& query, const EventVisitor& visit) {
  // One read snapshot for the events and their evidence, however long the
  // visit takes: the writer goes on meanwhile (WAL) and a reader never sees
  // half of a batch.
  Transaction tx(*db_);
  if (auto st = tx.begin(Transaction::Mode::kDeferred); !st) {
    return st;
  }
  if (auto st = visit_events(*db_, query, visit); !st) {
    return st;
  }
  return tx.commit();
}

Result<std::vector<EventCount>> SqliteEventStore::count_events(const EventQuery& query, CountBy by,
                                                               CountPer per) {
  return storage::count_events(*db_, query, by, per);
}

Result<std::vector<FeedState>> SqliteEventStore::list_feeds() {
  return load_feeds(*db_);
}

Result<std::vector<Incident>> SqliteEventStore::query_incidents(const IncidentQuery& query) {
  return storage::query_incidents(*db_, query);
}

Result<std::vector<SearchHit>> SqliteEventStore::search(const std::string& text,
                                                        const SearchFilter& filter, int limit) {
  return search_items(*db_, text, filter, limit);
}

Result<std::size_t> SqliteEventStore::prune_item_text(TimePoint older_than, std::size_t max_rows) {
  if (auto st = check_writable(); !st) {
    return st.error();
  }
  incident_cache_.clear();  // pruned summaries no longer count in the grouping
  std::size_t total = 0;
  while (total < max_rows) {
    std::size_t batch = std::min(kPruneBatch, max_rows - total);
    Transaction tx(*db_);
    if (auto st = tx.begin(); !st) {
      return st.error();
    }
    auto pruned = prune_items(*db_, older_than, batch);
    if (!pruned) {
      return pruned.error();
    }
    if (auto st = tx.commit(); !st) {
      return st.error();
    }
    total += *pruned;
    if (*pruned < batch) {
      break;
    }
  }
  return total;
}

}  // namespace armwatch::storage
