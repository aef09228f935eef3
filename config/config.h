// config/: armwatch's configuration file, read with yaml-cpp into plain structs.
// It validates every value and reports errors as file:line:col; an unknown key
// is an error, never silently ignored. It includes only core/ and yaml-cpp:
// never feeds/, rules/, storage/, alerts/, daemon/ or cli/ (daemon/ maps these
// structs onto each module's own options).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/alerts_config.h"
#include "core/result.h"
#include "core/time.h"

namespace armwatch::config {

struct FeedConfig {
  std::string name;    // unique; the feed's identity in the event log
  std::string url;     // http:// or https:// only
  std::string source;  // outlet name shown to people; defaults to name
  Millis interval{0};  // 0: poll.interval
  bool enabled = true;
  // For dates the feed writes without a zone ("2024.10.15 13:10"): an IANA
  // name ("Asia/Seoul") or a UTC offset ("+09:00"), checked by is_valid_timezone.
  // Empty: the feed's default, which the feed reader picks (Asia/Seoul for a
  // Korean-language feed, else UTC).
  std::string timezone;
  std::string file;  // where it was declared (main file or drop-in), for messages
  int line = 0;
};

// `new_feed_backfill: all`: some 300 years, far enough back for any feed.
inline constexpr Millis kBackfillAll{300LL * 366 * 86'400'000};

struct PollConfig {
  Millis interval{15 * 60 * 1000};
  Millis jitter{30 * 1000};  // each due time moves by up to +/- this
  Millis min_interval{5 * 60 * 1000};
  Millis max_interval{6 * 3600 * 1000};
  Millis new_feed_backfill{48 * 3600 * 1000};
  int concurrency = 8;
  int per_host = 2;
};

struct FetchConfig {
  Millis connect_timeout{10'000};
  Millis timeout{60'000};
  Millis low_speed_time{30'000};
  long low_speed_bytes = 64;
  std::size_t max_body_bytes = 16u << 20;
  int max_redirects = 5;
  std::string user_agent;  // empty: armwatch's default
  std::string proxy;       // empty: the environment's
  std::string ca_file;

  bool operator==(const FetchConfig&) const = default;
};

struct HttpConfig {
  bool enabled = true;
  std::string listen = "127.0.0.1:9466";  // host:port; port 0 picks a free one
};

struct Config {
  std::string path;                  // the main file it was read from
  std::vector<std::string> dropins;  // conf.d/*.yaml files applied after it, in order
  std::string database = "./var/armwatch.db";
  std::vector<std::string> rules;  // rule pack directories or files
  std::string log_level = "info";
  PollConfig poll;
  FetchConfig fetch;
  HttpConfig http;
  AlertsConfig alerts;
  Millis item_text_retention{0};  // retention.item_text_days; 0 keeps item bodies for ever
  std::vector<FeedConfig> feeds;
};

// Reads and validates `path`, then each `conf.d/*.yaml` beside it in name order
// (a drop-in's keys replace the main file's; its feeds and rules are added), then
// the ARMWATCH_* environment overrides (ARMWATCH_DATABASE, ARMWATCH_LOG_LEVEL,
// ARMWATCH_RULES as a ':'-separated list, ARMWATCH_POLL_<KEY>, ARMWATCH_FETCH_<KEY>).
// Errors (kNotFound, kParse, kInvalidArgument) carry "file:line:col" (or the
// variable's name) as context. Never throws.
Result<Config> load_config(const std::string& path);

// One document, from text, without drop-ins or environment; `name` labels errors.
Result<Config> parse_config(const std::string& text, const std::string& name);

// The config file armwatch uses when none is given: $ARMWATCH_CONFIG, else for
// root /etc/armwatch/config.yaml, else $XDG_CONFIG_HOME/armwatch/config.yaml
// (~/.config/armwatch/config.yaml) when it exists, else /etc/armwatch/config.yaml.
std::string default_config_path();

// The effective config as YAML, secrets masked, for `armwatch config show`.
std::string render_config(const Config& config);

// True when `tz` is a zone the feed key `timezone:` accepts: "UTC", a UTC offset
// ("+09:00", "-0330", at most 14 hours), or an IANA name ("Asia/Seoul") made of
// letters, digits, '_', '-', '+' and '/'. When a time zone database is installed
// ($TZDIR, else /usr/share/zoneinfo), the name must be one of its zones, so that
// a typo fails at load; without one the syntax alone is checked.
bool is_valid_timezone(std::string_view tz);

// "16MiB", "512KiB", "2MB", "1048576". nullopt if malformed.
std::optional<std::size_t> parse_size(std::string_view text);

}  // namespace armwatch::config
