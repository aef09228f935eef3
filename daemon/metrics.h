// A small Prometheus metrics registry: counters, gauges and histograms with
// labels, rendered in the text exposition format (version 0.0.4). The loop
// writes, the HTTP endpoint's thread reads: every call is thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace armwatch::daemon {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  // Families must be declared once before use; using an undeclared name is a
  // programmer error (asserts) and is otherwise ignored.
  void add_counter(const std::string& name, const std::string& help);
  void add_gauge(const std::string& name, const std::string& help);
  // `bounds` are the buckets' upper bounds, ascending; +Inf is implied.
  void add_histogram(const std::string& name, const std::string& help, std::vector<double> bounds);

  void inc(const std::string& name, const Labels& labels = {}, double by = 1);
  void set(const std::string& name, const Labels& labels, double value);
  void observe(const std::string& name, const Labels& labels, double value);

  std::string render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series {
    double value = 0;                   // counter or gauge
    std::vector<std::uint64_t> counts;  // histogram buckets (cumulative at render)
    double sum = 0;
    std::uint64_t count = 0;
  };
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    std::vector<double> bounds;
    std::map<std::string, Series> series;  // key: rendered label set
  };
  Family* find(const std::string& name, Type type);
  void render_family(std::string& out, const std::string& name, const Family& f) const;

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// "{a=\"x\",b=\"y\"}" with Prometheus escaping, or "" for no labels.
std::string render_labels(const Labels& labels);

// The metrics armwatchd exports, declared on `registry`.
void declare_armwatch_metrics(Registry& registry);

}  // namespace armwatch::daemon
