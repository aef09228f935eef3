#include "rules/normaliser.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "core/text.h"
#include "rules/compose.h"
#include "rules/hangul.h"

namespace armwatch::rules::detail {
namespace {

// Decodes one code point at s[i]; sets len. Ill-formed bytes decode as U+FFFD, len 1.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = b(i);
  if (b0 < 0x80) {
    len = 1;
    return b0;
  }
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

// Halfwidth Hangul jamo (U+FFA0..U+FFDC) -> compatibility jamo, and the
// fullwidth signs U+FFE0..U+FFE6 -> their usual forms (NFKC's mapping for
// these two blocks). 0 when `c` is not one of them.
char32_t fold_wide_cp(char32_t c) {
  static constexpr char32_t kHalfwidthHangul[] = {
      0x3164, 0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3138, 0x3139, 0x313A,
      0x313B, 0x313C, 0x313D, 0x313E, 0x313F, 0x3140, 0x3141, 0x3142, 0x3143, 0x3144, 0x3145,
      0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E, 0,      0,
      0,      0x314F, 0x3150, 0x3151, 0x3152, 0x3153, 0x3154, 0,      0,      0x3155, 0x3156,
      0x3157, 0x3158, 0x3159, 0x315A, 0,      0,      0x315B, 0x315C, 0x315D, 0x315E, 0x315F,
      0x3160, 0,      0,      0x3161, 0x3162, 0x3163};
  static_assert(std::size(kHalfwidthHangul) == 0xFFDC - 0xFFA0 + 1);
  static constexpr char32_t kFullwidthSigns[] = {0xA2, 0xA3, 0xAC, 0xAF, 0xA6, 0xA5, 0x20A9};
  if (c >= 0xFFA0 && c <= 0xFFDC) {
    return kHalfwidthHangul[c - 0xFFA0];
  }
  if (c >= 0xFFE0 && c <= 0xFFE6) {
    return kFullwidthSigns[c - 0xFFE0];
  }
  return 0;
}

// Middle-dot variants that Korean dates use between numbers (9·19, 4‧27, 9・19,
// 9ㆍ19): read as '.' between two digits, so "9.19" terms match all of them.
bool is_middle_dot(char32_t c) {
  return c == 0xB7 || c == 0x2027 || c == 0x30FB || c == 0xFF65 || c == 0x2219 || c == 0x22C5 ||
         c == 0x318D || c == 0x2E31;
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
  return fold_wide_cp(c);
}

class Builder {
 public:
  explicit Builder(NormalText& out) : out_(out), text_(out.own()) {}
  void emit(std::string_view bytes, std::size_t src_b, std::size_t src_e) {
    add(bytes, src_b, src_e);
    pending_space_ = false;
    after_word_ = is_word_cp(cp_before(bytes, bytes.size()));
  }
  // Unchanged ASCII bytes (no spaces runs, nothing to fold): the hot path.
  // Unchanged text (a quiet run, see quiet_run()): the hot path.
  void emit_quiet(std::string_view bytes, std::size_t src, bool ends_in_space, bool ends_in_word) {
    add(bytes, src, src + bytes.size());
    pending_space_ = ends_in_space;
    after_word_ = ends_in_word;
  }
  void space(std::size_t src_b, std::size_t src_e) {
    if (!text_.empty() && !pending_space_) {
      add(" ", src_b, src_e);
      pending_space_ = true;
      after_word_ = false;
    }
  }
  void finish() {
    if (!pending_space_) {
      return;
    }
    text_.pop_back();
    NormalText::Piece& last = out_.pieces.back();
    if (last.out == text_.size()) {
      out_.pieces.pop_back();
    } else {
      --last.src_end;  // a byte-for-byte piece that ended in the space
    }
  }
  bool after_word() const { return after_word_; }
  bool after_digit() const { return !text_.empty() && text_.back() >= '0' && text_.back() <= '9'; }
  void emit_cp(char32_t cp, std::size_t src_b, std::size_t src_e) {
    char bytes[4];
    std::size_t n = 0;
    if (cp < 0x80) {
      bytes[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      bytes[n++] = static_cast<char>(0xC0 | (cp >> 6));
      bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      bytes[n++] = static_cast<char>(0xE0 | (cp >> 12));
      bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      bytes[n++] = static_cast<char>(0xF0 | (cp >> 18));
      bytes[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    emit(std::string_view(bytes, n), src_b, src_e);
  }
  bool pending_space() const { return pending_space_; }

 private:
  // Appends `bytes` from the original [src_b, src_e): extends the last piece
  // when both map byte for byte and are contiguous, else opens a piece.
  void add(std::string_view bytes, std::size_t src_b, std::size_t src_e) {
    bool linear = bytes.size() == src_e - src_b;
    if (linear && last_linear_ && !out_.pieces.empty() && out_.pieces.back().src_end == src_b) {
      out_.pieces.back().src_end = static_cast<std::uint32_t>(src_e);
    } else {
      out_.pieces.push_back({static_cast<std::uint32_t>(text_.size()),
                             static_cast<std::uint32_t>(src_b), static_cast<std::uint32_t>(src_e)});
      last_linear_ = linear;
    }
    text_.append(bytes);
  }

  NormalText& out_;
  std::string& text_;
  bool pending_space_ = false;
  bool after_word_ = false;
  bool last_linear_ = false;
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

bool starts_with_hangul(std::string_view s, std::size_t i) {
  // U+AC00..U+D7A3 are EA B0 80 .. ED 9E A3 in UTF-8.
  auto b = static_cast<unsigned char>(i < s.size() ? s[i] : 0);
  return b >= 0xEA && b <= 0xED;
}

// The first three bytes at s[i] as one number (0 when fewer remain): the first
// syllable of a Korean form, for may_start_korean_form().
std::uint32_t syllable_key(std::string_view s, std::size_t i) {
  if (i + 3 > s.size()) {
    return 0;
  }
  auto b = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k]));
  };
  return b(i) << 16 | b(i + 1) << 8 | b(i + 2);
}

// The code point of a 3-byte key (meaningful when its lead byte is E0..EF).
char32_t key_cp(std::uint32_t key) {
  return ((key >> 16) & 0x0F) << 12 | ((key >> 8) & 0x3F) << 6 | (key & 0x3F);
}

// Spaced compounds and briefing abbreviations indexed by their first syllable
// (three UTF-8 bytes), in list order within one syllable: most Korean words
// start with none of them, and the others are compared with a few entries,
// not with every one.
struct KoreanForms {
  std::vector<std::pair<std::uint32_t, std::string_view>> compounds;
  std::vector<std::pair<std::uint32_t, const Abbreviation*>> abbreviations;
  std::vector<bool> hangul_starts;          // by syllable - U+AC00
  std::vector<std::uint32_t> other_starts;  // keys that are not Hangul (北, 南)
};

const KoreanForms& korean_forms() {
  static const KoreanForms forms = [] {
    KoreanForms f;
    for (std::string_view c : spaced_compounds()) {
      f.compounds.emplace_back(syllable_key(c, 0), c);
    }
    for (const Abbreviation& a : abbreviations()) {
      f.abbreviations.emplace_back(syllable_key(a.short_form, 0), &a);
    }
    auto by_key = [](const auto& x, const auto& y) { return x.first < y.first; };
    std::stable_sort(f.compounds.begin(), f.compounds.end(), by_key);
    std::stable_sort(f.abbreviations.begin(), f.abbreviations.end(), by_key);
    f.hangul_starts.assign(0xD7A4 - 0xAC00, false);
    auto mark = [&f](std::uint32_t key) {
      char32_t cp = key_cp(key);
      if (is_hangul_syllable(cp)) {
        f.hangul_starts[cp - 0xAC00] = true;
      } else {
        f.other_starts.push_back(key);
      }
    };
    for (const auto& c : f.compounds) {
      mark(c.first);
    }
    for (const auto& a : f.abbreviations) {
      mark(a.first);
    }
    return f;
  }();
  return forms;
}

bool may_start_korean_form(std::string_view s, std::size_t i) {
  std::uint32_t key = syllable_key(s, i);
  char32_t cp = key_cp(key);
  const KoreanForms& f = korean_forms();
  if ((key >> 20) == 0xE && is_hangul_syllable(cp)) {
    return f.hangul_starts[cp - 0xAC00];
  }
  return std::find(f.other_starts.begin(), f.other_starts.end(), key) != f.other_starts.end();
}

// The entries of `index` whose first syllable is the one at s[i].
template <typename T>
auto entries_at(const std::vector<std::pair<std::uint32_t, T>>& index, std::string_view s,
                std::size_t i) {
  std::uint32_t key = syllable_key(s, i);
  return std::equal_range(index.begin(), index.end(), std::pair<std::uint32_t, T>{key, T{}},
                          [](const auto& x, const auto& y) { return x.first < y.first; });
}

// A briefing abbreviation at s[i] (합참, 북, 北...) whose eojeol goes on with
// particles only: returns its long form and sets `next` past the short form.
std::string_view korean_abbreviation(std::string_view s, std::size_t i, std::size_t& next) {
  auto [first, last] = entries_at(korean_forms().abbreviations, s, i);
  for (auto it = first; it != last; ++it) {
    const Abbreviation& a = *it->second;
    if (s.substr(i, a.short_form.size()) != a.short_form) {
      continue;
    }
    std::size_t k = i + a.short_form.size();
    if (is_noun_tail(s.substr(k, eojeol_end(s, k) - k), NounTail::kParticles)) {
      next = k;
      return a.long_form;
    }
  }
  return {};
}

// Matches `compound` ("군사 분계선") at s[i], each space standing for zero or
// more spaces of the text. With `b`, emits the parts without the spaces.
// Returns the byte after the last part and whether any space was skipped.
std::pair<std::size_t, bool> match_compound(std::string_view s, std::size_t i,
                                            std::string_view compound, Builder* b) {
  std::size_t j = i;
  bool spaced = false;
  for (std::size_t from = 0;;) {
    std::size_t sp = compound.find(' ', from);
    std::string_view part = compound.substr(from, sp == std::string_view::npos ? sp : sp - from);
    if (s.substr(j, part.size()) != part) {
      return {0, false};
    }
    if (b != nullptr) {
      b->emit(part, j, j + part.size());
    }
    j += part.size();
    if (sp == std::string_view::npos) {
      return {j, spaced};
    }
    while (j < s.size() && s[j] == ' ') {
      ++j;
      spaced = true;
    }
    from = sp + 1;
  }
}

// A listed compound written with spaces between its parts at s[i]: emits it
// without them and returns the byte after it, or 0 when there is none.
std::size_t spaced_compound(std::string_view s, std::size_t i, Builder& b) {
  auto [first, last] = entries_at(korean_forms().compounds, s, i);
  for (auto it = first; it != last; ++it) {
    std::string_view compound = it->second;
    if (auto [end, spaced] = match_compound(s, i, compound, nullptr); end != 0 && spaced) {
      return match_compound(s, i, compound, &b).first;
    }
  }
  return 0;
}

// True when the byte pair (p, c) at [i-1, i] keeps a text from being normal
// (see is_normal_ascii), "N." and "S." aside (has_korea_abbreviation).
inline bool abnormal_pair(unsigned char p, unsigned char c) {
  return c < 0x20 || c > 0x7E || (c == ' ' && p == ' ');
}

// True when `s` holds "N." or "S." then spaces then "Korea": the one ASCII
// form that korea_abbreviation() rewrites. ("U.S." and "U.N." are common and
// stay as they are.)
bool has_korea_abbreviation(std::string_view s) {
  for (std::size_t i = s.find('.', 1); i != std::string_view::npos; i = s.find('.', i + 1)) {
    if (s[i - 1] != 'N' && s[i - 1] != 'S') {
      continue;
    }
    std::size_t j = i + 1;
    while (j < s.size() && s[j] == ' ') {
      ++j;
    }
    if (s.substr(j, 5) == "Korea") {
      return true;
    }
  }
  return false;
}

// True when normalise() would return `s` unchanged: printable ASCII, single
// spaces, no leading or trailing space, and no "N. Korea" or "S. Korea".
// Thirty-two bytes at a time with GCC/Clang vector extensions (no
// intrinsics): most feed text takes this path. The body is inlined twice on
// x86-64, once built for AVX2 (one 32-byte register, not two SSE2 halves) and
// picked at run time. Not an ifunc (target_clones): its resolver runs before
// the sanitizer runtimes start and crashes the ci-tsan build.
[[gnu::always_inline]] inline bool normal_ascii_body(std::string_view s) {
  constexpr std::size_t kWidth = 32;
  using V = unsigned char __attribute__((vector_size(kWidth)));
  std::size_t n = s.size();
  if (n == 0) {
    return true;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  if (p[0] == ' ' || p[n - 1] == ' ' || abnormal_pair(0, p[0])) {
    return false;
  }
  // Adds the flags of the 32 bytes at [at, at + 32), each with the byte before
  // it. (No vector is passed by value: that would change the ABI without AVX.)
  V acc = {};
  V dots = {};
  auto block = [p, &acc, &dots](std::size_t at) {
    V c;
    V prev;
    std::memcpy(&c, p + at, kWidth);
    std::memcpy(&prev, p + at - 1, kWidth);
    acc |= reinterpret_cast<V>(c < 0x20) | reinterpret_cast<V>(c > 0x7E) |
           (reinterpret_cast<V>(c == ' ') & reinterpret_cast<V>(prev == ' '));
    dots |= reinterpret_cast<V>(c == '.') &
            (reinterpret_cast<V>(prev == 'N') | reinterpret_cast<V>(prev == 'S'));
  };
  std::size_t i = 1;
  for (; i + kWidth <= n; i += kWidth) {
    block(i);
  }
  if (i < n && n > kWidth) {
    block(n - kWidth);  // the tail, overlapping the last block
    i = n;
  }
  std::uint64_t words[kWidth / 8];
  std::memcpy(words, &acc, kWidth);
  if ((words[0] | words[1] | words[2] | words[3]) != 0) {
    return false;
  }
  bool dot = false;
  for (; i < n; ++i) {
    if (abnormal_pair(p[i - 1], p[i])) {
      return false;
    }
    dot = dot || (p[i] == '.' && (p[i - 1] == 'N' || p[i - 1] == 'S'));
  }
  std::memcpy(words, &dots, kWidth);
  dot = dot || (words[0] | words[1] | words[2] | words[3]) != 0;
  return !dot || !has_korea_abbreviation(s);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) bool normal_ascii_avx2(std::string_view s) {
  return normal_ascii_body(s);
}
#endif

bool is_normal_ascii(std::string_view s) {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    return normal_ascii_avx2(s);
  }
#endif
  return normal_ascii_body(s);
}

}  // namespace

std::pair<std::size_t, std::size_t> NormalText::to_source(std::size_t b, std::size_t e) const {
  if (b >= e || e > text.size()) {
    return {0, 0};
  }
  if (pieces.empty()) {
    return {b, e};  // the identity map of an unchanged text
  }
  auto piece_of = [&](std::size_t pos) {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), pos,
                               [](std::size_t p, const Piece& x) { return p < x.out; });
    std::size_t k = static_cast<std::size_t>(it - pieces.begin()) - 1;
    std::size_t out_end = k + 1 < pieces.size() ? pieces[k + 1].out : text.size();
    bool linear = out_end - pieces[k].out == pieces[k].src_end - pieces[k].src_begin;
    return std::make_pair(&pieces[k], linear);
  };
  auto [pb, b_linear] = piece_of(b);
  auto [pe, e_linear] = piece_of(e - 1);
  std::size_t src_b = b_linear ? pb->src_begin + (b - pb->out) : pb->src_begin;
  std::size_t src_e = e_linear ? pe->src_begin + (e - pe->out) : pe->src_end;
  return {src_b, src_e};
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

