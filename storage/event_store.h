// storage/: the event log. It owns the database schema, its migrations, and
// every SQL statement; only storage/*.cpp sees sqlite3.h. It stores Items and
// Events without knowing the rules that made them.
// It includes only core/: never feeds/, rules/, alerts/, config/, daemon/ or cli/.
//
// This header: the EventStore seam. SQLite is the implementation today; the
// interface speaks only core types so a PostgreSQL store can be added later.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/event.h"
#include "core/item.h"
#include "core/result.h"

namespace armwatch::storage {

class AlertStore;

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
  // The last body taken in (parsed and stored): its digest, opaque text made by the
  // fetching side (empty: none yet), and the refresh hint the document carried
  // (RSS <ttl>, sy:updatePeriod), reused while the same body keeps coming back.
  std::string body_digest;
  std::optional<Millis> refresh_hint;
  std::int64_t item_count = 0;  // read-only: filled by list_feeds()
};

// An alert to queue for one of the record's events: the outbox row is written
// in the same transaction as the event, so no alert is lost between the two.
struct OutboxEntry {
  std::size_t event_index = 0;  // into ItemRecord::events
  std::string receiver;
  std::string silenced_by;  // a silence id: recorded, never delivered
};

// An item and the events matched on it, stored together.
struct ItemRecord {
  Item item;
  std::vector<Event> events;
  std::vector<OutboxEntry> alerts{};  // stored only when the item is new
};

struct RecordStats {
  std::size_t items_new = 0;   // items not seen before, now stored
  std::size_t items_seen = 0;  // items already stored; their events were ignored
  std::size_t events = 0;      // events stored
};

struct EventQuery {
  std::optional<TimePoint> since;  // on Event::time, inclusive
  std::optional<TimePoint> until;  // on Event::time, exclusive
  std::optional<Severity> min_severity;
  std::string category;          // empty: any
  std::string feed;              // empty: any
  std::string rule;              // empty: any
  int limit = 0;                 // 0: no limit
  std::int64_t incident_id = 0;  // 0: any; else only the reports of that incident
  std::int64_t event_id = 0;     // 0: any; else that one event
  // Added for the query CLI (issue 6).
  std::string provision;  // empty: any; else events citing it ("AA-I-6"; "AA-II-13*": a prefix)
  std::string source;     // empty: any; else the outlet: Item::source, else the feed name
  bool recorded_order = false;  // by id, oldest first (exports), instead of newest first
  std::int64_t item_id = 0;     // 0: any; else the events of that item (SearchHit::item_id)
};

// An event as read back, with the item it was found in.
struct StoredEvent {
  std::int64_t id = 0;
  Event event;
  Item item;
  std::int64_t incident_id = 0;  // the incident it was grouped into (0: none)
};

// Reports of one real-world event from many feeds and outlets, grouped by
// record() (storage/README.md says how). Times are the reports' item dates
// (published, else updated, else detection time).
struct Incident {
  std::int64_t id = 0;
  std::string category;
  Severity severity = Severity::kInfo;  // the highest of its events: a later report can raise it
  TimePoint first_seen;
  TimePoint last_seen;
  std::int64_t report_count = 0;        // distinct items
  std::int64_t source_count = 0;        // distinct outlets (Item::source, else the feed name)
  std::vector<std::string> provisions;  // union over its events, sorted
  std::string title;                    // the title of the report that opened it
};

struct IncidentQuery {
  std::optional<TimePoint> since;  // incidents still going on at or after: last_seen >= since
  std::optional<TimePoint> until;  // incidents begun before: first_seen < until
  std::optional<Severity> min_severity;
  std::string category;  // empty: any
  int min_sources = 0;   // e.g. 2: only incidents reported by two outlets or more
  int limit = 0;         // 0: no limit
  std::int64_t id = 0;   // 0: any; else that one incident
  // Added for the query CLI (issue 6): an incident passes when one of its
  // events does (provision: one of its provisions).
  std::string provision;  // as EventQuery::provision
  std::string source;     // as EventQuery::source
  std::string feed;       // empty: any
  std::string rule;       // empty: any
};

// Restricts search() hits. Empty or unset members do not filter.
struct SearchFilter {
  std::string feed;
  std::string category;            // only items with an event of this category
  std::optional<TimePoint> since;  // on the item's date (published, else updated, else fetch time)
  std::optional<TimePoint> until;  // exclusive
  std::string mark_open = "[";     // snippet() puts these around each matched term
  std::string mark_close = "]";
  // Added for the query CLI (issue 6).
  std::string source;  // the outlet: Item::source, else the feed name
  // Only items with an event of this rule / at least this severity / citing
  // this provision (as EventQuery::provision).
  std::string rule;
  std::optional<Severity> min_severity;
  std::string provision;
};

