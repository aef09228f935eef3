// Which zone a feed's zone-less dates are in: the configured one, else Asia/Seoul
// for a Korean-language feed, else none (UTC). Internal to feeds/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace armwatch::feeds {

// True when the document declares Korean in its first 64 KiB: RSS <language>ko,
// <dc:language>ko, xml:lang="ko", or a JSON Feed "language": "ko" ("ko", "ko-KR",
// "ko_KR", "kor", any case). Works on the raw bytes of any ASCII-compatible encoding.
bool declares_korean(std::string_view document);

// The offset (minutes east of UTC) for the feed's zone-less dates at `now`:
// `timezone` when set (feeds/zone.h), else +09:00 when `korean`, else nullopt
// (parse_feed_date's own default). A `timezone` that does not resolve gives
// nullopt and a message in *warning.
std::optional<int> feed_default_offset(std::string_view timezone, bool korean, TimePoint now,
                                       std::string* warning);

}  // namespace armwatch::feeds
