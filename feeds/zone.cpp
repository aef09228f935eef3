// Why TZif files and not a fixed table: config/ accepts any zone of the installed
// tz database (config/timezone.cpp), so a short table here would silently read
// most of those zones as UTC; and GCC 12's libstdc++ has no std::chrono::tzdb.
// The TZif format (RFC 8536) is small: a header, then transition times and
// offsets. Only the offsets are read; leap seconds and abbreviations are skipped.
// A small table of no-DST zones backs it up when no tz database is installed.
#include "feeds/zone.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace armwatch::feeds {
namespace {

struct Fixed {
  std::string_view name;
  int minutes;
};

// Zones with one offset since well before any feed: used without a tz database.
constexpr std::array<Fixed, 6> kFixed = {{{"UTC", 0},
                                          {"Etc/UTC", 0},
                                          {"GMT", 0},
                                          {"Asia/Seoul", 540},
                                          {"ROK", 540},
                                          {"Asia/Tokyo", 540}}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "+09:00", "+0900", "-03:30", "+9", "+09".
std::optional<int> numeric_offset(std::string_view tz) {
  if (tz.size() < 2 || (tz[0] != '+' && tz[0] != '-')) {
    return std::nullopt;
  }
  std::string digits;
  for (std::size_t i = 1; i < tz.size(); ++i) {
    if (tz[i] == ':' && i == 3) {
      continue;
    }
    if (!is_digit(tz[i])) {
      return std::nullopt;
    }
    digits += tz[i];
  }
  if (digits.size() != 1 && digits.size() != 2 && digits.size() != 4) {
    return std::nullopt;
  }
  int hours = std::stoi(digits.substr(0, digits.size() == 1 ? 1 : 2));
  int minutes = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
  if (hours > 14 || minutes > 59) {
    return std::nullopt;
  }
  return (tz[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

// Only names config/ would accept: no "..", no absolute path.
bool safe_name(std::string_view tz) {
  return !tz.empty() && tz.size() <= 64 && tz.front() != '/' &&
         tz.find("..") == std::string_view::npos;
}

std::int64_t big_endian(const std::string& data, std::size_t at, std::size_t width) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    v = (v << 8) | static_cast<unsigned char>(data[at + i]);
  }
  if (width == 4) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  }
  return static_cast<std::int64_t>(v);
}

// The offsets of a TZif file's contents; the 64-bit (version 2+) block when
// present. After the last transition the last offset holds (Debian's files are
// "fat": transitions run to 2037). Before the first, the first type's offset.
template <typename Transitions>
bool read_tzif(const std::string& data, Transitions& out) {
  constexpr std::size_t kHeader = 44;
  if (data.size() < kHeader || data.compare(0, 4, "TZif") != 0) {
    return false;
  }
  auto counts = [&](std::size_t at) {
    std::array<std::size_t, 6> c{};  // isut, isstd, leap, time, type, char
    for (std::size_t i = 0; i < c.size(); ++i) {
      c[i] = static_cast<std::size_t>(big_endian(data, at + 20 + 4 * i, 4));
    }
    return c;
  };
  std::size_t base = 0;
  std::size_t width = 4;
  auto c = counts(0);
  if (data[4] != '\0') {  // version 2+: skip the 32-bit block
    base = kHeader + c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (data.size() < base + kHeader) {
      return false;
    }
    c = counts(base);
    width = 8;
  }
  std::size_t times = base + kHeader;
  std::size_t indices = times + c[3] * width;
  std::size_t types = indices + c[3];
  if (c[4] == 0 || data.size() < types + c[4] * 6) {
    return false;
  }
  auto type_offset = [&](std::size_t type) {
    return static_cast<int>(big_endian(data, types + type * 6, 4) / 60);
  };
  out.before = type_offset(0);
  for (std::size_t i = 0; i < c[3]; ++i) {
    auto type = static_cast<unsigned char>(data[indices + i]);
    if (type >= c[4]) {
      return false;
    }
    out.at.push_back(big_endian(data, times + i * width, width));
    out.offset.push_back(type_offset(type));
  }
  return true;
}

std::string zoneinfo_dir() {
  const char* env = std::getenv("TZDIR");
  return env != nullptr && *env != '\0' ? std::string(env) : "/usr/share/zoneinfo";
}

}  // namespace

std::optional<Zone> Zone::named(std::string_view tz) {
  if (auto offset = numeric_offset(tz)) {
    return Zone(*offset);
  }
  if (safe_name(tz)) {
    // Cached by path: a feed's zone is read once per process, not once per parse.
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const Transitions>, std::less<>> cache;
    std::string path = zoneinfo_dir() + "/" + std::string(tz);
    std::lock_guard lock(mutex);
    auto it = cache.find(path);
    if (it == cache.end()) {
      std::ifstream in(path, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto rules = std::make_shared<Transitions>();
      it = cache.emplace(path, read_tzif(data, *rules) ? std::move(rules) : nullptr).first;
    }
    if (it->second != nullptr) {
      return Zone(it->second);
    }
  }
  for (const auto& z : kFixed) {
    if (z.name == tz) {
      return Zone(z.minutes);
    }
  }
  return std::nullopt;
}

int Zone::offset_at_secs(std::int64_t unix_secs) const {
  if (rules_ == nullptr) {
    return fixed_;
  }
  auto next = std::upper_bound(rules_->at.begin(), rules_->at.end(), unix_secs);
  if (next == rules_->at.begin()) {
    return rules_->before;
  }
  return rules_->offset[static_cast<std::size_t>(next - rules_->at.begin() - 1)];
}

int Zone::offset_at(TimePoint at) const {
  return offset_at_secs(
      std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
}

// Guess the instant with the offset at the local time read as UTC, then take the
// offset in force at that instant. Offsets change by an hour or so, rarely, so
// that lands on the right side of a change unless the first guess was on the
// wrong one; then the other offset is checked. A time inside a skipped hour has
// no consistent offset: it gets the one from before the change.
int Zone::offset_for_local(TimePoint local) const {
  if (rules_ == nullptr) {
    return fixed_;
  }
  std::int64_t secs =
      std::chrono::duration_cast<std::chrono::seconds>(local.time_since_epoch()).count();
  int guess = offset_at_secs(secs);
  int actual = offset_at_secs(secs - std::int64_t{guess} * 60);
  if (actual == guess || offset_at_secs(secs - std::int64_t{actual} * 60) == actual) {
    return actual;
  }
  return offset_at_secs(
      std::min(secs - std::int64_t{guess} * 60, secs - std::int64_t{actual} * 60));
}

std::optional<int> zone_offset_minutes(std::string_view tz, TimePoint at) {
  auto zone = Zone::named(tz);
  return zone ? std::optional(zone->offset_at(at)) : std::nullopt;
}

}  // namespace armwatch::feeds
