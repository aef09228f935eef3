// The fault list of issue 3, each through both fetchers (HttpFetcher, and
// MultiFetcher with ordinary requests beside the faulty one), asserting what
// armwatch returns and how far its peak memory rose. Loopback only.
#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/text.h"
#include "feeds/feed_json.h"
#include "feeds/feed_parser.h"
#include "feeds/fetcher.h"
#include "feeds/multi_fetcher.h"
#include "tests/feeds/fetch_test_support.h"

namespace armwatch::feeds {
namespace {

using test::FeedServer;
using test::PeakRss;

// Peak-RSS bounds. Generous because ASan's quarantine keeps freed blocks
// resident; still far below what any of these faults would take unbounded
// (2 GiB declared, an endless body, 1 GiB of zeros behind 1 MB of gzip).
constexpr long kSmallKib = 16 * 1024;
constexpr long kCappedKib = 48 * 1024;

struct Outcome {
  std::string fetcher;  // "HttpFetcher" or "MultiFetcher"
  Result<FetchResponse> response = make_error(ErrorCode::kInternal, "not run");
  long peak_growth_kib = 0;
  std::chrono::milliseconds took{0};
};

FetchOptions fault_options() {
  FetchOptions o = test::quick_options();
  o.max_body_bytes = 1u << 20;
  o.max_redirects = 3;
  o.low_speed_bytes = 64;
  o.low_speed_time = Millis(1'000);
  return o;
}

Outcome timed(const std::string& name, const std::function<Result<FetchResponse>()>& run) {
  Outcome out;
  out.fetcher = name;
  PeakRss peak;
  auto start = std::chrono::steady_clock::now();
  out.response = run();
  out.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  out.peak_growth_kib = peak.growth_kib();
  return out;
}

// `request` through HttpFetcher, then through MultiFetcher between two ordinary
// requests (which must still succeed).
std::vector<Outcome> fetch_both(FeedServer& s, const FetchRequest& request,
                                const FetchOptions& options = fault_options()) {
  std::vector<Outcome> out;
  auto single = make_http_fetcher(options);
  out.push_back(timed("HttpFetcher", [&] { return single->fetch(request); }));
  auto multi = make_multi_fetcher(options, {4, 2});
  std::vector<FetchRequest> batch = {
      {s.url("/feed.xml"), "", ""}, request, {s.url("/feed.xml", 1), "", ""}};
  std::vector<std::optional<Result<FetchResponse>>> results(batch.size());
  out.push_back(timed("MultiFetcher", [&] {
    multi->fetch_all(
        batch, [&](std::size_t i, Result<FetchResponse> r) { results[i].emplace(std::move(r)); });
    return std::move(*results[1]);
  }));
  for (std::size_t i : {0, 2}) {
    REQUIRE(results[i]);
    REQUIRE(results[i]->ok());
    CHECK((*results[i])->status == 200);
  }
  return out;
}

void check_error(const Outcome& o, ErrorCode code, const std::string& url) {
  REQUIRE_FALSE(o.response.ok());
  CHECK(o.response.error().code == code);
  CHECK(o.response.error().context == url);
}

const FetchResponse& check_status(const Outcome& o, long status) {
  REQUIRE(o.response.ok());
  CHECK(o.response->status == status);
  return *o.response;
}

TEST_CASE("fault 304: not modified is a response with no body", "[feeds][fault]") {
  FeedServer s;
  auto first = make_http_fetcher(fault_options())->fetch({s.url("/feed.xml"), "", ""});
  REQUIRE(first.ok());
  for (const auto& o : fetch_both(s, {s.url("/feed.xml"), first->etag, first->last_modified})) {
    INFO(o.fetcher);
    CHECK(check_status(o, 304).body.empty());
    CHECK(o.peak_growth_kib < kSmallKib);
  }
}

TEST_CASE("fault 500: a server error is a response, not an Error", "[feeds][fault]") {
  FeedServer s;
  for (const auto& o : fetch_both(s, {s.url("/fault/status/500"), "", ""})) {
    INFO(o.fetcher);
    CHECK(check_status(o, 500).body == "status 500\n");
    CHECK(o.peak_growth_kib < kSmallKib);
  }
}

TEST_CASE("fault 429: the raw Retry-After reaches FetchResponse", "[feeds][fault]") {
  FeedServer s;
  for (const auto& o : fetch_both(s, {s.url("/fault/status/429?retry_after=120"), "", ""})) {
    INFO(o.fetcher);
    CHECK(check_status(o, 429).retry_after == "120");
    CHECK(o.peak_growth_kib < kSmallKib);
  }
  std::string date = "Wed, 21 Oct 2037 07:28:00 GMT";
  std::string query = "Wed,%2021%20Oct%202037%2007:28:00%20GMT";
  for (const auto& o : fetch_both(s, {s.url("/fault/status/429?retry_after=" + query), "", ""})) {
    INFO(o.fetcher);
    CHECK(check_status(o, 429).retry_after == date);
  }
}

TEST_CASE("fault 301 loop: bounded by max_redirects", "[feeds][fault]") {
  FeedServer s;
  std::string url = s.url("/fault/loop?code=301");
  (void)s.requests();
  for (const auto& o : fetch_both(s, {url, "", ""})) {
    INFO(o.fetcher);
    check_error(o, ErrorCode::kNetwork, url);
    CHECK(o.took < std::chrono::seconds(3));
    CHECK(o.peak_growth_kib < kSmallKib);
  }
  int loop_requests = 0;
  for (const auto& line : s.requests()) {
    loop_requests += line.find("/fault/loop") != std::string::npos ? 1 : 0;
  }
  CHECK(loop_requests == 2 * 4);  // per fetcher: the request and three redirects
}

TEST_CASE("fault redirect to file://: refused and the file is never opened", "[feeds][fault]") {
  FeedServer s;
  const std::string secret = "armwatch-secret-91c2";
  std::string target = s.dir.write("secret.txt", secret);
  test::FileWatch watch(target);
  REQUIRE(watch.active());
  std::string url = s.url("/fault/redirect?code=302&to=file://" + target);
  for (const auto& o : fetch_both(s, {url, "", ""})) {
    INFO(o.fetcher);
    check_error(o, ErrorCode::kNetwork, url);
    CHECK(o.response.error().message.find("refused") != std::string::npos);
    CHECK(o.response.error().message.find("file://" + target) != std::string::npos);
    CHECK(o.response.error().message.find(secret) == std::string::npos);
  }
  CHECK_FALSE(watch.touched());
}

TEST_CASE("fault drip: the low-speed limit times the transfer out", "[feeds][fault]") {
  FeedServer s;
  std::string url = s.url("/fault/drip?bytes_per_sec=1");
  for (const auto& o : fetch_both(s, {url, "", ""})) {
    INFO(o.fetcher);
    check_error(o, ErrorCode::kNetwork, url);
    CHECK(o.response.error().message.find("timed out") != std::string::npos);
    // Well before total_timeout (10 s): it is the 1 s low-speed window that fired.
    CHECK(o.took < std::chrono::seconds(4));
    CHECK(o.peak_growth_kib < kSmallKib);
  }
}

TEST_CASE("fault declared 2 GB body: refused by the cap", "[feeds][fault]") {
  FeedServer s;
  std::string url = s.url("/fault/huge-length?gb=2");
  for (const auto& o : fetch_both(s, {url, "", ""})) {
    INFO(o.fetcher);
    check_error(o, ErrorCode::kTooLarge, url);
    CHECK(o.took < std::chrono::seconds(3));
    CHECK(o.peak_growth_kib < kCappedKib);
  }
}

TEST_CASE("fault endless chunked body: stopped at the cap", "[feeds][fault]") {
  FeedServer s;
  std::string url = s.url("/fault/endless");
  for (const auto& o : fetch_both(s, {url, "", ""})) {
    INFO(o.fetcher);
    check_error(o, ErrorCode::kTooLarge, url);
    CHECK(o.took < std::chrono::seconds(5));
    CHECK(o.peak_growth_kib < kCappedKib);
  }
}

TEST_CASE("fault gzip bomb: capped on decoded bytes, memory stays low", "[feeds][fault]") {
  FeedServer s;
  std::string url = s.url("/fault/gzip-bomb");
  for (const auto& o : fetch_both(s, {url, "", ""})) {
    INFO(o.fetcher);
    check_error(o, ErrorCode::kTooLarge, url);
    CHECK(o.response.error().message.find("1048576") != std::string::npos);
    CHECK(o.took < std::chrono::seconds(5));
    CHECK(o.peak_growth_kib < kCappedKib);  // 1 GiB once decoded
  }
}

// Fetches `path` with both fetchers and parses each 200 body, under one PeakRss.
struct Parsed {
  std::string fetcher;
  Result<ParsedFeed> feed = make_error(ErrorCode::kInternal, "not run");
  long peak_growth_kib = 0;
  std::chrono::milliseconds took{0};
};

std::vector<Parsed> fetch_and_parse(FeedServer& s, const std::string& url) {
  std::vector<Parsed> out;
  for (auto& o : fetch_both(s, {url, "", ""})) {
    Parsed p;
    p.fetcher = o.fetcher;
    const FetchResponse& r = check_status(o, 200);
    PeakRss peak;
    auto start = std::chrono::steady_clock::now();
    p.feed = parse_feed(r.body, r.content_type, r.effective_url);
    p.took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    p.peak_growth_kib = std::max(o.peak_growth_kib, peak.growth_kib());
    out.push_back(std::move(p));
  }
  return out;
}

TEST_CASE("fault truncated XML: flagged broken, the items read are kept", "[feeds][fault]") {
  FeedServer s;
  for (auto& p : fetch_and_parse(s, s.url("/fault/truncated"))) {
    INFO(p.fetcher);
    REQUIRE(p.feed.ok());
    CHECK(p.feed->broken);
    REQUIRE(p.feed->items.size() >= 1);
    CHECK(p.feed->items[0].title == "first");
    CHECK(p.feed->items[0].id == "t-1");
    CHECK_FALSE(p.feed->warnings.empty());
    CHECK(p.peak_growth_kib < kSmallKib);
  }
}

TEST_CASE("fault HTML page: a clear parse error", "[feeds][fault]") {
  FeedServer s;
  std::string url = s.url("/fault/html");
  for (auto& p : fetch_and_parse(s, url)) {
    INFO(p.fetcher);
    REQUIRE_FALSE(p.feed.ok());
    CHECK(p.feed.error().code == ErrorCode::kParse);
    CHECK(p.feed.error().message == "is an HTML page, not a feed");
    CHECK(p.feed.error().context == url);
    CHECK(p.peak_growth_kib < kSmallKib);
  }
}

TEST_CASE("fault invalid UTF-8: repaired with U+FFFD and flagged", "[feeds][fault]") {
  FeedServer s;
  for (auto& p : fetch_and_parse(s, s.url("/fault/invalid-utf8"))) {
    INFO(p.fetcher);
    REQUIRE(p.feed.ok());
    CHECK(p.feed->broken);
    REQUIRE(p.feed->items.size() == 1);
    CHECK(is_valid_utf8(p.feed->items[0].title));
    CHECK(p.feed->items[0].title == "caf\uFFFD \uFFFD\uFFFD ok");
    CHECK(p.peak_growth_kib < kSmallKib);
  }
}

TEST_CASE("fault billion laughs: expansion bounded in time and memory", "[feeds][fault]") {
  FeedServer s;
  for (auto& p : fetch_and_parse(s, s.url("/fault/billion-laughs"))) {
    INFO(p.fetcher);
    CHECK(p.took < std::chrono::seconds(2));
    CHECK(p.peak_growth_kib < kCappedKib);  // 10^9 "lol"s would be 3 GB
    if (p.feed.ok()) {
      std::size_t text = p.feed->title.size();
      for (const auto& item : p.feed->items) {
        text += item.title.size() + item.summary.size() + item.content.size();
      }
      CHECK(text < 2'000'000u);
      CHECK(p.feed->broken);
    } else {
      CHECK((p.feed.error().code == ErrorCode::kParse ||
             p.feed.error().code == ErrorCode::kTooLarge));
    }
  }
}

TEST_CASE("fault XXE: the named local file is never opened", "[feeds][fault]") {
  FeedServer s;
  const std::string secret = "armwatch-xxe-secret-5d1e";
  std::string target = s.dir.write("xxe-secret.txt", secret);
  test::FileWatch watch(target);
  REQUIRE(watch.active());
  for (auto& p : fetch_and_parse(s, s.url("/fault/xxe?file=" + target))) {
    INFO(p.fetcher);
    REQUIRE(p.feed.ok());
    std::string json = to_json(*p.feed);
    CHECK(json.find(secret) == std::string::npos);
    REQUIRE(p.feed->items.size() == 1);
    CHECK(p.feed->items[0].title.rfind("leak:", 0) == 0);
    CHECK(p.peak_growth_kib < kSmallKib);
  }
  CHECK_FALSE(watch.touched());
}

}  // namespace
}  // namespace armwatch::feeds