namespace {

// The code point at s[i] after folding, with composition of the combining
// code points that follow (jamo, accents); `next` is set past all of them.
char32_t folded_cp_at(std::string_view s, std::size_t i, std::size_t& next) {
  std::size_t len = 0;
  char32_t cp = decode(s, i, len);
  char32_t folded = fold_cp(cp);
  cp = folded != 0 ? folded : cp;
  next = i + len;
  while (next < s.size()) {
    std::size_t mlen = 0;
    char32_t mark = decode(s, next, mlen);
    char32_t composed = is_combining_candidate(mark) ? compose_pair(cp, mark) : 0;
    if (composed == 0) {
      break;
    }
    cp = composed;
    next += mlen;
  }
  return cp;
}

// A precomposed Hangul syllable (U+AC00..U+D7A3) at s[i].
bool hangul_syllable_at(std::string_view s, std::size_t i) {
  if (!starts_with_hangul(s, i) || i + 3 > s.size()) {
    return false;
  }
  std::uint32_t key = syllable_key(s, i);
  return key >= 0xEAB080 && key <= 0xED9EA3 && (s[i + 1] & 0xC0) == 0x80 &&
         (s[i + 2] & 0xC0) == 0x80;
}

// A Hangul syllable at s[i] that normalises to itself when it starts no
// compound or abbreviation: none follows it that could compose with it
// (conjoining jamo, lead byte E1; combining marks, CC/CD).
bool plain_syllable_at(std::string_view s, std::size_t i) {
  auto after = static_cast<unsigned char>(i + 3 < s.size() ? s[i + 3] : 0);
  return hangul_syllable_at(s, i) && after != 0xE1 && after != 0xCC && after != 0xCD;
}

// A stretch at s[i] that normalises to itself, and the state after it.
struct QuietRun {
  std::size_t length = 0;
  bool ends_in_space = false;
  bool ends_in_word = false;
};

// The longest run at s[i] that normalise() would copy as it is: printable
// ASCII with single spaces between non-spaces, no "N." / "S." and no combining
// mark after a character; and plain syllables, none at a word start that may
// begin a compound or an abbreviation. Korean news is mostly such runs, so
// most of it is copied in a few large pieces. `after_space` and `after_word`
// describe the text before s[i].
QuietRun quiet_run(std::string_view s, std::size_t i, bool after_space, bool after_word) {
  std::size_t j = i;
  std::size_t n = s.size();
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(k < n ? s[k] : 0); };
  while (j < n) {
    unsigned char c = byte(j);
    if (c >= 0xEA && c <= 0xED) {
      if (!plain_syllable_at(s, j) || (!after_word && may_start_korean_form(s, j))) {
        break;
      }
      j += 3;
      after_space = false;
      after_word = true;
      continue;
    }
    unsigned char next = byte(j + 1);
    // A space before printable ASCII or a Hangul lead byte (EA..ED: no space or
    // dropped code point lives in U+A000..U+DFFF) stays as it is.
    bool ok =
        c == ' ' ? !after_space && ((next > 0x20 && next <= 0x7E) || (next >= 0xEA && next <= 0xED))
                 : c > 0x20 && c <= 0x7E && (next & 0xFE) != 0xCC &&
                       !((c == 'N' || c == 'S') && next == '.');
    if (!ok) {
      break;
    }
    after_space = c == ' ';
    unsigned char lower = c | 0x20;  // is_word_cp() for ASCII
    after_word = (c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'z') || c == '_';
    ++j;
  }
  return QuietRun{j - i, after_space, after_word};
}

