#include "tests/feeds/fetch_test_support.h"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <sys/inotify.h>
#include <unistd.h>

#include "feeds/curl_global.h"

namespace armwatch::feeds::test {
namespace {

std::vector<std::string> server_argv(const std::string& root, int extra_hosts) {
  std::vector<std::string> argv = testing::feed_server_argv(root);
  if (extra_hosts > 0) {
    argv.push_back("--extra-hosts");
    argv.push_back(std::to_string(extra_hosts));
  }
  return argv;
}

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), or -1.
long proc_status_kib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::stol(line.substr(field.size() + 1));
    }
  }
  return -1;
}

}  // namespace

void require_curl_global() {
  static CurlGlobal global;
  REQUIRE(global.status().ok());
}

FeedServer::FeedServer(int extra_hosts)
    : feed(testing::read_file(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds/korea-wire.xml")),
      path(dir.write("feed.xml", feed)),
      server(server_argv(dir.path().string(), extra_hosts)) {
  require_curl_global();
}

std::string FeedServer::url(const std::string& p, int host) const {
  return "http://127.0.0." + std::to_string(host) + ":" + std::to_string(server.port()) + p;
}

std::vector<std::string> FeedServer::requests() {
  std::vector<std::string> out;
  for (auto& line : server.read_lines()) {
    if (line.rfind("REQ ", 0) == 0) {
      out.push_back(line);
    }
  }
  return out;
}

FeedServer::Stats FeedServer::stats(bool reset) {
  auto fetcher = make_http_fetcher(quick_options());
  auto r = fetcher->fetch({url(reset ? "/stats?reset=1" : "/stats"), "", ""});
  REQUIRE(r.ok());
  REQUIRE(r->status == 200);
  Stats out;
  std::istringstream in(r->body);
  std::string kind;
  while (in >> kind) {
    if (kind == "host") {
      std::string host;
      in >> host >> out.max_in_flight[host];
    } else if (kind == "total") {
      in >> out.max_total;
    } else if (kind == "requests") {
      in >> out.requests;
    }
  }
  (void)requests();  // the /stats request itself is not part of any test's log
  return out;
}

FetchOptions quick_options() {
  FetchOptions o;
  o.connect_timeout = Millis(2'000);
  o.total_timeout = Millis(10'000);
  return o;
}

PeakRss::PeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  exact_ = static_cast<bool>(clear);
  start_kib_ = proc_status_kib("VmRSS");
}

long PeakRss::growth_kib() const {
  return proc_status_kib("VmHWM") - start_kib_;
}

FileWatch::FileWatch(const std::string& path) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ >= 0) {
    wd_ = inotify_add_watch(fd_, path.c_str(), IN_OPEN | IN_ACCESS);
  }
}

FileWatch::~FileWatch() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

bool FileWatch::touched() {
  alignas(inotify_event) char buf[4096];
  return fd_ >= 0 && read(fd_, buf, sizeof buf) > 0;
}

}  // namespace armwatch::feeds::test
