#include "alerts/recording_sink.h"

#include <thread>

namespace armwatch::alerts {

DeliveryResult RecordingSink::deliver(const Notification& n) {
  Millis delay;
  {
    std::lock_guard lock(mutex_);
    delay = delay_;
  }
  if (delay.count() > 0) {
    std::this_thread::sleep_for(delay);
  }
  std::lock_guard lock(mutex_);
  received_.push_back(n);
  DeliveryResult r = DeliveryResult::success(200, "recorded");
  if (!script_.empty()) {
    r = script_.front();
    script_.pop_front();
  }
  changed_.notify_all();
  return r;
}

void RecordingSink::script(std::vector<DeliveryResult> results) {
  std::lock_guard lock(mutex_);
  script_.assign(results.begin(), results.end());
}

void RecordingSink::set_delay(Millis delay) {
  std::lock_guard lock(mutex_);
  delay_ = delay;
}

std::vector<Notification> RecordingSink::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

bool RecordingSink::wait_for(std::size_t count, Millis timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return received_.size() >= count; });
}

}  // namespace armwatch::alerts
