#include "daemon/scheduler.h"

#include <algorithm>
#include <thread>

#include "core/log.h"

namespace armwatch::daemon {

using namespace std::chrono_literals;

Scheduler::Scheduler(const config::Config& config, PollDeps deps,
                     std::shared_ptr<const rules::RuleSet> rules)
    : config_(config), deps_(deps), poller_(deps), rules_(std::move(rules)) {}

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
    if (!feed.enabled) {
      continue;
    }
    auto state = deps_.store.feed_state(feed.name);
    if (!state) {
      log_error(state.error().to_string());
      continue;
    }
    if (state->disabled) {
      continue;
    }
    if (!state->next_due || *state->next_due <= now) {
      poll_feed(feed, stats);
      state = deps_.store.feed_state(feed.name);
    }
    if (state && state->next_due) {
      next = std::min(next, *state->next_due);
    }
  }
  return next;
}

void Scheduler::sleep_until(TimePoint when, const LoopHooks& hooks) {
  // Short naps keep signals responsive without busy-waiting.
  while (!hooks.should_stop() && deps_.clock.now() < when) {
    std::this_thread::sleep_for(200ms);
    if (hooks.reload) {
      if (auto fresh = hooks.reload()) {
        rules_ = std::move(fresh);
      }
    }
  }
}

void Scheduler::run(const LoopHooks& hooks) {
  while (!hooks.should_stop()) {
    CycleStats stats;
    TimePoint next = poll_due(deps_.clock.now(), stats, hooks);
    if (stats.feeds > 0) {
      log_debug("polled " + std::to_string(stats.feeds) + " feeds, " +
                std::to_string(stats.failed) + " failed");
    }
    sleep_until(next, hooks);
  }
}

}  // namespace armwatch::daemon
