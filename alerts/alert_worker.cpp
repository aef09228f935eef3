#include "alerts/alert_worker.h"

#include <algorithm>

#include "core/log.h"

namespace armwatch::alerts {
namespace {

constexpr Millis kMaxWait{50};

}  // namespace

AlertWorker::AlertWorker(WorkerOptions options, const Clock& clock, AttemptCallback on_attempt)
    : options_(options),
      clock_(clock),
      on_attempt_(std::move(on_attempt)),
      planner_(options.retry, clock, options.seed) {}

AlertWorker::~AlertWorker() {
  (void)stop();
}

void AlertWorker::add_sink(std::string receiver, std::shared_ptr<AlertSink> sink) {
  sinks_[std::move(receiver)] = std::move(sink);
}

void AlertWorker::start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable() && !stopping_) {
    thread_ = std::thread([this] { run(); });
  }
}

bool AlertWorker::enqueue(Notification n) {
  std::lock_guard lock(mutex_);
  std::size_t used = pending_.size() + (in_flight_ ? 1 : 0);
  if (stopping_ || used >= options_.capacity) {
    dropped_.fetch_add(1);
    return false;
  }
  auto due = n.next_attempt;
  pending_.emplace(std::make_pair(due, sequence_++), std::move(n));
  update_depth();
  wake_.notify_one();
  return true;
}

std::vector<Notification> AlertWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      drain_until_ = std::chrono::steady_clock::now() + options_.drain_timeout;
    }
    wake_.notify_all();
  }
  if (thread_.joinable()) {
    thread_.join();
  }
  std::lock_guard lock(mutex_);
  std::vector<Notification> left;
  for (auto& entry : pending_) {
    left.push_back(std::move(entry.second));
  }
  pending_.clear();
  update_depth();
  return left;
}

void AlertWorker::update_depth() {
  depth_.store(pending_.size() + (in_flight_ ? 1 : 0));
}

bool AlertWorker::take_due(Notification& out) {
  if (pending_.empty() || pending_.begin()->first.first > clock_.now()) {
    return false;
  }
  out = std::move(pending_.begin()->second);
  pending_.erase(pending_.begin());
  in_flight_ = true;
  return true;
}

void AlertWorker::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopping_ && std::chrono::steady_clock::now() >= drain_until_) {
      break;
    }
    Notification n;
    if (take_due(n)) {
      lock.unlock();
      attempt(std::move(n));
      lock.lock();
      continue;
    }
    if (stopping_) {
      break;  // nothing due: what is left waits for the next start (the outbox)
    }
    Millis wait = kMaxWait;
    if (!pending_.empty()) {
      wait = std::clamp(pending_.begin()->first.first - clock_.now(), Millis(1), kMaxWait);
    }
    wake_.wait_for(lock, wait);
  }
}

void AlertWorker::attempt(Notification n) {
  DeliveryResult result;
  auto it = sinks_.find(n.receiver);
  if (it == sinks_.end()) {
    result = DeliveryResult::permanent_failure("no sink for receiver '" + n.receiver + "'");
  } else {
    result = it->second->deliver(n);
  }
  planner_.record_attempt(n, result);
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
  in_flight_ = false;
  if (n.status == AlertStatus::kPending) {
    auto due = n.next_attempt;
    pending_.emplace(std::make_pair(due, sequence_++), std::move(n));
  }
  update_depth();
}

}  // namespace armwatch::alerts
