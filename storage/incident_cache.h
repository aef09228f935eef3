// IncidentCache: what the grouping rule compares of each recent incident (the
// tokens of its latest reports and its evidence anchors), kept in memory by the
// writer between record() calls. Without it every new event re-read and
// re-tokenised up to 50 reports of each of up to 20 candidate incidents, which
// made grouping cost more than storing the item and indexing it. Private to
// storage/.
//
// The cache is only ever a copy of what the database holds: check() empties it
// when another connection has committed since (PRAGMA data_version), and the
// store empties it when a transaction rolls back or retention prunes text.
// Not thread-safe; owned by one SqliteEventStore.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "storage/incidents.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

struct IncidentProfile {
  std::deque<ReportText> reports;    // of its latest kProfileReports events, oldest first
  std::vector<std::string> anchors;  // normalised evidence texts of all its events, sorted, unique
  // What its derived columns count, so a joining report's contribution is
  // known without a pass over the incident's events. Sorted, unique.
  std::vector<std::string> outlets;     // Item::source, else the feed name
  std::vector<std::string> provisions;  // the union over its events
};

class IncidentCache {
 public:
  // As many latest reports as the grouping rule compares.
  static constexpr std::size_t kProfileReports = 50;
  // Past this many incidents the cache starts over: it only needs the ones
  // inside the 36-hour window, and a reload costs two small queries.
  static constexpr std::size_t kMaxIncidents = 4096;

  // Call at the start of each write transaction: empties the cache when
  // another connection has committed since the last call.
  Status check(Db& db);
  void clear() { profiles_.clear(); }

  // The profile of incident `id`, read from `db` on a miss. The pointer is
  // valid until the next call of get(), add() or clear().
  Result<const IncidentProfile*> get(Db& db, std::int64_t id);
  // The cached profile of incident `id`, or nullptr; never reads `db`.
  const IncidentProfile* find(std::int64_t id) const;
  // Records that a report joined incident `id`: its tokens, anchors, outlet
  // and provisions (sorted). An incident that is not cached stays so unless it
  // is new.
  void add(std::int64_t id, bool is_new, const ReportText& text,
           const std::vector<std::string>& anchors, const std::string& outlet,
           const std::vector<std::string>& provisions);

 private:
  std::unordered_map<std::int64_t, IncidentProfile> profiles_;
  std::int64_t data_version_ = -1;
};

// Sorted, unique anchors (normalise_anchor) of evidence texts; empty ones dropped.
std::vector<std::string> to_anchors(const std::vector<std::string>& texts);

}  // namespace armwatch::storage
