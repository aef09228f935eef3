// The JSON Feed half of parse_feed (https://jsonfeed.org/version/1.1, also 1.0).
// Internal to feeds/.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "feeds/feed_parser.h"
#include "feeds/zone.h"

namespace armwatch::feeds {

// Parses a JSON Feed document (UTF-8). Errors (kParse, context = origin): not
// JSON, or JSON that is not a feed (no "items" array and no jsonfeed.org version).
// nlohmann-json exceptions never leave this function.
// `default_zone`: the zone of dates written without one (parse_feed_date).
Result<ParsedFeed> parse_json_feed(std::string_view utf8, std::string_view origin,
                                   const std::optional<Zone>& default_zone = std::nullopt);

}  // namespace armwatch::feeds
