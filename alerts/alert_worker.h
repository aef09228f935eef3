// AlertWorker: delivers notifications through the sinks from bounded queues,
// one queue and one thread per receiver, so a slow receiver never blocks
// fetching or matching, nor delays the other receivers.
//
// enqueue() never blocks: when the receiver's queue (pending plus waiting
// retries plus in flight) is full the notification is dropped and counted.
// Retries wait in the receiver's queue, timed by RetryPlanner. After every
// attempt the callback gets the notification with its updated outbox state
// (status, attempts, next_attempt, last_error), so the daemon can persist it.
// stop() delivers what is due within a bound and hands back whatever is left,
// still pending.
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
  std::size_t capacity = 1000;  // per receiver: queued, waiting to retry and in flight
  RetryPolicy retry;
  Millis drain_timeout{std::chrono::seconds(5)};  // stop() delivers due items this long
  std::uint64_t seed = 0x61726d7761746368;        // for retry jitter
};

// Called on a receiver's thread after each attempt (and when a notification has
// no sink). Called concurrently from several receivers' threads: it must be
// thread-safe. Must not call back into the worker's stop().
using AttemptCallback = std::function<void(const Notification& updated, const DeliveryResult&)>;

class AlertWorker {
 public:
  // `clock` must outlive the worker. Times come from it; waits are real time,
  // capped at 50 ms so a ManualClock moved by a test is noticed.
  AlertWorker(WorkerOptions options, const Clock& clock, AttemptCallback on_attempt);
  ~AlertWorker();  // stop()s if still running
  AlertWorker(const AlertWorker&) = delete;
  AlertWorker& operator=(const AlertWorker&) = delete;

  // Registers the sink for a receiver name, with its own queue and thread.
  // Only before start(). Notifications for a receiver without a sink fail
  // permanently ("no sink"), on a thread of their own.
  void add_sink(std::string receiver, std::shared_ptr<AlertSink> sink);
  void start();

  // Queues `n` for n.receiver, due at n.next_attempt (now if earlier). Returns
  // false, counting a drop, when that receiver's queue is full or the worker is
  // stopping. Never blocks on delivery. Thread-safe.
  bool enqueue(Notification n);

  // Stops taking work, delivers what is due for up to drain_timeout (plus at most
  // one transfer's own timeout per receiver, in parallel), joins the threads and
  // returns the notifications not delivered (status pending). Idempotent.
  std::vector<Notification> stop();

  // Queued, waiting to retry and in flight: in all queues, or one receiver's.
  std::size_t depth() const { return depth_.load(); }
  std::size_t depth(const std::string& receiver) const;
  // Drops in all queues, or one receiver's.
  std::uint64_t dropped() const { return dropped_.load(); }
  std::uint64_t dropped(const std::string& receiver) const;
  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t failed() const { return failed_.load(); }

 private:
  struct Lane;
  Lane& lane_for(const std::string& receiver) const;  // with mutex_ held
  void run(Lane& lane);
  bool take_due(Lane& lane, Notification& out);  // with mutex_ held
  void attempt(Lane& lane, Notification n);
  void update_depth();  // with mutex_ held

  WorkerOptions options_;
  const Clock& clock_;
  AttemptCallback on_attempt_;

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Lane>> lanes_;  // by receiver
  std::unique_ptr<Lane> orphans_;                       // receivers without a sink
  std::uint64_t sequence_ = 0;
  bool started_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drain_until_;

  std::atomic<std::size_t> depth_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace armwatch::alerts
