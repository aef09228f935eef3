// The XML half of parse_feed: libxml2 SAX2 in recover mode, no DOM, no network,
// no external entities. Internal to feeds/.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "feeds/feed_parser.h"
#include "feeds/zone.h"

namespace armwatch::feeds {

// Parses an RSS/RDF/Atom document already converted to UTF-8 (no BOM; its XML
// declaration's encoding is ignored). Sets `broken` when the document was not
// well-formed and recovery was needed. Errors (kParse, context = origin): no root
// element, an HTML page, a root element that is not a feed.
// `default_zone`: the zone of dates written without one (parse_feed_date).
Result<ParsedFeed> parse_xml_feed(std::string_view utf8, std::string_view origin,
                                  const std::optional<Zone>& default_zone = std::nullopt);

// The fast route for clean documents (feeds/simple_xml_reader.h): the result
// parse_xml_feed would give, or nullopt when the document is outside the simple
// reader's subset. `utf8` must meet read_simple_xml's precondition.
std::optional<Result<ParsedFeed>> parse_simple_xml_feed(
    std::string_view utf8, std::string_view origin,
    const std::optional<Zone>& default_zone = std::nullopt);

// Refuses every external entity and DTD load, process-wide (libxml2's loader is
// global). parse_xml_feed calls it; exposed so a program can do it at startup.
void install_refusing_entity_loader();

}  // namespace armwatch::feeds
