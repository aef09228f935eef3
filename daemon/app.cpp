#include "daemon/app.h"

#include <filesystem>
#include <memory>
#include <optional>

#include "config/config.h"
#include "core/clock.h"
#include "core/log.h"
#include "daemon/scheduler.h"
#include "daemon/signals.h"
#include "feeds/curl_global.h"
#include "feeds/fetcher.h"
#include "rules/rule_set.h"
#include "storage/event_store.h"

namespace armwatch::daemon {
namespace {

// Everything start-up builds; destroyed in reverse order on the way out.
struct Daemon {
  config::Config config;
  std::unique_ptr<storage::EventStore> store;
  std::shared_ptr<const rules::RuleSet> rules;
  std::optional<feeds::CurlGlobal> curl;
  std::unique_ptr<feeds::Fetcher> fetcher;
  SystemClock clock;
};

bool load_config_step(const DaemonOptions& options, Daemon& d) {
  auto cfg = config::load_config(options.config_path);
  if (!cfg) {
    log_error(cfg.error().to_string());
    return false;
  }
  d.config = std::move(*cfg);
  LogLevel level = LogLevel::kInfo;
  const std::string& name = options.log_level.empty() ? d.config.log_level : options.log_level;
  if (!parse_log_level(name, level)) {
    log_error("unknown log level '" + name + "'");
    return false;
  }
  set_log_level(level);
  return true;
}

bool open_store_step(Daemon& d) {
  std::filesystem::path db(d.config.database);
  std::error_code ec;
  if (db.has_parent_path()) {
    std::filesystem::create_directories(db.parent_path(), ec);
  }
  auto store = storage::open_sqlite_store(d.config.database);
  if (!store) {
    log_error(store.error().to_string());
    return false;
  }
  d.store = std::move(*store);
  for (const auto& feed : d.config.feeds) {
    if (auto s = d.store->ensure_feed(feed.name, feed.url); !s) {
      log_error(s.error().to_string());
      return false;
    }
  }
  return true;
}

std::shared_ptr<const rules::RuleSet> load_rules(const config::Config& config) {
  std::vector<std::filesystem::path> paths(config.rules.begin(), config.rules.end());
  auto loaded = rules::load_rule_pack(paths);
  for (const auto& d : loaded.diagnostics) {
    bool error = d.level == rules::Diagnostic::Level::kError;
    error ? log_error(d.to_string()) : log_warning(d.to_string());
  }
  return loaded.rules;
}

bool load_rules_step(Daemon& d) {
  d.rules = load_rules(d.config);
  if (!d.rules) {
    log_error("the rule pack has errors; armwatchd cannot start without rules");
    return false;
  }
  log_info("loaded " + std::to_string(d.rules->rules().size()) + " rules");
  return true;
}

feeds::FetchOptions fetch_options(const config::FetchConfig& f) {
  feeds::FetchOptions o;
  o.connect_timeout = f.connect_timeout;
  o.total_timeout = f.timeout;
  o.low_speed_bytes = f.low_speed_bytes;
  o.low_speed_time = f.low_speed_time;
  o.max_body_bytes = f.max_body_bytes;
  o.max_redirects = f.max_redirects;
  o.user_agent = f.user_agent;
  o.proxy = f.proxy;
  o.ca_file = f.ca_file;
  return o;
}

void start_fetcher_step(Daemon& d) {
  d.curl.emplace();
  d.fetcher = feeds::make_http_fetcher(fetch_options(d.config.fetch));
}

// On SIGHUP: a new rule set, or null (keep the old one) when the pack has errors.
std::shared_ptr<const rules::RuleSet> reload_rules(const config::Config& config) {
  if (!take_reload_request()) {
    return nullptr;
  }
  log_info("SIGHUP: reloading rules");
  auto fresh = load_rules(config);
  if (!fresh) {
    log_error("reload failed; keeping the rules already loaded");
    return nullptr;
  }
  log_info("reloaded " + std::to_string(fresh->rules().size()) + " rules");
  return fresh;
}

int run_loop_step(const DaemonOptions& options, Daemon& d) {
  PollDeps deps{*d.store, *d.fetcher, d.clock, d.config.poll};
  Scheduler scheduler(d.config, deps, d.rules);
  if (options.once) {
    CycleStats stats = scheduler.run_once();
    log_info("poll cycle done: " + std::to_string(stats.feeds) + " feeds (" +
             std::to_string(stats.failed) + " failed), " + std::to_string(stats.new_items) +
             " new items, " + std::to_string(stats.events) + " events");
    return 0;
  }
  log_info("armwatchd running with " + std::to_string(d.config.feeds.size()) + " feeds");
  scheduler.run(LoopHooks{stop_requested, [&d] { return reload_rules(d.config); }});
  log_info("armwatchd stopping");
  return 0;
}

}  // namespace

int run_daemon(const DaemonOptions& options) {
  Daemon d;
  if (!load_config_step(options, d) || !open_store_step(d) || !load_rules_step(d)) {
    return 1;
  }
  start_fetcher_step(d);
  install_signal_handlers();
  return run_loop_step(options, d);
  // Teardown: `d` releases the fetcher, curl, rules and store in reverse order.
}

}  // namespace armwatch::daemon
