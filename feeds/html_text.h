// HTML to plain text for feed fields: titles, summaries and contents arrive as
// HTML (or as text that may hold entities) and leave as clean UTF-8 text.
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace armwatch::feeds {

// Reduces an HTML fragment to text: tags removed, script/style/template content
// dropped, comments dropped, CDATA kept as text, block elements (p, div, br, li,
// h1-h6, tr, ...) turned into line breaks, entities decoded (named HTML 4 entities,
// decimal and hex references; 0x80-0x9F mapped as windows-1252 like browsers do),
// then whitespace (ASCII and U+00A0) collapsed to single spaces and trimmed.
// Always valid UTF-8: ill-formed bytes become U+FFFD, NUL is dropped.
std::string html_to_text(std::string_view html);

// Decodes character and named entity references only; '<' is ordinary text and
// whitespace is kept. For XML attribute values, which libxml2 hands over with
// "&#38;" standing for '&'.
std::string decode_entities(std::string_view text);

// Escapes '&', '<' and '>' so that html_to_text(escape_html(s)) gives s back
// (whitespace-collapsed).
std::string escape_html(std::string_view text);

// Appends the UTF-8 text of the HTML named entity `name` ("eacute", without '&'
// and ';') and returns true, or returns false for an unknown name.
bool append_named_entity(std::string& out, std::string_view name);

}  // namespace armwatch::feeds
