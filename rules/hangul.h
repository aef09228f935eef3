// Korean text for the matcher: which endings a noun may carry inside its
// eojeol (the space-delimited word), and the built-in lists the normaliser
// applies to Korean briefing style (abbreviations, compounds written with or
// without spaces). Internal to rules/. Pure functions over static tables,
// thread-safe. The semantics are documented in rules/README.md ("Korean").
#pragma once

#include <span>
#include <string_view>

namespace armwatch::rules::detail {

bool is_hangul_syllable(char32_t cp);

// How much of a noun's eojeol tail is allowed after a term.
enum class NounTail {
  kParticles,  // case particles, copula forms, 들 (미사일을, 북한이다, 무인기들이)
  kAnyEnding,  // those plus 하다/되다 verb endings (발사했다, 침범한, 포착됐다)
};

// True when `rest` (the syllables between a term's end and the end of its
// eojeol; empty is fine) is a sequence of at most three endings of `tail`:
// "을", "에서는" (에서 + 는), "으로부터", "들이", "했다고".
bool is_noun_tail(std::string_view rest, NounTail tail);

// The end of the eojeol that contains byte `pos` of a normalised text: the
// first byte at or after `pos` that does not start a word code point.
std::size_t eojeol_end(std::string_view text, std::size_t pos);

// A briefing abbreviation and what the normaliser expands it to (합참 ->
// 합동참모본부, 북 -> 북한). Expanded only at the start of an eojeol and when
// the rest of the eojeol is empty or particles (북은 -> 북한은, not 북부).
struct Abbreviation {
  std::string_view short_form;
  std::string_view long_form;
};
std::span<const Abbreviation> abbreviations();

// Compounds that Korean text writes with or without spaces between their
// parts, each given with a space between the parts ("군사 분계선"). The
// normaliser removes those spaces, so 군사 분계선을 reads 군사분계선을.
std::span<const std::string_view> spaced_compounds();

}  // namespace armwatch::rules::detail
