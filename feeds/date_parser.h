// Feed date parsing: the many spellings of a date that feeds use, to a UTC instant.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"
#include "feeds/zone.h"

namespace armwatch::feeds {

// Parses a date as feeds write it and returns the UTC instant, or nullopt when the
// text is not a date this parser understands. It never guesses ("now", today...).
//
// Accepted:
//  - RFC 822 / RFC 1123 and their variants: optional weekday, 1- or 2-digit day,
//    full or short English month name, 2-digit years (00-68 -> 20xx, 69-99 -> 19xx),
//    missing seconds, missing time (midnight), missing zone (UTC), numeric zones
//    (+0900, -01:01, GMT+09:00), named zones (UT, GMT, Z, EST/EDT ... PST/PDT, KST,
//    JST, MET/MEST, CET/CEST, BST...) and single-letter military zones; also the
//    asctime and "Thu Aug 30 2012 17:26:16 +0200" orders.
//  - RFC 3339 / W3CDTF / common ISO 8601: "2003", "2003-12", "2003-12-31",
//    "2003-12-31T10:14:55.1234-08:00", a space instead of "T", "+0900" zones,
//    "03-12-31", "031231", "-03-12", "-0312".
//  - Korean formats: "2004-05-25 오후 11:23:17", "2004년 05월 28일 01:31:15",
//    "2024.10.15 13:10", "2024.10.15." (a date alone), "2024.10.15 오후 1:10",
//    "2024년 10월 15일 13시 10분"; Greek and Hungarian month names; and the
//    Perforce "Fri, 2006/09/15 08:19:53 EDT" form.
// A date written without a zone is in `default_zone` (the feed's zone: a fixed
// offset such as 540 for +09:00, or a named zone whose offset at that date is
// used, so DST applies per date). Without one it is UTC, except the forms with
// Korean words (오후, 년, 시...), taken as KST.
// Rejects out-of-range fields (month 13, 31 June, 25:00, minute 61), unknown words,
// trailing garbage, and results outside years 1..9999 (after the zone shift).
std::optional<TimePoint> parse_feed_date(std::string_view text,
                                         const std::optional<Zone>& default_zone = std::nullopt);

}  // namespace armwatch::feeds
