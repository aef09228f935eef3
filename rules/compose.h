// Canonical composition of Hangul jamo and accented Latin letters, for the
// normaliser (rules/normaliser.cpp). Internal to rules/. Pure, thread-safe.
#pragma once

namespace armwatch::rules::detail {

// The precomposed code point for `a` followed by `b` (L+V or LV+T Hangul
// jamo, or a Latin letter plus a combining mark of U+0300..U+036F), or 0.
char32_t compose_pair(char32_t a, char32_t b);

// True when `b` may compose with a preceding code point (a combining mark,
// a Hangul medial vowel or final consonant): the normaliser's quick test.
bool is_combining_candidate(char32_t cp);

}  // namespace armwatch::rules::detail
