#include "alerts/alert_worker.h"

#include <mutex>

#include <catch2/catch.hpp>

#include "alerts/recording_sink.h"
#include "tests/alerts/alert_fixtures.h"

using namespace armwatch;
using namespace armwatch::alerts;
using namespace std::chrono_literals;

namespace {

// Collects the worker's attempt callbacks, thread-safely.
struct Attempts {
  std::mutex mutex;
  std::vector<Notification> seen;

  AttemptCallback callback() {
    return [this](const Notification& n, const DeliveryResult&) {
      std::lock_guard lock(mutex);
      seen.push_back(n);
    };
  }
  std::vector<Notification> get() {
    std::lock_guard lock(mutex);
    return seen;
  }
};

WorkerOptions fast_options() {
  WorkerOptions o;
  o.capacity = 16;
  o.retry.base = 20ms;
  o.retry.cap = 50ms;
  o.retry.deadline = 1h;
  o.drain_timeout = 2s;
  return o;
}

}  // namespace

TEST_CASE("The worker delivers through the receiver's sink and reports", "[alerts][worker]") {
  SystemClock clock;
  Attempts attempts;
  auto ops = std::make_shared<RecordingSink>();
  auto chat = std::make_shared<RecordingSink>();
  AlertWorker worker(fast_options(), clock, attempts.callback());
  worker.add_sink("ops", ops);
  worker.add_sink("chat", chat);
  worker.start();
  auto a = fixtures::sample_notification("a");
  auto b = fixtures::sample_notification("b");
  b.receiver = "chat";
  auto c = fixtures::sample_notification("c");
  c.receiver = "nobody";
  REQUIRE(worker.enqueue(a));
  REQUIRE(worker.enqueue(b));
  REQUIRE(worker.enqueue(c));
  REQUIRE(ops->wait_for(1, 5s));
  REQUIRE(chat->wait_for(1, 5s));
  CHECK(worker.stop().empty());
  CHECK(ops->received()[0].id == "a");
  CHECK(chat->received()[0].id == "b");
  auto seen = attempts.get();
  REQUIRE(seen.size() == 3);
  for (const auto& n : seen) {
    if (n.id == "c") {
      CHECK(n.status == AlertStatus::kFailed);
      CHECK(n.last_error == "no sink for receiver 'nobody'");
    } else {
      CHECK(n.status == AlertStatus::kSent);
      CHECK(n.attempts == 1);
    }
  }
  CHECK(worker.delivered() == 2);
  CHECK(worker.failed() == 1);
  CHECK(worker.depth() == 0);
}

TEST_CASE("Retryable failures are retried until delivered", "[alerts][worker]") {
  SystemClock clock;
  Attempts attempts;
  auto sink = std::make_shared<RecordingSink>();
  sink->script({DeliveryResult::retryable("503", 503), DeliveryResult::retryable("timeout")});
  AlertWorker worker(fast_options(), clock, attempts.callback());
  worker.add_sink("ops", sink);
  worker.start();
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock)));
  REQUIRE(sink->wait_for(3, 5s));
  CHECK(worker.stop().empty());
  auto seen = attempts.get();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].status == AlertStatus::kPending);
  CHECK(seen[0].last_code == 503);
  CHECK(seen[1].status == AlertStatus::kPending);
  CHECK(seen[2].status == AlertStatus::kSent);
  CHECK(seen[2].attempts == 3);
  for (const auto& n : sink->received()) {
    CHECK(n.id == "n-0001");  // the same idempotency key on every attempt
  }
}

TEST_CASE("Permanent failures are not retried", "[alerts][worker]") {
  SystemClock clock;
  Attempts attempts;
  auto sink = std::make_shared<RecordingSink>();
  sink->script({DeliveryResult::permanent_failure("410 Gone", 410)});
  AlertWorker worker(fast_options(), clock, attempts.callback());
  worker.add_sink("ops", sink);
  worker.start();
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock)));
  REQUIRE(sink->wait_for(1, 5s));
  std::this_thread::sleep_for(200ms);
  CHECK(worker.stop().empty());
  CHECK(sink->received().size() == 1);
  REQUIRE(attempts.get().size() == 1);
  CHECK(attempts.get()[0].status == AlertStatus::kFailed);
}

TEST_CASE("A full queue drops without blocking; depth is exposed", "[alerts][worker]") {
  SystemClock clock;
  auto sink = std::make_shared<RecordingSink>();
  sink->set_delay(300ms);
  auto o = fast_options();
  o.capacity = 3;
  o.drain_timeout = 100ms;
  AlertWorker worker(o, clock, nullptr);
  worker.add_sink("ops", sink);
  worker.start();
  auto start = std::chrono::steady_clock::now();
  int accepted = 0;
  for (int i = 0; i < 20; ++i) {
    accepted +=
        worker.enqueue(fixtures::fresh_notification(clock, "n" + std::to_string(i))) ? 1 : 0;
  }
  CHECK(std::chrono::steady_clock::now() - start < 100ms);
  CHECK(accepted == 3);
  CHECK(worker.dropped() == 17);
  CHECK(worker.depth() == 3);
  auto left = worker.stop();
  // The drain bound stops after the in-flight delivery; the rest is handed back.
  CHECK(sink->received().size() <= 2);
  CHECK(left.size() + sink->received().size() == 3);
  for (const auto& n : left) {
    CHECK(n.status == AlertStatus::kPending);
  }
  CHECK_FALSE(worker.enqueue(fixtures::fresh_notification(clock)));
}

