// WebhookSink and AlertWorker against a real HTTP receiver
// (tests/support/webhook_receiver.py) on 127.0.0.1, which verifies the Standard
// Webhooks signature itself and injects faults by path.
#include "alerts/webhook_sink.h"

#include <mutex>

#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alerts/alert_worker.h"
#include "alerts/encoding.h"
#include "tests/alerts/alert_fixtures.h"
#include "tests/support/local_server.h"

using namespace armwatch;
using namespace armwatch::alerts;
using namespace std::chrono_literals;
using armwatch::testing::LocalServer;
using nlohmann::json;

namespace {

const std::string kSecret = "whsec_" + base64_encode("armwatch test secret 0123456789");
const std::string kOldSecret = "whsec_" + base64_encode("the previous secret");

std::vector<std::string> receiver_argv(std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {"/usr/bin/python3",
                                   std::string(ARMWATCH_TEST_SUPPORT_DIR) + "/webhook_receiver.py"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

std::shared_ptr<WebhookSink> make_sink(const std::string& url, const Clock& clock,
                                       std::vector<std::string> secrets = {kSecret}) {
  WebhookConfig c;
  c.url = url;
  c.secrets = std::move(secrets);
  c.connect_timeout = 2s;
  c.timeout = 10s;
  auto sink = WebhookSink::create(c, clock);
  REQUIRE(sink);
  return std::shared_ptr<WebhookSink>(std::move(*sink));
}

// A port nothing listens on: bind an ephemeral one, then close it.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

struct Attempts {
  std::mutex mutex;
  std::vector<std::pair<Notification, DeliveryResult>> seen;

  AttemptCallback callback() {
    return [this](const Notification& n, const DeliveryResult& r) {
      std::lock_guard lock(mutex);
      seen.emplace_back(n, r);
    };
  }
  std::vector<std::pair<Notification, DeliveryResult>> get() {
    std::lock_guard lock(mutex);
    return seen;
  }
  bool wait_final(Millis timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto s = get();
      if (!s.empty() && s.back().first.status != AlertStatus::kPending) {
        return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
};

WorkerOptions worker_options() {
  WorkerOptions o;
  o.retry.base = 50ms;
  o.retry.cap = 200ms;
  o.retry.deadline = 1min;
  o.drain_timeout = 1s;
  return o;
}

}  // namespace

TEST_CASE("The receiver verifies our signature, id and timestamp", "[alerts][webhook]") {
  LocalServer server(receiver_argv({"--secret", kSecret}));
  SystemClock clock;
  auto n = fixtures::sample_notification();
  auto result = make_sink(server.url("/hook"), clock)->deliver(n);
  INFO(result.message);
  REQUIRE(result.ok);
  CHECK(result.code == 200);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 1, 10s);
  REQUIRE(lines.size() == 1);
  const auto& r = lines[0];
  CHECK(r["signature_ok"] == true);
  CHECK(r["method"] == "POST");
  CHECK(r["path"] == "/hook");
  CHECK(r["headers"]["webhook-id"] == "n-0001");
  CHECK(r["headers"]["content-type"] == "application/json");
  auto ts = std::stoll(r["headers"]["webhook-timestamp"].get<std::string>());
  CHECK(std::abs(ts - to_unix_ms(clock.now()) / 1000) < 60);
  auto body = json::parse(r["body"].get<std::string>());
  CHECK(body["version"] == 1);
  CHECK(body["title"] == "북한 탄도미사일 발사");
}

TEST_CASE("Rotation: signatures for several secrets verify with either", "[alerts][webhook]") {
  LocalServer old_only(receiver_argv({"--secret", kOldSecret}));
  LocalServer wrong(receiver_argv({"--secret", "whsec_" + base64_encode("someone else")}));
  SystemClock clock;
  auto n = fixtures::sample_notification();
  REQUIRE(make_sink(old_only.url("/a"), clock, {kSecret, kOldSecret})->deliver(n).ok);
  REQUIRE(make_sink(wrong.url("/a"), clock, {kSecret, kOldSecret})->deliver(n).ok);
  std::vector<json> a;
  std::vector<json> b;
  fixtures::wait_json_lines(old_only, a, 1, 10s);
  fixtures::wait_json_lines(wrong, b, 1, 10s);
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0]["signature_ok"] == true);
  CHECK(a[0]["headers"]["webhook-signature"].get<std::string>().find(' ') != std::string::npos);
  CHECK(b[0]["signature_ok"] == false);
}

TEST_CASE("500 then 200 is retried and delivered", "[alerts][webhook]") {
  LocalServer server(receiver_argv({"--secret", kSecret}));
  SystemClock clock;
  Attempts attempts;
  AlertWorker worker(worker_options(), clock, attempts.callback());
  worker.add_sink("ops", make_sink(server.url("/fail-then-ok/2"), clock));
  worker.start();
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock)));
  REQUIRE(attempts.wait_final(20s));
  CHECK(worker.stop().empty());
  auto seen = attempts.get();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].second.code == 500);
  CHECK(seen[0].first.status == AlertStatus::kPending);
  CHECK(seen[1].second.code == 500);
  CHECK(seen[2].first.status == AlertStatus::kSent);
  CHECK(seen[2].first.attempts == 3);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 3, 10s);
  REQUIRE(lines.size() == 3);
  for (const auto& r : lines) {
    CHECK(r["headers"]["webhook-id"] == "n-0001");  // the same id on every attempt
    CHECK(r["signature_ok"] == true);
  }
}

