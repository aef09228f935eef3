#include "daemon/sd_notify.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace armwatch::daemon {
namespace {

std::int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t monotonic_usec() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// WATCHDOG_USEC applies to us unless WATCHDOG_PID names another process.
Millis read_watchdog_period() {
  const char* usec = std::getenv("WATCHDOG_USEC");
  if (usec == nullptr) {
    return Millis(0);
  }
  if (const char* pid = std::getenv("WATCHDOG_PID"); pid != nullptr && std::atol(pid) != getpid()) {
    return Millis(0);
  }
  long long us = std::atoll(usec);
  return us > 0 ? Millis(us / 2000) : Millis(0);
}

}  // namespace

Notifier::Notifier() : watchdog_period_(read_watchdog_period()) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (path == nullptr || *path == '\0' || std::strlen(path) >= sizeof(sockaddr_un::sun_path)) {
    return;
  }
  if (path[0] != '/' && path[0] != '@') {
    return;  // only filesystem and abstract AF_UNIX sockets are defined
  }
  address_ = path;
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  last_ping_ms_ = monotonic_ms();
}

Notifier::~Notifier() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

bool Notifier::send(const std::string& message) {
  if (fd_ < 0) {
    return false;
  }
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, address_.data(), address_.size());
  if (addr.sun_path[0] == '@') {
    addr.sun_path[0] = '\0';  // abstract namespace
  }
  auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address_.size());
  return sendto(fd_, message.data(), message.size(), MSG_NOSIGNAL,
                reinterpret_cast<const sockaddr*>(&addr),
                len) == static_cast<ssize_t>(message.size());
}

void Notifier::ready(const std::string& text) {
  send("READY=1\nSTATUS=" + text);
}

void Notifier::status(const std::string& text) {
  send("STATUS=" + text);
}

void Notifier::reloading() {
  send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()));
}

void Notifier::stopping() {
  send("STOPPING=1");
}

void Notifier::watchdog_tick() {
  if (fd_ < 0 || watchdog_period_.count() <= 0) {
    return;
  }
  std::int64_t now = monotonic_ms();
  if (now - last_ping_ms_ >= watchdog_period_.count()) {
    send("WATCHDOG=1");
    last_ping_ms_ = now;
  }
}

}  // namespace armwatch::daemon
