// A feed's time zone, for dates it writes without one ("2024.10.15 13:10").
// Pure functions apart from reading the tz database; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace armwatch::feeds {

// A zone's UTC offsets over time: one fixed offset, or a tz database zone's
// transitions (DST), loaded once. Cheap to copy (the transitions are shared);
// immutable, so thread-safe.
class Zone {
 public:
  // A fixed offset in minutes east of UTC (implicit: an offset is a zone).
  Zone(int minutes) : fixed_(minutes) {}  // NOLINT(google-explicit-constructor)

  // The zone `tz` names, read as zone_offset_minutes reads it (a file read per new
  // name; later calls reuse it); nullopt when unknown.
  static std::optional<Zone> named(std::string_view tz);

  // Minutes east of UTC in force at `at`.
  int offset_at(TimePoint at) const;
  // The offset for a wall-clock time in this zone, `local` being that time read as
  // if it were UTC: the offset in force at the instant it names, so a winter date
  // gets the winter offset whatever the season now. In an hour a DST change
  // repeats, one of its two offsets; in an hour it skips, the offset from before.
  int offset_for_local(TimePoint local) const;

 private:
  struct Transitions {
    std::vector<std::int64_t> at;  // unix seconds, ascending
    std::vector<int> offset;       // minutes, in force from at[i]
    int before = 0;                // in force before at[0]
  };
  explicit Zone(std::shared_ptr<const Transitions> rules) : rules_(std::move(rules)) {}
  int offset_at_secs(std::int64_t unix_secs) const;

  int fixed_ = 0;
  std::shared_ptr<const Transitions> rules_;  // null for a fixed offset
};

// The UTC offset, in minutes (local minus UTC), that `tz` has at `at`. `tz` is
// "UTC", a numeric offset ("+09:00", "+0900", "-03:30", "+9") or an IANA name
// ("Asia/Seoul") read from the tz database ($TZDIR, else /usr/share/zoneinfo).
// nullopt when the zone is unknown or its file unreadable. Asia/Seoul (+09:00
// since 1988, no DST) resolves even without a tz database installed.
std::optional<int> zone_offset_minutes(std::string_view tz, TimePoint at);

}  // namespace armwatch::feeds
