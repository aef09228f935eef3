// ParsedFeed as JSON, for `armwatch feed parse FILE` and for tests that compare
// parser output. Pure function, thread-safe.
#pragma once

#include <string>

#include "feeds/feed_parser.h"

namespace armwatch::feeds {

// {"format": "rss20|rss10|atom10|atom03|json|unknown", "broken": bool,
//  "feed": {"title": s, "link": s, "ttl_seconds": n or null},
//  "items": [{"id", "title", "link", "published", "updated", "summary", "content",
//             "authors": [s], "categories": [s]}],
//  "warnings": [s]}
// Dates are UTC RFC 3339 ("2024-06-09T14:03:00Z") or null. Indented by 2 spaces,
// no trailing newline. Invalid UTF-8 (there should be none) is replaced by U+FFFD.
std::string to_json(const ParsedFeed& feed);

}  // namespace armwatch::feeds
