// Clock: the one seam through which armwatch reads the time, so tests can drive
// schedules, backoff and retention with a ManualClock.
#pragma once

#include <atomic>

#include "core/time.h"

namespace armwatch {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current UTC instant. Thread-safe in every implementation.
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// A clock that moves only when told. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = from_unix_ms(0)) : now_ms_(to_unix_ms(start)) {}
  TimePoint now() const override { return from_unix_ms(now_ms_.load()); }
  void set(TimePoint t) { now_ms_.store(to_unix_ms(t)); }
  void advance(Millis d) { now_ms_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace armwatch
