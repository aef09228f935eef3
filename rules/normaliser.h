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

// A field after normalisation. For every byte i of `text`, [begin[i], end[i])
// is the stretch of the original it came from.
struct NormalText {
  std::string text;
  std::vector<std::uint32_t> begin;
  std::vector<std::uint32_t> end;

  // The original byte range of the normalised range [b, e); b < e <= text.size().
  std::pair<std::size_t, std::size_t> to_source(std::size_t b, std::size_t e) const;
};

// Curly quotes -> ASCII quotes, dash variants -> '-', soft hyphen and zero-width
// characters dropped, fullwidth ASCII -> ASCII, "N. Korea"/"S. Korea" -> "North
// Korea"/"South Korea", whitespace runs (Unicode spaces too) -> one space,
// trimmed. Ill-formed UTF-8 becomes U+FFFD. Case is kept: the matcher folds it.
NormalText normalise(std::string_view original);

// The same rules without the map, for rule terms.
std::string normalise_term(std::string_view term);

// True when the code point counts as part of a word (letters, digits, '_',
// and any non-ASCII code point that is not punctuation or a space).
bool is_word_cp(char32_t cp);

// Decodes the code point that starts at / ends just before byte `pos`.
char32_t cp_at(std::string_view s, std::size_t pos);
char32_t cp_before(std::string_view s, std::size_t pos);

// Sentence boundaries of a normalised text: the start offset of each sentence,
// ascending, first is 0.
std::vector<std::size_t> sentence_starts(std::string_view text);

// Index of the sentence holding byte `pos`, given sentence_starts().
std::size_t sentence_of(const std::vector<std::size_t>& starts, std::size_t pos);

// Number of words wholly inside [from, to).
int words_between(std::string_view text, std::size_t from, std::size_t to);

}  // namespace armwatch::rules::detail
