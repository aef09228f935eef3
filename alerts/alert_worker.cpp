#include "alerts/alert_worker.h"

#include <algorithm>

#include "core/log.h"

namespace armwatch::alerts {
namespace {

constexpr Millis kMaxWait{50};

}  // namespace

// One receiver's queue and thread. Everything but `planner` and `sink` is
// guarded by AlertWorker::mutex_; the planner is used on the lane's thread only.
struct AlertWorker::Lane {
  Lane(std::shared_ptr<AlertSink> s, const RetryPolicy& policy, const Clock& clock,
       std::uint64_t seed)
      : sink(std::move(s)), planner(policy, clock, seed) {}

  std::shared_ptr<AlertSink> sink;  // null: the lane of receivers without a sink
  RetryPlanner planner;
  // Pending notifications ordered by due time, then arrival.
  std::multimap<std::pair<TimePoint, std::uint64_t>, Notification> pending;
  bool in_flight = false;
  std::uint64_t dropped = 0;
  std::condition_variable wake;
  std::thread thread;

  std::size_t used() const { return pending.size() + (in_flight ? 1 : 0); }
};

AlertWorker::AlertWorker(WorkerOptions options, const Clock& clock, AttemptCallback on_attempt)
    : options_(options),
      clock_(clock),
      on_attempt_(std::move(on_attempt)),
      orphans_(std::make_unique<Lane>(nullptr, options.retry, clock, options.seed)) {}

AlertWorker::~AlertWorker() {
  (void)stop();
}

void AlertWorker::add_sink(std::string receiver, std::shared_ptr<AlertSink> sink) {
  std::lock_guard lock(mutex_);
  // Each lane its own jitter sequence, so receivers do not retry in lockstep.
  std::uint64_t seed = options_.seed + 0x9e3779b97f4a7c15ULL * (lanes_.size() + 1);
  lanes_[std::move(receiver)] =
      std::make_unique<Lane>(std::move(sink), options_.retry, clock_, seed);
}

void AlertWorker::start() {
  std::lock_guard lock(mutex_);
  if (started_ || stopping_) {
    return;
  }
  started_ = true;
  for (auto& [name, lane] : lanes_) {
    Lane* l = lane.get();
    l->thread = std::thread([this, l] { run(*l); });
  }
  Lane* o = orphans_.get();
  o->thread = std::thread([this, o] { run(*o); });
}

AlertWorker::Lane& AlertWorker::lane_for(const std::string& receiver) const {
  auto it = lanes_.find(receiver);
  return it == lanes_.end() ? *orphans_ : *it->second;
}

bool AlertWorker::enqueue(Notification n) {
  std::lock_guard lock(mutex_);
  Lane& lane = lane_for(n.receiver);
  if (stopping_ || lane.used() >= options_.capacity) {
    lane.dropped += 1;
    dropped_.fetch_add(1);
    return false;
  }
  auto due = n.next_attempt;
  lane.pending.emplace(std::make_pair(due, sequence_++), std::move(n));
  update_depth();
  lane.wake.notify_one();
  return true;
}

std::vector<Notification> AlertWorker::stop() {
  std::vector<Lane*> lanes{orphans_.get()};
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      drain_until_ = std::chrono::steady_clock::now() + options_.drain_timeout;
    }
    for (auto& [name, lane] : lanes_) {
      lanes.push_back(lane.get());
    }
    for (Lane* l : lanes) {
      l->wake.notify_all();
    }
  }
  for (Lane* l : lanes) {  // the lanes drain in parallel; each join waits for one
    if (l->thread.joinable()) {
      l->thread.join();
    }
  }
  std::lock_guard lock(mutex_);
  std::vector<Notification> left;
  for (Lane* l : lanes) {
    for (auto& entry : l->pending) {
      left.push_back(std::move(entry.second));
    }
    l->pending.clear();
  }
  update_depth();
  return left;
}

std::size_t AlertWorker::depth(const std::string& receiver) const {
  std::lock_guard lock(mutex_);
  return lane_for(receiver).used();
}

std::uint64_t AlertWorker::dropped(const std::string& receiver) const {
  std::lock_guard lock(mutex_);
  return lane_for(receiver).dropped;
}

void AlertWorker::update_depth() {
  std::size_t total = orphans_->used();
  for (const auto& [name, lane] : lanes_) {
    total += lane->used();
  }
  depth_.store(total);
}

bool AlertWorker::take_due(Lane& lane, Notification& out) {
  if (lane.pending.empty() || lane.pending.begin()->first.first > clock_.now()) {
    return false;
  }
  out = std::move(lane.pending.begin()->second);
  lane.pending.erase(lane.pending.begin());
  lane.in_flight = true;
  return true;
}

void AlertWorker::run(Lane& lane) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopping_ && std::chrono::steady_clock::now() >= drain_until_) {
      break;
    }
    Notification n;
    if (take_due(lane, n)) {
      lock.unlock();
      attempt(lane, std::move(n));
      lock.lock();
      continue;
    }
    if (stopping_) {
      break;  // nothing due: what is left waits for the next start (the outbox)
    }
    Millis wait = kMaxWait;
    if (!lane.pending.empty()) {
      wait = std::clamp(lane.pending.begin()->first.first - clock_.now(), Millis(1), kMaxWait);
    }
    lane.wake.wait_for(lock, wait);
  }
}

void AlertWorker::attempt(Lane& lane, Notification n) {
  DeliveryResult result =
      lane.sink ? lane.sink->deliver(n)
                : DeliveryResult::permanent_failure("no sink for receiver '" + n.receiver + "'");
  lane.planner.record_attempt(n, result);
  if (n.status == AlertStatus::kSent) {
    delivered_.fetch_add(1);
  } else if (n.status == AlertStatus::kFailed) {
    failed_.fetch_add(1);
    log_warning("alert " + n.id + " to " + n.receiver + " failed: " + n.last_error);
  }
  if (on_attempt_) {
    on_attempt_(n, result);
  }
  std::lock_guard lock(mutex_);
  lane.in_flight = false;
  if (n.status == AlertStatus::kPending) {
    auto due = n.next_attempt;
    lane.pending.emplace(std::make_pair(due, sequence_++), std::move(n));
  }
  update_depth();
}

}  // namespace armwatch::alerts
