// Helpers for the fetcher tests in tests/feeds/: the loopback feed server with its
// request log and in-flight statistics, quick fetch options, and peak-RSS
// measurement. Test-only code.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "feeds/fetcher.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

namespace armwatch::feeds::test {

// Runs curl_global_init once per test process (REQUIREs that it worked).
void require_curl_global();

// tests/support/feed_server.py over a temp dir holding feed.xml (korea-wire.xml),
// listening on 127.0.0.1 and, with extra_hosts > 0, on 127.0.0.2 .. 127.0.0.(1+N).
struct FeedServer {
  explicit FeedServer(int extra_hosts = 0);

  // "http://127.0.0.<host>:<port><path>", host 1 being 127.0.0.1.
  std::string url(const std::string& path, int host = 1) const;
  // REQ lines logged since the last call.
  std::vector<std::string> requests();

  struct Stats {
    std::map<std::string, int> max_in_flight;  // per local address
    int max_total = 0;
    int requests = 0;
  };
  // The server's /stats (peaks since the last reset); `reset` starts a new count.
  Stats stats(bool reset = false);

  testing::TempDir dir;
  std::string feed;
  std::string path;
  testing::LocalServer server;
};

// Short timeouts so that a failing test fails fast.
FetchOptions quick_options();

// Peak resident memory of this process from construction on: resets the kernel's
// high-water mark (VmHWM, via /proc/self/clear_refs) and reads it back later.
class PeakRss {
 public:
  PeakRss();
  // How far the peak rose above the resident size at construction, in KiB.
  long growth_kib() const;
  // False when the kernel refused the reset (then growth_kib() may include older peaks).
  bool exact() const { return exact_; }

 private:
  long start_kib_ = 0;
  bool exact_ = false;
};

// Watches one file with inotify from construction on: was it opened or read?
class FileWatch {
 public:
  explicit FileWatch(const std::string& path);
  ~FileWatch();
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;

  bool active() const { return wd_ >= 0; }
  // True if anyone opened or read the file since construction.
  bool touched();

 private:
  int fd_ = -1;
  int wd_ = -1;
};

}  // namespace armwatch::feeds::test
