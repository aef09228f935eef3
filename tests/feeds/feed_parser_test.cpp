#include "feeds/feed_parser.h"

#include <string>

#include <catch2/catch.hpp>

#include "core/time.h"
#include "tests/support/temp_dir.h"

namespace armwatch::feeds {
namespace {

std::string fixture(const std::string& name) {
  return testing::read_file(std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds/cases/" + name);
}

std::string date_of(const std::optional<TimePoint>& t) {
  return t ? format_rfc3339(*t) : "";
}

ParsedFeed parse_ok(std::string_view body, std::string_view content_type = {},
                    std::string_view origin = "test") {
  auto r = parse_feed(body, content_type, origin);
  INFO((r ? std::string() : r.error().to_string()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

TEST_CASE("RSS 2.0 fixture: fields, namespaces, HTML reduced to text", "[feeds][rss]") {
  ParsedFeed feed =
      parse_ok(fixture("rss20.xml"), "application/rss+xml", "https://example.org/news/feed.xml");
  CHECK(feed.format == FeedFormat::kRss20);
  CHECK_FALSE(feed.broken);
  CHECK(feed.title == "Panmunjom Daily & Friends");
  CHECK(feed.link == "https://example.org/news/");
  REQUIRE(feed.items.size() == 3);

  const Item& a = feed.items[0];
  CHECK(a.id == "pd-2024-07-27-1");
  CHECK(a.title == "UNC and KPA officers meet at the MDL");
  CHECK(a.link == "https://example.org/news/2024/07/talks?id=7");
  CHECK(date_of(a.published) == "2024-07-27T01:00:00Z");
  CHECK(a.summary == "Officers met at the Joint Security Area. Talks lasted two hours.");
  CHECK(a.content ==
        "Full text: officers of the United Nations Command met \u201cat the line\u201d. one two");
  CHECK(a.authors == std::vector<std::string>{"Kim Min-ji"});
  CHECK(a.categories == std::vector<std::string>{"Diplomacy", "JSA"});

  const Item& b = feed.items[1];
  CHECK(b.id == "https://example.org/news/2024/07/permalink");
  CHECK(b.link == "https://example.org/news/2024/07/permalink");  // permalink guid
  CHECK(date_of(b.published) == "2024-07-28T08:30:00Z");          // dc:date
  CHECK(b.authors == std::vector<std::string>{"News Desk"});

  const Item& c = feed.items[2];
  CHECK(c.link == "https://example.org/news/relative-item");  // resolved against origin
  CHECK(c.id == c.link);
  CHECK_FALSE(c.published.has_value());  // "not a date at all" is absent, not now
  CHECK(c.summary == "Described only by media RSS");
  CHECK_FALSE(feed.warnings.empty());  // the unreadable date is reported
}

TEST_CASE("RSS 1.0 (RDF) fixture", "[feeds][rdf]") {
  ParsedFeed feed = parse_ok(fixture("rdf.xml"));
  CHECK(feed.format == FeedFormat::kRss10);
  CHECK(feed.title == "RDF Channel");
  CHECK(feed.link == "https://example.net/");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "Ceasefire line inspection");
  CHECK(feed.items[0].id == "https://example.net/a");
  CHECK(date_of(feed.items[0].published) == "2023-07-27T00:15:00Z");
  CHECK(feed.items[0].categories == std::vector<std::string>{"MAC"});
}

TEST_CASE("Atom 1.0 fixture: text constructs, xml:base, source ignored", "[feeds][atom]") {
  ParsedFeed feed = parse_ok(fixture("atom10.xml"));
  CHECK(feed.format == FeedFormat::kAtom10);
  CHECK(feed.title == "Atom <Test> Feed");
  CHECK(feed.link == "https://example.com/");
  REQUIRE(feed.items.size() == 2);
  const Item& a = feed.items[0];
  CHECK(a.id == "tag:example.com,2024:talks");
  CHECK(a.title == "Talks resume at Panmunjom");
  CHECK(a.link == "https://example.com/feeds/2024/talks");
  CHECK(date_of(a.published) == "2024-07-27T04:00:00Z");
  CHECK(date_of(a.updated) == "2024-07-27T06:00:00Z");
  CHECK(a.authors == std::vector<std::string>{"Lee Sun"});
  CHECK(a.categories == std::vector<std::string>{"diplomacy"});
  CHECK(a.summary == "Plain text with <tags> kept as text.");
  CHECK(a.content == "First & foremost. Second.");
  CHECK(feed.items[1].content == "HTML content");
  CHECK(feed.items[1].date().has_value());
}

TEST_CASE("Atom 0.3 fixture: modes escaped and base64, issued/modified", "[feeds][atom]") {
  ParsedFeed feed = parse_ok(fixture("atom03.xml"));
  CHECK(feed.format == FeedFormat::kAtom03);
  CHECK(feed.title == "Atom 0.3 <Feed>");
  CHECK(feed.link == "http://example.org/");
  REQUIRE(feed.items.size() == 1);
  const Item& a = feed.items[0];
  CHECK(a.link == "http://example.org/2004/legacy");
  CHECK(date_of(a.published) == "2003-12-13T12:29:29Z");
  CHECK(date_of(a.updated) == "2003-12-13T18:30:02Z");
  CHECK(a.summary == "Base64 summary");
  CHECK(a.content == "Escaped HTML");
}

TEST_CASE("JSON Feed fixture: 1.1 and 1.0 fields, duplicate ids", "[feeds][json]") {
  ParsedFeed feed = parse_ok(fixture("jsonfeed.json"), "application/feed+json");
  CHECK(feed.format == FeedFormat::kJson);
  CHECK(feed.title == "JSON & Feed");
  CHECK(feed.link == "https://example.org/");
  REQUIRE(feed.items.size() == 2);
  const Item& a = feed.items[0];
  CHECK(a.id == "2");
  CHECK(a.link == "https://example.org/second");
  CHECK(a.content == "Hello, world!");
  CHECK(a.summary == "A summary");
  CHECK(date_of(a.published) == "2024-07-27T01:00:00Z");
  CHECK(date_of(a.updated) == "2024-07-27T02:00:00Z");
  CHECK(a.authors == std::vector<std::string>{"Park Ji-woo"});
  CHECK(a.categories == std::vector<std::string>{"dmz", "talks"});
  const Item& b = feed.items[1];
  CHECK(b.id == "1");
  CHECK(b.link == "https://example.org/first");
  CHECK(b.content == "Plain text content");
  CHECK(b.authors == std::vector<std::string>{"Old Style Author"});
  REQUIRE(feed.warnings.size() == 1);
  CHECK(feed.warnings[0].find("duplicate") != std::string::npos);
}

TEST_CASE("JSON that is not a feed is a parse error", "[feeds][json]") {
  auto r = parse_feed(R"({"hello": "world"})", "application/json", "x.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kParse);
  auto bad = parse_feed(R"({"items": [)", "", "y.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().context == "y.json");
}

TEST_CASE("lead's demo fixtures parse", "[feeds][rss][atom]") {
  std::string dir = std::string(ARMWATCH_TEST_DATA_DIR) + "/feeds/";
  ParsedFeed wire = parse_ok(testing::read_file(dir + "korea-wire.xml"));
  CHECK(wire.format == FeedFormat::kRss20);
  REQUIRE(wire.items.size() == 4);
  CHECK(wire.items[0].link == "http://127.0.0.1/korea-wire/2024/missile-0530");
  CHECK(wire.items[0].summary.find("short-range ballistic missile") != std::string::npos);
  ParsedFeed un = parse_ok(testing::read_file(dir + "un-statements.xml"));
  CHECK(un.format == FeedFormat::kAtom10);
  CHECK(un.items.size() == 3);
  CHECK(un.items[0].summary.rfind("Members condemned", 0) == 0);
}

TEST_CASE("CDATA, entities and HTML in titles", "[feeds][rss]") {
  ParsedFeed feed = parse_ok(R"(<rss version="2.0"><channel><title>t</title>
    <item><title>A &amp;amp; B &lt;i&gt;x&lt;/i&gt; &#8216;q&#8217;</title><guid>1</guid></item>
    <item><title><![CDATA[<p>Para</p> &amp; more]]></title><guid>2</guid></item>
    <item><title>caf&#xe9;   with
       newlines</title><guid>3</guid></item>
    </channel></rss>)");
  REQUIRE(feed.items.size() == 3);
  CHECK(feed.items[0].title == "A & B x \u2018q\u2019");
  CHECK(feed.items[1].title == "Para & more");
  CHECK(feed.items[2].title == "caf\u00e9 with newlines");
}

TEST_CASE("undeclared HTML entities are decoded and mark the feed broken", "[feeds][rss]") {
  ParsedFeed feed = parse_ok(
      "<rss><channel><title>caf&eacute; &mdash; ok</title>"
      "<item><title>x&nbsp;y</title><guid>1</guid></item></channel></rss>");
  CHECK(feed.broken);
  CHECK(feed.title == "caf\u00e9 \u2014 ok");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "x y");
}

TEST_CASE("internal DTD entities are expanded", "[feeds][rss]") {
  ParsedFeed feed = parse_ok(
      "<!DOCTYPE rss [<!ENTITY org \"United Nations Command\">]>"
      "<rss><channel><title>&org; feed</title></channel></rss>");
  CHECK_FALSE(feed.broken);
  CHECK(feed.title == "United Nations Command feed");
}

TEST_CASE("attribute values keep their ampersands", "[feeds][atom]") {
  ParsedFeed feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <id>e</id><link href="http://example.com/?a=1&amp;b=2"/></entry></feed>)");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].link == "http://example.com/?a=1&b=2");
}

TEST_CASE("EUC-KR and UTF-16 documents", "[feeds][charset]") {
  ParsedFeed kr = parse_ok(fixture("euc-kr.xml"));
  CHECK_FALSE(kr.broken);
  CHECK(kr.title == "판문점 회담");
  REQUIRE(kr.items.size() == 1);
  CHECK(kr.items[0].title == "똠방각하");  // CP949-only syllable

  ParsedFeed wide = parse_ok(fixture("utf16le-bom.xml"));
  CHECK_FALSE(wide.broken);
  CHECK(wide.title == "UTF-16 제목 ü");
  REQUIRE(wide.items.size() == 1);
  CHECK(wide.items[0].title == "항목");
}

TEST_CASE("the HTTP charset is used when the document declares none", "[feeds][charset]") {
  std::string body = "<rss><channel><title>\xC6\xC7\xB9\xAE\xC1\xA1</title></channel></rss>";
  ParsedFeed feed = parse_ok(body, "application/rss+xml; charset=EUC-KR");
  CHECK(feed.title == "판문점");
}

TEST_CASE("items without id or link get a stable hash id", "[feeds][identity]") {
  const char* doc =
      "<rss><channel><item><title>Untitled wire</title>"
      "<pubDate>Sat, 27 Jul 2024 10:00:00 GMT</pubDate></item></channel></rss>";
  ParsedFeed a = parse_ok(doc);
  ParsedFeed b = parse_ok(doc);
  REQUIRE(a.items.size() == 1);
  CHECK(a.items[0].id.rfind("fnv1a:", 0) == 0);
  CHECK(a.items[0].id == b.items[0].id);
}

}  // namespace
}  // namespace armwatch::feeds

namespace armwatch::feeds {
namespace {

TEST_CASE("RSS author forms reduce to a name", "[feeds][rss]") {
  ParsedFeed feed = parse_ok(R"(<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
    <item><guid>1</guid><author>me@example.com (Jane Doe)</author></item>
    <item><guid>2</guid><author>Jane Doe (me@example.com)</author></item>
    <item><guid>3</guid><dc:creator>Jane Doe &lt;me@example.com&gt;</dc:creator></item>
    <item><guid>4</guid><author>me@example.com</author></item>
    </channel></rss>)");
  REQUIRE(feed.items.size() == 4);
  CHECK(feed.items[0].authors == std::vector<std::string>{"Jane Doe"});
  CHECK(feed.items[1].authors == std::vector<std::string>{"Jane Doe"});
  CHECK(feed.items[2].authors == std::vector<std::string>{"Jane Doe"});
  CHECK(feed.items[3].authors == std::vector<std::string>{"me@example.com"});
}

TEST_CASE("bare ampersands and &#X are repaired, not dropped", "[feeds][broken]") {
  ParsedFeed feed = parse_ok(
      "<rss><channel><title>AT&T &#X41; <![CDATA[a && b]]></title>"
      "<item><guid>1</guid><link>http://example.com/?a=1&b=2</link></item></channel></rss>");
  CHECK(feed.broken);
  CHECK(feed.title == "AT&T A a && b");
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].link == "http://example.com/?a=1&b=2");
}

TEST_CASE("an undeclared namespace prefix marks the feed broken", "[feeds][broken]") {
  ParsedFeed feed = parse_ok("<rss><channel><x:title>t</x:title></channel></rss>");
  CHECK(feed.broken);
  CHECK(feed.title == "t");  // libxml2 recovers the element under its local name
}

TEST_CASE("Atom with an unknown namespace, rdf:about ids, dc:title, media:category",
          "[feeds][atom][rdf]") {
  ParsedFeed atom = parse_ok(
      "<feed version=\"0.3\" xmlns=\"http://example.com/newformat#\"><title>Odd</title></feed>");
  CHECK(atom.format == FeedFormat::kAtom03);
  CHECK(atom.title == "Odd");
  ParsedFeed rdf = parse_ok(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:media=\"http://search.yahoo.com/mrss/\">"
      "<channel><dc:title>DC title</dc:title></channel>"
      "<item rdf:about=\"http://example.org/1\"><title>t</title>"
      "<media:category>cat1</media:category></item></rdf:RDF>");
  CHECK(rdf.title == "DC title");
  REQUIRE(rdf.items.size() == 1);
  CHECK(rdf.items[0].id == "http://example.org/1");
  CHECK(rdf.items[0].categories == std::vector<std::string>{"cat1"});
}

TEST_CASE("an XHTML doctype on an RSS document is not an HTML page", "[feeds][rss]") {
  ParsedFeed feed = parse_ok(
      "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
      "\"http://site.invalid/\"><rss><channel><title>found</title></channel></rss>");
  CHECK(feed.title == "found");
}

TEST_CASE("windows-1252 control characters are mapped (demoronize)", "[feeds][charset]") {
  ParsedFeed feed = parse_ok("<rss><channel><title>don\xC2\x92t</title></channel></rss>");
  CHECK(feed.title == "don\u2019t");
}

TEST_CASE("later dates win over earlier ones for the same field", "[feeds][atom]") {
  ParsedFeed feed = parse_ok(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e</id>
    <updated>2010-12-01T10:14:55Z</updated><updated>2003-12-31T10:14:55Z</updated>
    <updated>garbage</updated></entry></feed>)");
  REQUIRE(feed.items.size() == 1);
  CHECK(date_of(feed.items[0].updated) == "2003-12-31T10:14:55Z");
}

}  // namespace
}  // namespace armwatch::feeds
