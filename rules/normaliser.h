// Text normalisation before matching, with a byte map back to the original
// field so that evidence offsets refer to the text the user sees. Internal to
// rules/. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace armwatch::rules::detail {

// A field after normalisation, with a map back to the original.
struct NormalText {
  // Piece k covers text [out, the next piece's out or text.size()) and came from
  // the original [src_begin, src_end). A piece whose two lengths are equal maps
  // byte for byte (text kept as it was); any other maps only as a whole (an
  // expansion, a folded character, a run of spaces).
  struct Piece {
    std::uint32_t out = 0;
    std::uint32_t src_begin = 0;
    std::uint32_t src_end = 0;
  };
  // The normalised text. When nothing changed (the usual case) it views the
  // original given to normalise(), which must outlive it; otherwise it views
  // this object's own copy (copies and moves keep that right).
  std::string_view text;
  std::vector<Piece> pieces;  // empty: the identity map (the text did not change)

  NormalText() = default;
  NormalText(const NormalText& other) { *this = other; }
  NormalText(NormalText&& other) noexcept { *this = std::move(other); }
  NormalText& operator=(const NormalText& other);
  NormalText& operator=(NormalText&& other) noexcept;

  // The original byte range of the normalised range [b, e); b < e <= text.size().
  std::pair<std::size_t, std::size_t> to_source(std::size_t b, std::size_t e) const;

  // Back to a default NormalText, keeping the owned buffer's capacity.
  void clear() {
    text = {};
    pieces.clear();
    owned_.clear();
    owns_ = false;
  }

  // Builds an owned text (for the normaliser).
  std::string& own() {
    owns_ = true;
    return owned_;
  }
  void seal() { text = owns_ ? std::string_view(owned_) : text; }

 private:
  std::string owned_;
  bool owns_ = false;
};

// Curly quotes -> ASCII quotes, dash variants -> '-', soft hyphen and zero-width
// characters dropped, fullwidth ASCII -> ASCII, "N. Korea"/"S. Korea" -> "North
// Korea"/"South Korea", whitespace runs (Unicode spaces too) -> one space,
// trimmed. Ill-formed UTF-8 becomes U+FFFD. Case is kept: the matcher folds it.
// Korean (rules/hangul.h): conjoining jamo and Latin accents composed (NFC for
// those scripts), halfwidth Hangul -> compatibility jamo, a middle dot between
// digits -> '.' (9·19 -> 9.19), listed compounds lose their inner spaces (군사
// 분계선 -> 군사분계선) and briefing abbreviations are expanded (합참 ->
// 합동참모본부, 북은 -> 북한은). Text that needs none of this (printable ASCII with
// single spaces, the usual case) is copied with an identity map.
// `fast_paths` false sends every character through the general step (tests
// check that the fast paths change nothing).
NormalText normalise(std::string_view original, bool fast_paths = true);
// The same into `out`, reusing its buffers (the matcher keeps one per field).
void normalise_into(std::string_view original, NormalText& out, bool fast_paths = true);

// True when normalise() would return `s` unchanged: printable ASCII, single
// spaces, no space at either end, and no "N. Korea" or "S.Korea" (ASCII text
// that normalise() would expand; "U.S." and "U.N." are normal). Scanner::scan_raw() finds the same
// with sentinel patterns.
bool is_normal_text(std::string_view s);

// The same rules without the map, for rule terms.
std::string normalise_term(std::string_view term);

// True when the code point counts as part of a word (letters, digits, '_',
// and any non-ASCII code point that is not punctuation or a space).
bool is_word_cp(char32_t cp);

// Decodes the code point that starts at / ends just before byte `pos`.
char32_t cp_at(std::string_view s, std::size_t pos);
char32_t cp_before(std::string_view s, std::size_t pos);

// Sentence boundaries of a normalised text: the start offset of each sentence,
// ascending, first is 0. Sentences end at '.', '!', '?' or ';' before a
// capital, digit, quote or non-ASCII letter (not after "Gen.", "U.S."...),
// and always at "…" (Korean headlines join statements with it).
std::vector<std::size_t> sentence_starts(std::string_view text);
// The same into `starts`, reusing its buffer.
void sentence_starts_into(std::string_view text, std::vector<std::size_t>& starts);

// Index of the sentence holding byte `pos`, given sentence_starts().
std::size_t sentence_of(const std::vector<std::size_t>& starts, std::size_t pos);

// Number of words wholly inside [from, to).
int words_between(std::string_view text, std::size_t from, std::size_t to);

}  // namespace armwatch::rules::detail
