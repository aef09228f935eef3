// The daemon's one loop: poll each feed when it is due, apply a reload when
// SIGHUP asks, stop on SIGTERM/SIGINT. A newcomer finds it from daemon/main.cpp
// in two jumps: main -> run_daemon (app.cpp) -> Scheduler::run.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "daemon/poller.h"
#include "feeds/multi_fetcher.h"
#include "rules/rule_set.h"

namespace armwatch::daemon {

struct CycleStats {
  std::size_t feeds = 0;
  std::size_t failed = 0;
  std::size_t new_items = 0;
  std::size_t events = 0;
};

// What a reload brings: a new config and the rules it names. Both are complete
// and valid; a reload that failed never reaches the scheduler.
struct Reload {
  config::Config config;
  std::shared_ptr<const rules::RuleSet> rules;
};

// Hooks the loop calls; run_daemon wires them to signals and systemd, tests to fakes.
struct LoopHooks {
  std::function<bool()> should_stop;
  std::function<std::optional<Reload>()> reload;    // polled between polls
  std::function<void()> tick;                       // keep-alive, called often
  std::function<void(const CycleStats&)> on_cycle;  // after each round of due feeds
};

// The scheduler owns the live config. The store, fetcher and clock outlive it.
class Scheduler {
 public:
  Scheduler(config::Config config, storage::EventStore& store, feeds::Fetcher& fetcher,
            const Clock& clock, std::shared_ptr<const rules::RuleSet> rules,
            PollObserver* observer = nullptr, AlertRouter* router = nullptr);

  // Fetch due feeds concurrently through `multi` (curl multi, within the poll
  // config's concurrency and per-host limits) instead of one at a time, on a
  // feeds::FetchPipeline: fetching on its own thread, parsing on workers, and the
  // rest of each poll (rules, storage, state) on the scheduler's thread. Not owned.
  void set_multi_fetcher(feeds::MultiFetcher* multi) { multi_ = multi; }

  // Polls every enabled feed once, due or not (armwatchd --once), except those a
  // 410 disabled.
  CycleStats run_once();
  // Polls feeds as they come due until hooks.should_stop() is true.
  void run(const LoopHooks& hooks);
  // Swaps in a reloaded config and rules; new feeds are registered in the store.
  void apply(Reload reload);

  const config::Config& config() const { return config_; }

 private:
  // Polls the feeds due at `now`; returns when the earliest feed is due next.
  TimePoint poll_due(TimePoint now, CycleStats& stats, const LoopHooks& hooks);
  void poll_feed(const config::FeedConfig& feed, CycleStats& stats);
  // Polls `feeds` (all due) concurrently when a MultiFetcher is set, else in turn.
  void poll_feeds(const std::vector<const config::FeedConfig*>& feeds, CycleStats& stats,
                  const LoopHooks* hooks);
  void count(const config::FeedConfig& feed, const PollOutcome& outcome, CycleStats& stats);
  void sleep_until(TimePoint when, const LoopHooks& hooks);

  config::Config config_;
  storage::EventStore& store_;
  const Clock& clock_;
  Poller poller_;  // refers to config_.poll, so config_ is declared first
  std::shared_ptr<const rules::RuleSet> rules_;
  feeds::MultiFetcher* multi_ = nullptr;
};

}  // namespace armwatch::daemon