TEST_CASE("Retries wait on the injected clock", "[alerts][worker]") {
  ManualClock clock(*parse_rfc3339("2024-06-09T03:30:00Z"));
  Attempts attempts;
  auto sink = std::make_shared<RecordingSink>();
  sink->script({DeliveryResult::retryable("slow down", 429, 10min)});
  AlertWorker worker(fast_options(), clock, attempts.callback());
  worker.add_sink("ops", sink);
  worker.start();
  auto n = fixtures::sample_notification();
  n.created = clock.now();
  n.next_attempt = clock.now();
  REQUIRE(worker.enqueue(n));
  REQUIRE(sink->wait_for(1, 5s));
  std::this_thread::sleep_for(200ms);
  CHECK(sink->received().size() == 1);  // Retry-After: 10 minutes of the manual clock
  CHECK(worker.depth() == 1);
  clock.advance(10min);
  REQUIRE(sink->wait_for(2, 5s));
  CHECK(worker.stop().empty());
  auto seen = attempts.get();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].next_attempt == *parse_rfc3339("2024-06-09T03:40:00Z"));
  CHECK(seen[1].status == AlertStatus::kSent);
}

TEST_CASE("stop() hands back notifications not yet due", "[alerts][worker]") {
  ManualClock clock(*parse_rfc3339("2024-06-09T03:30:00Z"));
  auto sink = std::make_shared<RecordingSink>();
  AlertWorker worker(fast_options(), clock, nullptr);
  worker.add_sink("ops", sink);
  worker.start();
  auto later = fixtures::sample_notification("later");
  later.next_attempt = clock.now() + 1h;
  REQUIRE(worker.enqueue(later));
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock, "now")));
  REQUIRE(sink->wait_for(1, 5s));
  auto left = worker.stop();
  REQUIRE(left.size() == 1);
  CHECK(left[0].id == "later");
  CHECK(sink->received().size() == 1);
}

TEST_CASE("A slow receiver does not delay the others", "[alerts][worker]") {
  SystemClock clock;
  Attempts attempts;
  auto slow = std::make_shared<RecordingSink>();
  slow->set_delay(2s);
  auto fast = std::make_shared<RecordingSink>();
  AlertWorker worker(fast_options(), clock, attempts.callback());
  worker.add_sink("ops", slow);
  worker.add_sink("chat", fast);
  worker.start();
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock, "slow-1")));
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock, "slow-2")));
  auto start = std::chrono::steady_clock::now();
  auto quick = fixtures::fresh_notification(clock, "quick");
  quick.receiver = "chat";
  REQUIRE(worker.enqueue(quick));
  REQUIRE(fast->wait_for(1, 1s));
  CHECK(std::chrono::steady_clock::now() - start < 1s);  // not behind ops' 2 s deliveries
  CHECK(fast->received()[0].id == "quick");
  CHECK(worker.depth("chat") == 0);
  CHECK(worker.depth("ops") >= 1);
  REQUIRE(slow->wait_for(1, 5s));
  (void)worker.stop();
  CHECK(slow->received()[0].id == "slow-1");
}

TEST_CASE("Each receiver's queue is bounded and counts its own drops", "[alerts][worker]") {
  SystemClock clock;
  auto slow = std::make_shared<RecordingSink>();
  slow->set_delay(500ms);
  auto fast = std::make_shared<RecordingSink>();
  auto o = fast_options();
  o.capacity = 2;
  o.drain_timeout = 100ms;
  AlertWorker worker(o, clock, nullptr);
  worker.add_sink("ops", slow);
  worker.add_sink("chat", fast);
  worker.start();
  int accepted = 0;
  for (int i = 0; i < 5; ++i) {
    accepted += worker.enqueue(fixtures::fresh_notification(clock, "o" + std::to_string(i)));
  }
  CHECK(accepted == 2);
  CHECK(worker.dropped("ops") == 3);
  CHECK(worker.depth("ops") == 2);
  // A full queue for ops leaves chat's untouched.
  auto n = fixtures::fresh_notification(clock, "c0");
  n.receiver = "chat";
  REQUIRE(worker.enqueue(n));
  REQUIRE(fast->wait_for(1, 1s));
  CHECK(worker.dropped("chat") == 0);
  CHECK(worker.dropped() == 3);
  (void)worker.stop();
}
