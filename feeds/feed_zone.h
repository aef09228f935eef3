// Which zone a feed's zone-less dates are in: the configured one, else Asia/Seoul
// for a Korean-language feed, else none (UTC). Internal to feeds/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "feeds/zone.h"

namespace armwatch::feeds {

// True when the document declares Korean in its first 64 KiB: RSS <language>ko,
// <dc:language>ko, xml:lang="ko", or a JSON Feed "language": "ko" ("ko", "ko-KR",
// "ko_KR", "kor", any case). Works on the raw bytes of any ASCII-compatible encoding.
bool declares_korean(std::string_view document);

// The zone of the feed's zone-less dates: `timezone` when set and known
// (feeds/zone.h; each date gets the offset in force at that date), else
// Asia/Seoul when `korean`, else nullopt (parse_feed_date's own default). A
// `timezone` that does not resolve puts a message in *warning and falls back as
// if none was set: to Asia/Seoul for a Korean feed, else to none (UTC).
std::optional<Zone> feed_default_zone(std::string_view timezone, bool korean, std::string* warning);

}  // namespace armwatch::feeds
