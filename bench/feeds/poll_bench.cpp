// Polling throughput: armwatch fetching every URL of a list and parsing each body
// with parse_feed (what the daemon does per poll, minus rules and storage).
// Usage: armwatch_bench_poll URL_FILE CONCURRENCY [--inline | --fetch-only].
// Prints key=value lines. Modes:
//   (default)     feeds::FetchPipeline, as the daemon polls: MultiFetcher on its own
//                 thread, parse_feed on the pipeline's workers, results counted on
//                 the calling thread;
//   --inline      MultiFetcher with parse_feed in on_done, on the fetching thread
//                 (the daemon before the pipeline);
//   --fetch-only  MultiFetcher without parsing: the fetch layer's own cost.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "feeds/curl_global.h"
#include "feeds/feed_parser.h"
#include "feeds/fetch_pipeline.h"
#include "feeds/multi_fetcher.h"

namespace {

using namespace armwatch::feeds;

struct Counts {
  std::size_t ok = 0;
  std::size_t failed = 0;
  std::size_t items = 0;
  std::size_t bytes = 0;

  void add(const armwatch::Result<FetchResponse>& r,
           const std::optional<armwatch::Result<ParsedFeed>>& parsed, bool parse) {
    if (!r || r->status != 200) {
      ++failed;
      return;
    }
    bytes += r->body.size();
    if (parse && (!parsed || !*parsed)) {
      ++failed;
      return;
    }
    ++ok;
    items += parse ? (*parsed)->items.size() : 0;
  }
};

std::vector<FetchRequest> read_urls(const char* path) {
  std::vector<FetchRequest> requests;
  std::ifstream in(path);
  for (std::string url; std::getline(in, url);) {
    if (!url.empty()) {
      requests.push_back({url, "", ""});
    }
  }
  return requests;
}

Counts poll(MultiFetcher& fetcher, const std::vector<FetchRequest>& requests,
            const std::string& mode) {
  Counts counts;
  if (mode.empty()) {
    FetchPipeline pipeline(fetcher);
    pipeline.run(requests,
                 [&](std::size_t, FetchedFeed f) { counts.add(f.response, f.parsed, true); });
    return counts;
  }
  const bool parse = mode == "--inline";
  fetcher.fetch_all(requests, [&](std::size_t i, armwatch::Result<FetchResponse> r) {
    std::optional<armwatch::Result<ParsedFeed>> parsed;
    if (parse) {
      parsed = parse_fetched(requests[i], r);
    }
    counts.add(r, parsed, parse);
  });
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 3 ? argv[3] : "";
  if (argc < 3 || !(mode.empty() || mode == "--inline" || mode == "--fetch-only")) {
    std::cerr << "usage: armwatch_bench_poll URL_FILE CONCURRENCY [--inline | --fetch-only]\n";
    return 2;
  }
  std::vector<FetchRequest> requests = read_urls(argv[1]);
  int concurrency = std::stoi(argv[2]);
  CurlGlobal curl;
  if (!curl.status().ok()) {
    std::cerr << curl.status().error().to_string() << "\n";
    return 1;
  }
  // Every host is 127.0.0.1 here: per_host as high as the concurrency.
  auto fetcher = make_multi_fetcher(FetchOptions{}, {concurrency, concurrency});
  auto start = std::chrono::steady_clock::now();
  Counts c = poll(*fetcher, requests, mode);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "requests=%zu\nok=%zu\nfailed=%zu\nitems=%zu\nbytes=%zu\nseconds=%.4f\n"
      "requests_per_s=%.1f\npeak_rss_kib=%ld\n",
      requests.size(), c.ok, c.failed, c.items, c.bytes, took.count(),
      requests.size() / took.count(), usage.ru_maxrss);
  return c.failed == 0 ? 0 : 1;
}
