// Time values shared by every module: a UTC instant with millisecond precision,
// RFC 3339 formatting, and the "7d" / "24h" durations users type.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace armwatch {

using Millis = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Millis>;

// Milliseconds since the Unix epoch, and back. Storage keeps instants this way.
std::int64_t to_unix_ms(TimePoint t);
TimePoint from_unix_ms(std::int64_t ms);

// "2024-06-09T14:03:00Z": UTC, seconds precision (milliseconds are dropped).
std::string format_rfc3339(TimePoint t);

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z" or "+HH:MM", and a
// space instead of "T". A value with no zone is taken as UTC. nullopt if malformed
// or out of range (month 13, day 31 in June, hour 24...).
std::optional<TimePoint> parse_rfc3339(std::string_view text);

// "90s", "15m", "24h", "7d", "2w", or a bare number of seconds. nullopt if malformed.
std::optional<Millis> parse_duration(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm);
// the caller validates ranges.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

}  // namespace armwatch