// One step of the slow path at s[i]; returns the next position. `fast`: a
// plain syllable that starts no form is copied without decoding.
std::size_t normalise_step(std::string_view s, std::size_t i, Builder& b, bool fast) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t next = 0;
  bool word_start = !b.after_word();
  std::string_view expansion = word_start ? korea_abbreviation(s, i, next) : std::string_view();
  if (!expansion.empty()) {
    b.emit(expansion.substr(0, 5), i, i + 2);
    b.emit(" ", i + 2, next);
    return next;
  }
  if (word_start && (starts_with_hangul(s, i) || c == 0xE5) && may_start_korean_form(s, i)) {
    if (std::size_t end = spaced_compound(s, i, b); end != 0) {
      return end;
    }
    expansion = korean_abbreviation(s, i, next);
    if (!expansion.empty()) {
      b.emit(expansion, i, next);
      return next;
    }
    if (fast && plain_syllable_at(s, i)) {  // one that starts no form here
      b.emit(s.substr(i, 3), i, i + 3);
      return i + 3;
    }
  }
  std::size_t len = 0;
  char32_t raw = decode(s, i, len);
  if (is_space_cp(raw)) {
    b.space(i, i + len);
    return i + len;
  }
  if (is_dropped_cp(raw)) {
    return i + len;
  }
  char32_t cp = folded_cp_at(s, i, next);
  if (is_middle_dot(cp) && b.after_digit() && next < s.size() && s[next] >= '0' && s[next] <= '9') {
    cp = '.';
  }
  b.emit_cp(cp, i, next);
  return next;
}

}  // namespace

