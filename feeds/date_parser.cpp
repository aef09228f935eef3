#include "feeds/date_parser.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/text.h"

namespace armwatch::feeds {
namespace {

// Broken-down fields as read; -1 = not seen.
struct Fields {
  int year = -1;
  int month = -1;
  int day = -1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_minutes = 0;  // local time minus UTC
  bool has_time = false;
  bool has_zone = false;
  bool pm = false;
  bool am = false;
  int korean_units = 0;  // bits of the 시/분/초 numbers seen
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
  }
  return v;
}

// Reads 1..max_len digits from the front of s.
bool take_number(std::string_view& s, std::size_t min_len, std::size_t max_len, int& out,
                 std::size_t* len = nullptr) {
  std::size_t n = 0;
  while (n < s.size() && n < max_len && is_digit(s[n])) {
    ++n;
  }
  if (n < min_len) {
    return false;
  }
  out = to_int(s.substr(0, n));
  if (len != nullptr) {
    *len = n;
  }
  s.remove_prefix(n);
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) {
    return false;
  }
  s.remove_prefix(1);
  return true;
}

int expand_two_digit_year(int yy) {
  return yy < 69 ? 2000 + yy : 1900 + yy;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Validates the fields and converts them to an instant.
std::optional<TimePoint> build(Fields f) {
  if (f.pm && f.hour < 12) {
    f.hour += 12;
  } else if (f.am && f.hour == 12) {
    f.hour = 0;
  }
  if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > days_in_month(f.year, f.month) || f.hour > 23 || f.minute > 59 || f.second > 60) {
    return std::nullopt;
  }
  std::int64_t days =
      days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  std::int64_t secs = days * 86400 + f.hour * 3600 + f.minute * 60 + f.second -
                      static_cast<std::int64_t>(f.offset_minutes) * 60;
  // Years 1..9999 after the zone shift.
  const std::int64_t min_secs = days_from_civil(1, 1, 1) * 86400;
  const std::int64_t max_secs = days_from_civil(10000, 1, 1) * 86400;
  if (secs < min_secs || secs >= max_secs) {
    return std::nullopt;
  }
  return from_unix_ms(secs * 1000);
}

// ---- zones ----

struct NamedZone {
  std::string_view name;
  int minutes;
};

constexpr std::array<NamedZone, 44> kZones = {{
    {"ut", 0},     {"utc", 0},    {"gmt", 0},    {"z", 0},       {"etc/gmt", 0}, {"etc/utc", 0},
    {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},  {"mst", -420},  {"mdt", -360},
    {"pst", -480}, {"pdt", -420}, {"at", -240},  {"et", -300},   {"ct", -360},   {"mt", -420},
    {"pt", -480},  {"ast", -240}, {"adt", -180}, {"akst", -540}, {"akdt", -480}, {"hst", -600},
    {"nst", -210}, {"ndt", -150}, {"kst", 540},  {"jst", 540},   {"hkt", 480},   {"sgt", 480},
    {"cet", 60},   {"cest", 120}, {"met", 60},   {"mest", 120},  {"eet", 120},   {"eest", 180},
    {"wet", 0},    {"west", 60},  {"bst", 60},   {"msk", 180},   {"aest", 600},  {"aedt", 660},
    {"nzst", 720}, {"nzdt", 780},
}};

// "+0900", "-01:01", "+09", "+9". Rejects anything else.
bool parse_numeric_zone(std::string_view s, int& minutes) {
  if (s.empty() || (s.front() != '+' && s.front() != '-')) {
    return false;
  }
  int sign = s.front() == '-' ? -1 : 1;
  s.remove_prefix(1);
  int hh = 0;
  int mm = 0;
  std::size_t len = 0;
  if (!take_number(s, 1, 2, hh, &len)) {
    return false;
  }
  if (len == 2 && !s.empty() && s.front() != ':') {
    if (!take_number(s, 2, 2, mm)) {
      return false;
    }
  } else if (eat(s, ':') && !take_number(s, 2, 2, mm)) {
    return false;
  }
  if (!s.empty() || hh > 23 || mm > 59) {
    return false;
  }
  minutes = sign * (hh * 60 + mm);
  return true;
}

