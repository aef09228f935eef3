#include "core/time.h"

#include <charconv>
#include <cstdio>

namespace armwatch {
namespace {

bool read_int(std::string_view& s, std::size_t digits, int& out) {
  if (s.size() < digits) {
    return false;
  }
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    value = value * 10 + (s[i] - '0');
  }
  out = value;
  s.remove_prefix(digits);
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) {
    return false;
  }
  s.remove_prefix(1);
  return true;
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Parses "[.fff]" then "Z" / "+HH:MM" / "-HHMM" / nothing; returns the offset in minutes.
bool parse_zone(std::string_view& s, int& offset_minutes) {
  offset_minutes = 0;
  if (eat(s, '.')) {
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      s.remove_prefix(1);
    }
  }
  if (s.empty()) {
    return true;
  }
  if (eat(s, 'Z') || eat(s, 'z')) {
    return s.empty();
  }
  int sign = s.front() == '-' ? -1 : 1;
  if (!eat(s, '+') && !eat(s, '-')) {
    return false;
  }
  int hh = 0;
  int mm = 0;
  if (!read_int(s, 2, hh)) {
    return false;
  }
  eat(s, ':');
  if (!s.empty() && !read_int(s, 2, mm)) {
    return false;
  }
  if (!s.empty() || hh > 23 || mm > 59) {
    return false;
  }
  offset_minutes = sign * (hh * 60 + mm);
  return true;
}

}  // namespace

std::int64_t to_unix_ms(TimePoint t) {
  return t.time_since_epoch().count();
}

TimePoint from_unix_ms(std::int64_t ms) {
  return TimePoint(Millis(ms));
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string format_rfc3339(TimePoint t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  auto days = std::chrono::floor<std::chrono::days>(secs);
  std::chrono::year_month_day ymd(days);
  std::chrono::hh_mm_ss hms(secs - days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<TimePoint> parse_rfc3339(std::string_view s) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!read_int(s, 4, year) || !eat(s, '-') || !read_int(s, 2, month) || !eat(s, '-') ||
      !read_int(s, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
    return std::nullopt;
  }
  int hh = 0;
  int mi = 0;
  int ss = 0;
  int offset = 0;
  if (!s.empty()) {
    if (!eat(s, 'T') && !eat(s, 't') && !eat(s, ' ')) {
      return std::nullopt;
    }
    if (!read_int(s, 2, hh) || !eat(s, ':') || !read_int(s, 2, mi)) {
      return std::nullopt;
    }
    if (eat(s, ':') && !read_int(s, 2, ss)) {
      return std::nullopt;
    }
    if (hh > 23 || mi > 59 || ss > 60 || !parse_zone(s, offset)) {
      return std::nullopt;
    }
  }
  std::int64_t secs =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
      hh * 3600 + mi * 60 + ss - offset * 60;
  return from_unix_ms(secs * 1000);
}

std::optional<Millis> parse_duration(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n < 0) {
    return std::nullopt;
  }
  std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  std::int64_t scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1;
  } else if (unit == "m" || unit == "min") {
    scale = 60;
  } else if (unit == "h") {
    scale = 3600;
  } else if (unit == "d") {
    scale = 86400;
  } else if (unit == "w") {
    scale = 7 * 86400;
  } else if (unit == "ms") {
    return Millis(n);
  } else {
    return std::nullopt;
  }
  return Millis(n * scale * 1000);
}

}  // namespace armwatch
