// Polls one feed: conditional fetch, status handling, parse, match the items
// not seen before, and record items with their events in one transaction.
// Every failure is logged and written to the feed's state; none stops the daemon.
#pragma once

#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/clock.h"
#include "feeds/fetch_pipeline.h"
#include "feeds/fetcher.h"
#include "rules/rule_set.h"
#include "storage/event_store.h"

namespace armwatch::daemon {

// What one poll did, for logs and tests.
struct PollOutcome {
  bool ok = false;
  long status = 0;
  std::size_t items = 0;      // items in the document
  std::size_t new_items = 0;  // items stored for the first time
  std::size_t events = 0;     // events recorded
  std::string error;          // empty when ok
  std::optional<Millis> ttl;  // the feed's own refresh hint (RSS <ttl>, sy:updatePeriod)
  // A 2xx body identical to the last one taken in: not parsed, nothing recorded
  // (items stays 0); ttl is the hint stored with that body.
  bool unchanged = false;
};

// One feed's poll between its two halves, so that many feeds can be fetched at
// once (feeds::MultiFetcher) in between.
struct PendingPoll {
  const config::FeedConfig* feed = nullptr;
  storage::FeedState state;
  feeds::FetchRequest request;
};

// Told what each poll did, for metrics. Called on the polling thread.
class PollObserver {
 public:
  virtual ~PollObserver() = default;
  // `status` is 0 when no HTTP answer came (DNS, connect, TLS, timeout, size cap).
  virtual void on_fetch(long status, double seconds) = 0;
  virtual void on_match(double seconds) = 0;  // one item against every rule
  virtual void on_recorded(const std::vector<storage::ItemRecord>& batch,
                           const storage::RecordStats& stats) = 0;
  virtual void on_poll(bool ok) = 0;
};

// Chooses the receivers of new events; the poller stores the answer as outbox
// rows in the same transaction as the events.
class AlertRouter {
 public:
  virtual ~AlertRouter() = default;
  virtual std::vector<storage::OutboxEntry> route(const Item& item,
                                                  const std::vector<Event>& events) = 0;
};

// The long-lived parts a poll uses. Not owned; all outlive the Poller.
struct PollDeps {
  storage::EventStore& store;
  feeds::Fetcher& fetcher;
  const Clock& clock;
  const config::PollConfig& poll;
  PollObserver* observer = nullptr;  // optional
  AlertRouter* router = nullptr;     // optional: no alerts without it
};

class Poller {
 public:
  explicit Poller(PollDeps deps);
  // Polls `feed` now with `rules`, and saves the feed's new state, including its
  // next due time. Not thread-safe: one Poller per thread.
  PollOutcome poll(const config::FeedConfig& feed, const rules::RuleSet& rules);

  // The same in two halves: begin() reads the feed's state and builds the
  // conditional request; finish() takes the fetch's result (`seconds` it took)
  // and does everything poll() does after fetching. `feed` must outlive `poll`.
  Result<PendingPoll> begin(const config::FeedConfig& feed);
  PollOutcome finish(PendingPoll& poll, const Result<feeds::FetchResponse>& response,
                     double seconds, const rules::RuleSet& rules);
  // The same for a feed that feeds::FetchPipeline fetched and already parsed
  // (its `parsed` and body_digest are used instead of working them out again).
  // Every finish(): a 2xx body whose digest equals the stored one (the last body
  // taken in) is neither parsed nor matched nor recorded; the feed's success and
  // next due time are saved as for any success.
  PollOutcome finish(PendingPoll& poll, feeds::FetchedFeed& fetched, double seconds,
                     const rules::RuleSet& rules);

 private:
  // What the fetching side worked out already: the body's parse (nullptr: parse
  // here) and its digest (empty: compute here).
  struct BodyWork {
    Result<feeds::ParsedFeed>* parsed = nullptr;
    std::string_view digest;
  };
  PollOutcome finish_with(PendingPoll& poll, const Result<feeds::FetchResponse>& response,
                          BodyWork work, double seconds, const rules::RuleSet& rules);
  PollOutcome handle_response(const config::FeedConfig& feed, storage::FeedState& state,
                              const feeds::FetchResponse& response, BodyWork work,
                              const rules::RuleSet& rules);
  PollOutcome take_in(const config::FeedConfig& feed, storage::FeedState& state,
                      const feeds::FetchResponse& response, BodyWork work,
                      const rules::RuleSet& rules);
  PollOutcome ingest(const config::FeedConfig& feed, const storage::FeedState& state,
                     const feeds::FetchResponse& response, Result<feeds::ParsedFeed>* parsed,
                     const rules::RuleSet& rules);
  void schedule_success(const config::FeedConfig& feed, storage::FeedState& state,
                        const feeds::FetchResponse& response, std::optional<Millis> ttl);
  void schedule_failure(const config::FeedConfig& feed, storage::FeedState& state,
                        const std::string& error, Millis retry_after);
  Millis jittered(Millis interval);

  PollDeps deps_;
  std::mt19937_64 rng_;
};

}  // namespace armwatch::daemon
