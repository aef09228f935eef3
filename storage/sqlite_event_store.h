// SqliteEventStore: the EventStore kept in one SQLite file (or ":memory:").
// Callers use it through EventStore and open_sqlite_store(); this header is
// for storage/ and its tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/event_store.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

class SqliteEventStore final : public EventStore {
 public:
  // Opens the database at `path` as open_sqlite_store() describes.
  static Result<std::unique_ptr<SqliteEventStore>> open(const std::string& path,
                                                        const StoreOptions& options);

  Status ensure_feed(const std::string& name, const std::string& url) override;
  Result<FeedState> feed_state(const std::string& name) override;
  Status save_feed_state(const FeedState& state) override;
  Result<std::vector<bool>> known_items(const std::string& feed,
                                        const std::vector<std::string>& ids) override;
  Result<RecordStats> record(const std::vector<ItemRecord>& batch) override;
  Result<std::vector<StoredEvent>> query_events(const EventQuery& query) override;
  Result<std::vector<FeedState>> list_feeds() override;
  Result<std::vector<Incident>> query_incidents(const IncidentQuery& query) override;
  Result<std::vector<SearchHit>> search(const std::string& text, const SearchFilter& filter,
                                        int limit) override;
  Result<std::size_t> prune_item_text(TimePoint older_than, std::size_t max_rows) override;

  // Rows nulled per prune transaction: small enough that the write lock is
  // held for milliseconds.
  static constexpr std::size_t kPruneBatch = 200;

 private:
  SqliteEventStore(std::unique_ptr<Db> db, const StoreOptions& options);

  Status check_writable() const;
  Result<RecordStats> record_in_transaction(const std::vector<ItemRecord>& batch);
  TimePoint now() const;

  std::unique_ptr<Db> db_;
  StoreOptions options_;
};

}  // namespace armwatch::storage
