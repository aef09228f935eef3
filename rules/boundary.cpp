#include "rules/boundary.h"

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

bool accept_hit(std::string_view text, std::size_t begin, std::size_t end, Boundary policy) {
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
  // Future: a kHangul last edge may accept a trailing particle here.
  return !(last_is_word && is_word_cp(cp_at(text, end)));
}

}  // namespace armwatch::rules::detail