// A named zone, a numeric one, "GMT+09:00", or a military letter. lower is lower-cased.
bool parse_zone_token(std::string_view lower, int& minutes) {
  if (parse_numeric_zone(lower, minutes)) {
    return true;
  }
  for (std::string_view prefix : {"etc/gmt", "gmt", "utc", "ut"}) {
    if (lower.size() > prefix.size() && lower.substr(0, prefix.size()) == prefix &&
        (lower[prefix.size()] == '+' || lower[prefix.size()] == '-')) {
      return parse_numeric_zone(lower.substr(prefix.size()), minutes);
    }
  }
  for (const auto& z : kZones) {
    if (z.name == lower) {
      minutes = z.minutes;
      return true;
    }
  }
  return false;
}

// Military zones: RFC 5322 says their sign was botched in RFC 822, so treat them as UTC.
bool is_military_zone(std::string_view lower) {
  return lower.size() == 1 && lower[0] >= 'a' && lower[0] <= 'z' && lower[0] != 'j';
}

// ---- names ----

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

struct LocalName {
  std::string_view text;
  int month;
};

// Greek month abbreviations (Greek blogs) and Hungarian month names (W3CDTF-ish).
constexpr std::array<LocalName, 36> kLocalMonths = {{
    {"Ιαν", 1},       {"Φεβ", 2},       {"Μάρ", 3},        {"Μαρ", 3},      {"Απρ", 4},
    {"Μάι", 5},       {"Μαϊ", 5},       {"Μαι", 5},        {"Ιούν", 6},     {"Ιον", 6},
    {"Ιούλ", 7},      {"Ιολ", 7},       {"Αύγ", 8},        {"Αυγ", 8},      {"Σεπ", 9},
    {"Οκτ", 10},      {"Νοέ", 11},      {"Νοε", 11},       {"Δεκ", 12},     {"január", 1},
    {"február", 2},   {"március", 3},   {"április", 4},    {"május", 5},    {"június", 6},
    {"július", 7},    {"augusztus", 8}, {"szeptember", 9}, {"október", 10}, {"november", 11},
    {"december", 12}, {"jan", 1},       {"feb", 2},        {"márc", 3},     {"ápr", 4},
    {"szept", 9},
}};

constexpr std::array<std::string_view, 7> kGreekWeekdays = {"Κυρ", "Δευ", "Τρι", "Τετ",
                                                            "Πεμ", "Παρ", "Σαβ"};

// English month name or prefix of at least 3 letters ("Jan", "Sept", "January").
int english_month(std::string_view lower) {
  if (!lower.empty() && lower.back() == '.') {
    lower.remove_suffix(1);
  }
  if (lower.size() < 3) {
    return 0;
  }
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i].substr(0, lower.size()) == lower) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

int local_month(std::string_view token) {
  for (const auto& m : kLocalMonths) {
    if (m.text == token) {
      return m.month;
    }
  }
  return 0;
}

bool is_weekday(std::string_view lower) {
  if (!lower.empty() && lower.back() == '.') {
    lower.remove_suffix(1);
  }
  if (lower.size() >= 3) {
    for (auto d : kWeekdays) {
      if (d.substr(0, lower.size()) == lower) {
        return true;
      }
    }
  }
  for (auto d : kGreekWeekdays) {
    if (d == lower) {
      return true;
    }
  }
  return false;
}

// ---- ISO 8601 / W3CDTF ----

// "[.fff]" then optional spaces then "Z" / "+HH[:MM]" / nothing; must end the string.
bool iso_zone(std::string_view& s, Fields& f) {
  if (eat(s, '.') || eat(s, ',')) {
    int ignored = 0;
    if (!take_number(s, 1, 12, ignored)) {
      return false;
    }
  }
  while (eat(s, ' ')) {
  }
  if (s.empty()) {
    return true;
  }
  f.has_zone = true;
  std::string_view zone = s;
  s = {};
  if (zone == "Z" || zone == "z") {
    return true;
  }
  return parse_numeric_zone(zone, f.offset_minutes);
}

bool iso_time(std::string_view& s, Fields& f) {
  f.has_time = true;
  if (!take_number(s, 1, 2, f.hour) || !eat(s, ':') || !take_number(s, 2, 2, f.minute)) {
    return false;
  }
  if (eat(s, ':') && !take_number(s, 2, 2, f.second)) {
    return false;
  }
  return iso_zone(s, f);
}

