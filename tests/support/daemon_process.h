// Running armwatchd in the background for a test: its stderr goes to a file
// the test reads while it runs.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace armwatch::testing {

// posix_spawn()s argv (argv[0] a path) with stderr appended to `log_path`.
// Returns the pid, or -1 if it could not start.
pid_t spawn_logged(std::vector<std::string> argv, const std::string& log_path);

// The whole file, or "" if it cannot be read.
std::string read_text(const std::string& path);

// Waits up to `timeout` for `needle` to appear in the file at `path`.
bool wait_for_text(const std::string& path, const std::string& needle,
                   std::chrono::milliseconds timeout);

// SIGTERM, then waits up to `timeout` for the exit status; SIGKILL and -1 on
// a timeout, the exit code otherwise (128 + N for a signal N).
int stop_and_wait(pid_t pid, std::chrono::milliseconds timeout);

}  // namespace armwatch::testing
