#include "daemon/metrics_observer.h"

namespace armwatch::daemon {
namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void MetricsObserver::on_fetch(long status, double seconds) {
  registry_.inc("armwatch_fetches_total",
                {{"status", status == 0 ? "error" : std::to_string(status)}});
  registry_.observe("armwatch_fetch_duration_seconds", {}, seconds);
}

void MetricsObserver::on_match(double seconds) {
  registry_.observe("armwatch_match_duration_seconds", {}, seconds);
}

void MetricsObserver::on_recorded(const std::vector<storage::ItemRecord>& batch,
                                  const storage::RecordStats& stats) {
  registry_.inc("armwatch_items_total", {}, static_cast<double>(stats.items_new));
  for (const auto& record : batch) {
    for (const auto& event : record.events) {
      registry_.inc(
          "armwatch_events_total",
          {{"category", event.category}, {"severity", std::string(to_string(event.severity))}});
    }
  }
}

void MetricsObserver::on_poll(bool ok) {
  if (!ok) {
    registry_.inc("armwatch_poll_failures_total");
  }
}

void MetricsObserver::beat() {
  last_beat_ms_.store(steady_ms());
}

bool MetricsObserver::healthy(std::chrono::seconds limit) const {
  std::int64_t last = last_beat_ms_.load();
  return last != 0 && steady_ms() - last <= limit.count() * 1000;
}

}  // namespace armwatch::daemon
