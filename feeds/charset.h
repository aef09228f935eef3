// Character set detection and conversion for feed bodies: whatever the server
// sent, the parsers downstream only ever see UTF-8.
// Pure functions, thread-safe (each call opens its own iconv descriptor).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace armwatch::feeds {

struct DecodedBody {
  std::string utf8;                   // valid UTF-8, without a byte order mark
  std::string encoding;               // the iconv name used ("UTF-8", "CP949", ...)
  bool had_errors = false;            // bytes were invalid for the encoding, or it was unknown
  bool relabelled = false;            // read as CP949 despite its label (see decode_to_utf8)
  std::vector<std::string> warnings;  // for people: what was repaired and why
};

// Picks the encoding, in this order: byte order mark; UTF-16/32 recognised from
// the first bytes ("<\0?\0"); the XML declaration's encoding; the charset of
// `content_type`; UTF-8. Legacy labels are widened to what servers really mean
// (euc-kr -> CP949, gb2312 -> GB18030, iso-8859-1 and us-ascii -> WINDOWS-1252,
// shift_jis -> CP932). Converts with iconv; each invalid sequence becomes U+FFFD.
// An encoding iconv does not know is read as UTF-8 (had_errors set).
// Mislabelled Korean feeds: a body picked as UTF-8 (labelled so, or unlabelled)
// that is not valid UTF-8, or one labelled Latin-1/windows-1252 when `korean`
// (the feed declares language ko), is read as CP949 instead when that reading
// is free of errors and mostly Hangul (relabelled set, a warning says so).
DecodedBody decode_to_utf8(std::string_view body, std::string_view content_type,
                           bool korean = false);

// The encoding decode_to_utf8 picks for `body` (its iconv name: "UTF-8", "CP949",
// ...), and in *bom_length the length of the byte order mark it skips (0 if none).
std::string detect_encoding(std::string_view body, std::string_view content_type,
                            std::size_t* bom_length = nullptr);

// True when `s` is well-formed UTF-8 holding only characters XML 1.0 allows (no
// C0 controls but tab, LF and CR; no U+FFFE or U+FFFF). Fast on ASCII.
bool is_xml_safe_utf8(std::string_view s);

// The charset parameter of a Content-Type value, lower-cased and unquoted, or "".
std::string charset_from_content_type(std::string_view content_type);

// The iconv name for a charset label ("EUC-KR" -> "CP949"); "" for an empty label.
std::string iconv_name_for(std::string_view label);

}  // namespace armwatch::feeds
