// The pipeline's threads share one Flow: a mutex, three condition variables and
// two queues (fetched feeds waiting for a parser, parsed feeds waiting for the
// caller). Why threads at all: on a fast network parse_feed costs about as much
// CPU as the transfer, and rules and SQLite more; on the fetching thread they
// stall every other transfer (bench/README.md, "Feeds").
#include "feeds/fetch_pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace armwatch::feeds {
namespace {

using Clock = std::chrono::steady_clock;

// How long the caller waits for a parsed feed before checking should_stop and tick.
constexpr std::chrono::milliseconds kWake{100};

struct Job {
  std::size_t index = 0;
  std::size_t bytes = 0;  // counted against max_pending_bytes until consumed
  FetchedFeed feed;
};

std::size_t body_size(const Result<FetchResponse>& r) {
  return r ? r->body.size() : 0;
}

int worker_count(int wanted) {
  if (wanted >= 1) {
    return wanted;
  }
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(cores - 1, 1, 4);
}

// The state the stages share. Every member below the mutex is guarded by it.
class Flow {
 public:
  explicit Flow(const PipelineLimits& limits) : limits_(limits) {}

  // Fetching thread: queues a fetched feed, waiting while the pending caps are reached.
  void push(std::size_t index, Result<FetchResponse> response) {
    Job job{index, body_size(response), FetchedFeed{std::move(response), std::nullopt}};
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return abandoned_ || has_room(job.bytes); });
    if (abandoned_) {
      return;  // nobody will consume it
    }
    pending_ += 1;
    pending_bytes_ += job.bytes;
    to_parse_.push_back(std::move(job));
    work_.notify_one();
  }
  // Fetching thread, last: no more push() calls. `error` is empty when fetch_all returned.
  void fetch_finished(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    fetch_done_ = true;
    fetch_error_ = std::move(error);
    work_.notify_all();
    ready_cv_.notify_all();
  }

  // Parse workers: the next job, or nullopt when there will be none.
  std::optional<Job> next_job() {
    std::unique_lock lock(mutex_);
    work_.wait(lock, [&] { return abandoned_ || fetch_done_ || !to_parse_.empty(); });
    if (abandoned_ || to_parse_.empty()) {
      return std::nullopt;
    }
    Job job = std::move(to_parse_.front());
    to_parse_.pop_front();
    parsing_ += 1;
    return job;
  }
  void parsed(Job job) {
    std::lock_guard lock(mutex_);
    parsing_ -= 1;
    ready_.push_back(std::move(job));
    ready_cv_.notify_one();
  }

  // Caller: the next parsed job (waits up to `timeout`); nullopt on timeout or when
  // finished() turned true.
  std::optional<Job> take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_cv_.wait_for(lock, timeout, [&] { return !ready_.empty() || finished_locked(); });
    if (ready_.empty()) {
      return std::nullopt;
    }
    Job job = std::move(ready_.front());
    ready_.pop_front();
    return job;
  }
  // Caller, after on_ready returned for a job: frees its place.
  void consumed(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    pending_ -= 1;
    pending_bytes_ -= bytes;
    space_.notify_one();
  }
  bool finished() {
    std::lock_guard lock(mutex_);
    return finished_locked();
  }
  std::exception_ptr fetch_error() {
    std::lock_guard lock(mutex_);
    return fetch_error_;
  }

  // Any thread. stop: fetch_all aborts its transfers (reported as "aborted").
  // abandon: also drop everything and let every thread exit without waiting.
  void request_stop() { stop_.store(true); }
  bool stop_requested() const { return stop_.load(); }
  void abandon() {
    request_stop();
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    space_.notify_all();
    work_.notify_all();
    ready_cv_.notify_all();
  }

 private:
  bool has_room(std::size_t bytes) const {
    if (pending_ == 0) {
      return true;
    }
    return pending_ < limits_.max_pending && pending_bytes_ + bytes <= limits_.max_pending_bytes;
  }
  bool finished_locked() const {
    return fetch_done_ && to_parse_.empty() && parsing_ == 0 && ready_.empty();
  }

  const PipelineLimits& limits_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable space_;     // fetching thread waits for room
  std::condition_variable work_;      // workers wait for jobs
  std::condition_variable ready_cv_;  // caller waits for parsed feeds
  std::deque<Job> to_parse_;
  std::deque<Job> ready_;
  std::size_t pending_ = 0;
  std::size_t pending_bytes_ = 0;
  int parsing_ = 0;
  bool fetch_done_ = false;
  bool abandoned_ = false;
  std::exception_ptr fetch_error_;
};

