#include "feeds/refresh_hint.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

namespace armwatch::feeds {
namespace {

using namespace std::chrono_literals;

constexpr Millis kShortest = 1s;
constexpr Millis kLongest = std::chrono::hours(24 * 365);

// A whole non-negative number, or nullopt. Values past a year of minutes saturate
// (they are clamped later anyway) rather than overflow.
std::optional<long long> whole_number(const std::string& text) {
  long long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  bool digits_only = ptr == end && !text.empty() && text[0] != '-';
  if (ec == std::errc::result_out_of_range && digits_only) {
    return 1'000'000'000LL;
  }
  if (ec != std::errc() || !digits_only) {
    return std::nullopt;
  }
  return value;
}

std::optional<Millis> period_length(const std::string& period) {
  std::string p = ascii_lower(period);
  if (p == "hourly") {
    return 1h;
  }
  if (p == "daily") {
    return 24h;
  }
  if (p == "weekly") {
    return std::chrono::hours(24 * 7);
  }
  if (p == "monthly") {
    return std::chrono::hours(24 * 30);
  }
  if (p == "yearly") {
    return kLongest;
  }
  return std::nullopt;
}

std::optional<Millis> from_ttl(const std::string& ttl, std::vector<std::string>& warnings) {
  if (ttl.empty()) {
    return std::nullopt;
  }
  auto minutes = whole_number(ttl);
  if (!minutes) {
    warnings.push_back("unreadable <ttl> \"" + ttl + "\" ignored");
    return std::nullopt;
  }
  if (*minutes == 0) {
    return std::nullopt;
  }
  return std::chrono::minutes(std::min<long long>(*minutes, 1'000'000'000LL));
}

std::optional<Millis> from_syndication(const RefreshHintText& text,
                                       std::vector<std::string>& warnings) {
  if (text.update_period.empty() && text.update_frequency.empty()) {
    return std::nullopt;
  }
  auto period = period_length(text.update_period.empty() ? "daily" : text.update_period);
  if (!period) {
    warnings.push_back("unknown sy:updatePeriod \"" + text.update_period + "\" ignored");
    return std::nullopt;
  }
  long long frequency = 1;
  if (!text.update_frequency.empty()) {
    auto n = whole_number(text.update_frequency);
    if (!n || *n == 0) {
      warnings.push_back("unreadable sy:updateFrequency \"" + text.update_frequency + "\" ignored");
    } else {
      frequency = *n;
    }
  }
  return Millis(period->count() / frequency);
}

}  // namespace

std::optional<Millis> refresh_interval(const RefreshHintText& text,
                                       std::vector<std::string>& warnings) {
  std::optional<Millis> ttl = from_ttl(text.ttl, warnings);
  std::optional<Millis> sy = from_syndication(text, warnings);
  if (!ttl && !sy) {
    return std::nullopt;
  }
  Millis longest = std::max(ttl.value_or(Millis(0)), sy.value_or(Millis(0)));
  return std::clamp(longest, kShortest, kLongest);
}

}  // namespace armwatch::feeds
