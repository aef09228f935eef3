// A small client of systemd's $NOTIFY_SOCKET protocol (sd_notify(3)), so the
// daemon needs no libsystemd: datagrams such as "READY=1" or "WATCHDOG=1" sent
// to the socket named by the environment. Without NOTIFY_SOCKET every call is a
// no-op, so the same binary runs under systemd and in a terminal.
#pragma once

#include <string>

#include "core/time.h"

namespace armwatch::daemon {

class Notifier {
 public:
  // Reads NOTIFY_SOCKET and WATCHDOG_USEC (honouring WATCHDOG_PID) from the environment.
  Notifier();
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  bool enabled() const { return fd_ >= 0; }
  // The keep-alive period: half of WatchdogSec, or zero when the watchdog is off.
  Millis watchdog_period() const { return watchdog_period_; }

  void ready(const std::string& status);   // "READY=1\nSTATUS=..."
  void status(const std::string& status);  // "STATUS=..."
  void reloading();                        // "RELOADING=1\nMONOTONIC_USEC=..."
  void stopping();                         // "STOPPING=1"
  // Sends "WATCHDOG=1" when at least watchdog_period() has passed since the
  // last one; call it often from the loop (a monotonic clock decides).
  void watchdog_tick();

  // Sends `message` as is; false if it could not be sent. Thread-compatible.
  bool send(const std::string& message);

 private:
  int fd_ = -1;
  std::string address_;
  Millis watchdog_period_{0};
  std::int64_t last_ping_ms_ = 0;
};

}  // namespace armwatch::daemon