bool is_normal_text(std::string_view s) {
  return is_normal_ascii(s);
}

NormalText normalise(std::string_view s, bool fast_paths) {
  NormalText out;
  normalise_into(s, out, fast_paths);
  return out;
}

void normalise_into(std::string_view s, NormalText& out, bool fast_paths) {
  out.clear();
  if (fast_paths && is_normal_ascii(s)) {
    out.text = s;  // the common case: nothing to change, an identity map
    return;
  }
  out.own().reserve(s.size());
  Builder b(out);
  for (std::size_t i = 0; i < s.size();) {
    QuietRun run;
    if (fast_paths) {
      run = quiet_run(s, i, b.pending_space() || out.own().empty(), b.after_word());
    }
    if (run.length > 0) {
      b.emit_quiet(s.substr(i, run.length), i, run.ends_in_space, run.ends_in_word);
      i += run.length;
      continue;
    }
    i = normalise_step(s, i, b, fast_paths);
  }
  b.finish();
  out.seal();
}

std::string normalise_term(std::string_view term) {
  return std::string(normalise(term).text);
}

NormalText& NormalText::operator=(const NormalText& other) {
  if (this != &other) {
    pieces = other.pieces;
    owned_ = other.owned_;
    owns_ = other.owns_;
    text = owns_ ? std::string_view(owned_) : other.text;
  }
  return *this;
}

NormalText& NormalText::operator=(NormalText&& other) noexcept {
  if (this != &other) {
    pieces = std::move(other.pieces);
    owned_ = std::move(other.owned_);
    owns_ = other.owns_;
    text = owns_ ? std::string_view(owned_) : other.text;
  }
  return *this;
}

}  // namespace armwatch::rules::detail
