#include "config/config.h"

#include <charconv>
#include <set>

#include <yaml-cpp/yaml.h>

#include "config/reader.h"
#include "config/yaml_read.h"

namespace armwatch::config {
namespace {

void read_poll(const YAML::Node& node, PollConfig& poll) {
  check_keys(node,
             {"interval", "jitter", "min_interval", "max_interval", "new_feed_backfill",
              "concurrency", "per_host"},
             "poll");
  if (node["interval"])
    poll.interval = read_duration(node["interval"], "poll.interval");
  if (node["jitter"])
    poll.jitter = read_duration(node["jitter"], "poll.jitter");
  if (node["min_interval"]) {
    poll.min_interval = read_duration(node["min_interval"], "poll.min_interval");
  }
  if (node["max_interval"]) {
    poll.max_interval = read_duration(node["max_interval"], "poll.max_interval");
  }
  if (node["new_feed_backfill"]) {
    const YAML::Node& backfill = node["new_feed_backfill"];
    // "all": a new feed's whole backlog may raise events (demos, replays).
    poll.new_feed_backfill = backfill.IsScalar() && backfill.as<std::string>() == "all"
                                 ? kBackfillAll
                                 : read_duration(backfill, "poll.new_feed_backfill");
  }
  if (node["concurrency"]) {
    poll.concurrency = static_cast<int>(read_int(node["concurrency"], "poll.concurrency", 1, 1024));
  }
  if (node["per_host"]) {
    poll.per_host = static_cast<int>(read_int(node["per_host"], "poll.per_host", 1, 64));
  }
  if (poll.min_interval > poll.max_interval) {
    fail(node, "poll.min_interval is longer than poll.max_interval");
  }
}

void read_fetch(const YAML::Node& node, FetchConfig& fetch) {
  check_keys(node,
             {"connect_timeout", "timeout", "low_speed_time", "low_speed_bytes", "max_body",
              "max_redirects", "user_agent", "proxy", "ca_file"},
             "fetch");
  if (node["connect_timeout"]) {
    fetch.connect_timeout = read_duration(node["connect_timeout"], "fetch.connect_timeout");
  }
  if (node["timeout"])
    fetch.timeout = read_duration(node["timeout"], "fetch.timeout");
  if (node["low_speed_time"]) {
    fetch.low_speed_time = read_duration(node["low_speed_time"], "fetch.low_speed_time");
  }
  if (node["low_speed_bytes"]) {
    fetch.low_speed_bytes = read_int(node["low_speed_bytes"], "fetch.low_speed_bytes", 0, 1 << 30);
  }
  if (node["max_body"]) {
    auto size = parse_size(read_string(node["max_body"], "fetch.max_body"));
    if (!size || *size == 0) {
      fail(node["max_body"], "fetch.max_body must be a size such as 16MiB");
    }
    fetch.max_body_bytes = *size;
  }
  if (node["max_redirects"]) {
    fetch.max_redirects =
        static_cast<int>(read_int(node["max_redirects"], "fetch.max_redirects", 0, 20));
  }
  if (node["user_agent"])
    fetch.user_agent = read_string(node["user_agent"], "fetch.user_agent");
  if (node["proxy"])
    fetch.proxy = read_string(node["proxy"], "fetch.proxy");
  if (node["ca_file"])
    fetch.ca_file = read_string(node["ca_file"], "fetch.ca_file");
}

FeedConfig read_feed(const YAML::Node& node) {
  check_keys(node, {"name", "url", "source", "interval", "enabled", "timezone"}, "feed");
  if (!node["name"] || !node["url"]) {
    fail(node, "a feed needs both 'name' and 'url'");
  }
  FeedConfig feed;
  feed.line = node.Mark().line + 1;
  feed.name = read_string(node["name"], "feed name");
  feed.url = read_string(node["url"], "feed url");
  if (feed.url.rfind("http://", 0) != 0 && feed.url.rfind("https://", 0) != 0) {
    fail(node["url"], "feed url must start with http:// or https://: " + feed.url);
  }
  feed.source = node["source"] ? read_string(node["source"], "feed source") : feed.name;
  if (node["interval"])
    feed.interval = read_duration(node["interval"], "feed interval");
  if (node["enabled"])
    feed.enabled = read_bool(node["enabled"], "feed enabled");
  if (node["timezone"]) {
    feed.timezone = read_string(node["timezone"], "feed timezone");
    if (!is_valid_timezone(feed.timezone)) {
      fail(node["timezone"],
           "unknown time zone '" + feed.timezone +
               "' (an IANA name such as Asia/Seoul, or an offset such as +09:00)");
    }
  }
  return feed;
}

// Appends to `feeds`: drop-ins add feeds to those of the main file.
void read_feeds(const YAML::Node& node, const std::string& file, std::vector<FeedConfig>& feeds) {
  if (!node.IsSequence()) {
    fail(node, "feeds must be a list");
  }
  for (const auto& item : node) {
    FeedConfig feed = read_feed(item);
    feed.file = file;
    for (const auto& other : feeds) {
      if (other.name == feed.name) {
        fail(item["name"], "duplicate feed name '" + feed.name + "' (first declared at " +
                               other.file + ":" + std::to_string(other.line) + ")");
      }
    }
    feeds.push_back(std::move(feed));
  }
}

void read_rules(const YAML::Node& node, std::vector<std::string>& rules) {
  if (node.IsScalar()) {
    rules.push_back(node.as<std::string>());
    return;
  }
  if (!node.IsSequence()) {
    fail(node, "rules must be a path or a list of paths");
  }
  for (const auto& item : node) {
    rules.push_back(read_string(item, "rules entry"));
  }
}

// `http: {listen: "127.0.0.1:9466"}`, or `listen: off` to turn the endpoint off.
void read_http(const YAML::Node& node, HttpConfig& http) {
  check_keys(node, {"listen"}, "http");
  if (node["listen"]) {
    std::string listen = read_string(node["listen"], "http.listen");
    http.enabled = listen != "off" && listen != "false" && listen != "no";
    if (http.enabled) {
      if (listen.rfind(':') == std::string::npos) {
        fail(node["listen"], "http.listen must be host:port (such as 127.0.0.1:9466) or off");
      }
      http.listen = listen;
    }
  }
}

// `retention: {item_text_days: 365}`: item bodies older than this are pruned;
// titles, events, incidents and evidence are kept.
void read_retention(const YAML::Node& node, Config& config) {
  check_keys(node, {"item_text_days"}, "retention");
  if (node["item_text_days"]) {
    long days = read_int(node["item_text_days"], "retention.item_text_days", 0, 365'000);
    config.item_text_retention = Millis(days * 86'400'000LL);
  }
}

void read_root(const YAML::Node& root, const std::string& file, Config& config) {
  check_keys(
      root,
      {"database", "rules", "log_level", "poll", "fetch", "http", "alerts", "retention", "feeds"},
      "the config");
  if (root["database"])
    config.database = read_string(root["database"], "database");
  if (root["rules"])
    read_rules(root["rules"], config.rules);
  if (root["log_level"]) {
    config.log_level = read_string(root["log_level"], "log_level");
    static const std::set<std::string> kLevels = {"debug", "info", "warning", "error"};
    if (!kLevels.count(config.log_level)) {
      fail(root["log_level"], "log_level must be debug, info, warning or error");
    }
  }
  if (root["poll"])
    read_poll(root["poll"], config.poll);
  if (root["fetch"])
    read_fetch(root["fetch"], config.fetch);
  if (root["http"])
    read_http(root["http"], config.http);
  if (root["alerts"])
    read_alerts(root["alerts"], config.alerts);
  if (root["retention"])
    read_retention(root["retention"], config);
  if (root["feeds"])
    read_feeds(root["feeds"], file, config.feeds);
}

std::string where(const std::string& name, const YAML::Mark& mark) {
  if (mark.line < 0) {
    return name;
  }
  return name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

}  // namespace

std::optional<std::size_t> parse_size(std::string_view text) {
  std::size_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr == text.data()) {
    return std::nullopt;
  }
  std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  static const std::pair<std::string_view, std::size_t> kUnits[] = {
      {"", 1},         {"B", 1},         {"KB", 1000},       {"KiB", 1024},
      {"MB", 1000000}, {"MiB", 1 << 20}, {"GB", 1000000000}, {"GiB", 1u << 30}};
  for (const auto& [name, scale] : kUnits) {
    if (unit == name) {
      return n * scale;
    }
  }
  return std::nullopt;
}

Status apply_config_text(const std::string& text, const std::string& name, Config& config) {
  try {
    return apply_config_node(YAML::Load(text), name, config);
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kParse, e.msg, where(name, e.mark));
  }
}

Status apply_config_node(const YAML::Node& root, const std::string& name, Config& config) {
  try {
    if (root.IsNull()) {
      return {};  // an empty file (or drop-in) changes nothing
    }
    read_root(root, name, config);
  } catch (const ConfigError& e) {
    return make_error(ErrorCode::kInvalidArgument, e.message, where(name, e.mark));
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kParse, e.msg, where(name, e.mark));
  }
  return {};
}

Result<Config> parse_config(const std::string& text, const std::string& name) {
  Config config;
  config.path = name;
  if (auto s = apply_config_text(text, name, config); !s) {
    return s.error();
  }
  return config;
}

}  // namespace armwatch::config
