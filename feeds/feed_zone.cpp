#include "feeds/feed_zone.h"

#include <array>

#include "core/text.h"
#include "feeds/zone.h"

namespace armwatch::feeds {
namespace {

constexpr std::size_t kScanBytes = 64 * 1024;

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// `value` (lower-cased, from just after the marker) starts with a Korean tag.
bool korean_tag(std::string_view value) {
  std::size_t i = 0;
  while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n')) {
    ++i;
  }
  value.remove_prefix(i);
  if (value.substr(0, 2) != "ko") {
    return false;
  }
  return value.size() == 2 || !is_letter(value[2]) || value.substr(0, 3) == "kor";
}

// Each place `marker` occurs in `lower`, followed by a Korean tag after skipping
// the characters in `skip` (quotes, '=', ':', spaces).
bool marker_then_korean(std::string_view lower, std::string_view marker, std::string_view skip) {
  for (std::size_t at = lower.find(marker); at != std::string_view::npos;
       at = lower.find(marker, at + 1)) {
    std::size_t i = at + marker.size();
    while (i < lower.size() && skip.find(lower[i]) != std::string_view::npos) {
      ++i;
    }
    if (korean_tag(lower.substr(i))) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool declares_korean(std::string_view document) {
  std::string lower = ascii_lower(document.substr(0, kScanBytes));
  return marker_then_korean(lower, "<language>", " \t\r\n") ||
         marker_then_korean(lower, "<dc:language>", " \t\r\n") ||
         marker_then_korean(lower, "xml:lang", " \t\r\n=\"'") ||
         marker_then_korean(lower, "\"language\"", " \t\r\n:\"");
}

std::optional<Zone> feed_default_zone(std::string_view timezone, bool korean,
                                      std::string* warning) {
  if (!timezone.empty()) {
    if (auto zone = Zone::named(timezone)) {
      return zone;
    }
    if (warning != nullptr) {
      *warning = "unknown timezone \"" + std::string(timezone) +
                 "\": dates without a zone read as " +
                 (korean ? "Asia/Seoul time (the feed is Korean)" : "UTC");
    }
  }
  if (korean) {
    return Zone::named("Asia/Seoul");  // never nullopt: built in without a tz database
  }
  return std::nullopt;
}

}  // namespace armwatch::feeds
