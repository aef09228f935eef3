#include "daemon/signals.h"

#include <atomic>
#include <csignal>

namespace armwatch::daemon {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
static_assert(std::atomic<bool>::is_always_lock_free, "flags must be safe in a signal handler");

extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}
extern "C" void on_reload_signal(int) {
  g_reload.store(true);
}

void install(int sig, void (*handler)(int)) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(sig, &sa, nullptr);
}

}  // namespace

void install_signal_handlers() {
  install(SIGTERM, on_stop_signal);
  install(SIGINT, on_stop_signal);
  install(SIGHUP, on_reload_signal);
  std::signal(SIGPIPE, SIG_IGN);
}

bool stop_requested() {
  return g_stop.load();
}

void request_stop() {
  g_stop.store(true);
}

bool take_reload_request() {
  return g_reload.exchange(false);
}

}  // namespace armwatch::daemon
