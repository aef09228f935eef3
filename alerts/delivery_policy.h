// When to try a notification again. Pure functions plus RetryPlanner, which
// applies one attempt's DeliveryResult to a Notification's outbox state. The
// clock and the random seed are injected, so schedules are deterministic in tests.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "alerts/alert_sink.h"
#include "core/alert.h"
#include "core/clock.h"

namespace armwatch::alerts {

struct RetryPolicy {
  Millis base{std::chrono::seconds(5)};           // the first retry waits up to this
  Millis cap{std::chrono::minutes(30)};           // no single wait is longer
  Millis deadline{std::chrono::hours(24)};        // give up this long after `created`
  int max_attempts = 0;                           // 0: limited by the deadline only
  Millis max_retry_after{std::chrono::hours(6)};  // longer Retry-After values are clamped
};

// min(cap, base * 2^(attempt-1)) for attempt >= 1: the exponential ceiling.
Millis backoff_ceiling(const RetryPolicy& policy, int attempt);

// "Full jitter": a delay uniformly in [0, backoff_ceiling] chosen by `unit`,
// a number in [0, 1).
Millis full_jitter(const RetryPolicy& policy, int attempt, double unit);

// An HTTP status as a DeliveryResult: 2xx ok; 408, 429 and 5xx retryable
// (with `retry_after` if given); any other status permanent.
DeliveryResult classify_http(int status, std::optional<Millis> retry_after, std::string message);

// A Retry-After header value: delay-seconds ("120") or an HTTP-date (IMF-fixdate,
// RFC 850 or asctime). Past dates give 0. nullopt if malformed.
std::optional<Millis> parse_retry_after(std::string_view value, TimePoint now);

class RetryPlanner {
 public:
  RetryPlanner(RetryPolicy policy, const Clock& clock, std::uint64_t seed);

  // Records one attempt on `n`: attempts+1, last_code, last_error, and then
  // status sent, failed (permanent error, attempts or deadline exhausted) or
  // pending with next_attempt = now + Retry-After (if given) or full jitter.
  // Not thread-safe (it owns a random generator).
  void record_attempt(Notification& n, const DeliveryResult& result);

  const RetryPolicy& policy() const { return policy_; }

 private:
  RetryPolicy policy_;
  const Clock& clock_;
  std::mt19937_64 rng_;
};

}  // namespace armwatch::alerts
