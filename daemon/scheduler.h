// The daemon's one loop: poll each feed when it is due, reload rules on SIGHUP,
// stop on SIGTERM/SIGINT. A newcomer finds it from daemon/main.cpp in two jumps:
// main -> run_daemon (app.cpp) -> Scheduler::run.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "daemon/poller.h"
#include "rules/rule_set.h"

namespace armwatch::daemon {

struct CycleStats {
  std::size_t feeds = 0;
  std::size_t failed = 0;
  std::size_t new_items = 0;
  std::size_t events = 0;
};

// Hooks the loop calls; tests replace them, run_daemon wires them to signals.
struct LoopHooks {
  std::function<bool()> should_stop;
  // Returns a new rule set to swap in, or null to keep the current one.
  std::function<std::shared_ptr<const rules::RuleSet>()> reload;
};

class Scheduler {
 public:
  Scheduler(const config::Config& config, PollDeps deps,
            std::shared_ptr<const rules::RuleSet> rules);

  // Polls every enabled feed once, due or not (armwatchd --once).
  CycleStats run_once();
  // Polls feeds as they come due until hooks.should_stop() is true.
  void run(const LoopHooks& hooks);

 private:
  // Polls the feeds due at `now`; returns when the earliest feed is due next.
  TimePoint poll_due(TimePoint now, CycleStats& stats, const LoopHooks& hooks);
  void poll_feed(const config::FeedConfig& feed, CycleStats& stats);
  void sleep_until(TimePoint when, const LoopHooks& hooks);

  const config::Config& config_;
  PollDeps deps_;
  Poller poller_;
  std::shared_ptr<const rules::RuleSet> rules_;
};

}  // namespace armwatch::daemon
