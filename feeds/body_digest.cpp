// XXH64 as specified in xxHash's doc/xxhash_spec.md (version 0.8): 32-byte
// stripes through four accumulators, then the tail in 8-, 4- and 1-byte steps,
// then the avalanche. Little-endian reads on every host.
#include "feeds/body_digest.h"

#include <cstdio>

namespace armwatch::feeds {
namespace {

constexpr std::uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t kPrime3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t kPrime4 = 0x85EBCA77C2B2AE63ULL;
constexpr std::uint64_t kPrime5 = 0x27D4EB2F165667C5ULL;

std::uint64_t rotl(std::uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}

std::uint64_t read64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | p[i];
  }
  return v;
}

std::uint64_t read32(const unsigned char* p) {
  return static_cast<std::uint64_t>(p[0]) | static_cast<std::uint64_t>(p[1]) << 8 |
         static_cast<std::uint64_t>(p[2]) << 16 | static_cast<std::uint64_t>(p[3]) << 24;
}

std::uint64_t round(std::uint64_t acc, std::uint64_t input) {
  acc += input * kPrime2;
  return rotl(acc, 31) * kPrime1;
}

std::uint64_t merge(std::uint64_t acc, std::uint64_t value) {
  acc ^= round(0, value);
  return acc * kPrime1 + kPrime4;
}

// The four-accumulator loop over every whole 32-byte stripe; advances `p`.
std::uint64_t stripes(const unsigned char*& p, const unsigned char* end) {
  std::uint64_t v1 = kPrime1 + kPrime2;
  std::uint64_t v2 = kPrime2;
  std::uint64_t v3 = 0;
  std::uint64_t v4 = 0 - kPrime1;
  for (; end - p >= 32; p += 32) {
    v1 = round(v1, read64(p));
    v2 = round(v2, read64(p + 8));
    v3 = round(v3, read64(p + 16));
    v4 = round(v4, read64(p + 24));
  }
  std::uint64_t h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
  return merge(merge(merge(merge(h, v1), v2), v3), v4);
}

std::uint64_t tail(std::uint64_t h, const unsigned char* p, const unsigned char* end) {
  for (; end - p >= 8; p += 8) {
    h ^= round(0, read64(p));
    h = rotl(h, 27) * kPrime1 + kPrime4;
  }
  if (end - p >= 4) {
    h ^= read32(p) * kPrime1;
    h = rotl(h, 23) * kPrime2 + kPrime3;
    p += 4;
  }
  for (; p < end; ++p) {
    h ^= *p * kPrime5;
    h = rotl(h, 11) * kPrime1;
  }
  return h;
}

}  // namespace

std::uint64_t xxh64(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = p + bytes.size();
  std::uint64_t h = bytes.size() >= 32 ? stripes(p, end) : kPrime5;
  h = tail(h + bytes.size(), p, end);
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  h *= kPrime3;
  h ^= h >> 32;
  return h;
}

std::string body_digest(std::string_view body) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "xxh64:%016llx:%zu", static_cast<unsigned long long>(xxh64(body)),
                body.size());
  return buf;
}

}  // namespace armwatch::feeds
