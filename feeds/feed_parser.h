// Parses a feed document (RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0, JSON Feed)
// into normalised Items. Text fields come out as clean UTF-8 plain text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/result.h"
#include "core/time.h"

namespace armwatch::feeds {

enum class FeedFormat { kUnknown, kRss20, kRss10, kAtom10, kAtom03, kJson };

// "rss20", "rss10", "atom10", "atom03", "json", "unknown".
std::string_view to_string(FeedFormat format);

struct ParsedFeed {
  FeedFormat format = FeedFormat::kUnknown;
  // Not a clean, correctly labelled feed: ill-formed XML read in recover mode,
  // bytes repaired (invalid in their charset, characters XML forbids, bare '&'),
  // or an HTTP Content-Type that is not an XML (JSON) media type, such as
  // text/plain or text/html (feedparser's "bozo"). A warning flag: the items are
  // still the best reading of the document, and `warnings` says what was wrong.
  bool broken = false;
  std::string title;
  std::string link;
  // The feed's own minimum refresh interval, when it states one: RSS <ttl>
  // (minutes), or sy:updatePeriod / sy:updateFrequency; with both, the longer.
  // Clamped to [1 s, 365 days]; absent when missing, 0 or unreadable (see
  // feeds/refresh_hint.h). A hint: the scheduler bounds it.
  std::optional<Millis> ttl;
  std::vector<Item> items;  // in document order; Item::feed and ::source left empty
  std::vector<std::string> warnings;
};

struct ParseOptions {
  // The zone of dates the feed writes without one ("2024.10.15 13:10"): an IANA
  // name ("Asia/Seoul") or a UTC offset ("+09:00"), resolved by feeds/zone.h at
  // parse time. Empty: Asia/Seoul for a Korean feed (it declares language ko, or
  // is CP949/EUC-KR), else UTC. An unknown zone reads as empty, with a warning.
  std::string timezone;
};

// Parses `body`. `content_type` is the HTTP Content-Type (its charset is used
// when the document declares none); `origin` (URL or path) only labels errors
// and resolves relative links.
// Never loads external entities or DTDs, never touches the network, and bounds
// entity expansion. Returns kParse naming `origin` when nothing usable can be
// read (not XML/JSON, an HTML page instead of a feed, an empty document).
Result<ParsedFeed> parse_feed(std::string_view body, std::string_view content_type = {},
                              std::string_view origin = {}, const ParseOptions& options = {});

}  // namespace armwatch::feeds
