// Small helpers shared by the storage benchmark programs: argument parsing,
// timing and percentiles. Header-only; no armwatch dependency.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <time.h>

namespace armwatch::bench {

// "--name value" pairs after the positional arguments.
class Args {
 public:
  Args(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
      std::string a = argv[i];
      if (a.rfind("--", 0) == 0 && i + 1 < argc) {
        names_.push_back(a.substr(2));
        values_.push_back(argv[++i]);
      } else {
        positional_.push_back(a);
      }
    }
  }
  std::string get(const std::string& name, const std::string& fallback) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == name) {
        return values_[i];
      }
    }
    return fallback;
  }
  long long number(const std::string& name, long long fallback) const {
    std::string v = get(name, "");
    return v.empty() ? fallback : std::atoll(v.c_str());
  }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> values_;
  std::vector<std::string> positional_;
};

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  double millis() const { return seconds() * 1000.0; }

 private:
  std::chrono::steady_clock::time_point start_;
};

// User + system CPU time of this process so far, in seconds: on a shared
// machine a fairer measure of work than wall time.
inline double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

// CPU time of the calling thread, in milliseconds.
inline double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The p-th percentile (0..100) by nearest rank; 0 for no samples.
inline double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) {
    return 0;
  }
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size()) + 0.5);
  rank = std::clamp<std::size_t>(rank, 1, samples.size());
  return samples[rank - 1];
}

[[noreturn]] inline void die(const std::string& message) {
  std::fprintf(stderr, "bench: %s\n", message.c_str());
  std::exit(1);
}

}  // namespace armwatch::bench
