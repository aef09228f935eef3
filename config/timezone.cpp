// The feed key `timezone:` (config.h, is_valid_timezone). config/ only checks
// the value; the feed reader applies it to dates written without a zone.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "config/config.h"

namespace armwatch::config {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "+09:00", "+0900", "-03:30", "+9": hours 0..14, minutes 0..59.
bool is_utc_offset(std::string_view tz) {
  if (tz.size() < 2 || (tz[0] != '+' && tz[0] != '-')) {
    return false;
  }
  std::string digits;
  for (std::size_t i = 1; i < tz.size(); ++i) {
    if (tz[i] == ':' && i == 3 && tz.size() == 6) {
      continue;
    }
    if (!is_digit(tz[i])) {
      return false;
    }
    digits += tz[i];
  }
  if (digits.size() != 1 && digits.size() != 2 && digits.size() != 4) {
    return false;
  }
  int hours = std::stoi(digits.substr(0, digits.size() == 1 ? 1 : 2));
  int minutes = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
  return hours <= 14 && minutes <= 59 && (hours < 14 || minutes == 0);
}

// Area/Location: segments of letters, digits, '_', '-', '+', each starting
// with a letter (so no "..", no leading '/', no absolute path).
bool is_zone_name_syntax(std::string_view tz) {
  if (tz.empty() || tz.size() > 64) {
    return false;
  }
  bool segment_start = true;
  for (char c : tz) {
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (c == '/') {
      if (segment_start) {
        return false;
      }
      segment_start = true;
      continue;
    }
    if (segment_start ? !letter : !(letter || is_digit(c) || c == '_' || c == '-' || c == '+')) {
      return false;
    }
    segment_start = false;
  }
  return !segment_start;
}

std::filesystem::path zoneinfo_dir() {
  const char* env = std::getenv("TZDIR");
  return env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                        : std::filesystem::path("/usr/share/zoneinfo");
}

}  // namespace

bool is_valid_timezone(std::string_view tz) {
  if (tz == "UTC" || is_utc_offset(tz)) {
    return true;
  }
  if (!is_zone_name_syntax(tz)) {
    return false;
  }
  std::error_code ec;
  std::filesystem::path dir = zoneinfo_dir();
  if (!std::filesystem::is_directory(dir, ec)) {
    return true;  // no database to check against: the syntax is all we know
  }
  return std::filesystem::is_regular_file(dir / std::string(tz), ec);
}

}  // namespace armwatch::config
