// MultiFetcher: many HTTP requests at once from one thread (libcurl multi), within
// a global and a per-host limit. Each transfer is set up exactly as HttpFetcher's
// (feeds/curl_transfer.h): http/https only, redirect and size caps, timeouts,
// low-speed abort, decoded-body cap, TLS verification. Includes only core/ and
// feeds/fetcher.h; libcurl stays in the .cpp.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "core/result.h"
#include "feeds/fetcher.h"

namespace armwatch::feeds {

struct MultiFetchLimits {
  int concurrency = 8;  // transfers running at once, all hosts together (values < 1 mean 1)
  int per_host = 2;     // transfers running at once to one scheme://host:port (< 1 mean 1)
};

class MultiFetcher {
 public:
  virtual ~MultiFetcher() = default;
  // Runs every request concurrently on the calling thread within the limits (global
  // and per host, the host being the request URL's; libcurl also caps connections
  // per host at `per_host`, so a redirect to another host cannot exceed it either).
  // Requests start in index order as slots free up. Calls on_done(index, result)
  // exactly once per request, as each finishes, on the calling thread, with the
  // same semantics as Fetcher::fetch: a FetchResponse for any HTTP status, an Error
  // for transport failures, caps (kTooLarge) and redirects to other schemes.
  // Returns when all are done, or early when should_stop() turns true (checked at
  // least every 200 ms): unfinished requests, started or not, are then reported
  // with ErrorCode::kNetwork "aborted" (context = URL) before fetch_all returns.
  // `tick` (optional) is called at least every 200 ms while fetch_all runs.
  // Those 200 ms hold as long as on_done returns promptly: it runs between
  // transfers, so a slow on_done delays every transfer, tick and the stop check.
  // Connections, DNS and TLS sessions are kept for the next fetch_all call.
  // Not thread-safe: one thread at a time; fetch_all must not be re-entered from
  // its own callbacks.
  virtual void fetch_all(const std::vector<FetchRequest>& requests,
                         const std::function<void(std::size_t, Result<FetchResponse>)>& on_done,
                         const std::function<bool()>& should_stop = {},
                         const std::function<void()>& tick = {}) = 0;
};

// Makes the libcurl multi fetcher. curl_global_init must have run (see
// feeds/curl_global.h). Setup failures (out of memory in libcurl) are reported per
// request through on_done as kInternal.
std::unique_ptr<MultiFetcher> make_multi_fetcher(FetchOptions options, MultiFetchLimits limits);

}  // namespace armwatch::feeds
