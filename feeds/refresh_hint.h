// A feed's own word on how often it changes: RSS 2.0 <ttl> (minutes) and the RSS
// 1.0 syndication module's sy:updatePeriod / sy:updateFrequency (also seen in RSS
// 2.0 and Atom), turned into one interval. Internal to feeds/; the result is
// ParsedFeed::ttl. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace armwatch::feeds {

// The hint elements as written (trimmed text; "" when absent).
struct RefreshHintText {
  std::string ttl;               // <ttl>: whole minutes
  std::string update_period;     // sy:updatePeriod: hourly|daily|weekly|monthly|yearly
  std::string update_frequency;  // sy:updateFrequency: updates per period, default 1
};

// The interval the feed asks for at least: ttl minutes; or the update period
// (daily when only a frequency is given; monthly = 30 days, yearly = 365) divided by
// the frequency. With both, the longer. nullopt when neither is usable; a ttl of 0
// means "no hint". Results are clamped to [1 s, 365 days]. Each value present but
// unreadable (not a whole number, negative, an unknown period) adds a warning to
// `warnings` and is ignored.
std::optional<Millis> refresh_interval(const RefreshHintText& text,
                                       std::vector<std::string>& warnings);

}  // namespace armwatch::feeds
