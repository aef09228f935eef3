#include "daemon/poller.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/log.h"
#include "feeds/body_digest.h"
#include "feeds/date_parser.h"
#include "feeds/feed_parser.h"

namespace armwatch::daemon {
namespace {

using namespace std::chrono_literals;

// Retry-After is either delta-seconds or an HTTP-date.
Millis parse_retry_after(const std::string& value, TimePoint now) {
  long long secs = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), secs);
  if (ec == std::errc() && ptr == value.data() + value.size() && secs >= 0) {
    return Millis(secs * 1000);
  }
  if (auto when = feeds::parse_feed_date(value); when && *when > now) {
    return std::chrono::duration_cast<Millis>(*when - now);
  }
  return 0ms;
}

// "max-age=N" from a Cache-Control header, or 0.
Millis parse_max_age(const std::string& cache_control) {
  auto pos = cache_control.find("max-age=");
  if (pos == std::string::npos) {
    return 0ms;
  }
  long long secs = 0;
  const char* begin = cache_control.data() + pos + 8;
  std::from_chars(begin, cache_control.data() + cache_control.size(), secs);
  return Millis(std::max(0LL, secs) * 1000);
}

std::string status_error(long status) {
  return "HTTP status " + std::to_string(status);
}

}  // namespace

Poller::Poller(PollDeps deps) : deps_(deps), rng_(std::random_device{}()) {}

Millis Poller::jittered(Millis interval) {
  auto j = deps_.poll.jitter.count();
  if (j <= 0) {
    return interval;
  }
  std::uniform_int_distribution<long long> dist(-j, j);
  return std::max(Millis(1000), interval + Millis(dist(rng_)));
}

Result<PendingPoll> Poller::begin(const config::FeedConfig& feed) {
  auto state = deps_.store.feed_state(feed.name);
  if (!state) {
    return state.error();
  }
  PendingPoll p{&feed, std::move(*state), {}};
  p.request =
      feeds::FetchRequest{p.state.url, p.state.etag, p.state.last_modified, p.state.body_digest};
  p.state.last_fetch = deps_.clock.now();
  return p;
}

PollOutcome Poller::finish(PendingPoll& p, const Result<feeds::FetchResponse>& response,
                           double seconds, const rules::RuleSet& rules) {
  return finish_with(p, response, BodyWork{}, seconds, rules);
}

PollOutcome Poller::finish(PendingPoll& p, feeds::FetchedFeed& fetched, double seconds,
                           const rules::RuleSet& rules) {
  Result<feeds::ParsedFeed>* parsed = fetched.parsed ? &*fetched.parsed : nullptr;
  return finish_with(p, fetched.response, BodyWork{parsed, fetched.body_digest}, seconds, rules);
}

PollOutcome Poller::finish_with(PendingPoll& p, const Result<feeds::FetchResponse>& response,
                                BodyWork work, double seconds, const rules::RuleSet& rules) {
  const config::FeedConfig& feed = *p.feed;
  if (deps_.observer != nullptr) {
    deps_.observer->on_fetch(response ? response->status : 0, seconds);
  }
  PollOutcome outcome;
  if (!response) {
    outcome.error = response.error().to_string();
    p.state.last_status = 0;
    schedule_failure(feed, p.state, outcome.error, 0ms);
  } else {
    outcome = handle_response(feed, p.state, *response, work, rules);
  }
  if (deps_.observer != nullptr) {
    deps_.observer->on_poll(outcome.ok);
  }
  if (auto saved = deps_.store.save_feed_state(p.state); !saved) {
    log_error("feed " + feed.name + ": cannot save state: " + saved.error().to_string());
  }
  if (!outcome.ok) {
    log_warning("feed " + feed.name + ": " + outcome.error);
  }
  return outcome;
}

PollOutcome Poller::poll(const config::FeedConfig& feed, const rules::RuleSet& rules) {
  auto p = begin(feed);
  if (!p) {
    log_error(p.error().to_string());
    return PollOutcome{false, 0, 0, 0, 0, p.error().to_string(), std::nullopt};
  }
  auto started = std::chrono::steady_clock::now();
  auto response = deps_.fetcher.fetch(p->request);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  return finish(*p, response, took.count(), rules);
}

PollOutcome Poller::handle_response(const config::FeedConfig& feed, storage::FeedState& state,
                                    const feeds::FetchResponse& response, BodyWork work,
                                    const rules::RuleSet& rules) {
  state.last_status = response.status;
  PollOutcome outcome{false, response.status, 0, 0, 0, {}, std::nullopt};
  if (response.status == 304) {
    outcome.ok = true;
    schedule_success(feed, state, response, std::nullopt);
    return outcome;
  }
  if (response.status == 410) {
    state.disabled = true;
    state.disabled_reason = "410 Gone from " + state.url;
    outcome.error = state.disabled_reason + "; feed disabled";
    return outcome;
  }
  if (response.status < 200 || response.status >= 300) {
    outcome.error = status_error(response.status) + " from " + state.url;
    bool throttled = response.status == 429 || response.status == 503;
    Millis wait = throttled ? parse_retry_after(response.retry_after, deps_.clock.now()) : 0ms;
    schedule_failure(feed, state, outcome.error, wait);
    return outcome;
  }
  if (!response.moved_to.empty() && response.moved_to != state.url) {
    log_info("feed " + feed.name + ": moved permanently from " + state.url + " to " +
             response.moved_to);
    state.url = response.moved_to;
  }
  outcome = take_in(feed, state, response, work, rules);
  if (outcome.ok) {
    state.etag = response.etag;
    state.last_modified = response.last_modified;
    schedule_success(feed, state, response, outcome.ttl);
  } else {
    schedule_failure(feed, state, outcome.error, 0ms);
  }
  return outcome;
}