TEST_CASE("429 with Retry-After is honoured", "[alerts][webhook]") {
  LocalServer server(receiver_argv());
  SystemClock clock;
  Attempts attempts;
  AlertWorker worker(worker_options(), clock, attempts.callback());
  worker.add_sink("ops", make_sink(server.url("/429-then-ok/1/1"), clock, {}));
  worker.start();
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock)));
  REQUIRE(attempts.wait_final(20s));
  CHECK(worker.stop().empty());
  auto seen = attempts.get();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].second.code == 429);
  CHECK(seen[0].second.retry_after == 1s);
  CHECK(seen[1].first.status == AlertStatus::kSent);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 2, 10s);
  REQUIRE(lines.size() == 2);
  // Jitter alone would have retried within 50 ms.
  CHECK(lines[1]["time"].get<double>() - lines[0]["time"].get<double>() >= 0.95);
  CHECK(lines[0]["signature_ok"].is_null());  // no secret configured on either side
}

TEST_CASE("Retry-After as an HTTP-date is parsed from a real response", "[alerts][webhook]") {
  LocalServer server(receiver_argv());
  SystemClock clock;
  auto sink = make_sink(server.url("/429-date-then-ok/3"), clock, {});
  auto first = sink->deliver(fixtures::sample_notification());
  CHECK(first.code == 429);
  CHECK_FALSE(first.permanent);
  REQUIRE(first.retry_after);
  CHECK(*first.retry_after >= 1s);  // HTTP-dates have whole seconds
  CHECK(*first.retry_after <= 3s);
  CHECK(sink->deliver(fixtures::sample_notification()).ok);
}

TEST_CASE("410 is permanent and not retried", "[alerts][webhook]") {
  LocalServer server(receiver_argv());
  SystemClock clock;
  Attempts attempts;
  AlertWorker worker(worker_options(), clock, attempts.callback());
  worker.add_sink("ops", make_sink(server.url("/status/410"), clock, {}));
  worker.start();
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock)));
  REQUIRE(attempts.wait_final(20s));
  std::this_thread::sleep_for(300ms);
  CHECK(worker.stop().empty());
  auto seen = attempts.get();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].first.status == AlertStatus::kFailed);
  CHECK(seen[0].first.last_code == 410);
  CHECK(seen[0].first.last_error == "HTTP 410: fault injected");
  CHECK(worker.failed() == 1);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 2, 500ms);
  CHECK(lines.size() == 1);
}

TEST_CASE("A receiver that is down, then up, gets the notification", "[alerts][webhook]") {
  int port = free_port();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/late";
  SystemClock clock;
  Attempts attempts;
  AlertWorker worker(worker_options(), clock, attempts.callback());
  worker.add_sink("ops", make_sink(url, clock));
  worker.start();
  REQUIRE(worker.enqueue(fixtures::fresh_notification(clock)));
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (attempts.get().size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  auto failures = attempts.get();
  REQUIRE(failures.size() >= 2);
  CHECK(failures[0].second.code == 0);  // no HTTP answer: a transport error
  CHECK_FALSE(failures[0].second.permanent);
  CHECK(failures[0].first.status == AlertStatus::kPending);

  LocalServer server(receiver_argv(
      {"--port", std::to_string(port), "--secret", kSecret, "--accept-delay", "0.5"}));
  REQUIRE(attempts.wait_final(20s));
  CHECK(worker.stop().empty());
  CHECK(attempts.get().back().first.status == AlertStatus::kSent);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 1, 10s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["path"] == "/late");
  CHECK(lines[0]["signature_ok"] == true);
}

TEST_CASE("A slow receiver never blocks the enqueueing thread", "[alerts][webhook]") {
  LocalServer server(receiver_argv());
  SystemClock clock;
  auto o = worker_options();
  o.capacity = 4;
  o.drain_timeout = 200ms;
  AlertWorker worker(o, clock, nullptr);
  worker.add_sink("ops", make_sink(server.url("/slow/1"), clock, {}));
  worker.start();
  auto start = std::chrono::steady_clock::now();
  int accepted = 0;
  for (int i = 0; i < 50; ++i) {
    accepted += worker.enqueue(fixtures::fresh_notification(clock, "n" + std::to_string(i)));
  }
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < 200ms);
  CHECK(accepted == 4);
  CHECK(worker.dropped() == 46);
  CHECK(worker.depth() == 4);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 1, 10s);
  REQUIRE(lines.size() == 1);  // the first request reached the receiver
  auto stop_start = std::chrono::steady_clock::now();
  auto left = worker.stop();
  // The drain bound (200 ms) plus at most one slow transfer (1 s).
  CHECK(std::chrono::steady_clock::now() - stop_start < 3s);
  CHECK(worker.delivered() + left.size() == 4);
  CHECK(left.size() >= 2);
}

TEST_CASE("Webhook config is validated", "[alerts][webhook]") {
  WebhookConfig c;
  c.url = "https://hooks.example.org/x";
  CHECK(validate(c));
  c.url = "http://hooks.example.org/x";
  CHECK_FALSE(validate(c));
  c.allow_plain_http = true;
  CHECK(validate(c));
  c.url = "http://127.0.0.1:8080/x";
  c.allow_plain_http = false;
  CHECK(validate(c));
  c.url = "ftp://example.org/x";
  CHECK_FALSE(validate(c));
  c.url = "file:///etc/passwd";
  CHECK_FALSE(validate(c));
  c.url = "https://hooks.example.org/x";
  c.secrets = {"whsec_???"};
  CHECK_FALSE(validate(c));
  c.secrets = {};
  c.format = WebhookFormat::kMatrix;
  CHECK_FALSE(validate(c));
  c.token = "syt_x";
  CHECK(validate(c));
  c.extra_headers = {{"X-Team", "ops\r\nX-Evil: 1"}};
  CHECK_FALSE(validate(c));
  c.extra_headers = {{"X-Team", "ops"}};
  CHECK(validate(c));
}
