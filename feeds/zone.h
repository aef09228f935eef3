// A feed's time zone, for dates it writes without one ("2024.10.15 13:10").
// Pure functions apart from reading the tz database; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"

namespace armwatch::feeds {

// The UTC offset, in minutes (local minus UTC), that `tz` has at `at`. `tz` is
// "UTC", a numeric offset ("+09:00", "+0900", "-03:30", "+9") or an IANA name
// ("Asia/Seoul") read from the tz database ($TZDIR, else /usr/share/zoneinfo).
// nullopt when the zone is unknown or its file unreadable. Asia/Seoul (+09:00
// since 1988, no DST) resolves even without a tz database installed.
std::optional<int> zone_offset_minutes(std::string_view tz, TimePoint at);

}  // namespace armwatch::feeds