// A 2xx body: skipped when it is the body taken in last time (the daemon's steady
// state: most polls of a feed without 304 support return the same document),
// else parsed, matched and recorded, and remembered once that succeeded.
PollOutcome Poller::take_in(const config::FeedConfig& feed, storage::FeedState& state,
                            const feeds::FetchResponse& response, BodyWork work,
                            const rules::RuleSet& rules) {
  std::string digest =
      work.digest.empty() ? feeds::body_digest(response.body) : std::string(work.digest);
  if (!state.body_digest.empty() && digest == state.body_digest) {
    PollOutcome outcome{true, response.status, 0, 0, 0, {}, state.refresh_hint};
    outcome.unchanged = true;
    return outcome;
  }
  PollOutcome outcome = ingest(feed, state, response, work.parsed, rules);
  if (outcome.ok) {
    state.body_digest = std::move(digest);
    state.refresh_hint = outcome.ttl;
  }
  return outcome;
}

PollOutcome Poller::ingest(const config::FeedConfig& feed, const storage::FeedState& state,
                           const feeds::FetchResponse& response,
                           Result<feeds::ParsedFeed>* parsed_already, const rules::RuleSet& rules) {
  PollOutcome outcome{false, response.status, 0, 0, 0, {}, std::nullopt};
  Result<feeds::ParsedFeed> parsed =
      parsed_already != nullptr ? std::move(*parsed_already)
                                : feeds::parse_feed(response.body, response.content_type, state.url,
                                                    feeds::ParseOptions{feed.timezone});
  if (!parsed) {
    outcome.error = parsed.error().to_string();
    return outcome;
  }
  outcome.items = parsed->items.size();
  outcome.ttl = parsed->ttl;
  std::vector<std::string> ids;
  for (auto& item : parsed->items) {
    item.feed = feed.name;
    item.source = feed.source;
    ids.push_back(item.id);
  }
  auto known = deps_.store.known_items(feed.name, ids);
  if (!known) {
    outcome.error = known.error().to_string();
    return outcome;
  }
  // A feed never fetched before: its backlog is stored, but only recent items
  // (and never undated ones) may raise events.
  const TimePoint now = deps_.clock.now();
  const bool first_fetch = !state.last_success.has_value();
  const TimePoint backfill_cutoff = now - deps_.poll.new_feed_backfill;
  std::vector<storage::ItemRecord> batch;
  for (std::size_t i = 0; i < parsed->items.size(); ++i) {
    if ((*known)[i]) {
      continue;
    }
    storage::ItemRecord record{std::move(parsed->items[i]), {}};
    auto date = record.item.date();
    bool backlog = first_fetch && (!date || *date < backfill_cutoff);
    if (!backlog) {
      auto started = std::chrono::steady_clock::now();
      record.events = rules.match(record.item);
      if (deps_.observer != nullptr) {
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        deps_.observer->on_match(took.count());
      }
      for (auto& event : record.events) {
        event.time = now;
      }
      if (deps_.router != nullptr && !record.events.empty()) {
        record.alerts = deps_.router->route(record.item, record.events);
      }
    }
    batch.push_back(std::move(record));
  }
  auto stats = deps_.store.record(batch);
  if (!stats) {
    outcome.error = stats.error().to_string();
    return outcome;
  }
  if (deps_.observer != nullptr) {
    deps_.observer->on_recorded(batch, *stats);
  }
  outcome.ok = true;
  outcome.new_items = stats->items_new;
  outcome.events = stats->events;
  return outcome;
}

void Poller::schedule_success(const config::FeedConfig& feed, storage::FeedState& state,
                              const feeds::FetchResponse& response, std::optional<Millis> ttl) {
  const TimePoint now = deps_.clock.now();
  state.last_success = now;
  state.consecutive_errors = 0;
  state.last_error.clear();
  Millis interval = feed.interval.count() > 0 ? feed.interval : deps_.poll.interval;
  // A server's max-age and the feed's own ttl stretch the interval (never shrink
  // it), within the configured bounds.
  interval = std::max(interval, parse_max_age(response.cache_control));
  interval = std::max(interval, ttl.value_or(0ms));
  interval = std::clamp(interval, deps_.poll.min_interval, deps_.poll.max_interval);
  state.next_due = now + jittered(interval);
}

void Poller::schedule_failure(const config::FeedConfig& feed, storage::FeedState& state,
                              const std::string& error, Millis retry_after) {
  state.consecutive_errors += 1;
  state.last_error = error;
  Millis base = feed.interval.count() > 0 ? feed.interval : deps_.poll.interval;
  // Exponential backoff capped at max_interval: a failing feed is retried at the
  // cap for ever, never parked.
  int doublings = std::min(state.consecutive_errors - 1, 16);
  Millis backoff = std::min<Millis>(base * (1LL << doublings), deps_.poll.max_interval);
  Millis wait = std::max(backoff, std::min(retry_after, deps_.poll.max_interval));
  state.next_due = deps_.clock.now() + jittered(wait);
}

}  // namespace armwatch::daemon
