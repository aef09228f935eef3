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

void Scheduler::count(const config::FeedConfig& feed, const PollOutcome& outcome,
                      CycleStats& stats) {
  stats.feeds += 1;
  stats.failed += outcome.ok ? 0 : 1;
  stats.new_items += outcome.new_items;
  stats.events += outcome.events;
  if (outcome.ok && (outcome.new_items > 0 || outcome.events > 0)) {
    log_info("feed " + feed.name + ": " + std::to_string(outcome.new_items) + " new items, " +
             std::to_string(outcome.events) + " events");
  }
}

void Scheduler::poll_feed(const config::FeedConfig& feed, CycleStats& stats) {
  count(feed, poller_.poll(feed, *rules_), stats);
}

void Scheduler::poll_feeds(const std::vector<const config::FeedConfig*>& feeds, CycleStats& stats,
                           const LoopHooks* hooks) {
  if (multi_ == nullptr) {
    for (const auto* feed : feeds) {
      if (hooks != nullptr && hooks->should_stop()) {
        return;
      }
      poll_feed(*feed, stats);
      if (hooks != nullptr) {
        hooks->tick();
      }
    }
    return;
  }
  std::vector<PendingPoll> polls;
  std::vector<feeds::FetchRequest> requests;
  std::vector<feeds::ParseOptions> options;
  for (const auto* feed : feeds) {
    auto p = poller_.begin(*feed);
    if (!p) {
      log_error(p.error().to_string());
      continue;
    }
    requests.push_back(p->request);
    options.push_back(feeds::ParseOptions{feed->timezone});
    polls.push_back(std::move(*p));
  }
  auto started = std::chrono::steady_clock::now();
  auto rules = rules_;  // one rule set for the whole round, even if a reload lands
  // Bodies are parsed on the pipeline's workers, and finish() (rules, SQLite) runs
  // here, so neither holds up the transfers on the fetching thread.
  feeds::FetchPipeline pipeline(*multi_);
  pipeline.run(
      requests, options,
      [&](std::size_t i, feeds::FetchedFeed fetched) {
        const auto& r = fetched.response;
        double seconds =
            r ? std::chrono::duration<double>(r->elapsed).count()
              : std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        count(*polls[i].feed, poller_.finish(polls[i], fetched, seconds, *rules), stats);
      },
      hooks != nullptr ? hooks->should_stop : std::function<bool()>{},
      hooks != nullptr ? hooks->tick : std::function<void()>{});
}

CycleStats Scheduler::run_once() {
  CycleStats stats;
  std::vector<const config::FeedConfig*> feeds;
  for (const auto& feed : config_.feeds) {
    auto state = store_.feed_state(feed.name);
    if (!state) {
      log_error(state.error().to_string());
    } else if (feed.enabled && !state->disabled) {  // a 410 stays disabled across runs
      feeds.push_back(&feed);
    }
  }
  poll_feeds(feeds, stats, nullptr);
  return stats;
}

TimePoint Scheduler::poll_due(TimePoint now, CycleStats& stats, const LoopHooks& hooks) {
  std::vector<const config::FeedConfig*> due;
  for (const auto& feed : config_.feeds) {
    if (!feed.enabled) {
      continue;
    }
    auto state = store_.feed_state(feed.name);
    if (!state) {
      log_error(state.error().to_string());
      continue;
    }
    if (!state->disabled && (!state->next_due || *state->next_due <= now)) {
      due.push_back(&feed);
    }
  }
  poll_feeds(due, stats, &hooks);
  // The earliest next due time, now that the due ones have new ones.
  TimePoint next = clock_.now() + config_.poll.max_interval;
  for (const auto& feed : config_.feeds) {
    auto state = store_.feed_state(feed.name);
    if (feed.enabled && state && !state->disabled && state->next_due) {
      next = std::min(next, *state->next_due);
    }
  }
  // Never spin: a feed whose state cannot be saved would otherwise stay due.
  return std::max(next, clock_.now() + std::chrono::seconds(1));
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
