// Sentences and words of a normalised text (declared in normaliser.h): what
// `near` and the cues measure. Pure functions, thread-safe.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "rules/normaliser.h"

namespace armwatch::rules::detail {
namespace {

// Words that end with a full stop without ending the sentence: ranks and
// titles ("Pvt. Travis King", "two Sgts."), months ("Nov. 1"), company and
// place shorthand. A capital after them starts a name, not a sentence.
bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 61> kAbbrev = {
      "Mr",   "Mrs",  "Ms",   "Dr",  "Prof", "Rev",    "Gen", "Gens", "Lt",  "Lts",  "Col",
      "Cols", "Maj",  "Capt", "Sgt", "Sgts", "Cpl",    "Pvt", "Pfc",  "Spc", "Adm",  "Cmdr",
      "Cdr",  "Brig", "Rep",  "Sen", "Gov",  "Pres",   "Amb", "Jr",   "Sr",  "St",   "Mt",
      "Ft",   "No",   "Nos",  "vs",  "etc",  "approx", "Co",  "Corp", "Inc", "Ltd",  "Bros",
      "Dept", "Jan",  "Feb",  "Mar", "Apr",  "Jun",    "Jul", "Aug",  "Sep", "Sept", "Oct",
      "Nov",  "Dec",  "Vol",  "Fig", "Govt", "Sec"};
  if (word.size() == 1) {
    return true;  // an initial: "Kim J. Un", "U.S."
  }
  return std::find(kAbbrev.begin(), kAbbrev.end(), word) != kAbbrev.end() ||
         word.find('.') != std::string_view::npos;
}

// The word that ends just before `pos` (ASCII letters and dots).
std::string_view word_before(std::string_view t, std::size_t pos) {
  std::size_t b = pos;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  while (b > 0 && (letter(t[b - 1]) || t[b - 1] == '.')) {
    --b;
  }
  return t.substr(b, pos - b);
}

// The first byte at or after `i` that is '.', '!', '?' or ';' (or t.size()),
// sixteen bytes at a time: sentence ends are a few bytes in a hundred.
std::size_t next_stop(std::string_view t, std::size_t i) {
  using V = unsigned char __attribute__((vector_size(16)));
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  for (; i + 16 <= t.size(); i += 16) {
    V c;
    std::memcpy(&c, p + i, 16);
    V hit = reinterpret_cast<V>(c == '.') | reinterpret_cast<V>(c == '!') |
            reinterpret_cast<V>(c == '?') | reinterpret_cast<V>(c == ';') |
            reinterpret_cast<V>(c == 0xE2);
    std::uint64_t halves[2];
    std::memcpy(halves, &hit, 16);
    if ((halves[0] | halves[1]) != 0) {
      break;
    }
  }
  while (i < t.size() && t[i] != '.' && t[i] != '!' && t[i] != '?' && t[i] != ';' &&
         t[i] != '\xE2') {
    ++i;
  }
  return i;
}

constexpr std::string_view kEllipsis = "\u2026";

// True when byte `i` of `t` lies between two double quotes (the normaliser has
// made every curly quote '"'): an odd number of quotes before it and at least
// one after it. A quotation is one statement even when it holds a "…".
bool inside_quotes(std::string_view t, std::size_t i) {
  std::size_t before = static_cast<std::size_t>(
      std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(i), '"'));
  return before % 2 == 1 && t.find('"', i) != std::string_view::npos;
}

}  // namespace

std::vector<std::size_t> sentence_starts(std::string_view t) {
  std::vector<std::size_t> starts;
  sentence_starts_into(t, starts);
  return starts;
}

void sentence_starts_into(std::string_view t, std::vector<std::size_t>& starts) {
  starts.assign(1, 0);
  for (std::size_t i = next_stop(t, 0); i < t.size(); i = next_stop(t, i + 1)) {
    char c = t[i];
    if (c == '\xE2') {
      // "…" separates the statements of a Korean headline ("발사…추가 도발
      // 가능성"): a sentence end, except inside a quotation (북 "침투…주권
      // 침해" 주장: the claim verb after the quote governs all of it).
      if (t.compare(i, kEllipsis.size(), kEllipsis) == 0 && !inside_quotes(t, i)) {
        std::size_t j = i + kEllipsis.size();
        while (j < t.size() && t[j] == ' ') {
          ++j;
        }
        if (j < t.size()) {
          starts.push_back(j);
        }
      }
      continue;
    }
    std::size_t j = i + 1;
    while (j < t.size() && (t[j] == '"' || t[j] == '\'' || t[j] == ')')) {
      ++j;
    }
    if (j + 1 >= t.size() || t[j] != ' ') {
      continue;
    }
    unsigned char n = static_cast<unsigned char>(t[j + 1]);
    bool capital = (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') || n == '"' || n >= 0x80;
    // '!', '?' and ';' always end a sentence: a ';' joins two statements
    // ("troops crossed the line; the South fired warning shots"), and the cues
    // of one must not reach the other. A '.' ends one only before a capital
    // and after a word that is not an abbreviation ("Pvt. King", "Nov. 1").
    if (c == '.' && (!capital || is_abbreviation(word_before(t, i)))) {
      continue;
    }
    starts.push_back(j + 1);
  }
}

std::size_t sentence_of(const std::vector<std::size_t>& starts, std::size_t pos) {
  auto it = std::upper_bound(starts.begin(), starts.end(), pos);
  return static_cast<std::size_t>(it - starts.begin()) - 1;
}

int words_between(std::string_view t, std::size_t from, std::size_t to) {
  int words = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to && i < t.size();) {
    char32_t cp = cp_at(t, i);
    std::size_t len = cp < 0x80 || cp == 0xFFFD ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    bool w = is_word_cp(cp);
    if (w && !in_word) {
      ++words;
    }
    in_word = w;
    i += len;
  }
  return words;
}

}  // namespace armwatch::rules::detail
