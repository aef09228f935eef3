// Hostile and broken input: recovery, HTML pages, entity bombs, XXE, bad bytes.
#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "core/text.h"
#include "feeds/feed_json.h"
#include "feeds/feed_parser.h"
#include "tests/support/temp_dir.h"

namespace armwatch::feeds {
namespace {

TEST_CASE("ill-formed XML is recovered and flagged broken", "[feeds][broken]") {
  auto r = parse_feed(
      "<rss version=\"2.0\"><channel><title>t</title>"
      "<item><title>first</title><guid>1</guid></item>"
      "<item><title>second & third</title><guid>2</guid></item>"
      "<item><title>cut off",
      "", "truncated.xml");
  REQUIRE(r.ok());
  CHECK(r->broken);
  REQUIRE(r->items.size() >= 2);
  CHECK(r->items[0].title == "first");
  CHECK(r->items[1].title == "second & third");
  CHECK_FALSE(r->warnings.empty());
}

TEST_CASE("an HTML page is not a feed", "[feeds][broken]") {
  for (const char* page :
       {"<!DOCTYPE html>\n<html><head><title>Home</title></head><body></body></html>",
        "  <html lang=\"ko\"><body><p>hello</p></body></html>",
        "<?xml version=\"1.0\"?><!-- x --><html xmlns=\"http://www.w3.org/1999/xhtml\"></html>"}) {
    auto r = parse_feed(page, "text/html", "https://example.org/feed");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kParse);
    CHECK(r.error().message.find("is an HTML page, not a feed") != std::string::npos);
    CHECK(r.error().context == "https://example.org/feed");
  }
}

TEST_CASE("empty, non-XML and non-feed documents are parse errors", "[feeds][broken]") {
  for (const char* body : {"", "   \n", "hello world", "<note><to>x</to></note>"}) {
    auto r = parse_feed(body, "", "origin-label");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kParse);
    CHECK(r.error().context == "origin-label");
  }
}

TEST_CASE("invalid UTF-8 is repaired and flagged", "[feeds][charset]") {
  auto r = parse_feed(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel>"
      "<item><title>caf\xE9 \xFF ok</title><guid>1</guid></item></channel></rss>",
      "", "bad-bytes.xml");
  REQUIRE(r.ok());
  CHECK(r->broken);
  REQUIRE(r->items.size() == 1);
  CHECK(is_valid_utf8(r->items[0].title));
  CHECK(r->items[0].title == "caf\uFFFD \uFFFD ok");
}

TEST_CASE("control characters forbidden in XML are removed", "[feeds][broken]") {
  auto r = parse_feed(
      "<rss><channel><title>a\x01"
      "b\x0b"
      "c</title></channel></rss>",
      "", "x");
  REQUIRE(r.ok());
  CHECK(r->broken);
  CHECK(r->title == "abc");
}

std::string billion_laughs() {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    std::string value;
    for (int k = 0; k < 10; ++k) {
      value += prev;
    }
    doc += "<!ENTITY lol" + std::to_string(i) + " \"" + value + "\">\n";
  }
  return doc +
         "]>\n<rss><channel><title>bomb</title><item><title>&lol9;</title>"
         "<guid>b</guid></item></channel></rss>";
}

TEST_CASE("billion laughs is bounded and fast", "[feeds][security]") {
  auto start = std::chrono::steady_clock::now();
  auto r = parse_feed(billion_laughs(), "application/xml", "bomb.xml");
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(2));
  if (r.ok()) {
    std::size_t total = r->title.size();
    for (const auto& item : r->items) {
      total += item.title.size() + item.summary.size() + item.content.size();
    }
    CHECK(total < 100'000);  // 10^9 "lol"s would be 3 GB
    CHECK(r->broken);
  } else {
    CHECK((r.error().code == ErrorCode::kParse || r.error().code == ErrorCode::kTooLarge));
  }
}

TEST_CASE("a quadratic blowup entity stays bounded", "[feeds][security]") {
  std::string big(50'000, 'x');
  std::string refs;
  for (int i = 0; i < 2'000; ++i) {
    refs += "&big;";
  }
  std::string doc = "<!DOCTYPE rss [<!ENTITY big \"" + big + "\">]><rss><channel><title>" + refs +
                    "</title></channel></rss>";
  auto start = std::chrono::steady_clock::now();
  auto r = parse_feed(doc, "", "quadratic.xml");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  if (r.ok()) {
    CHECK(r->title.size() < 20'000'000u);  // 100 MB if every reference were expanded
  }
}

TEST_CASE("external entities are never read (XXE)", "[feeds][security]") {
  testing::TempDir dir;
  const std::string secret = "armwatch-secret-7f3a9c";
  std::string path = dir.write("secret.txt", secret);
  std::string doc =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
      "<!ENTITY xxe SYSTEM \"file://" +
      path +
      "\">\n"
      "<!ENTITY % dtd SYSTEM \"file://" +
      path +
      "\">\n%dtd;\n]>\n"
      "<rss><channel><title>t &xxe;</title><item><title>leak: &xxe;</title>"
      "<description>&xxe;</description><guid>x</guid></item></channel></rss>";
  auto r = parse_feed(doc, "application/xml", "xxe.xml");
  if (r.ok()) {
    std::string json = to_json(*r);
    CHECK(json.find(secret) == std::string::npos);
    CHECK(json.find("leak:") != std::string::npos);  // the document itself was read
  }
  // An external DTD is not fetched either.
  std::string dtd_path = dir.write("evil.dtd", "<!ENTITY stolen \"" + secret + "\">");
  std::string doc2 = "<!DOCTYPE rss SYSTEM \"file://" + dtd_path +
                     "\">"
                     "<rss><channel><title>&stolen;</title></channel></rss>";
  auto r2 = parse_feed(doc2, "", "dtd.xml");
  if (r2.ok()) {
    CHECK(r2->title.find(secret) == std::string::npos);
  }
}

TEST_CASE("a feed served with a non-XML media type is flagged, and still read", "[feeds][broken]") {
  const std::string rss =
      "<rss version=\"2.0\"><channel><title>t</title>"
      "<item><title>a</title><guid>1</guid></item></channel></rss>";
  for (const char* label :
       {"text/plain", "text/html; charset=utf-8", "application/octet-stream", "application/json"}) {
    INFO(label);
    auto r = parse_feed(rss, label, "x");
    REQUIRE(r.ok());
    CHECK(r->broken);
    REQUIRE(r->items.size() == 1);
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].find("not an XML media type") != std::string::npos);
  }
  for (const char* label : {"", "application/xml", "text/xml; charset=utf-8", "application/rss+xml",
                            "APPLICATION/ATOM+XML", "application/rdf+xml",
                            "text/xml-external-parsed-entity", "application/xml-dtd"}) {
    INFO(label);
    auto r = parse_feed(rss, label, "x");
    REQUIRE(r.ok());
    CHECK_FALSE(r->broken);
    CHECK(r->warnings.empty());
  }
  const std::string json = R"({"version": "https://jsonfeed.org/version/1.1", "title": "j",
                               "items": [{"id": "1", "content_text": "x"}]})";
  for (const char* label : {"application/feed+json", "application/json", ""}) {
    INFO(label);
    auto r = parse_feed(json, label, "x");
    REQUIRE(r.ok());
    CHECK_FALSE(r->broken);
  }
  auto plain = parse_feed(json, "text/plain", "x");
  REQUIRE(plain.ok());
  CHECK(plain->broken);
}

}  // namespace
}  // namespace armwatch::feeds
