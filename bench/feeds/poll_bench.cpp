// Polling throughput: armwatch fetching every URL of a list and parsing each body
// with parse_feed (what the daemon does per poll, minus rules and storage).
// Usage: armwatch_bench_poll URL_FILE CONCURRENCY [--inline | --fetch-only] [--passes N]
// Prints key=value lines. Modes:
//   (default)     feeds::FetchPipeline, as the daemon polls: MultiFetcher on its own
//                 thread, parse_feed on the pipeline's workers, results counted on
//                 the calling thread;
//   --inline      MultiFetcher with process_fetched (digest, parse_feed) in on_done,
//                 on the fetching thread (the daemon before the pipeline);
//   --fetch-only  MultiFetcher without parsing: the fetch layer's own cost.
// --passes N polls the same URLs N times in one process (default 1). Pass 1 is
// cold: nothing known, every body parsed. From pass 2 on, each request carries
// the previous pass's body digest, as the daemon's stored feed state does, so an
// unchanged body is fetched but not parsed (the steady state of a daemon whose
// feeds send no validators). `seconds` is pass 1; `steady_seconds` the mean of
// passes 2..N.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
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
  std::size_t unchanged = 0;  // fetched, not parsed: the digest matched

  void add(const FetchedFeed& f, bool parse) {
    if (!f.response || f.response->status != 200) {
      ++failed;
      return;
    }
    bytes += f.response->body.size();
    if (parse && f.unchanged) {
      ++unchanged;
    } else if (parse && (!f.parsed || !*f.parsed)) {
      ++failed;
      return;
    }
    ++ok;
    items += parse && f.parsed ? (*f.parsed)->items.size() : 0;
  }
};

struct Args {
  const char* url_file = nullptr;
  int concurrency = 0;
  std::string mode;  // "", "--inline" or "--fetch-only"
  int passes = 1;
};

bool parse_args(int argc, char** argv, Args& args) {
  if (argc < 3) {
    return false;
  }
  args.url_file = argv[1];
  args.concurrency = std::stoi(argv[2]);
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--passes") == 0 && i + 1 < argc) {
      args.passes = std::max(1, std::stoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--inline") == 0 || std::strcmp(argv[i], "--fetch-only") == 0) {
      args.mode = argv[i];
    } else {
      return false;
    }
  }
  return true;
}

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

// One pass over `requests`; leaves each 2xx body's digest in its request for the next.
Counts poll(MultiFetcher& fetcher, std::vector<FetchRequest>& requests, const std::string& mode) {
  Counts counts;
  std::vector<std::string> digests(requests.size());
  if (mode.empty()) {
    FetchPipeline pipeline(fetcher);
    pipeline.run(requests, [&](std::size_t i, FetchedFeed f) {
      counts.add(f, true);
      digests[i] = std::move(f.body_digest);
    });
  } else {
    const bool parse = mode == "--inline";
    fetcher.fetch_all(requests, [&](std::size_t i, armwatch::Result<FetchResponse> r) {
      FetchedFeed f{std::move(r), std::nullopt};
      if (parse) {
        process_fetched(requests[i], f);
      }
      counts.add(f, parse);
      digests[i] = std::move(f.body_digest);
    });
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    requests[i].body_digest = std::move(digests[i]);
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    std::cerr << "usage: armwatch_bench_poll URL_FILE CONCURRENCY [--inline | --fetch-only]"
                 " [--passes N]\n";
    return 2;
  }
  std::vector<FetchRequest> requests = read_urls(args.url_file);
  CurlGlobal curl;
  if (!curl.status().ok()) {
    std::cerr << curl.status().error().to_string() << "\n";
    return 1;
  }
  // Every host is 127.0.0.1 here: per_host as high as the concurrency.
  auto fetcher = make_multi_fetcher(FetchOptions{}, {args.concurrency, args.concurrency});
  std::size_t failed = 0;
  double steady = 0;
  for (int pass = 1; pass <= args.passes; ++pass) {
    auto start = std::chrono::steady_clock::now();
    Counts c = poll(*fetcher, requests, args.mode);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    failed += c.failed;
    std::printf("pass%d_seconds=%.4f\npass%d_unchanged=%zu\n", pass, took.count(), pass,
                c.unchanged);
    if (pass == 1) {
      std::printf("requests=%zu\nok=%zu\nitems=%zu\nbytes=%zu\nseconds=%.4f\n", requests.size(),
                  c.ok, c.items, c.bytes, took.count());
    } else {
      steady += took.count() / (args.passes - 1);
    }
  }
  if (args.passes > 1) {
    std::printf("steady_seconds=%.4f\n", steady);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("failed=%zu\npeak_rss_kib=%ld\n", failed, usage.ru_maxrss);
  return failed == 0 ? 0 : 1;
}
