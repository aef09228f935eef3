// A fast reader for the XML nearly every feed is: UTF-8, well-formed and
// namespace-well-formed, no DOCTYPE, no entity references but the five predefined
// ones and character references. It drives a FeedBuilder with the same events the
// libxml2 SAX2 driver (xml_feed_parser.cpp) gives for such a document: element
// start (namespace URI, local name, attributes with references decoded and
// whitespace normalised), element end, and character data with line ends
// normalised. Anything outside that subset, including everything libxml2 would
// report as an error, makes it give up so that the caller can parse with libxml2.
// tests/conformance checks the two drivers agree on every corpus file both read.
// Internal to feeds/. No global state; thread-safe for distinct builders.
#pragma once

#include <string_view>

namespace armwatch::feeds {

class FeedBuilder;

// `utf8` must hold valid UTF-8 without characters XML forbids (is_xml_safe_utf8 in
// feeds/charset.h) and without a byte order mark. Returns true when the whole
// document was read into `builder`; false when the document left the subset, in
// which case `builder` holds part of it and must be discarded.
bool read_simple_xml(std::string_view utf8, FeedBuilder& builder);

}  // namespace armwatch::feeds
