// Incidents: reports of one real-world event from many feeds and outlets,
// grouped as they are recorded. storage/README.md explains the rule and why.
// Private to storage/; the pure similarity functions are exposed for tests.
#pragma once

#include <chrono>
#include <cstdint>
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
double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);
// An evidence span's text as an anchor: lower-cased ASCII, spaces collapsed.
std::string normalise_anchor(std::string_view text);

// What the grouping rule compares of one report.
struct ReportText {
  std::vector<std::string> title_tokens;  // title alone
  std::vector<std::string> all_tokens;    // title and summary
};
ReportText report_text(std::string_view title, std::string_view summary);
// The best of title-only and title+summary Jaccard: feeds differ in whether
// they carry a summary, and a missing one must not hide a duplicate title.
double similarity(const ReportText& a, const ReportText& b);
bool same_incident(double similarity, bool shares_anchor);

// Puts stored event `event_id` (its item and evidence already inserted) into
// the best matching incident of its category, or a new one, and refreshes that
// incident's counts, severity and provisions. Call inside the write transaction.
Status assign_incident(Db& db, std::int64_t event_id);
// assign_incident for every event that has no incident, oldest first.
Status backfill_incidents(Db& db);
Result<std::vector<Incident>> query_incidents(Db& db, const IncidentQuery& query);

}  // namespace armwatch::storage