// The month after "YYYY-": digits (1-3, "2003-012-31" occurs) or a Hungarian name.
bool iso_month(std::string_view& s, Fields& f) {
  if (take_number(s, 1, 3, f.month)) {
    return true;
  }
  std::size_t n = 0;
  while (n < s.size() && s[n] != '-') {
    ++n;
  }
  f.month = local_month(s.substr(0, n));
  s.remove_prefix(n);
  return f.month != 0;
}

// The date part; leaves s at the time separator.
bool iso_date(std::string_view& s, Fields& f) {
  bool leading_dash = eat(s, '-');
  std::size_t len = 0;
  int first = 0;
  if (!take_number(s, 2, 8, first, &len)) {
    return false;
  }
  if (leading_dash) {  // "-03-12" and "-0312": 2-digit year and month
    f.day = 1;
    if (len == 2 && eat(s, '-')) {
      f.year = expand_two_digit_year(first);
      return take_number(s, 2, 2, f.month) && s.empty();
    }
    f.year = expand_two_digit_year(first / 100);
    f.month = first % 100;
    return len == 4 && s.empty();
  }
  if (len == 8 || (len == 6 && s.empty())) {  // YYYYMMDD, YYMMDD
    f.year = len == 8 ? first / 10000 : expand_two_digit_year(first / 10000);
    f.month = first / 100 % 100;
    f.day = first % 100;
    return true;
  }
  if (len != 4 && len != 2) {
    return false;
  }
  f.year = len == 4 ? first : expand_two_digit_year(first);
  f.month = 1;
  f.day = 1;
  if (!eat(s, '-')) {
    return len == 4;
  }
  if (!iso_month(s, f)) {
    return false;
  }
  if (!eat(s, '-')) {
    return len == 4 && s.empty();
  }
  return take_number(s, 1, 2, f.day);
}

// Applies the default zone to fields read without one: the offset the zone has at
// that local date and time.
void apply_default_zone(Fields& f, const std::optional<Zone>& default_zone, bool korean) {
  if (f.has_zone) {
    return;
  }
  if (default_zone) {
    Fields local = f;
    local.offset_minutes = 0;
    auto at = build(local);  // nullopt: invalid fields, which build(f) rejects too
    f.offset_minutes = at ? default_zone->offset_for_local(*at) : 0;
  } else if (korean) {
    f.offset_minutes = 9 * 60;  // Korean blog software writes KST without saying so
  }
}

std::optional<TimePoint> parse_iso(std::string_view s, const std::optional<Zone>& default_zone) {
  Fields f;
  if (!iso_date(s, f)) {
    return std::nullopt;
  }
  if (!s.empty()) {
    if (s.front() != 'T' && s.front() != 't' && s.front() != ' ') {
      return std::nullopt;
    }
    s.remove_prefix(1);
    while (eat(s, ' ')) {
    }
    if (!iso_time(s, f) || !s.empty()) {
      return std::nullopt;
    }
  }
  apply_default_zone(f, default_zone, false);
  return build(f);
}

// ---- RFC 822 and friends, read token by token ----

std::vector<std::string_view> split_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) {
      ++i;
    }
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != '\t') {
      ++i;
    }
    if (i > start) {
      out.push_back(s.substr(start, i - start));
    }
  }
  return out;
}

// "16:29:06" or "16:29"; 1-2 digits each.
bool time_token(std::string_view t, Fields& f) {
  if (f.has_time) {
    return false;
  }
  f.has_time = true;
  if (!take_number(t, 1, 2, f.hour) || !eat(t, ':') || !take_number(t, 1, 2, f.minute)) {
    return false;
  }
  if (eat(t, ':') && !take_number(t, 1, 2, f.second)) {
    return false;
  }
  if (eat(t, '.')) {
    int ignored = 0;
    (void)take_number(t, 1, 9, ignored);
  }
  return t.empty();
}

// "2006/09/15" (Perforce), "2004-05-25" (Korean blogs) or "2024.10.15" and
// "2024.10.15." (Korean news sites).
bool numeric_date_token(std::string_view t, char sep, Fields& f) {
  if (f.year >= 0 || !take_number(t, 4, 4, f.year) || !eat(t, sep) ||
      !take_number(t, 1, 2, f.month) || !eat(t, sep) || !take_number(t, 1, 2, f.day)) {
    return false;
  }
  return t.empty() || (sep == '.' && t == ".");
}

