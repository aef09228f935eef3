// Incidents: reports of one real-world event from many feeds and outlets,
// grouped as they are recorded. storage/README.md explains the rule and why.
// Private to storage/; the pure similarity functions are exposed for tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/event_store.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

// Reports further apart than this (from the incident's first or last report)
// are different incidents.
inline constexpr Millis kIncidentWindow = std::chrono::hours(36);
// Token Jaccard at or above which two reports are near-duplicates (wire copy,
// rewrites of one story).
inline constexpr double kNearDuplicate = 0.5;
// The lower Jaccard enough when the reports also share an evidence anchor
// (an actor or place the rules matched: "Panmunjom", "Yeonpyeong").
inline constexpr double kRelatedWithAnchor = 0.2;

// Lower-cased ASCII words and UTF-8 runs of `text`, without stop words and
// one-letter words, a plural "s" dropped; sorted and unique.
std::vector<std::string> text_tokens(std::string_view text);
// |a ∩ b| / |a ∪ b| of two sorted unique sets; 0 when both are empty.
// Tokens as 64-bit hashes, sorted and unique: comparing a new report with
// hundreds of cached ones compares integers, not strings.
using TokenIds = std::vector<std::uint64_t>;

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);
double jaccard_ids(const TokenIds& a, const TokenIds& b);
// An evidence span's text as an anchor: lower-cased ASCII, spaces collapsed.
std::string normalise_anchor(std::string_view text);

// What the grouping rule compares of one report.
struct ReportText {
  TokenIds title_tokens;  // title alone
  TokenIds all_tokens;    // title and summary
};
ReportText report_text(std::string_view title, std::string_view summary);
// The best of title-only and title+summary Jaccard: feeds differ in whether
// they carry a summary, and a missing one must not hide a duplicate title.
double similarity(const ReportText& a, const ReportText& b);
bool same_incident(double similarity, bool shares_anchor);

class IncidentCache;

// What a report adds to its incident's derived columns.
struct IncidentFacts {
  int severity = 0;
  std::int64_t time = 0;   // report time, unix ms: published, else updated, else detected
  std::string outlet;      // Item::source, else the feed name
  std::string provisions;  // the event's, as a JSON array
  std::vector<std::string> provision_list;  // the same, sorted and unique
};

// The incident a report joins, chosen before its event is stored so that the
// event row is written with its incident at once.
struct IncidentChoice {
  std::int64_t id = 0;
  bool opened = false;  // a new incident, opened (still empty) for this report
  ReportText text;
  std::vector<std::string> anchors;
  IncidentFacts facts;
};

// The best matching incident of `event`'s category for `item`, or a new one
// opened for it. Call inside the write transaction; then store the event with
// choice.id and call join_incident. `cache` must be valid for this
// transaction (IncidentCache::check).
Result<IncidentChoice> choose_incident(Db& db, const Item& item, const Event& event,
                                       IncidentCache& cache);
// Folds stored event `event_id`, of incident choice.id, into the incident's
// severity, span, counts and provisions. `item_is_new`: whether no other
// event of the same item is in the incident yet (record() knows: the item was
// just stored); nullopt to look it up.
Status join_incident(Db& db, const IncidentChoice& choice, std::int64_t event_id,
                     std::optional<bool> item_is_new, IncidentCache& cache);
// Both for an event stored without an incident, read back from `db`.
Status assign_incident(Db& db, std::int64_t event_id, IncidentCache& cache);
// assign_incident for every event that has no incident, oldest first.
Status backfill_incidents(Db& db);
Result<std::vector<Incident>> query_incidents(Db& db, const IncidentQuery& query);

}  // namespace armwatch::storage