void fetch_stage(MultiFetcher& fetcher, const std::vector<FetchRequest>& requests, Flow& flow) {
  std::exception_ptr error;
  try {
    fetcher.fetch_all(
        requests, [&flow](std::size_t i, Result<FetchResponse> r) { flow.push(i, std::move(r)); },
        [&flow] { return flow.stop_requested(); });
  } catch (...) {
    error = std::current_exception();
  }
  flow.fetch_finished(std::move(error));
}

void parse_stage(const std::vector<FetchRequest>& requests,
                 const std::vector<ParseOptions>& options, Flow& flow) {
  static const ParseOptions kDefaults;
  while (auto job = flow.next_job()) {
    const ParseOptions& o = job->index < options.size() ? options[job->index] : kDefaults;
    try {
      job->feed.parsed = parse_fetched(requests[job->index], job->feed.response, o);
    } catch (const std::exception& e) {  // std::bad_alloc: the feed fails, the run goes on
      job->feed.parsed = make_error(ErrorCode::kInternal, e.what(), requests[job->index].url);
    }
    flow.parsed(std::move(*job));
  }
}

// Starts the stages' threads; on destruction (normal or by an exception) abandons
// whatever is left and joins them, so no thread outlives run().
class Stages {
 public:
  Stages(MultiFetcher& fetcher, const std::vector<FetchRequest>& requests,
         const std::vector<ParseOptions>& options, Flow& flow, int workers)
      : flow_(flow) {
    try {
      threads_.emplace_back(fetch_stage, std::ref(fetcher), std::cref(requests), std::ref(flow));
      for (int i = 0; i < workers; ++i) {
        threads_.emplace_back(parse_stage, std::cref(requests), std::cref(options), std::ref(flow));
      }
    } catch (...) {  // no thread to be had: stop the ones started before rethrowing
      stop_and_join();
      throw;
    }
  }
  ~Stages() { stop_and_join(); }
  Stages(const Stages&) = delete;
  Stages& operator=(const Stages&) = delete;

 private:
  void stop_and_join() {
    flow_.abandon();
    for (auto& t : threads_) {
      t.join();
    }
  }

  Flow& flow_;
  std::vector<std::thread> threads_;
};

}  // namespace

std::optional<Result<ParsedFeed>> parse_fetched(const FetchRequest& request,
                                                const Result<FetchResponse>& response,
                                                const ParseOptions& options) {
  if (!response || response->status < 200 || response->status >= 300) {
    return std::nullopt;
  }
  const std::string& origin = response->moved_to.empty() ? request.url : response->moved_to;
  return parse_feed(response->body, response->content_type, origin, options);
}

FetchPipeline::FetchPipeline(MultiFetcher& fetcher, PipelineLimits limits)
    : fetcher_(fetcher), limits_(limits) {
  limits_.max_pending = std::max<std::size_t>(1, limits_.max_pending);
}

void FetchPipeline::run(const std::vector<FetchRequest>& requests, const OnReady& on_ready,
                        const std::function<bool()>& should_stop,
                        const std::function<void()>& tick) {
  run(requests, {}, on_ready, should_stop, tick);
}

void FetchPipeline::run(const std::vector<FetchRequest>& requests,
                        const std::vector<ParseOptions>& options, const OnReady& on_ready,
                        const std::function<bool()>& should_stop,
                        const std::function<void()>& tick) {
  if (requests.empty()) {
    return;  // no threads for nothing (the scheduler's rounds are often empty)
  }
  Flow flow(limits_);
  {
    Stages stages(fetcher_, requests, options, flow, worker_count(limits_.parse_workers));
    auto last_tick = Clock::now();
    while (!flow.finished()) {
      if (auto job = flow.take(kWake)) {
        on_ready(job->index, std::move(job->feed));
        flow.consumed(job->bytes);
      }
      if (should_stop && !flow.stop_requested() && should_stop()) {
        flow.request_stop();
      }
      if (tick && Clock::now() - last_tick >= kWake) {
        tick();
        last_tick = Clock::now();
      }
    }
  }
  if (auto error = flow.fetch_error()) {
    std::rethrow_exception(error);
  }
}

}  // namespace armwatch::feeds