// "13시", "10분", "5초": Korean hour, minute and second, each at most once.
bool korean_time_token(std::string_view t, Fields& f, bool& korean) {
  struct Unit {
    std::string_view text;
    int Fields::*field;
    int max_digits;
  };
  static constexpr std::array<Unit, 3> kUnits = {
      {{"시", &Fields::hour, 2}, {"분", &Fields::minute, 2}, {"초", &Fields::second, 2}}};
  for (std::size_t i = 0; i < kUnits.size(); ++i) {
    const Unit& unit = kUnits[i];
    if (t.size() <= unit.text.size() || t.substr(t.size() - unit.text.size()) != unit.text) {
      continue;
    }
    std::string_view digits = t.substr(0, t.size() - unit.text.size());
    int bit = 1 << i;
    bool clash = (f.korean_units & bit) != 0 || (i == 0 && f.has_time);
    if (clash || !all_digits(digits) || digits.size() > 2 || (i > 0 && (f.korean_units & 1) == 0)) {
      return false;
    }
    f.*unit.field = to_int(digits);
    f.korean_units |= bit;
    f.has_time = true;
    korean = true;
    return true;
  }
  return false;
}

// A number, possibly with a Korean unit suffix (년 year, 월 month, 일 day).
bool number_token(std::string_view t, Fields& f, bool& korean) {
  struct Suffix {
    std::string_view text;
    int Fields::*field;
  };
  static constexpr std::array<Suffix, 3> kSuffixes = {
      {{"년", &Fields::year}, {"월", &Fields::month}, {"일", &Fields::day}}};
  for (const auto& suffix : kSuffixes) {
    if (t.size() > suffix.text.size() && t.substr(t.size() - suffix.text.size()) == suffix.text) {
      std::string_view digits = t.substr(0, t.size() - suffix.text.size());
      if (!all_digits(digits) || f.*suffix.field >= 0) {
        return false;
      }
      f.*suffix.field = to_int(digits);
      korean = true;
      return true;
    }
  }
  if (!all_digits(t)) {
    return false;
  }
  int v = to_int(t);
  if (t.size() <= 2 && f.day < 0) {
    f.day = v;
  } else if (t.size() == 4 && f.year < 0) {
    f.year = v;
  } else if (t.size() == 2 && f.year < 0) {
    f.year = expand_two_digit_year(v);
  } else {
    return false;
  }
  return true;
}

bool word_token(std::string_view t, Fields& f, bool& korean) {
  std::string lower = ascii_lower(t);
  if (lower == "am" || lower == "a.m." || t == "오전") {
    korean = korean || t == "오전";
    f.am = true;
    return true;
  }
  if (lower == "pm" || lower == "p.m." || t == "오후") {
    korean = korean || t == "오후";
    f.pm = true;
    return true;
  }
  int month = english_month(lower);
  if (month == 0) {
    month = local_month(t);
  }
  if (month != 0 && f.month < 0) {
    f.month = month;
    return true;
  }
  if (is_weekday(lower) || is_weekday(t)) {
    return true;
  }
  if (!f.has_zone && parse_zone_token(lower, f.offset_minutes)) {
    f.has_zone = true;
    return true;
  }
  return false;
}

bool read_token(std::string_view t, Fields& f, bool& korean) {
  if (t.find(':') != std::string_view::npos && is_digit(t.front())) {
    return time_token(t, f);
  }
  if (t.find('/') != std::string_view::npos && is_digit(t.front())) {
    return numeric_date_token(t, '/', f);
  }
  if (t.size() >= 8 && is_digit(t.front()) && (t[4] == '-' || t[4] == '.')) {
    return numeric_date_token(t, t[4], f);
  }
  if (is_digit(t.front()) && korean_time_token(t, f, korean)) {
    return true;
  }
  if (is_digit(t.front()) || (t.size() > 1 && (t.front() == '+' || t.front() == '-'))) {
    if (number_token(t, f, korean)) {
      return true;
    }
  }
  return word_token(t, f, korean);
}

