// SqliteEventStore: the EventStore kept in one SQLite file (or ":memory:").
// Callers use it through EventStore and open_sqlite_store(); this header is
// for storage/ and its tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/alert_store.h"
#include "storage/event_store.h"
#include "storage/incident_cache.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

class SqliteEventStore final : public EventStore, public AlertStore {
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
  Status for_each_event(const EventQuery& query, const EventVisitor& visit) override;
  Result<std::vector<EventCount>> count_events(const EventQuery& query, CountBy by,
                                               CountPer per) override;
  AlertStore* alerts() override { return this; }

  // AlertStore (sqlite_alert_store.cpp)
  Result<std::vector<QueuedAlert>> queued_alerts(std::size_t limit) override;
  Result<QueuedAlert> event_context(std::int64_t event_id) override;
  Result<std::vector<QueuedAlert>> dispatched_alerts(const std::string& notification_id) override;
  Status dispatch(const std::vector<std::int64_t>& outbox_ids,
                  const NotificationRecord* record) override;
  Result<std::vector<NotificationRecord>> notifications(const NotificationQuery& query) override;
  Status record_attempt(const Notification& updated, const AttemptRecord& attempt) override;
  Result<std::vector<AttemptRecord>> attempts(const std::string& notification_id) override;
  Result<std::int64_t> add_silence(const SilenceRecord& silence) override;
  Result<std::vector<SilenceRecord>> silences(std::optional<TimePoint> active_at) override;
  Status expire_silence(std::int64_t id, TimePoint now) override;

  // Rows nulled per prune transaction: small enough that the write lock is
  // held for milliseconds.
  static constexpr std::size_t kPruneBatch = 200;

 private:
  SqliteEventStore(std::unique_ptr<Db> db, const StoreOptions& options);

  Status check_writable() const;
  Result<RecordStats> record_in_transaction(const std::vector<ItemRecord>& batch);
  Status queue_alerts(const ItemRecord& record, const std::vector<std::int64_t>& event_ids,
                      TimePoint now);
  TimePoint now() const;

  std::unique_ptr<Db> db_;
  StoreOptions options_;
  IncidentCache incident_cache_;  // the writer's; see incident_cache.h
};

}  // namespace armwatch::storage
