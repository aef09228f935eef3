// Peer for the polling benchmark: a bare libcurl multi loop over the same URLs at
// the same concurrency. Each finished handle is reused for the next URL; bodies
// are collected in memory and dropped (no parsing, no size caps, no per-host
// bookkeeping). With PASSES > 1 it polls the list again with the same handles and
// connections, as armwatch_bench_poll --passes does.
// Usage: armwatch_bench_curl_peer URL_FILE CONCURRENCY [PASSES]. Prints key=value
// lines: `seconds` is pass 1, `steady_seconds` the mean of passes 2..N.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <curl/curl.h>
#include <sys/resource.h>

namespace {

struct Slot {
  CURL* easy = nullptr;
  std::string body;
};

struct Totals {
  std::size_t ok = 0;
  std::size_t failed = 0;
  std::size_t bytes = 0;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<Slot*>(user)->body.append(data, size * count);
  return size * count;
}

Totals run_pass(CURLM* multi, std::vector<Slot>& slots, const std::vector<std::string>& urls) {
  Totals t;
  std::size_t next = 0;
  auto start_one = [&](Slot& slot) {
    if (slot.easy == nullptr) {
      slot.easy = curl_easy_init();
      curl_easy_setopt(slot.easy, CURLOPT_WRITEFUNCTION, on_body);
      curl_easy_setopt(slot.easy, CURLOPT_WRITEDATA, &slot);
      curl_easy_setopt(slot.easy, CURLOPT_PRIVATE, &slot);
    }
    slot.body.clear();
    curl_easy_setopt(slot.easy, CURLOPT_URL, urls[next++].c_str());
    curl_multi_add_handle(multi, slot.easy);
  };
  for (auto& slot : slots) {
    if (next < urls.size()) {
      start_one(slot);
    }
  }
  int running = 1;
  while (running > 0 || next < urls.size()) {
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) {
        continue;
      }
      CURL* easy = msg->easy_handle;
      CURLcode code = msg->data.result;
      Slot* slot = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &slot);
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      (code == CURLE_OK && status == 200 ? t.ok : t.failed) += 1;
      t.bytes += slot->body.size();
      curl_multi_remove_handle(multi, easy);
      if (next < urls.size()) {
        start_one(*slot);
        running += 1;
      }
    }
    if (running > 0) {
      curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: armwatch_bench_curl_peer URL_FILE CONCURRENCY [PASSES]\n";
    return 2;
  }
  std::vector<std::string> urls;
  std::ifstream in(argv[1]);
  for (std::string url; std::getline(in, url);) {
    if (!url.empty()) {
      urls.push_back(url);
    }
  }
  std::size_t concurrency = std::stoul(argv[2]);
  int passes = argc > 3 ? std::max(1, std::stoi(argv[3])) : 1;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM* multi = curl_multi_init();
  std::vector<Slot> slots(concurrency);
  std::size_t failed = 0;
  double steady = 0;
  for (int pass = 1; pass <= passes; ++pass) {
    auto start = std::chrono::steady_clock::now();
    Totals t = run_pass(multi, slots, urls);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    failed += t.failed;
    std::printf("pass%d_seconds=%.4f\n", pass, took.count());
    if (pass == 1) {
      std::printf("requests=%zu\nok=%zu\nbytes=%zu\nseconds=%.4f\nrequests_per_s=%.1f\n",
                  urls.size(), t.ok, t.bytes, took.count(), urls.size() / took.count());
    } else {
      steady += took.count() / (passes - 1);
    }
  }
  if (passes > 1) {
    std::printf("steady_seconds=%.4f\n", steady);
  }
  for (auto& slot : slots) {
    if (slot.easy != nullptr) {
      curl_easy_cleanup(slot.easy);
    }
  }
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("failed=%zu\npeak_rss_kib=%ld\n", failed, usage.ru_maxrss);
  return failed == 0 ? 0 : 1;
}
