// armwatchd speaks systemd's notify protocol: READY=1 at start, WATCHDOG=1 at
// half of WatchdogSec, RELOADING=1 then READY=1 around SIGHUP, STOPPING=1 on
// SIGTERM. The test plays systemd's part with a datagram socket of its own.
#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/temp_dir.h"

using armwatch::testing::TempDir;
using Clock = std::chrono::steady_clock;

namespace {

// The receiving end of NOTIFY_SOCKET.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof addr.sun_path);
    path.copy(addr.sun_path, path.size());
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{0, 100'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // Collects datagrams until one contains `needle` or `timeout` passes.
  bool wait_for(const std::string& needle, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      char buf[4096];
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        messages.emplace_back(buf, static_cast<std::size_t>(n));
        if (messages.back().find(needle) != std::string::npos) {
          return true;
        }
      }
    }
    return false;
  }
  std::vector<std::string> messages;

 private:
  int fd_ = -1;
};

pid_t spawn_daemon(const std::string& config, const std::vector<std::string>& env) {
  std::vector<std::string> args = {ARMWATCHD_BIN, "--config", config};
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  std::vector<std::string> env_copy = env;
  std::vector<char*> envp;
  for (auto& e : env_copy) {
    envp.push_back(e.data());
  }
  for (char** e = environ; *e != nullptr; ++e) {
    envp.push_back(*e);
  }
  envp.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()) == 0);
  return pid;
}

int wait_exit(pid_t pid, std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  int status = 0;
  while (Clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

std::string write_config(const TempDir& dir, const std::string& rules) {
  // Port 1 on loopback refuses connections at once: the feed fails fast.
  return dir.write(
      "armwatch.yaml",
      "database: " + dir.file("a.db") + "\nrules: [" + rules +
          "]\nhttp: {listen: off}\nfeeds:\n  - {name: refused, url: 'http://127.0.0.1:1/'}\n");
}

}  // namespace

TEST_CASE("armwatchd notifies systemd through start, watchdog, reload and stop",
          "[daemon][systemd]") {
  using namespace std::chrono_literals;
  TempDir dir;
  std::string rules = std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack";
  std::string config = write_config(dir, rules);
  NotifySocket sock(dir.file("notify.sock"));
  pid_t pid =
      spawn_daemon(config, {"NOTIFY_SOCKET=" + dir.file("notify.sock"), "WATCHDOG_USEC=600000"});

  REQUIRE(sock.wait_for("READY=1", 20s));
  CHECK_THAT(sock.messages.back(), Catch::Contains("STATUS=watching 1 feeds"));

  // Half of 600 ms: at least three keep-alives in 1.5 s.
  auto start = Clock::now();
  int pings = 0;
  while (Clock::now() - start < 1500ms) {
    if (sock.wait_for("WATCHDOG=1", 1500ms)) {
      ++pings;
    }
  }
  CHECK(pings >= 3);
  CHECK(pings <= 8);

  // A broken config on reload: RELOADING=1, then READY=1 with the old config kept.
  // A reload compiles the whole pack again: seconds under ASan on a busy machine.
  dir.write("armwatch.yaml", "feeds: [\n");
  REQUIRE(kill(pid, SIGHUP) == 0);
  REQUIRE(sock.wait_for("RELOADING=1", 5s));
  REQUIRE(sock.wait_for("READY=1", 30s));
  CHECK_THAT(sock.messages.back(), Catch::Contains("old config kept"));

  // A good config reloads.
  write_config(dir, rules);
  REQUIRE(kill(pid, SIGHUP) == 0);
  REQUIRE(sock.wait_for("RELOADING=1", 5s));
  REQUIRE(sock.wait_for("READY=1", 30s));
  CHECK_THAT(sock.messages.back(), Catch::Contains("reload applied"));

  REQUIRE(kill(pid, SIGTERM) == 0);
  CHECK(sock.wait_for("STOPPING=1", 10s));
  CHECK(wait_exit(pid, std::chrono::seconds(10)) == 0);
}

TEST_CASE("without NOTIFY_SOCKET armwatchd runs and stops the same way", "[daemon][systemd]") {
  TempDir dir;
  std::string config = write_config(dir, std::string(ARMWATCH_SOURCE_DIR) + "/rules/pack");
  pid_t pid = spawn_daemon(config, {});
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  REQUIRE(kill(pid, SIGINT) == 0);
  // The signal may arrive while the pack still compiles (seconds under ASan).
  CHECK(wait_exit(pid, std::chrono::seconds(60)) == 0);
}
