// Polling throughput: armwatch's MultiFetcher fetching every URL of a list, each
// body parsed with parse_feed as it arrives (what the daemon does per poll, minus
// rules and storage).
// Usage: armwatch_bench_poll URL_FILE CONCURRENCY [--fetch-only]. Prints key=value
// lines. --fetch-only skips parse_feed, to show the fetch layer's own cost.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "feeds/curl_global.h"
#include "feeds/feed_parser.h"
#include "feeds/multi_fetcher.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: armwatch_bench_poll URL_FILE CONCURRENCY [--fetch-only]\n";
    return 2;
  }
  using namespace armwatch::feeds;
  std::vector<FetchRequest> requests;
  std::ifstream in(argv[1]);
  for (std::string url; std::getline(in, url);) {
    if (!url.empty()) {
      requests.push_back({url, "", ""});
    }
  }
  int concurrency = std::stoi(argv[2]);
  bool parse = !(argc > 3 && std::string(argv[3]) == "--fetch-only");
  CurlGlobal curl;
  if (!curl.status().ok()) {
    std::cerr << curl.status().error().to_string() << "\n";
    return 1;
  }
  // Every host is 127.0.0.1 here: per_host as high as the concurrency.
  auto fetcher = make_multi_fetcher(FetchOptions{}, {concurrency, concurrency});
  std::size_t ok = 0;
  std::size_t failed = 0;
  std::size_t items = 0;
  std::size_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  fetcher->fetch_all(requests, [&](std::size_t i, armwatch::Result<FetchResponse> r) {
    if (!r || r->status != 200) {
      ++failed;
      return;
    }
    bytes += r->body.size();
    if (!parse) {
      ++ok;
      return;
    }
    auto parsed = parse_feed(r->body, r->content_type, requests[i].url);
    if (!parsed) {
      ++failed;
      return;
    }
    ++ok;
    items += parsed->items.size();
  });
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "requests=%zu\nok=%zu\nfailed=%zu\nitems=%zu\nbytes=%zu\nseconds=%.4f\n"
      "requests_per_s=%.1f\npeak_rss_kib=%ld\n",
      requests.size(), ok, failed, items, bytes, took.count(), requests.size() / took.count(),
      usage.ru_maxrss);
  return failed == 0 ? 0 : 1;
}
