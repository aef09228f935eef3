#include "alerts/delivery_policy.h"

#include <catch2/catch.hpp>

#include "tests/alerts/alert_fixtures.h"

using namespace armwatch;
using namespace armwatch::alerts;
using namespace std::chrono_literals;

TEST_CASE("Backoff doubles up to the cap", "[alerts][policy]") {
  RetryPolicy p;
  p.base = 1s;
  p.cap = 10s;
  CHECK(backoff_ceiling(p, 1) == 1s);
  CHECK(backoff_ceiling(p, 2) == 2s);
  CHECK(backoff_ceiling(p, 4) == 8s);
  CHECK(backoff_ceiling(p, 5) == 10s);
  CHECK(backoff_ceiling(p, 500) == 10s);
  CHECK(full_jitter(p, 3, 0.0) == 0ms);
  CHECK(full_jitter(p, 3, 0.5) == 2s);
  CHECK(full_jitter(p, 3, 0.999) == 3996ms);
}

TEST_CASE("HTTP statuses are classified", "[alerts][policy]") {
  CHECK(classify_http(200, std::nullopt, "").ok);
  CHECK(classify_http(204, std::nullopt, "").ok);
  for (int status : {408, 429, 500, 502, 503, 504}) {
    auto r = classify_http(status, std::nullopt, "");
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.permanent);
    CHECK(r.code == status);
  }
  for (int status : {301, 400, 401, 403, 404, 410, 413, 422}) {
    auto r = classify_http(status, std::nullopt, "");
    CHECK_FALSE(r.ok);
    CHECK(r.permanent);
  }
  CHECK(classify_http(429, 7s, "").retry_after == 7s);
}

TEST_CASE("Retry-After takes seconds and HTTP-dates", "[alerts][policy]") {
  auto now = *parse_rfc3339("1994-11-06T08:49:00Z");
  CHECK(parse_retry_after("120", now) == 120s);
  CHECK(parse_retry_after(" 0 ", now) == 0s);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == 37s);
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == 37s);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == 0s);
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-5", now));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("1.5", now));
}

TEST_CASE("The planner records success and permanent failure", "[alerts][policy]") {
  ManualClock clock(*parse_rfc3339("2024-06-09T03:30:00Z"));
  RetryPlanner planner({}, clock, 1);
  auto n = fixtures::sample_notification();
  planner.record_attempt(n, DeliveryResult::retryable("boom", 503));
  CHECK(n.status == AlertStatus::kPending);
  CHECK(n.last_error == "boom");
  planner.record_attempt(n, DeliveryResult::success(200));
  CHECK(n.status == AlertStatus::kSent);
  CHECK(n.attempts == 2);
  CHECK(n.last_error.empty());
  CHECK(n.last_code == 200);
  auto m = fixtures::sample_notification();
  planner.record_attempt(m, DeliveryResult::permanent_failure("gone", 410));
  CHECK(m.status == AlertStatus::kFailed);
  CHECK(m.attempts == 1);
  CHECK(m.last_code == 410);
}

TEST_CASE("Retries use full jitter, deterministic for a seed", "[alerts][policy]") {
  ManualClock clock(*parse_rfc3339("2024-06-09T03:30:00Z"));
  RetryPolicy policy;
  policy.base = 1s;
  policy.cap = 60s;
  auto schedule = [&](std::uint64_t seed) {
    RetryPlanner planner(policy, clock, seed);
    auto n = fixtures::sample_notification();
    std::vector<Millis> delays;
    for (int i = 1; i <= 8; ++i) {
      planner.record_attempt(n, DeliveryResult::retryable("x"));
      REQUIRE(n.status == AlertStatus::kPending);
      auto delay = n.next_attempt - clock.now();
      CHECK(delay >= 0ms);
      CHECK(delay <= backoff_ceiling(policy, i));
      delays.push_back(delay);
    }
    return delays;
  };
  CHECK(schedule(7) == schedule(7));
  CHECK(schedule(7) != schedule(8));
}

TEST_CASE("Retry-After overrides jitter and is clamped", "[alerts][policy]") {
  ManualClock clock(*parse_rfc3339("2024-06-09T03:30:00Z"));
  RetryPolicy policy;
  policy.max_retry_after = 1h;
  RetryPlanner planner(policy, clock, 1);
  auto n = fixtures::sample_notification();
  planner.record_attempt(n, DeliveryResult::retryable("slow down", 429, 90s));
  CHECK(n.next_attempt == clock.now() + 90s);
  planner.record_attempt(n, DeliveryResult::retryable("slow down", 429, 5h));
  CHECK(n.next_attempt == clock.now() + 1h);
}

TEST_CASE("Retries stop at the deadline and at max_attempts", "[alerts][policy]") {
  ManualClock clock(*parse_rfc3339("2024-06-09T03:30:00Z"));
  RetryPolicy policy;
  policy.deadline = 10min;
  RetryPlanner planner(policy, clock, 1);
  auto n = fixtures::sample_notification();
  n.created = clock.now();
  planner.record_attempt(n, DeliveryResult::retryable("down"));
  CHECK(n.status == AlertStatus::kPending);
  clock.advance(11min);
  planner.record_attempt(n, DeliveryResult::retryable("down"));
  CHECK(n.status == AlertStatus::kFailed);
  CHECK(n.last_error == "down (delivery deadline passed)");

  policy.max_attempts = 2;
  RetryPlanner limited(policy, clock, 1);
  auto m = fixtures::sample_notification();
  m.created = clock.now();
  limited.record_attempt(m, DeliveryResult::retryable("down"));
  CHECK(m.status == AlertStatus::kPending);
  limited.record_attempt(m, DeliveryResult::retryable("down"));
  CHECK(m.status == AlertStatus::kFailed);
  CHECK(m.attempts == 2);
}
