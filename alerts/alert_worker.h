// AlertWorker: one thread that delivers notifications from a bounded queue
// through the sinks, so a slow receiver never blocks fetching or matching.
//
// enqueue() never blocks: when the queue (pending plus waiting retries) is full
// the notification is dropped and counted. Retries wait in the worker, timed by
// RetryPlanner. After every attempt the callback gets the notification with its
// updated outbox state (status, attempts, next_attempt, last_error), so the
// daemon can persist it. stop() delivers what is due within a bound and hands
// back whatever is left, still pending.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alerts/alert_sink.h"
#include "alerts/delivery_policy.h"
#include "core/alert.h"
#include "core/clock.h"

namespace armwatch::alerts {

struct WorkerOptions {
  std::size_t capacity = 1000;  // queued plus waiting-to-retry notifications
  RetryPolicy retry;
  Millis drain_timeout{std::chrono::seconds(5)};  // stop() delivers due items this long
  std::uint64_t seed = 0x61726d7761746368;        // for retry jitter
};

// Called on the worker thread after each attempt (and when a notification has no
// sink). Must not call back into the worker's stop().
using AttemptCallback = std::function<void(const Notification& updated, const DeliveryResult&)>;

class AlertWorker {
 public:
  // `clock` must outlive the worker. Times come from it; waits are real time,
  // capped at 50 ms so a ManualClock moved by a test is noticed.
  AlertWorker(WorkerOptions options, const Clock& clock, AttemptCallback on_attempt);
  ~AlertWorker();  // stop()s if still running
  AlertWorker(const AlertWorker&) = delete;
  AlertWorker& operator=(const AlertWorker&) = delete;

  // Registers the sink for a receiver name. Only before start().
  void add_sink(std::string receiver, std::shared_ptr<AlertSink> sink);
  void start();

  // Queues `n` for n.receiver, due at n.next_attempt (now if earlier). Returns
  // false, counting a drop, when the queue is full or the worker is stopping.
  // Never blocks on delivery. Thread-safe.
  bool enqueue(Notification n);

  // Stops taking work, delivers what is due for up to drain_timeout (plus at most
  // one transfer's own timeout), joins the thread and returns the notifications
  // not delivered (status pending). Idempotent.
  std::vector<Notification> stop();

  // Queued, waiting to retry and in flight.
  std::size_t depth() const { return depth_.load(); }
  std::uint64_t dropped() const { return dropped_.load(); }
  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t failed() const { return failed_.load(); }

 private:
  void run();
  bool take_due(Notification& out);  // with mutex_ held
  void attempt(Notification n);
  void update_depth();  // with mutex_ held

  WorkerOptions options_;
  const Clock& clock_;
  AttemptCallback on_attempt_;
  RetryPlanner planner_;  // used only on the worker thread
  std::map<std::string, std::shared_ptr<AlertSink>> sinks_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  // Pending notifications ordered by due time, then arrival.
  std::multimap<std::pair<TimePoint, std::uint64_t>, Notification> pending_;
  std::uint64_t sequence_ = 0;
  bool in_flight_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drain_until_;
  std::thread thread_;

  std::atomic<std::size_t> depth_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace armwatch::alerts
