// RecordingSink: the fake AlertSink for tests of the worker, routing and the
// daemon. It records every notification it is given and answers from a script
// (a queue of results; success once the script runs out). Thread-safe: the
// worker delivers while the test thread inspects.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "alerts/alert_sink.h"

namespace armwatch::alerts {

class RecordingSink final : public AlertSink {
 public:
  RecordingSink() = default;

  DeliveryResult deliver(const Notification& n) override;
  std::string_view kind() const override { return "recording"; }

  // Results for the next calls, in order.
  void script(std::vector<DeliveryResult> results);
  // Each deliver() sleeps this long first (a slow receiver).
  void set_delay(Millis delay);

  // Every notification delivered so far (all attempts, failed ones included).
  std::vector<Notification> received() const;
  // Waits until at least `count` attempts were made, or `timeout` passes.
  bool wait_for(std::size_t count, Millis timeout) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<DeliveryResult> script_;
  std::vector<Notification> received_;
  Millis delay_{0};
};

}  // namespace armwatch::alerts