// What count_events groups by, and over which periods.
enum class CountBy { kCategory, kProvision, kSource, kSeverity, kRule, kFeed };
enum class CountPer { kAll, kDay, kWeek, kMonth };

struct EventCount {
  std::string key;                  // the category, provision, outlet, severity slug...
  std::optional<TimePoint> period;  // start of the day / week (Monday) / month, UTC; unset for kAll
  std::int64_t count = 0;           // events (kProvision: events citing it)
};

// Called once per event by for_each_event; return false to stop early.
using EventVisitor = std::function<bool(const StoredEvent&)>;

struct SearchHit {
  std::int64_t item_id = 0;
  Item item;            // title, summary and content are empty once pruned
  double score = 0;     // relevance, higher is better (negated bm25, title weighted most)
  std::string snippet;  // a short extract with the matched terms marked
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
  // twice never duplicates. On error nothing of the batch is kept. New events
  // are grouped into incidents in the same transaction. An item whose feed was
  // never ensured gets a feed row with an empty URL.
  virtual Result<RecordStats> record(const std::vector<ItemRecord>& batch) = 0;
  // Newest first.
  virtual Result<std::vector<StoredEvent>> query_events(const EventQuery& query) = 0;
  // Every known feed, by name.
  virtual Result<std::vector<FeedState>> list_feeds() = 0;

  // The calls below came with schema v2 (issue 6). Their defaults return
  // kUnsupported so that test fakes written against v1 still compile.

  // Most recently active first.
  virtual Result<std::vector<Incident>> query_incidents(const IncidentQuery& query);
  // Full-text search over item titles, summaries and content, best match first,
  // at most `limit` hits (0: 20). `text` is an FTS5 query ("kaesong", "liaison
  // office" in quotes for a phrase, OR, NOT, prefix*); when it is not valid FTS5
  // syntax its words are searched as plain terms, all required.
  virtual Result<std::vector<SearchHit>> search(const std::string& text, const SearchFilter& filter,
                                                int limit);
  // Retention: drops the summary and content of items fetched before
  // `older_than`, at most `max_rows` of them, in short transactions so that a
  // writer or reader never waits long. Titles, links, events, evidence and
  // incidents stay. Returns how many items were pruned; call again while it
  // returns `max_rows`. On error, batches already committed stay pruned.
  virtual Result<std::size_t> prune_item_text(TimePoint older_than, std::size_t max_rows);
  // The alert outbox, notifications and silences in the same database, or null
  // when this store keeps none. Owned by the EventStore; same threading rules.
  virtual AlertStore* alerts() { return nullptr; }

  // The calls below came with the query CLI (issue 6); the defaults return
  // kUnsupported, as above.

  // Every event matching `query` (in its order; recorded_order for exports),
  // with item and evidence, one at a time and in one read snapshot, so a log of
  // millions streams in constant memory. `visit` must not call this store.
  virtual Status for_each_event(const EventQuery& query, const EventVisitor& visit);
  // Events matching `query` (its limit and order are ignored) counted by `by`
  // and `per`: by period, then by count, highest first.
  virtual Result<std::vector<EventCount>> count_events(const EventQuery& query, CountBy by,
                                                       CountPer per);
};

struct StoreOptions {
  bool read_only = false;  // the CLI reads while the daemon writes
  int busy_timeout_ms = 5000;
  // Stamps items' fetch time (what retention goes by). nullptr: the system
  // clock. Not owned; must outlive the store.
  const Clock* clock = nullptr;
  // A cap on the database file's size; past it record() returns kFull and keeps
  // nothing of the batch. 0: no cap (the disk is the limit).
  std::int64_t max_size_bytes = 0;
  // PRAGMA synchronous: FULL (true, the default) fsyncs at every commit, because
  // the event log is the record; false selects NORMAL, which may lose the last
  // commits on power loss. For benchmarks and throwaway databases only.
  bool synchronous_full = true;
};

// Opens (creating if needed, unless read_only) the SQLite database at `path`,
// or ":memory:". Runs pending migrations; refuses a database whose schema is
// newer than this binary (kUnsupported) and names the path in every error.
// The store is used from one thread at a time; open one per thread.
//
// read_only opens without write access and runs no migrations: kNotFound when
// the file does not exist, kUnsupported when its schema is older (the daemon
// must migrate it first) or newer than this binary. Readers never block the
// writer nor wait for it (WAL).
//
// Errors of every call: kBusy when another connection holds the write lock
// past busy_timeout_ms (retry later; nothing was kept), kFull when the disk or
// max_size_bytes is full (nothing of the call was kept), kDatabase otherwise.
// Each names the path as context and carries SQLite's message.
Result<std::unique_ptr<EventStore>> open_sqlite_store(const std::string& path,
                                                      const StoreOptions& options = {});

}  // namespace armwatch::storage