// "2024. 10. 15. 오후 1:10", a Korean portal style: the date's parts are joined
// ("2024.10.15. 오후 1:10") before the split into tokens. Anything else is
// returned as it is.
std::string join_spaced_dotted_date(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  auto digits = [&](std::size_t lo, std::size_t hi) {
    std::size_t n = 0;
    while (i + n < s.size() && n < hi && is_digit(s[i + n])) {
      ++n;
    }
    out.append(s.substr(i, n));
    i += n;
    return n >= lo;
  };
  auto dot = [&] {
    if (i >= s.size() || s[i] != '.') {
      return false;
    }
    out += '.';
    for (++i; i < s.size() && s[i] == ' ';) {
      ++i;
    }
    return true;
  };
  if (!digits(4, 4) || !dot() || !digits(1, 2) || !dot() || !digits(1, 2)) {
    return std::string(s);
  }
  if (i < s.size() && s[i] == '.') {
    out += '.';
    ++i;
  }
  out.append(s.substr(i));
  return out;
}

std::optional<TimePoint> parse_tokens(std::string_view s, const std::optional<Zone>& default_zone) {
  Fields f;
  bool korean = false;
  std::string joined = join_spaced_dotted_date(s);
  auto tokens = split_tokens(joined);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    // A single letter is a military zone only as the last token ("Dec x 2012" is no date).
    if (i + 1 == tokens.size() && !f.has_zone && is_military_zone(ascii_lower(tokens[i]))) {
      f.has_zone = true;
      continue;
    }
    if (!read_token(tokens[i], f, korean)) {
      return std::nullopt;
    }
  }
  apply_default_zone(f, default_zone, korean);
  return build(f);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// ---- the common RFC 822 form, read directly ----

// "Sun, 09 Jun 2024 14:03:00 +0900" (or GMT, UT, UTC, Z): what nearly every RSS
// feed writes, read here without tokenising. False for anything else, which
// parse_tokens then reads (it gives the same answer for these strings;
// tests/feeds/date_parser_test.cpp compares the two).
bool parse_common_rfc822(std::string_view s, Fields& f) {
  static constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu",
                                                            "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> kShortMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() < 25 || s[3] != ',' || s[4] != ' ' ||
      std::find(kDays.begin(), kDays.end(), s.substr(0, 3)) == kDays.end()) {
    return false;
  }
  s.remove_prefix(5);
  if (!take_number(s, 1, 2, f.day) || !eat(s, ' ') || s.size() < 4 || s[3] != ' ') {
    return false;
  }
  auto month = std::find(kShortMonths.begin(), kShortMonths.end(), s.substr(0, 3));
  if (month == kShortMonths.end()) {
    return false;
  }
  f.month = static_cast<int>(month - kShortMonths.begin()) + 1;
  s.remove_prefix(4);
  if (!take_number(s, 4, 4, f.year) || !eat(s, ' ') || !take_number(s, 2, 2, f.hour) ||
      !eat(s, ':') || !take_number(s, 2, 2, f.minute) || !eat(s, ':') ||
      !take_number(s, 2, 2, f.second) || !eat(s, ' ')) {
    return false;
  }
  if (s == "GMT" || s == "UT" || s == "UTC" || s == "Z") {
    f.offset_minutes = 0;
  } else if (s.size() == 5 && (s[0] == '+' || s[0] == '-') && all_digits(s.substr(1)) &&
             to_int(s.substr(1, 2)) <= 23 && to_int(s.substr(3, 2)) <= 59) {
    int minutes = to_int(s.substr(1, 2)) * 60 + to_int(s.substr(3, 2));
    f.offset_minutes = s[0] == '-' ? -minutes : minutes;
  } else {
    return false;
  }
  f.has_time = true;
  f.has_zone = true;
  return true;
}

}  // namespace

std::optional<TimePoint> parse_feed_date(std::string_view text,
                                         const std::optional<Zone>& default_zone) {
  text = trim(text);
  if (text.empty() || text.size() > 200) {
    return std::nullopt;
  }
  if (is_digit(text.front()) || text.front() == '-') {
    if (auto t = parse_iso(text, default_zone)) {
      return t;
    }
  }
  if (Fields f; parse_common_rfc822(text, f)) {
    return build(f);
  }
  return parse_tokens(text, default_zone);
}

}  // namespace armwatch::feeds
