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
// Not thread-safe except where noted: the loop's thread calls everything; the
// worker thread only reaches on_attempt().
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "alerts/alert_worker.h"
#include "alerts/routing.h"
#include "config/alerts_config.h"
#include "core/clock.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "storage/alert_store.h"

namespace armwatch::daemon {

class Alerting final : public AlertRouter {
 public:
  // Builds the receivers (resolving secrets) and starts the worker. Errors name
  // the receiver at fault. `store`, `clock` and `registry` outlive this.
  static Result<std::unique_ptr<Alerting>> start(const config::AlertsConfig& config,
                                                 storage::AlertStore& store, const Clock& clock,
                                                 Registry* registry);
  // Test hook: the same with sinks given by the caller.
  static std::unique_ptr<Alerting> start_with_sinks(
      const config::AlertsConfig& config, storage::AlertStore& store, const Clock& clock,
      Registry* registry, std::map<std::string, std::shared_ptr<alerts::AlertSink>> sinks);
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
  // then stop()s, so one cycle delivers what it found.
  void flush();

 private:
  struct Group {
    std::vector<storage::QueuedAlert> rows;
    TimePoint first_seen;
  };
  struct Outcome {
    Notification notification;
    alerts::DeliveryResult result;
    TimePoint at;
  };

  Alerting(const config::AlertsConfig& config, storage::AlertStore& store, const Clock& clock,
           Registry* registry);
  void on_attempt(const Notification& n, const alerts::DeliveryResult& r);  // worker thread
  void collect_outbox();
  void dispatch_due(TimePoint now, bool ignore_wait);
  // False when the group must wait longer (group_interval after the last one).
  bool dispatch_group(Group& group, TimePoint now);
  void persist_outcomes();
  void refresh_silences(TimePoint now);
  void enqueue(Notification n);

  config::AlertsConfig config_;
  alerts::RoutingConfig routing_;
  storage::AlertStore& store_;
  const Clock& clock_;
  Registry* registry_;
  std::unique_ptr<alerts::AlertWorker> worker_;
  std::vector<alerts::Silence> silences_;
  TimePoint silences_loaded_;
  std::map<std::string, Group> groups_;  // key: receiver + '\n' + incident key
  std::set<std::int64_t> seen_outbox_;
  std::set<std::string> in_worker_;
  TimePoint last_resume_;
  TimePoint last_dispatch_;

  std::mutex outcomes_mu_;
  std::vector<Outcome> outcomes_;  // guarded by outcomes_mu_
};

// AlertContent for an event and its incident, as alerts/ renders it.
AlertContent content_of(const storage::QueuedAlert& row);

}  // namespace armwatch::daemon
