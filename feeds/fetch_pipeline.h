// FetchPipeline: fetches many feeds through a MultiFetcher at its own speed and
// parses their bodies off the fetching thread. Three stages, each on its own
// thread(s): one thread runs MultiFetcher::fetch_all, a few workers run
// parse_feed, and the caller's thread receives each finished feed (where the
// daemon matches rules and writes to SQLite). The stages are joined by one
// bounded hand-over, so a slow consumer slows fetching instead of piling up bodies.
// Includes only core/ and feeds/.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "feeds/feed_parser.h"
#include "feeds/fetcher.h"
#include "feeds/multi_fetcher.h"

namespace armwatch::feeds {

// One request's outcome.
struct FetchedFeed {
  Result<FetchResponse> response = Error{};
  // Set exactly when `response` holds a 2xx status and `unchanged` is false:
  // parse_feed(body, content_type, origin), origin being the response's moved_to
  // after a permanent redirect (301/308), else the request URL, as the poller
  // stores it. Parse errors name it.
  std::optional<Result<ParsedFeed>> parsed;
  // For a 2xx status: body_digest(body) (feeds/body_digest.h); else empty.
  std::string body_digest{};
  // A 2xx body whose digest equals the request's (non-empty) body_digest: the body
  // the caller already took in, so it was not parsed.
  bool unchanged = false;
};

struct PipelineLimits {
  int parse_workers = 0;  // parsing threads; < 1: one less than the cores, between 1 and 4
  // Fetched feeds not yet returned from on_ready (queued, parsing or being
  // consumed). The fetching thread waits while either cap is reached; one feed is
  // always let through, whatever its size.
  std::size_t max_pending = 32;
  std::size_t max_pending_bytes = 32u << 20;  // counted on response bodies
};

class FetchPipeline {
 public:
  using OnReady = std::function<void(std::size_t, FetchedFeed)>;

  // `fetcher` is not owned and must outlive the pipeline.
  explicit FetchPipeline(MultiFetcher& fetcher, PipelineLimits limits = {});

  // Fetches every request with fetcher.fetch_all (same limits and errors), fills in
  // each feed as process_fetched does (the digest on the fetching thread, the parse
  // on a worker; a body whose digest matches the request's body_digest is not
  // parsed, and goes to the caller without a worker), and calls
  // on_ready(index, feed) exactly once per request, on the calling thread, in the
  // order the feeds finish (not index order). Returns when all are done, or early
  // when should_stop() turns true: unfinished requests are then reported with
  // ErrorCode::kNetwork "aborted" (context = URL) before run returns.
  // should_stop and tick (both optional) run on the calling thread only, each at
  // least every 200 ms while on_ready returns promptly.
  // Threads are started and joined within each call. If on_ready throws, the
  // transfers are aborted, the threads joined and the exception rethrown; the
  // same for an exception from the fetching thread (only std::bad_alloc is
  // expected there), after every reported feed was handed to on_ready.
  // Not thread-safe: one run at a time, not re-entered from its callbacks.
  void run(const std::vector<FetchRequest>& requests, const OnReady& on_ready,
           const std::function<bool()>& should_stop = {}, const std::function<void()>& tick = {});
  // The same, parsing request i with options[i] (a feed's time zone); requests
  // beyond options.size() are parsed with default options.
  void run(const std::vector<FetchRequest>& requests, const std::vector<ParseOptions>& options,
           const OnReady& on_ready, const std::function<bool()>& should_stop = {},
           const std::function<void()>& tick = {});

 private:
  MultiFetcher& fetcher_;
  PipelineLimits limits_;
};

// Fills in `feed` (whose `response` answers `request`): for a 2xx status its
// body_digest, `unchanged`, and `parsed` unless unchanged. What the pipeline's
// workers do with each feed. Thread-safe (parse_feed is); on an exception (only
// std::bad_alloc) `feed.response` is intact.
void process_fetched(const FetchRequest& request, FetchedFeed& feed,
                     const ParseOptions& options = {});

// parse_feed for `response`, the answer to `request`: nullopt unless the status is
// 2xx (whatever the digests). Thread-safe (parse_feed is).
std::optional<Result<ParsedFeed>> parse_fetched(const FetchRequest& request,
                                                const Result<FetchResponse>& response,
                                                const ParseOptions& options = {});

}  // namespace armwatch::feeds
