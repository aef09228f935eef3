#include "tests/support/local_server.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace armwatch::testing {
namespace {

std::vector<char*> c_argv(std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (auto& a : argv) {
    out.push_back(a.data());
  }
  out.push_back(nullptr);
  return out;
}

// Forks and execs argv with stdout (and optionally stderr) on a pipe. Returns the pid.
pid_t spawn(std::vector<std::string> argv, int* read_fd, bool merge_stderr, bool new_group) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    if (new_group) {
      setpgid(0, 0);
    }
    dup2(fds[1], STDOUT_FILENO);
    if (merge_stderr) {
      dup2(fds[1], STDERR_FILENO);
    }
    auto args = c_argv(argv);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  *read_fd = fds[0];
  return pid;
}

}  // namespace

LocalServer::LocalServer(std::vector<std::string> argv) {
  std::string name = argv.empty() ? "" : argv[0];
  pid_ = spawn(std::move(argv), &out_fd_, false, true);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
    for (auto& line : read_lines()) {
      if (port_ == 0 && line.rfind("PORT ", 0) == 0) {
        port_ = std::stoi(line.substr(5));
      } else if (port_ != 0) {
        backlog_.push_back(std::move(line));  // printed after PORT: kept for read_lines()
      }
    }
  }
  if (port_ == 0) {
    stop();
    throw std::runtime_error("server did not report its port: " + name);
  }
}

LocalServer::~LocalServer() {
  stop();
}

std::string LocalServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<std::string> LocalServer::read_lines() {
  std::vector<std::string> lines;
  lines.swap(backlog_);
  if (out_fd_ < 0) {
    return lines;
  }
  pollfd pfd{out_fd_, POLLIN, 0};
  while (poll(&pfd, 1, lines.empty() && port_ == 0 ? 100 : 0) > 0) {
    char buf[4096];
    ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) {
      break;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
  }
  std::size_t pos;
  while ((pos = pending_.find('\n')) != std::string::npos) {
    lines.push_back(pending_.substr(0, pos));
    pending_.erase(0, pos + 1);
  }
  return lines;
}

void LocalServer::stop() {
  if (pid_ > 0) {
    kill(-pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  if (out_fd_ >= 0) {
    close(out_fd_);
    out_fd_ = -1;
  }
}

std::vector<std::string> feed_server_argv(const std::string& root) {
  // Debian's interpreter: test servers may need Debian's python3-* packages.
  return {"/usr/bin/python3", std::string(ARMWATCH_TEST_SUPPORT_DIR) + "/feed_server.py",
          "--root",           root,
          "--port",           "0"};
}

int run_command(const std::vector<std::string>& argv, std::string* output, bool merge_stderr,
                std::chrono::milliseconds timeout) {
  int fd = -1;
  pid_t pid = spawn(argv, &fd, merge_stderr, false);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string collected;
  char buf[8192];
  bool killed = false;
  for (;;) {
    if (timeout.count() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd pfd{fd, POLLIN, 0};
      int ready = left.count() > 0 ? poll(&pfd, 1, static_cast<int>(left.count())) : 0;
      if (ready < 0 && errno == EINTR) {
        continue;
      }
      if (ready == 0) {
        kill(pid, SIGKILL);
        killed = true;
        break;
      }
    }
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      collected.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (killed) {
    collected += "\n[killed: still running after " + std::to_string(timeout.count()) + " ms]";
  }
  if (output != nullptr) {
    *output = std::move(collected);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

}  // namespace armwatch::testing
