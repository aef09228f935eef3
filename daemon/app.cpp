#include "daemon/app.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "config/config.h"
#include "core/clock.h"
#include "core/log.h"
#include "daemon/alert_receivers.h"
#include "daemon/alerting.h"
#include "daemon/http_endpoint.h"
#include "daemon/metrics.h"
#include "daemon/metrics_observer.h"
#include "daemon/scheduler.h"
#include "daemon/sd_notify.h"
#include "daemon/signals.h"
#include "feeds/curl_global.h"
#include "feeds/fetcher.h"
#include "feeds/multi_fetcher.h"
#include "rules/rule_set.h"
#include "storage/event_store.h"

namespace armwatch::daemon {
namespace {

// Routes each new event through whichever Alerting runs now: a reload may
// replace it, while the scheduler keeps this one pointer.
class CurrentAlerting final : public AlertRouter {
 public:
  Alerting* current = nullptr;
  std::vector<storage::OutboxEntry> route(const Item& item,
                                          const std::vector<Event>& events) override {
    return current != nullptr ? current->route(item, events) : std::vector<storage::OutboxEntry>{};
  }
};

// Everything start-up builds; members are destroyed in reverse order on the way
// out, which is the teardown: fetcher, curl, rules, store, then the notifier.
struct Daemon {
  Notifier notifier;
  Registry registry;
  MetricsObserver observer{registry};
  std::atomic<bool> ready{false};
  std::unique_ptr<HttpEndpoint> endpoint;  // stopped before what it reports on
  config::Config config;
  std::unique_ptr<storage::EventStore> store;
  std::unique_ptr<Alerting> alerting;  // stopped (and drained) before the store closes
  CurrentAlerting router;              // what the scheduler routes through
  std::shared_ptr<const rules::RuleSet> rules;
  std::optional<feeds::CurlGlobal> curl;
  std::unique_ptr<feeds::Fetcher> fetcher;
  std::unique_ptr<feeds::MultiFetcher> multi;
  SystemClock clock;
  std::chrono::steady_clock::time_point next_prune{};
};

// Retention: prunes old item bodies a thousand rows at a time (each batch a few
// short transactions), hourly, and again at once while a backlog remains.
void prune_step(Daemon& d) {
  if (d.config.item_text_retention.count() <= 0 ||
      std::chrono::steady_clock::now() < d.next_prune) {
    return;
  }
  constexpr std::size_t kRows = 1000;
  auto pruned = d.store->prune_item_text(d.clock.now() - d.config.item_text_retention, kRows);
  if (!pruned) {
    log_warning("retention: " + pruned.error().to_string());
  } else if (*pruned > 0) {
    log_info("retention: pruned the text of " + std::to_string(*pruned) + " old items");
  }
  bool backlog = pruned && *pruned == kRows;
  d.next_prune = std::chrono::steady_clock::now() +
                 (backlog ? std::chrono::seconds(1) : std::chrono::seconds(3600));
}

bool apply_log_level(const std::string& name) {
  LogLevel level = LogLevel::kInfo;
  if (!parse_log_level(name, level)) {
    log_error("unknown log level '" + name + "'");
    return false;
  }
  set_log_level(level);
  return true;
}

bool load_config_step(const DaemonOptions& options, Daemon& d) {
  auto cfg = config::load_config(options.config_path);
  if (!cfg) {
    log_error(cfg.error().to_string());
    return false;
  }
  d.config = std::move(*cfg);
  return apply_log_level(options.log_level.empty() ? d.config.log_level : options.log_level);
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

// Logs every diagnostic; null when the pack has errors.
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

void set_rule_gauges(Daemon& d, bool reload_ok) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  d.registry.set("armwatch_rules_loaded", {}, static_cast<double>(d.rules->rules().size()));
  d.registry.set("armwatch_last_reload_timestamp_seconds", {},
                 std::chrono::duration<double>(now).count());
  d.registry.set("armwatch_last_reload_success", {}, reload_ok ? 1 : 0);
}

void set_feed_gauges(Daemon& d, const config::Config& config) {
  double enabled = 0;
  for (const auto& f : config.feeds) {
    enabled += f.enabled ? 1 : 0;
  }
  d.registry.set("armwatch_feeds", {{"state", "enabled"}}, enabled);
  d.registry.set("armwatch_feeds", {{"state", "disabled"}},
                 static_cast<double>(config.feeds.size()) - enabled);
}

// The endpoint is optional: failing to bind it is logged, never fatal, since
// the watch matters more than its metrics.
void start_endpoint_step(Daemon& d) {
  d.registry.set("armwatch_build_info", {{"version", ARMWATCH_VERSION}}, 1);
  set_feed_gauges(d, d.config);
  set_rule_gauges(d, true);
  if (!d.config.http.enabled) {
    return;
  }
  auto stall_limit = std::chrono::duration_cast<std::chrono::seconds>(
      d.config.fetch.timeout + d.config.fetch.connect_timeout + std::chrono::seconds(60));
  EndpointChecks checks{[&d, stall_limit] { return d.observer.healthy(stall_limit); },
                        [&d] { return d.ready.load(); }};
  auto endpoint = HttpEndpoint::start(d.config.http.listen, d.registry, std::move(checks));
  if (!endpoint) {
    log_warning("HTTP endpoint off: " + endpoint.error().to_string());
    return;
  }
  d.endpoint = std::move(*endpoint);
  log_info("metrics on http://" + d.config.http.listen.substr(0, d.config.http.listen.rfind(':')) +
           ":" + std::to_string(d.endpoint->port()) + "/metrics");
}

// Alerts are optional: without receivers in the config nothing is routed. A
// receiver that cannot be built (a missing secret, a bad URL) stops start-up:
// a watch that silently cannot alert is worse than one that refuses to start.
bool start_alerts_step(Daemon& d) {
  if (!d.config.alerts.enabled()) {
    return true;
  }
  auto* alert_store = d.store->alerts();
  if (alert_store == nullptr) {
    log_error("alerts are configured but the event store keeps no outbox");
    return false;
  }
  auto alerting = Alerting::start(d.config.alerts, *alert_store, d.clock, &d.registry,
                                  load_alert_texts(d.config.rules));
  if (!alerting) {
    log_error("alerts: " + alerting.error().to_string());
    return false;
  }
  d.alerting = std::move(*alerting);
  d.router.current = d.alerting.get();
  log_info("alerts: " + std::to_string(d.config.alerts.receivers.size()) + " receivers");
  return true;
}

void start_fetcher_step(Daemon& d) {
  d.curl.emplace();
  d.fetcher = feeds::make_http_fetcher(fetch_options(d.config.fetch));
  d.multi = feeds::make_multi_fetcher(
      fetch_options(d.config.fetch),
      feeds::MultiFetchLimits{d.config.poll.concurrency, d.config.poll.per_host});
}

// On a good reload, alerting restarts on the new alerts section, so changed
// receivers and routes, and rotated secrets, take effect. The receivers are
// built first: when one cannot be (a secret missing), the reload fails and the
// running alerting stays. Pending notifications stay in the outbox, and the new
// worker resumes them with their ids.
bool reload_alerts(Daemon& d, const config::Config& next) {
  if (next.alerts.enabled()) {
    if (auto sinks = build_receivers(next.alerts, d.clock); !sinks) {
      log_error("reload failed, keeping the running config: alerts: " + sinks.error().to_string());
      return false;
    }
  }
  d.router.current = nullptr;
  if (d.alerting) {
    d.alerting->stop();
    d.alerting.reset();
  }
  d.config.alerts = next.alerts;
  d.config.rules = next.rules;  // where the alert texts are found
  if (!start_alerts_step(d)) {
    log_error("alerts stopped after the reload; fix the config and reload again");
  }
  return true;
}

// On SIGHUP: the config file and its rules again. On any error the old ones
// stay, and every error is logged.
std::optional<Reload> reload_on_signal(const DaemonOptions& options, Daemon& d) {
  if (!take_reload_request()) {
    return std::nullopt;
  }
  d.notifier.reloading();
  log_info("SIGHUP: reloading " + options.config_path + " and its rules");
  std::optional<Reload> reload;
  auto cfg = config::load_config(options.config_path);
  if (!cfg) {
    log_error("reload failed, keeping the running config: " + cfg.error().to_string());
  } else if (auto fresh = load_rules(*cfg); !fresh) {
    log_error("reload failed, keeping the running config and rules: the rule pack has errors");
  } else if (apply_log_level(options.log_level.empty() ? cfg->log_level : options.log_level) &&
             reload_alerts(d, *cfg)) {
    log_info("reloaded: " + std::to_string(cfg->feeds.size()) + " feeds, " +
             std::to_string(fresh->rules().size()) + " rules");
    d.config.item_text_retention = cfg->item_text_retention;
    reload = Reload{std::move(*cfg), std::move(fresh)};
  }
  d.notifier.ready("reload " + std::string(reload ? "applied" : "failed; old config kept"));
  if (reload) {
    set_feed_gauges(d, reload->config);
    d.registry.set("armwatch_rules_loaded", {}, static_cast<double>(reload->rules->rules().size()));
  }
  auto now = std::chrono::system_clock::now().time_since_epoch();
  d.registry.set("armwatch_last_reload_timestamp_seconds", {},
                 std::chrono::duration<double>(now).count());
  d.registry.set("armwatch_last_reload_success", {}, reload ? 1 : 0);
  return reload;
}

std::string cycle_status(const CycleStats& s) {
  return "last cycle: " + std::to_string(s.feeds) + " feeds polled, " + std::to_string(s.failed) +
         " failed, " + std::to_string(s.new_items) + " new items, " + std::to_string(s.events) +
         " events";
}

int run_loop_step(const DaemonOptions& options, Daemon& d) {
  Scheduler scheduler(d.config, *d.store, *d.fetcher, d.clock, d.rules, &d.observer, &d.router);
  scheduler.set_multi_fetcher(d.multi.get());
  if (options.once) {
    log_info("poll cycle done: " + cycle_status(scheduler.run_once()));
    if (d.alerting) {
      d.alerting->flush();
    }
    return 0;
  }
  d.notifier.ready("watching " + std::to_string(d.config.feeds.size()) + " feeds with " +
                   std::to_string(d.rules->rules().size()) + " rules");
  log_info("armwatchd running with " + std::to_string(d.config.feeds.size()) + " feeds");
  d.observer.beat();
  d.ready.store(true);
  LoopHooks hooks;
  hooks.should_stop = stop_requested;
  hooks.reload = [&] { return reload_on_signal(options, d); };
  hooks.tick = [&] {
    d.notifier.watchdog_tick();
    d.observer.beat();
    if (d.alerting) {
      d.alerting->tick();
    }
    prune_step(d);
  };
  hooks.on_cycle = [&](const CycleStats& s) {
    d.notifier.status(cycle_status(s));
    log_debug(cycle_status(s));
  };
  scheduler.run(hooks);
  d.notifier.stopping();
  log_info("armwatchd stopping");
  if (d.alerting) {
    d.alerting->stop();
  }
  return 0;
}

}  // namespace

int run_daemon(const DaemonOptions& options) {
  Daemon d;
  declare_armwatch_metrics(d.registry);
  install_signal_handlers();
  if (!load_config_step(options, d) || !open_store_step(d) || !load_rules_step(d)) {
    return 1;
  }
  if (!start_alerts_step(d)) {
    return 1;
  }
  start_fetcher_step(d);
  if (!options.once) {
    start_endpoint_step(d);
  }
  return run_loop_step(options, d);
}

}  // namespace armwatch::daemon
