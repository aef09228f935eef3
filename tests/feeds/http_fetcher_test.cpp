// HttpFetcher against tests/support/feed_server.py on 127.0.0.1 (no other network).
#include <chrono>
#include <string>

#include <catch2/catch.hpp>
#include <sys/resource.h>

#include "feeds/curl_global.h"
#include "feeds/feed_parser.h"
#include "feeds/fetcher.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

namespace armwatch::feeds {
namespace {

using testing::LocalServer;

const CurlGlobal& curl_global() {
  static CurlGlobal global;
  return global;
}

// A feed server over a temp dir holding feed.xml.
struct ServerFixture {
  ServerFixture()
      : feed(testing::read_file(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds/korea-wire.xml")),
        path(dir.write("feed.xml", feed)),
        server(testing::feed_server_argv(dir.path().string())) {
    REQUIRE(curl_global().status().ok());
  }

  // REQ lines logged since the last call.
  std::vector<std::string> requests() {
    std::vector<std::string> out;
    for (auto& line : server.read_lines()) {
      if (line.rfind("REQ ", 0) == 0) {
        out.push_back(line);
      }
    }
    return out;
  }

  testing::TempDir dir;
  std::string feed;
  std::string path;
  LocalServer server;
};

FetchOptions quick_options() {
  FetchOptions o;
  o.connect_timeout = Millis(2'000);
  o.total_timeout = Millis(10'000);
  return o;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST_CASE("200: body, validators and metadata are returned", "[feeds][fetcher]") {
  ServerFixture s;
  auto fetcher = make_http_fetcher(quick_options());
  auto r = fetcher->fetch({s.server.url("/feed.xml"), "", ""});
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == s.feed);
  CHECK(r->content_type == "application/xml");
  CHECK(r->etag.size() > 2);
  CHECK(r->last_modified.find("GMT") != std::string::npos);
  CHECK(r->cache_control == "max-age=300");
  CHECK(r->effective_url == s.server.url("/feed.xml"));
  CHECK_FALSE(r->permanent_redirect);
  CHECK(r->elapsed.count() >= 0);
  CHECK(s.requests() == std::vector<std::string>{"REQ GET /feed.xml - -"});
  // And it is a feed.
  auto parsed = parse_feed(r->body, r->content_type, r->effective_url);
  REQUIRE(parsed.ok());
  CHECK(parsed->items.size() == 4);
}

TEST_CASE("304: ETag and Last-Modified round trip", "[feeds][fetcher]") {
  ServerFixture s;
  auto fetcher = make_http_fetcher(quick_options());
  auto first = fetcher->fetch({s.server.url("/feed.xml"), "", ""});
  REQUIRE(first.ok());
  auto again = fetcher->fetch({s.server.url("/feed.xml"), first->etag, first->last_modified});
  REQUIRE(again.ok());
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  auto by_date = fetcher->fetch({s.server.url("/feed.xml"), "", first->last_modified});
  REQUIRE(by_date.ok());
  CHECK(by_date->status == 304);
  auto stale = fetcher->fetch({s.server.url("/feed.xml"), "\"other\"", ""});
  REQUIRE(stale.ok());
  CHECK(stale->status == 200);
  auto lines = s.requests();
  REQUIRE(lines.size() == 4);
  CHECK(lines[1] == "REQ GET /feed.xml " + first->etag + " " + first->last_modified);
  CHECK(lines[2] == "REQ GET /feed.xml - " + first->last_modified);
  CHECK(lines[3] == "REQ GET /feed.xml \"other\" -");
}

TEST_CASE("error statuses are responses, not errors", "[feeds][fetcher]") {
  ServerFixture s;
  auto fetcher = make_http_fetcher(quick_options());
  auto e500 = fetcher->fetch({s.server.url("/fault/status/500"), "", ""});
  REQUIRE(e500.ok());
  CHECK(e500->status == 500);
  auto e429 = fetcher->fetch({s.server.url("/fault/status/429?retry_after=120"), "", ""});
  REQUIRE(e429.ok());
  CHECK(e429->status == 429);
  CHECK(e429->retry_after == "120");
  auto e410 = fetcher->fetch({s.server.url("/fault/status/410"), "", ""});
  REQUIRE(e410.ok());
  CHECK(e410->status == 410);
  auto missing = fetcher->fetch({s.server.url("/nope.xml"), "", ""});
  REQUIRE(missing.ok());
  CHECK(missing->status == 404);
}

TEST_CASE("permanent redirects are flagged, temporary ones are not", "[feeds][fetcher]") {
  ServerFixture s;
  auto fetcher = make_http_fetcher(quick_options());
  for (auto [code, permanent] : {std::pair{301, true}, {308, true}, {302, false}, {307, false}}) {
    INFO(code);
    auto r = fetcher->fetch(
        {s.server.url("/fault/redirect?to=/feed.xml&code=" + std::to_string(code)), "", ""});
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->permanent_redirect == permanent);
    CHECK(r->moved_to == (permanent ? s.server.url("/feed.xml") : ""));
    CHECK(r->effective_url == s.server.url("/feed.xml"));
    CHECK(r->body == s.feed);
  }
}

TEST_CASE("only the permanent redirects at the start of a chain count as a move",
          "[feeds][fetcher]") {
  ServerFixture s;
  auto fetcher = make_http_fetcher(quick_options());
  // "/fault/redirect?to=<second hop>&code=<first>", the second hop to the feed.
  auto chain = [&](int first, int second) {
    std::string hop = "/fault/redirect?to=/feed.xml&code=" + std::to_string(second);
    std::string escaped =
        "%2Ffault%2Fredirect%3Fto%3D%2Ffeed.xml%26code%3D" + std::to_string(second);
    return std::pair{
        s.server.url("/fault/redirect?to=" + escaped + "&code=" + std::to_string(first)),
        s.server.url(hop)};
  };
  struct Case {
    int first;
    int second;
    bool to_feed;    // moved_to is the feed's URL
    bool to_second;  // moved_to is the second hop's URL
  };
  for (auto c : {Case{301, 308, true, false}, Case{301, 302, false, true},
                 Case{307, 301, false, false}, Case{302, 302, false, false}}) {
    INFO(c.first << " then " << c.second);
    auto [url, second_hop] = chain(c.first, c.second);
    auto r = fetcher->fetch({url, "", ""});
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->effective_url == s.server.url("/feed.xml"));
    std::string expected = c.to_feed ? s.server.url("/feed.xml") : c.to_second ? second_hop : "";
    CHECK(r->moved_to == expected);
    CHECK(r->permanent_redirect == !expected.empty());
  }
}

TEST_CASE("a redirect to file:// is refused", "[feeds][fetcher]") {
  ServerFixture s;
  auto fetcher = make_http_fetcher(quick_options());
  std::string url = s.server.url("/fault/redirect?to=file:///etc/passwd&code=302");
  auto r = fetcher->fetch({url, "", ""});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kNetwork);
  CHECK(r.error().context == url);
  CHECK(r.error().message.find("file:///etc/passwd") != std::string::npos);
  // Only http(s) from the start, too.
  auto direct = fetcher->fetch({"file:///etc/passwd", "", ""});
  REQUIRE_FALSE(direct.ok());
  CHECK(direct.error().code == ErrorCode::kNetwork);
}

TEST_CASE("a redirect loop stops at max_redirects", "[feeds][fetcher]") {
  ServerFixture s;
  FetchOptions options = quick_options();
  options.max_redirects = 3;
  auto fetcher = make_http_fetcher(options);
  std::string url = s.server.url("/fault/loop");
  auto r = fetcher->fetch({url, "", ""});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kNetwork);
  CHECK(r.error().context == url);
  CHECK(s.requests().size() == 4);  // the first request and three redirects
}

TEST_CASE("a drip-feeding server times out", "[feeds][fetcher]") {
  ServerFixture s;
  FetchOptions options = quick_options();
  options.low_speed_bytes = 64;
  options.low_speed_time = Millis(1'000);
  options.total_timeout = Millis(3'000);
  auto fetcher = make_http_fetcher(options);
  auto start = std::chrono::steady_clock::now();
  auto r = fetcher->fetch({s.server.url("/fault/drip?bytes_per_sec=1"), "", ""});
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kNetwork);
  CHECK(r.error().message.find("timed out") != std::string::npos);
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("connection refused is a network error naming the URL", "[feeds][fetcher]") {
  std::string url;
  {
    ServerFixture s;
    url = s.server.url("/feed.xml");
  }  // server gone: nothing listens on that port now
  auto fetcher = make_http_fetcher(quick_options());
  auto r = fetcher->fetch({url, "", ""});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kNetwork);
  CHECK(r.error().context == url);
}

TEST_CASE("oversized bodies are capped on decoded bytes", "[feeds][fetcher]") {
  ServerFixture s;
  FetchOptions options = quick_options();
  options.max_body_bytes = 1u << 20;
  auto fetcher = make_http_fetcher(options);
  long rss_before = peak_rss_kib();
  for (const char* path : {"/fault/huge-length", "/fault/endless", "/fault/gzip-bomb"}) {
    INFO(path);
    std::string url = s.server.url(path);
    auto start = std::chrono::steady_clock::now();
    auto r = fetcher->fetch({url, "", ""});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kTooLarge);
    CHECK(r.error().context == url);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(8));
  }
  long growth_kib = peak_rss_kib() - rss_before;
  CHECK(growth_kib < 100 * 1024);
}

TEST_CASE("the default User-Agent names armwatch and its homepage", "[feeds][fetcher]") {
  std::string ua = default_user_agent();
  CHECK(ua.rfind("armwatch/", 0) == 0);
  CHECK(ua.find("(+http") != std::string::npos);
}

}  // namespace
}  // namespace armwatch::feeds
