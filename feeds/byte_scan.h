// Byte scans on the parser's hot paths (the simple XML reader and HTML to text
// run them over every byte of a feed): 16 bytes at a time with SSE2, which every
// x86-64 CPU has, and a plain loop elsewhere. Internal to feeds/.
#pragma once

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace armwatch::feeds {

// The first index >= i whose byte is a, b, c or d, or s.size().
inline std::size_t find_byte_of(std::string_view s, std::size_t i, char a, char b, char c, char d) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c);
  const __m128i vd = _mm_set1_epi8(d);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
    int bits = _mm_movemask_epi8(hit);
    if (bits != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
    }
  }
#endif
  for (; i < s.size(); ++i) {
    char x = s[i];
    if (x == a || x == b || x == c || x == d) {
      return i;
    }
  }
  return s.size();
}

// A "word byte" is printable ASCII other than space (0x21..0x7F).
inline bool is_word_byte(unsigned char c) {
  return c > 0x20 && c < 0x80;
}

// From s[i], a word byte: the end of the stretch of word bytes and single
// spaces between word bytes, which whitespace collapsing leaves as it is.
inline std::size_t end_of_plain_text(std::string_view s, std::size_t i) {
  const std::size_t n = s.size();
  ++i;
  // Invariant: s[i - 1] is a word byte, or a space followed by the word byte s[i].
  while (true) {
#if defined(__SSE2__)
    while (i + 16 <= n) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      // Signed compare: bytes >= 0x80 are negative, so only 0x21..0x7F pass.
      unsigned word =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x20))));
      unsigned space =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20))));
      // A space is plain between two word bytes; before byte 0 there is one (the
      // invariant), after byte 15 we cannot tell, so a space there stops the scan.
      unsigned plain = word | (space & (word >> 1) & ((word << 1) | 1u));
      unsigned other = ~plain & 0xFFFFu;
      if (other != 0) {
        i += static_cast<std::size_t>(__builtin_ctz(other));
        break;
      }
      i += 16;
    }
#endif
    if (i < n && is_word_byte(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (i + 1 < n && s[i] == ' ' && is_word_byte(static_cast<unsigned char>(s[i + 1]))) {
      i += 2;
    } else {
      return i;
    }
  }
}

}  // namespace armwatch::feeds
