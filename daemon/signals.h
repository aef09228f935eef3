// Signal handling for armwatchd: handlers only set flags; the scheduler loop
// polls them (falco's habit). SIGTERM/SIGINT ask for a graceful stop, SIGHUP for
// a reload of the rules.
#pragma once

namespace armwatch::daemon {

// Installs the handlers for SIGTERM, SIGINT and SIGHUP, and ignores SIGPIPE.
void install_signal_handlers();

bool stop_requested();
void request_stop();
// True once per SIGHUP received (the flag is cleared by reading it).
bool take_reload_request();

}  // namespace armwatch::daemon
