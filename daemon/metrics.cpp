#include "daemon/metrics.h"

#include <cassert>
#include <cmath>
#include <cstdio>

namespace armwatch::daemon {
namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Adds le="bound" to a rendered label set.
std::string with_le(const std::string& labels, const std::string& le) {
  std::string item = "le=\"" + le + "\"";
  if (labels.empty()) {
    return "{" + item + "}";
  }
  return labels.substr(0, labels.size() - 1) + "," + item + "}";
}

}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) {
    return {};
  }
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    out += (i ? "," : "") + labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
  }
  return out + "}";
}

void Registry::add_counter(const std::string& name, const std::string& help) {
  std::lock_guard lock(mu_);
  families_[name] = Family{Type::kCounter, help, {}, {}};
}

void Registry::add_gauge(const std::string& name, const std::string& help) {
  std::lock_guard lock(mu_);
  families_[name] = Family{Type::kGauge, help, {}, {}};
}

void Registry::add_histogram(const std::string& name, const std::string& help,
                             std::vector<double> bounds) {
  std::lock_guard lock(mu_);
  families_[name] = Family{Type::kHistogram, help, std::move(bounds), {}};
}

Registry::Family* Registry::find(const std::string& name, Type type) {
  auto it = families_.find(name);
  assert(it != families_.end() && it->second.type == type);
  return it != families_.end() && it->second.type == type ? &it->second : nullptr;
}

void Registry::inc(const std::string& name, const Labels& labels, double by) {
  std::lock_guard lock(mu_);
  if (Family* f = find(name, Type::kCounter)) {
    f->series[render_labels(labels)].value += by;
  }
}

void Registry::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  if (Family* f = find(name, Type::kGauge)) {
    f->series[render_labels(labels)].value = value;
  }
}

void Registry::observe(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  Family* f = find(name, Type::kHistogram);
  if (f == nullptr) {
    return;
  }
  Series& s = f->series[render_labels(labels)];
  s.counts.resize(f->bounds.size(), 0);
  for (std::size_t i = 0; i < f->bounds.size(); ++i) {
    if (value <= f->bounds[i]) {
      s.counts[i] += 1;
      break;
    }
  }
  s.sum += value;
  s.count += 1;
}

void Registry::render_family(std::string& out, const std::string& name, const Family& f) const {
  static const char* kTypes[] = {"counter", "gauge", "histogram"};
  out += "# HELP " + name + " " + f.help + "\n";
  out += "# TYPE " + name + " " + kTypes[static_cast<int>(f.type)] + "\n";
  for (const auto& [labels, s] : f.series) {
    if (f.type != Type::kHistogram) {
      out += name + labels + " " + number(s.value) + "\n";
      continue;
    }
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < f.bounds.size(); ++i) {
      cumulative += i < s.counts.size() ? s.counts[i] : 0;
      out += name + "_bucket" + with_le(labels, number(f.bounds[i])) + " " +
             std::to_string(cumulative) + "\n";
    }
    out += name + "_bucket" + with_le(labels, "+Inf") + " " + std::to_string(s.count) + "\n";
    out += name + "_sum" + labels + " " + number(s.sum) + "\n";
    out += name + "_count" + labels + " " + std::to_string(s.count) + "\n";
  }
}

std::string Registry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    render_family(out, name, family);
  }
  return out;
}

void declare_armwatch_metrics(Registry& r) {
  r.add_gauge("armwatch_build_info", "armwatchd's version, as a label; the value is 1");
  r.add_counter("armwatch_fetches_total", "Feed fetches by HTTP status (\"error\": no answer)");
  r.add_counter("armwatch_items_total", "Items stored for the first time");
  r.add_counter("armwatch_events_total", "Events recorded, by category and severity");
  r.add_counter("armwatch_poll_failures_total", "Polls that failed, for any reason");
  r.add_histogram("armwatch_fetch_duration_seconds", "Time to fetch one feed",
                  {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
  r.add_histogram("armwatch_match_duration_seconds", "Time to match one item against the rules",
                  {0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05});
  r.add_gauge("armwatch_feeds", "Configured feeds, by state");
  r.add_gauge("armwatch_rules_loaded", "Rules in the running rule set");
  r.add_gauge("armwatch_last_reload_timestamp_seconds", "When the last reload was attempted");
  r.add_gauge("armwatch_last_reload_success", "1 if the last reload was applied, 0 if it failed");
  r.add_gauge("armwatch_alert_queue_depth", "Alerts waiting in the delivery queue");
  r.add_counter("armwatch_alert_queue_dropped_total", "Alerts dropped because the queue was full");
  r.add_counter("armwatch_alerts_total", "Alert deliveries by receiver and status");
}

}  // namespace armwatch::daemon
