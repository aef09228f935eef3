#include "rules/boundary.h"

#include <algorithm>

#include "rules/hangul.h"
#include "rules/normaliser.h"

namespace armwatch::rules::detail {

EdgeScript edge_script(char32_t cp) {
  if (!is_word_cp(cp)) {
    return EdgeScript::kNotWord;
  }
  if (cp < 0x250) {
    return EdgeScript::kLatin;
  }
  // Hangul syllables, jamo and compatibility jamo.
  if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
      (cp >= 0x3130 && cp <= 0x318F)) {
    return EdgeScript::kHangul;
  }
  return EdgeScript::kOther;
}

namespace {

// The end edge, once the term's last character is a word character and the
// text goes on with the word character `next`.
bool accept_tail(std::string_view text, std::size_t end, char32_t next, Boundary policy,
                 std::span<const std::string> suffixes) {
  if (policy == Boundary::kExact || !is_hangul_syllable(next)) {
    return false;
  }
  std::string_view rest = text.substr(end, eojeol_end(text, end) - end);
  if (policy == Boundary::kSuffixes) {
    return std::find(suffixes.begin(), suffixes.end(), rest) != suffixes.end();
  }
  return is_noun_tail(rest, NounTail::kAnyEnding);
}

bool ascii_word(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// The usual case, all four edge bytes ASCII: the same answer as the general
// path below without decoding a code point (an ASCII next byte is never a
// Korean tail). Returns 0 (reject), 1 (accept) or -1 (not all ASCII).
int ascii_edges(std::string_view text, std::size_t begin, std::size_t end, Boundary policy) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char before = begin > 0 ? byte(begin - 1) : ' ';
  unsigned char after = end < text.size() ? byte(end) : ' ';
  unsigned char first = byte(begin);
  unsigned char last = byte(end - 1);
  if (((before | after | first | last) & 0x80) != 0) {
    return -1;
  }
  if (ascii_word(first) && ascii_word(before)) {
    return 0;
  }
  if (policy == Boundary::kPrefix) {
    return 1;
  }
  return ascii_word(last) && ascii_word(after) ? 0 : 1;
}

}  // namespace

bool accept_hit(std::string_view text, std::size_t begin, std::size_t end, Boundary policy,
                std::span<const std::string> suffixes) {
  if (policy == Boundary::kNone) {
    return true;
  }
  if (begin < end && end <= text.size()) {
    if (int fast = ascii_edges(text, begin, end, policy); fast >= 0) {
      return fast == 1;
    }
  }
  // An edge needs a boundary only where the term itself has a word character:
  // "N." must not demand a word break after its dot.
  bool first_is_word = edge_script(cp_at(text, begin)) != EdgeScript::kNotWord;
  if (first_is_word && is_word_cp(cp_before(text, begin))) {
    return false;
  }
  if (policy == Boundary::kPrefix) {
    return true;
  }
  bool last_is_word = edge_script(cp_before(text, end)) != EdgeScript::kNotWord;
  char32_t next = cp_at(text, end);
  if (!last_is_word || !is_word_cp(next)) {
    return true;
  }
  return accept_tail(text, end, next, policy, suffixes);
}

}  // namespace armwatch::rules::detail
