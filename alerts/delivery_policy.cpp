#include "alerts/delivery_policy.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

#include <curl/curl.h>

namespace armwatch::alerts {

Millis backoff_ceiling(const RetryPolicy& policy, int attempt) {
  if (attempt < 1) {
    attempt = 1;
  }
  Millis ceiling = policy.base;
  for (int i = 1; i < attempt && ceiling < policy.cap; ++i) {
    ceiling *= 2;
  }
  return std::min(ceiling, policy.cap);
}

Millis full_jitter(const RetryPolicy& policy, int attempt, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  auto ceiling = static_cast<double>(backoff_ceiling(policy, attempt).count());
  return Millis(static_cast<Millis::rep>(ceiling * unit));
}

DeliveryResult classify_http(int status, std::optional<Millis> retry_after, std::string message) {
  if (status >= 200 && status < 300) {
    return DeliveryResult::success(status, std::move(message));
  }
  if (status == 408 || status == 429 || status >= 500) {
    return DeliveryResult::retryable(std::move(message), status, retry_after);
  }
  return DeliveryResult::permanent_failure(std::move(message), status);
}

std::optional<Millis> parse_retry_after(std::string_view value, TimePoint now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  if (value.empty()) {
    return std::nullopt;
  }
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || ptr != value.data() + value.size() || seconds > 100'000'000) {
      return std::nullopt;
    }
    return Millis(seconds * 1000);
  }
  // An HTTP-date must name GMT; curl_getdate() parses all three RFC 9110 forms.
  if (value.find("GMT") == std::string_view::npos) {
    return std::nullopt;
  }
  std::string text(value);
  time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) {
    return std::nullopt;
  }
  auto delay = from_unix_ms(static_cast<std::int64_t>(when) * 1000) - now;
  return std::max(Millis(0), delay);
}

RetryPlanner::RetryPlanner(RetryPolicy policy, const Clock& clock, std::uint64_t seed)
    : policy_(policy), clock_(clock), rng_(seed) {}

void RetryPlanner::record_attempt(Notification& n, const DeliveryResult& result) {
  TimePoint now = clock_.now();
  n.attempts += 1;
  n.last_code = result.code;
  if (result.ok) {
    n.status = AlertStatus::kSent;
    n.last_error.clear();
    return;
  }
  n.last_error = result.message;
  if (result.permanent) {
    n.status = AlertStatus::kFailed;
    return;
  }
  if (policy_.max_attempts > 0 && n.attempts >= policy_.max_attempts) {
    n.status = AlertStatus::kFailed;
    n.last_error += " (gave up after " + std::to_string(n.attempts) + " attempts)";
    return;
  }
  Millis delay;
  if (result.retry_after) {
    delay = std::min(*result.retry_after, policy_.max_retry_after);
  } else {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    delay = full_jitter(policy_, n.attempts, unit(rng_));
  }
  if (now + delay > n.created + policy_.deadline) {
    n.status = AlertStatus::kFailed;
    n.last_error += " (delivery deadline passed)";
    return;
  }
  n.status = AlertStatus::kPending;
  n.next_attempt = now + delay;
}

}  // namespace armwatch::alerts
