// Item identity and links: what makes an item the same item on the next poll.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "feeds/feed_parser.h"

namespace armwatch::feeds {

// Drops the fragment and every utm_* query parameter, lower-cases an http(s)
// scheme and host, and trims surrounding whitespace. Anything else is kept as is
// (parameter order, percent-encoding, trailing slashes).
std::string canonical_link(std::string_view url);

// Resolves `href` against `base` when base is an absolute http(s) URL and href
// is relative ("/a", "a/b", "../x", "?q", "//host/p"). Returns href unchanged
// otherwise, or when the two cannot be combined.
std::string resolve_link(std::string_view href, std::string_view base);

// FNV-1a 64-bit hash, as 16 lower-case hex digits.
std::string fnv1a_hex(std::string_view data);

// Gives every item an id (guid/id as parsed, else its canonical link, else
// "fnv1a:" + fnv1a_hex of title, date and summary), then drops items whose id
// was already seen in this feed (the first one stays) and adds a warning for each.
void assign_item_ids(ParsedFeed& feed);

}  // namespace armwatch::feeds
