// Alerting, as the daemon runs it:
//   route()  - for each new event, the receivers its routes and silences give;
//              the poller stores them as outbox rows in the event's transaction;
//   tick()   - turns outbox rows into notifications (grouped per incident and
//              receiver: group_wait, group_interval, no repeat unless the
//              incident's severity rose or it gained sources), hands pending ones
//              to the delivery worker, and persists every attempt it reports;
//   resume() - after a restart (and whenever the queue had no room) pending
//              notifications are handed to the worker again, with their ids:
//              delivery is at least once, duplicates carry the same key.
// Receivers with `digest: hourly|daily` get no per-incident notifications:
// their outbox rows wait, undispatched (so a restart loses nothing), until the
// UTC hour or day they fell in is over, then all of them go out as one digest
// whose id (the Message-ID) comes from the receiver and the period only.
// Alerts quote each provision's paraphrase and each precedent's summary from
// the AlertTexts given at start.
// Not thread-safe except where noted: the loop's thread calls everything; the
// worker's threads (one per receiver) only reach on_attempt().
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "alerts/alert_worker.h"
#include "alerts/routing.h"
#include "config/alerts_config.h"
#include "core/clock.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "rules/history.h"
#include "rules/provisions.h"
#include "storage/alert_store.h"

namespace armwatch::daemon {

// The reference texts alerts quote. Either may be missing: alerts then name the
// provision and precedent ids without their text.
struct AlertTexts {
  std::optional<rules::ProvisionTable> provisions;
  std::optional<rules::History> history;
};

// Loads provisions/provisions.yaml and history/ from beside the rule pack
// directories in `rule_paths` (the source tree's rules/ and the installed
// share/armwatch/ both have this layout), else from the binary's
// ../share/armwatch. A table that is missing is left out; one that does not
// load is logged as a warning and left out. Never fails.
AlertTexts load_alert_texts(const std::vector<std::string>& rule_paths);

class Alerting final : public AlertRouter {
 public:
  // Builds the receivers (resolving secrets) and starts the worker. Errors name
  // the receiver at fault. `store`, `clock` and `registry` outlive this.
  static Result<std::unique_ptr<Alerting>> start(const config::AlertsConfig& config,
                                                 storage::AlertStore& store, const Clock& clock,
                                                 Registry* registry, AlertTexts texts = {});
  // Test hook: the same with sinks given by the caller.
  static std::unique_ptr<Alerting> start_with_sinks(
      const config::AlertsConfig& config, storage::AlertStore& store, const Clock& clock,
      Registry* registry, std::map<std::string, std::shared_ptr<alerts::AlertSink>> sinks,
      AlertTexts texts = {});
  ~Alerting() override;

  // The outbox rows for `events` found on `item`.
  std::vector<storage::OutboxEntry> route(const Item& item,
                                          const std::vector<Event>& events) override;
  // Dispatches due groups and persists attempt outcomes. Cheap when idle.
  void tick();
  // Hands every pending notification not already queued to the worker.
  void resume();
  // Stops the worker (draining within its bound) and persists what it reported.
  void stop();
  // For armwatchd --once: dispatches every queued group now (no group_wait),
  // then stop()s, so one cycle delivers what it found. Digests of a period not
  // yet over stay queued for a later run.
  void flush();

 private:
  struct Group {
    std::vector<storage::QueuedAlert> rows;
    TimePoint first_seen;
  };
  // The outbox rows of one digest receiver for one period.
  struct Digest {
    std::vector<storage::QueuedAlert> rows;
  };
  struct Outcome {
    Notification notification;
    alerts::DeliveryResult result;
    TimePoint at;
  };

  Alerting(const config::AlertsConfig& config, storage::AlertStore& store, const Clock& clock,
           Registry* registry, AlertTexts texts);
  void on_attempt(const Notification& n, const alerts::DeliveryResult& r);  // worker thread
  void collect_outbox();
  void dispatch_due(TimePoint now, bool ignore_wait);
  // False when the group must wait longer (group_interval after the last one).
  bool dispatch_group(Group& group, TimePoint now);
  void persist_outcomes();
  void refresh_silences(TimePoint now);
  void enqueue(Notification n);
  void publish_queue_metrics();
  // alerting_digest.cpp
  bool collect_digest_row(storage::QueuedAlert& row);  // false: not a digest row
  bool digest_made(const std::string& receiver, TimePoint start);
  void dispatch_digests(TimePoint now);
  bool dispatch_digest(const std::string& receiver, TimePoint start, Digest& digest, TimePoint now);
  void rebuild_digest(Notification& n);

  config::AlertsConfig config_;
  alerts::RoutingConfig routing_;
  storage::AlertStore& store_;
  const Clock& clock_;
  Registry* registry_;
  std::unique_ptr<alerts::AlertWorker> worker_;
  AlertTexts texts_;
  std::map<std::string, Millis> digest_periods_;  // receiver: hour or day
  std::vector<alerts::Silence> silences_;
  TimePoint silences_loaded_;
  std::map<std::string, Group> groups_;  // key: receiver + '\n' + incident key
  std::map<std::pair<std::string, TimePoint>, Digest> digests_;  // (receiver, period start)
  bool outbox_drained_ = true;  // the last collect_outbox() read every queued row
  std::set<std::int64_t> seen_outbox_;
  std::set<std::string> in_worker_;
  TimePoint last_resume_;
  TimePoint last_dispatch_;

  std::mutex outcomes_mu_;
  std::vector<Outcome> outcomes_;  // guarded by outcomes_mu_
};

// AlertContent for an event and its incident, as alerts/ renders it, with the
// paraphrases and precedent summaries `texts` has.
AlertContent content_of(const storage::QueuedAlert& row, const AlertTexts& texts = {});

// A digest's content: one entry per incident among `rows` (its most severe
// report, with the other reports' links), most severe first, then oldest.
AlertContent digest_content(const std::vector<storage::QueuedAlert>& rows, TimePoint start,
                            TimePoint end, const AlertTexts& texts = {});

}  // namespace armwatch::daemon
