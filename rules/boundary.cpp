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

}  // namespace

bool accept_hit(std::string_view text, std::size_t begin, std::size_t end, Boundary policy,
                std::span<const std::string> suffixes) {
  if (policy == Boundary::kNone) {
    return true;
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
