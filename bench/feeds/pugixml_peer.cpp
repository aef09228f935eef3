// Peer for the parse benchmark: a bare pugixml load_buffer of the same file (a DOM
// of the whole document, no field extraction, no text conversion).
// Usage: armwatch_bench_pugixml_peer FILE [RUNS]. Prints key=value lines (best of RUNS).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <pugixml.hpp>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

namespace {

// The file, mapped read-only (both benchmark programs load it this way, so
// neither pays for a copy the other does not). Lives until the process ends.
std::string_view map_file(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
    return {};
  }
  void* data = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (data == MAP_FAILED) {
    return {};
  }
  return {static_cast<const char*>(data), static_cast<std::size_t>(st.st_size)};
}

// CPU time of this thread: steadier than wall time on a shared machine.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: armwatch_bench_pugixml_peer FILE [RUNS]\n";
    return 2;
  }
  int runs = argc > 2 ? std::stoi(argv[2]) : 1;
  const std::string_view body = map_file(argv[1]);
  if (body.empty()) {
    std::cerr << argv[1] << ": cannot map the file\n";
    return 1;
  }
  double best = 1e9;
  double best_cpu = 1e9;
  std::size_t items = 0;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    double cpu_start = cpu_seconds();
    pugi::xml_document doc;
    pugi::xml_parse_result result = doc.load_buffer(body.data(), body.size());
    best_cpu = std::min(best_cpu, cpu_seconds() - cpu_start);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
    if (!result) {
      std::cerr << "pugixml: " << result.description() << "\n";
      return 1;
    }
    items = 0;
    for (auto item : doc.child("rss").child("channel").children("item")) {
      (void)item;
      ++items;
    }
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "bytes=%zu\nitems=%zu\nparse_s=%.4f\nparse_mbps=%.1f\nparse_cpu_s=%.4f\n"
      "parse_cpu_mbps=%.1f\npeak_rss_kib=%ld\n",
      body.size(), items, best, body.size() / best / 1e6, best_cpu, body.size() / best_cpu / 1e6,
      usage.ru_maxrss);
  return 0;
}
