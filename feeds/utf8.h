// UTF-8 sequence checking shared by feeds/ sources. Internal to feeds/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/text.h"

namespace armwatch::feeds {

// Length of the well-formed UTF-8 sequence starting at s[i] (1 to 4), or 0 when
// it is ill-formed (Unicode Table 3-7: no overlongs, surrogates or > U+10FFFF).
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    return 1;
  }
  std::size_t len = b0 >= 0xC2 && b0 <= 0xDF   ? 2
                    : b0 >= 0xE0 && b0 <= 0xEF ? 3
                    : b0 >= 0xF0 && b0 <= 0xF4 ? 4
                                               : 0;
  if (len == 0 || i + len > s.size()) {
    return 0;
  }
  unsigned char lo = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
  if (byte(i + 1) < lo || byte(i + 1) > hi) {
    return 0;
  }
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
      return 0;
    }
  }
  return len;
}

// A copy of `s` that is valid UTF-8: the bytes as they are when they already
// are (checked eight ASCII bytes at a time), else core's repair_utf8 (ill-formed
// sequences become U+FFFD, NUL bytes go).
inline std::string valid_utf8(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      std::uint64_t v = 0;
      std::memcpy(&v, s.data() + i, 8);
      if ((v & kHigh) == 0 && ((v - kOnes) & ~v & kHigh) == 0) {  // ASCII, no NUL
        i += 8;
        continue;
      }
    }
    std::size_t len = utf8_sequence_length(s, i);
    if (len == 0 || s[i] == '\0') {
      return repair_utf8(s);
    }
    i += len;
  }
  return std::string(s);
}

}  // namespace armwatch::feeds
