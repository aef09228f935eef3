#include "daemon/scheduler.h"

#include <algorithm>
#include <thread>

#include "core/log.h"

namespace armwatch::daemon {

using namespace std::chrono_literals;

Scheduler::Scheduler(config::Config config, storage::EventStore& store, feeds::Fetcher& fetcher,
                     const Clock& clock, std::shared_ptr<const rules::RuleSet> rules,
                     PollObserver* observer, AlertRouter* router)
    : config_(std::move(config)),
      store_(store),
      clock_(clock),
      poller_(PollDeps{store, fetcher, clock, config_.poll, observer, router}),
      rules_(std::move(rules)) {}

void Scheduler::poll_feed(const config::FeedConfig& feed, CycleStats& stats) {
  PollOutcome outcome = poller_.poll(feed, *rules_);
  stats.feeds += 1;
  stats.failed += outcome.ok ? 0 : 1;
  stats.new_items += outcome.new_items;
  stats.events += outcome.events;
  if (outcome.ok && (outcome.new_items > 0 || outcome.events > 0)) {
    log_info("feed " + feed.name + ": " + std::to_string(outcome.new_items) + " new items, " +
             std::to_string(outcome.events) + " events");
  }
}

CycleStats Scheduler::run_once() {
  CycleStats stats;
  for (const auto& feed : config_.feeds) {
    if (feed.enabled) {
      poll_feed(feed, stats);
    }
  }
  return stats;
}

TimePoint Scheduler::poll_due(TimePoint now, CycleStats& stats, const LoopHooks& hooks) {
  TimePoint next = now + config_.poll.max_interval;
  for (const auto& feed : config_.feeds) {
    if (hooks.should_stop()) {
      break;
    }
    hooks.tick();
    if (!feed.enabled) {
      continue;
    }
    auto state = store_.feed_state(feed.name);
    if (!state) {
      log_error(state.error().to_string());
      continue;
    }
    if (state->disabled) {
      continue;
    }
    if (!state->next_due || *state->next_due <= now) {
      poll_feed(feed, stats);
      state = store_.feed_state(feed.name);
    }
    if (state && state->next_due) {
      next = std::min(next, *state->next_due);
    }
  }
  return next;
}

void Scheduler::apply(Reload reload) {
  for (const auto& feed : reload.config.feeds) {
    if (auto s = store_.ensure_feed(feed.name, feed.url); !s) {
      log_error("reload: " + s.error().to_string());
    }
  }
  if (reload.config.database != config_.database || !(reload.config.fetch == config_.fetch)) {
    log_warning("reload: database and fetch settings take effect at the next restart");
  }
  config_.feeds = std::move(reload.config.feeds);
  config_.poll = reload.config.poll;
  config_.rules = std::move(reload.config.rules);
  config_.log_level = reload.config.log_level;
  rules_ = std::move(reload.rules);
}

void Scheduler::sleep_until(TimePoint when, const LoopHooks& hooks) {
  // Short naps keep signals and the watchdog responsive without busy-waiting.
  while (!hooks.should_stop() && clock_.now() < when) {
    std::this_thread::sleep_for(200ms);
    hooks.tick();
    if (auto reload = hooks.reload()) {
      apply(std::move(*reload));
      return;  // the new feed list may have feeds due now
    }
  }
}

void Scheduler::run(const LoopHooks& hooks) {
  while (!hooks.should_stop()) {
    CycleStats stats;
    TimePoint next = poll_due(clock_.now(), stats, hooks);
    if (stats.feeds > 0) {
      hooks.on_cycle(stats);
    }
    sleep_until(next, hooks);
  }
}

}  // namespace armwatch::daemon
