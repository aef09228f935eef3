// Term boundaries: the one place that decides whether a raw vectorscan hit of a
// literal term stands as a whole word. vectorscan's \b is unavailable in UCP
// mode, so patterns carry no boundary and every hit is checked here.
//
// Today Latin, Hangul and other scripts share one rule: a word-character edge
// of the term must not touch a word character in the text. Hangul terms are
// the planned exception (a noun followed by particles such as 을/를/은/는 should
// still match); give kHangulNoun its own branch in accept_hit() when that lands.
#pragma once

#include <cstddef>
#include <string_view>

namespace armwatch::rules::detail {

enum class Boundary {
  kNone,    // regexes and `contains`: accept every hit
  kWord,    // whole word at both edges (the default)
  kPrefix,  // whole word at the start only (`prefix`)
};

// The script class of a term edge, so a policy can depend on it later.
enum class EdgeScript { kNotWord, kLatin, kHangul, kOther };
EdgeScript edge_script(char32_t cp);

// True when the hit [begin, end) of a term in `text` satisfies `policy`.
bool accept_hit(std::string_view text, std::size_t begin, std::size_t end, Boundary policy);

}  // namespace armwatch::rules::detail
