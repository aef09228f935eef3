// `armwatch config show`: the effective configuration as YAML.
#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace armwatch::config {
namespace {

// Durations print in the largest unit that divides them exactly.
std::string duration_text(Millis d) {
  auto ms = d.count();
  if (d == kBackfillAll) {
    return "all";
  }
  static constexpr std::pair<long long, const char*> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  for (const auto& [scale, unit] : kUnits) {
    if (ms != 0 && ms % scale == 0) {
      return std::to_string(ms / scale) + unit;
    }
  }
  return std::to_string(ms) + "ms";
}

// user:password@ in a proxy URL is a secret.
std::string mask_userinfo(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) {
    return url;
  }
  return url.substr(0, scheme + 3) + "********" + url.substr(at);
}

void emit_poll(YAML::Emitter& out, const PollConfig& p) {
  out << YAML::Key << "poll" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "interval" << YAML::Value << duration_text(p.interval);
  out << YAML::Key << "jitter" << YAML::Value << duration_text(p.jitter);
  out << YAML::Key << "min_interval" << YAML::Value << duration_text(p.min_interval);
  out << YAML::Key << "max_interval" << YAML::Value << duration_text(p.max_interval);
  out << YAML::Key << "new_feed_backfill" << YAML::Value << duration_text(p.new_feed_backfill);
  out << YAML::Key << "concurrency" << YAML::Value << p.concurrency;
  out << YAML::Key << "per_host" << YAML::Value << p.per_host;
  out << YAML::EndMap;
}

void emit_fetch(YAML::Emitter& out, const FetchConfig& f) {
  out << YAML::Key << "fetch" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "connect_timeout" << YAML::Value << duration_text(f.connect_timeout);
  out << YAML::Key << "timeout" << YAML::Value << duration_text(f.timeout);
  out << YAML::Key << "low_speed_bytes" << YAML::Value << f.low_speed_bytes;
  out << YAML::Key << "low_speed_time" << YAML::Value << duration_text(f.low_speed_time);
  out << YAML::Key << "max_body" << YAML::Value << std::to_string(f.max_body_bytes);
  out << YAML::Key << "max_redirects" << YAML::Value << f.max_redirects;
  out << YAML::Key << "user_agent" << YAML::Value << f.user_agent;
  out << YAML::Key << "proxy" << YAML::Value << mask_userinfo(f.proxy);
  out << YAML::Key << "ca_file" << YAML::Value << f.ca_file;
  out << YAML::EndMap;
}

void emit_feeds(YAML::Emitter& out, const std::vector<FeedConfig>& feeds) {
  out << YAML::Key << "feeds" << YAML::Value << YAML::BeginSeq;
  for (const auto& f : feeds) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << f.name;
    out << YAML::Key << "url" << YAML::Value << mask_userinfo(f.url);
    out << YAML::Key << "source" << YAML::Value << f.source;
    if (f.interval.count() > 0) {
      out << YAML::Key << "interval" << YAML::Value << duration_text(f.interval);
    }
    out << YAML::Key << "enabled" << YAML::Value << f.enabled;
    if (!f.timezone.empty()) {
      out << YAML::Key << "timezone" << YAML::Value << f.timezone;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string render_config(const Config& config) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "database" << YAML::Value << config.database;
  out << YAML::Key << "rules" << YAML::Value << YAML::Flow << config.rules;
  out << YAML::Key << "log_level" << YAML::Value << config.log_level;
  emit_poll(out, config.poll);
  emit_fetch(out, config.fetch);
  out << YAML::Key << "http" << YAML::Value << YAML::BeginMap << YAML::Key << "listen"
      << YAML::Value << (config.http.enabled ? config.http.listen : "off") << YAML::EndMap;
  emit_feeds(out, config.feeds);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace armwatch::config
