// LocalServer: runs a helper server process (a python3 script in tests/support/)
// for the length of a test. The process must print "PORT <n>" on its own stdout
// line once it listens on 127.0.0.1:<n>; LocalServer waits for that line (up to
// 20 s), then kills the process group when it dies.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace armwatch::testing {

class LocalServer {
 public:
  // argv[0] is looked up on PATH. Throws std::runtime_error if the process does
  // not start or never reports its port.
  explicit LocalServer(std::vector<std::string> argv);
  ~LocalServer();
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>"
  std::string url(const std::string& path = "/") const;
  // Lines the server printed to stdout after the PORT line (read so far).
  std::vector<std::string> read_lines();
  void stop();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  std::string pending_;
  std::vector<std::string> backlog_;
};

// The feed server in tests/support/feed_server.py, serving `root`.
std::vector<std::string> feed_server_argv(const std::string& root);

// Runs `argv` to completion, capturing stdout (and stderr, appended after it when
// `merge_stderr`). Returns the exit status (or 128+signal). Tests use it to run
// armwatchd and armwatch. With a `timeout`, a command still running when it
// passes is killed (status 128+SIGKILL) and the output says so.
int run_command(const std::vector<std::string>& argv, std::string* output,
                bool merge_stderr = false, std::chrono::milliseconds timeout = {});

}  // namespace armwatch::testing
