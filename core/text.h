// Small UTF-8 and ASCII text helpers shared by feeds/ (repair what servers send)
// and rules/ (normalise before matching). Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace armwatch {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Copies `s`, replacing each ill-formed sequence with U+FFFD, so the result is
// always valid UTF-8. NUL bytes are dropped.
std::string repair_utf8(std::string_view s);

// Appends the UTF-8 encoding of `cp` (U+FFFD if it is not a scalar value).
void append_utf8(std::string& out, char32_t cp);

// Collapses runs of ASCII whitespace (and U+00A0) to one space and trims both ends.
std::string collapse_whitespace(std::string_view s);

// ASCII-only lower-casing; other bytes are copied unchanged.
std::string ascii_lower(std::string_view s);

}  // namespace armwatch
