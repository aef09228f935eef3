// Feeds the Prometheus registry from what each poll reports, and keeps the
// loop's heartbeat for /healthz.
#pragma once

#include <atomic>
#include <chrono>

#include "daemon/metrics.h"
#include "daemon/poller.h"

namespace armwatch::daemon {

class MetricsObserver final : public PollObserver {
 public:
  explicit MetricsObserver(Registry& registry) : registry_(registry) {}

  void on_fetch(long status, double seconds) override;
  void on_match(double seconds) override;
  void on_recorded(const std::vector<storage::ItemRecord>& batch,
                   const storage::RecordStats& stats) override;
  void on_poll(bool ok) override;

  // The loop calls beat() often; healthy() is false when it has not for `limit`.
  void beat();
  bool healthy(std::chrono::seconds limit) const;

 private:
  Registry& registry_;
  std::atomic<std::int64_t> last_beat_ms_{0};
};

}  // namespace armwatch::daemon
