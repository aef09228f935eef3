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

#include "feeds/body_digest.h"

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

  // Fetching thread: queues a fetched feed, waiting while the pending caps are
  // reached: for a parser when `parse`, else straight for the caller.
  void push(std::size_t index, FetchedFeed feed, bool parse) {
    Job job{index, body_size(feed.response), std::move(feed)};
    std::unique_lock lock(mutex_);
    if (!abandoned_ && !has_room(job.bytes)) {
      waiting_for_room_.store(true);
      space_.wait(lock, [&] { return abandoned_ || has_room(job.bytes); });
      waiting_for_room_.store(false);
    }
    if (abandoned_) {
      return;  // nobody will consume it
    }
    pending_ += 1;
    pending_bytes_ += job.bytes;
    if (parse) {
      to_parse_.push_back(std::move(job));
      work_.notify_one();
    } else {
      ready(std::move(job));
    }
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
    ready(std::move(job));
  }

  // Caller: every job ready now, in order (waits up to `timeout` for the first);
  // empty on timeout or when finished() turned true. All at once, so that a burst of
  // finished transfers costs the caller one wake-up, not one each.
  std::deque<Job> take_all(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_cv_.wait_for(lock, timeout, [&] { return !ready_.empty() || finished_locked(); });
    return std::exchange(ready_, {});
  }
  // Caller, after on_ready returned for `count` jobs of `bytes` together: frees their
  // places. Called per batch, and per job while the fetching thread waits for room.
  bool fetch_waiting() const { return waiting_for_room_.load(); }
  void consumed(std::size_t count, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    pending_ -= count;
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
  // With the mutex held. The caller sleeps only while ready_ is empty and takes all
  // of it when it wakes, so only the first job needs to wake it: the rest of a
  // burst costs no context switch.
  void ready(Job job) {
    ready_.push_back(std::move(job));
    if (ready_.size() == 1) {
      ready_cv_.notify_one();
    }
  }
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
  std::atomic<bool> waiting_for_room_{false};  // the fetching thread waits in push()
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

// For a 2xx response: sets the digest and `unchanged`. True when the body is to be
// parsed (a 2xx body not seen before).
bool digest_fetched(const FetchRequest& request, FetchedFeed& feed) {
  if (!feed.response || feed.response->status < 200 || feed.response->status >= 300) {
    return false;
  }
  feed.body_digest = body_digest(feed.response->body);
  feed.unchanged = !request.body_digest.empty() && feed.body_digest == request.body_digest;
  return !feed.unchanged;
}

// The digest is taken here, on the fetching thread (xxh64 costs about 3 us per
// 32 KB body), so that feeds with nothing to parse (errors, non-2xx, unchanged
// bodies: most of a steady-state round) go straight to the caller, without a
// hand-over to a parse worker and back.
void fetch_stage(MultiFetcher& fetcher, const std::vector<FetchRequest>& requests, Flow& flow) {
  std::exception_ptr error;
  try {
    fetcher.fetch_all(
        requests,
        [&](std::size_t i, Result<FetchResponse> r) {
          FetchedFeed feed{std::move(r), std::nullopt};
          bool parse = digest_fetched(requests[i], feed);
          flow.push(i, std::move(feed), parse);
        },
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

void process_fetched(const FetchRequest& request, FetchedFeed& feed, const ParseOptions& options) {
  if (digest_fetched(request, feed)) {
    feed.parsed = parse_fetched(request, feed.response, options);
  }
}

namespace {

// Hands `jobs` to on_ready and frees their places: all at once (one lock for the
// batch), or one by one while the fetching thread is held up for room.
void consume(Flow& flow, std::deque<Job> jobs, const FetchPipeline::OnReady& on_ready) {
  std::size_t count = 0;
  std::size_t bytes = 0;
  for (Job& job : jobs) {
    on_ready(job.index, std::move(job.feed));
    count += 1;
    bytes += job.bytes;
    if (flow.fetch_waiting()) {
      flow.consumed(count, bytes);
      count = bytes = 0;
    }
  }
  if (count > 0) {
    flow.consumed(count, bytes);
  }
}

}  // namespace

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
      consume(flow, flow.take_all(kWake), on_ready);
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
