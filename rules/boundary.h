// Term boundaries: the one place that decides whether a raw vectorscan hit of a
// literal term stands as a whole word. vectorscan's \b is unavailable in UCP
// mode, so patterns carry no boundary and every hit is checked here, in the
// scan callback (the scan stays a single pass over each field).
//
// The start of a term must start a word (an eojeol, for Korean). At the end, a
// word-character edge must not run on into Latin letters or digits; when the
// text goes on in Hangul, the rest of the eojeol must be endings a noun takes:
// particles, copula forms, 들, 하다/되다 endings (rules/hangul.h). So 미사일을,
// 발사했다 and DMZ에서 match 미사일, 발사 and DMZ; 유엔사무국 does not match 유엔사 and
// 정전협정 does not match 정전 (a compound is a word of its own; rules/README.md,
// "Korean").
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace armwatch::rules::detail {

enum class Boundary {
  kNone,      // regexes and `contains`: accept every hit
  kWord,      // whole word; a Hangul tail must be noun endings (the default)
  kPrefix,    // whole word at the start only (`prefix`)
  kExact,     // whole word, no Hangul endings either (`exact`)
  kSuffixes,  // whole word, or followed by one of the listed suffixes (`suffixes=list`)
};

// The script class of a term edge.
enum class EdgeScript { kNotWord, kLatin, kHangul, kOther };
EdgeScript edge_script(char32_t cp);

// True when the hit [begin, end) of a term in `text` satisfies `policy`.
// `suffixes` are the allowed tails of kSuffixes.
bool accept_hit(std::string_view text, std::size_t begin, std::size_t end, Boundary policy,
                std::span<const std::string> suffixes = {});

}  // namespace armwatch::rules::detail
