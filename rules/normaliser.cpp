#include "rules/normaliser.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.h"

namespace armwatch::rules::detail {
namespace {

// Decodes one code point at s[i]; sets len. Ill-formed bytes decode as U+FFFD, len 1.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = b(i);
  std::size_t n = b0 < 0x80           ? 1
                  : (b0 >> 5) == 0x6  ? 2
                  : (b0 >> 4) == 0xE  ? 3
                  : (b0 >> 3) == 0x1E ? 4
                                      : 0;
  if (n == 0 || i + n > s.size() || !is_valid_utf8(s.substr(i, n))) {
    len = 1;
    return b0 < 0x80 ? b0 : 0xFFFD;
  }
  len = n;
  if (n == 1) {
    return b0;
  }
  char32_t cp = b0 & (0xFF >> (n + 1));
  for (std::size_t k = 1; k < n; ++k) {
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  return cp;
}

bool is_space_cp(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool is_dropped_cp(char32_t c) {
  return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

// The replacement of a single code point, or 0 when it is kept as is.
char32_t fold_cp(char32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0xAB:
    case 0xBB:
      return '"';
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
      return '-';
    default:
      break;
  }
  if (c >= 0x2010 && c <= 0x2015) {
    return '-';
  }
  if (c >= 0xFF01 && c <= 0xFF5E) {
    return c - 0xFF01 + 0x21;
  }
  return 0;
}

class Builder {
 public:
  explicit Builder(NormalText& out) : out_(out) {}
  void emit(std::string_view bytes, std::size_t src_b, std::size_t src_e) {
    for (char c : bytes) {
      out_.text += c;
      out_.begin.push_back(static_cast<std::uint32_t>(src_b));
      out_.end.push_back(static_cast<std::uint32_t>(src_e));
    }
    pending_space_ = false;
  }
  void space(std::size_t src_b, std::size_t src_e) {
    if (!out_.text.empty() && !pending_space_) {
      emit(" ", src_b, src_e);
      pending_space_ = true;
    }
  }
  void finish() {
    if (pending_space_) {
      out_.text.pop_back();
      out_.begin.pop_back();
      out_.end.pop_back();
    }
  }
  bool after_word() const {
    return !out_.text.empty() && is_word_cp(cp_before(out_.text, out_.text.size()));
  }

 private:
  NormalText& out_;
  bool pending_space_ = false;
};

// "N. Korea" / "S.Korea" at s[i]: returns the expansion and sets `next` to "Korea".
std::string_view korea_abbreviation(std::string_view s, std::size_t i, std::size_t& next) {
  if (i + 2 > s.size() || (s[i] != 'N' && s[i] != 'S') || s[i + 1] != '.') {
    return {};
  }
  std::size_t j = i + 2;
  while (j < s.size() && s[j] == ' ') {
    ++j;
  }
  if (s.substr(j, 5) != "Korea") {
    return {};
  }
  next = j;
  return s[i] == 'N' ? "North " : "South ";
}

}  // namespace

std::pair<std::size_t, std::size_t> NormalText::to_source(std::size_t b, std::size_t e) const {
  if (b >= e || e > text.size()) {
    return {0, 0};
  }
  return {begin[b], end[e - 1]};
}

bool is_word_cp(char32_t c) {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  if (is_space_cp(c) || c == 0xFFFD || (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7) {
    return false;
  }
  // General punctuation, CJK symbols and punctuation, fullwidth punctuation.
  return !(c >= 0x2000 && c <= 0x206F) && !(c >= 0x3000 && c <= 0x303F) &&
         !(c >= 0xFF01 && c <= 0xFF0F);
}

char32_t cp_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) {
    return 0;
  }
  std::size_t len = 0;
  return decode(s, pos, len);
}

char32_t cp_before(std::string_view s, std::size_t pos) {
  if (pos == 0 || pos > s.size()) {
    return 0;
  }
  std::size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  std::size_t len = 0;
  char32_t cp = decode(s, start, len);
  return start + len == pos ? cp : 0xFFFD;
}

NormalText normalise(std::string_view s) {
  NormalText out;
  out.text.reserve(s.size());
  Builder b(out);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t next = 0;
    std::string_view expansion =
        b.after_word() ? std::string_view() : korea_abbreviation(s, i, next);
    if (!expansion.empty()) {
      b.emit(expansion.substr(0, 5), i, i + 2);
      b.emit(" ", i + 2, next);
      i = next;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = decode(s, i, len);
    if (is_space_cp(cp)) {
      b.space(i, i + len);
    } else if (!is_dropped_cp(cp)) {
      char32_t folded = fold_cp(cp);
      std::string bytes;
      append_utf8(bytes, folded != 0 ? folded : cp);
      b.emit(bytes, i, i + len);
    }
    i += len;
  }
  b.finish();
  return out;
}

std::string normalise_term(std::string_view term) {
  return normalise(term).text;
}

namespace {

bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 24> kAbbrev = {
      "Mr",  "Mrs", "Ms",  "Dr", "Gen", "Lt",  "Col", "Maj", "Capt", "Sgt", "Adm", "Cmdr",
      "Rep", "Sen", "Gov", "St", "No",  "Nos", "vs",  "etc", "Jan",  "Feb", "Aug", "Sept"};
  if (word.size() == 1) {
    return true;  // an initial: "Kim J. Un", "U.S."
  }
  return std::find(kAbbrev.begin(), kAbbrev.end(), word) != kAbbrev.end() ||
         word.find('.') != std::string_view::npos;
}

// The word that ends just before `pos` (ASCII letters and dots).
std::string_view word_before(std::string_view t, std::size_t pos) {
  std::size_t b = pos;
  while (b > 0 && (std::isalpha(static_cast<unsigned char>(t[b - 1])) || t[b - 1] == '.')) {
    --b;
  }
  return t.substr(b, pos - b);
}

}  // namespace

std::vector<std::size_t> sentence_starts(std::string_view t) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c != '.' && c != '!' && c != '?' && c != ';') {
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
    bool capital = std::isupper(n) || std::isdigit(n) || n == '"' || n >= 0x80;
    if (c == '.' && (!capital || is_abbreviation(word_before(t, i)))) {
      continue;
    }
    starts.push_back(j + 1);
  }
  return starts;
}

std::size_t sentence_of(const std::vector<std::size_t>& starts, std::size_t pos) {
  auto it = std::upper_bound(starts.begin(), starts.end(), pos);
  return static_cast<std::size_t>(it - starts.begin()) - 1;
}

int words_between(std::string_view t, std::size_t from, std::size_t to) {
  int words = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to && i < t.size();) {
    std::size_t len = 0;
    bool w = is_word_cp(decode(t, i, len));
    if (w && !in_word) {
      ++words;
    }
    in_word = w;
    i += len;
  }
  return words;
}

}  // namespace armwatch::rules::detail
