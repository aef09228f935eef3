#include "feeds/feed_json.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "feeds/feed_parser.h"

namespace armwatch::feeds {
namespace {

TEST_CASE("to_json writes the documented shape", "[feeds][json]") {
  auto r = parse_feed(
      "<rss version=\"2.0\"><channel><title>T</title><link>http://x/</link>"
      "<item><title>A</title><guid>g1</guid><link>http://x/a</link>"
      "<pubDate>Sat, 27 Jul 2024 10:00:00 +0900</pubDate><category>c</category>"
      "<dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Kim</dc:creator>"
      "<description>&lt;b&gt;S&lt;/b&gt;</description></item></channel></rss>",
      "", "t.xml");
  REQUIRE(r.ok());
  auto j = nlohmann::json::parse(to_json(*r));
  CHECK(j["format"] == "rss20");
  CHECK(j["broken"] == false);
  CHECK(j["feed"]["title"] == "T");
  CHECK(j["feed"]["link"] == "http://x/");
  REQUIRE(j["items"].size() == 1);
  const auto& item = j["items"][0];
  CHECK(item["id"] == "g1");
  CHECK(item["title"] == "A");
  CHECK(item["link"] == "http://x/a");
  CHECK(item["published"] == "2024-07-27T01:00:00Z");
  CHECK(item["updated"].is_null());
  CHECK(item["summary"] == "S");
  CHECK(item["content"] == "");
  CHECK(item["authors"] == nlohmann::json::array({"Kim"}));
  CHECK(item["categories"] == nlohmann::json::array({"c"}));
  CHECK(j["warnings"].is_array());
}

TEST_CASE("to_json keeps key order and never throws on odd text", "[feeds][json]") {
  ParsedFeed feed;
  feed.format = FeedFormat::kAtom03;
  feed.title = "bad \xff byte";  // not produced by the parser, but must not throw
  std::string out = to_json(feed);
  CHECK(out.find("\"format\": \"atom03\"") < out.find("\"broken\""));
  CHECK(out.find("\"broken\"") < out.find("\"items\""));
  CHECK(nlohmann::json::parse(out)["feed"]["title"] == "bad \uFFFD byte");
}

}  // namespace
}  // namespace armwatch::feeds
