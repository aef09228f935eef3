// The simple XML reader against libxml2: where it reads a document, the result
// must be the one libxml2's driver gives; anything outside its subset it must
// leave to libxml2. (tests/conformance runs the same comparison on the whole
// feedparser corpus.)
#include "feeds/simple_xml_reader.h"

#include <string>

#include <catch2/catch.hpp>

#include "feeds/charset.h"
#include "feeds/feed_builder.h"
#include "feeds/feed_json.h"
#include "feeds/feed_parser.h"
#include "feeds/xml_feed_parser.h"

namespace armwatch::feeds {
namespace {

bool reads(const std::string& doc) {
  REQUIRE(is_xml_safe_utf8(doc));
  FeedBuilder builder("https://example.org/feed");
  return read_simple_xml(doc, builder);
}

// Both drivers, compared field by field.
void check_same_as_libxml2(const std::string& doc) {
  INFO(doc);
  auto fast = parse_simple_xml_feed(doc, "https://example.org/feed");
  REQUIRE(fast);
  auto slow = parse_xml_feed(doc, "https://example.org/feed");
  REQUIRE(fast->ok() == slow.ok());
  if (slow.ok()) {
    CHECK(to_json(**fast) == to_json(*slow));
  } else {
    CHECK(fast->error().to_string() == slow.error().to_string());
  }
}

TEST_CASE("simple reader: what it reads matches libxml2", "[feeds][simplexml]") {
  const char* docs[] = {
      // Declaration, comments, PIs, CRLF and lone CR in text and in attributes.
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<!-- c -->\r\n"
      "<?style x?><rss version=\"2.0\"><channel><title>a\r\nb\rc</title>"
      "<item><title>T</title><category domain=\"x\r\ny\tz\">k\r\n</category>"
      "<guid isPermaLink='false'>g</guid><!-- in --><?pi?></item></channel></rss>\r\n",
      // References in text and attributes; escaped HTML; CDATA with "]]" and CR.
      "<rss><channel><item><title>A &amp; B &lt;i&gt;x&lt;/i&gt; &#233;&#xE9;&#x1F600; "
      "&quot;q&apos;"
      "</title><description>&lt;p&gt;One &amp;amp; two&amp;nbsp;&lt;/p&gt;</description>"
      "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
      "<![CDATA[<p>x]] y\r\nz &nbsp;</p>]]></content:encoded>"
      "<link>http://example.org/a?x=1&amp;utm_source=y</link></item></channel></rss>",
      // Atom: default namespace, prefixes, xml:base, xmlns="" undeclaring.
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:x=\"http://www.w3.org/1999/xhtml\" "
      "xml:base=\"http://example.org/base/\"><title type=\"html\">&lt;b&gt;t&lt;/b&gt;</title>"
      "<entry xml:base=\"sub/\"><id>urn:1</id><link rel=\"alternate\" href=\"rel?a=1&amp;b=2\"/>"
      "<content type=\"xhtml\"><x:div><x:p>hi <x:b>there</x:b></x:p></x:div></content>"
      "<other xmlns=\"\"><title>not atom</title></other>"
      "<category term=\"a &amp; b\"/><updated>2024-06-09T14:03:00Z</updated></entry></feed>",
      // RSS 1.0 with rdf:about and dc:.
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<channel rdf:about=\"http://e/\"><title>t</title></channel>"
      "<item rdf:about=\"http://e/1\"><title>one</title><dc:date>2024-01-02</dc:date></item>"
      "</rdf:RDF>",
      // Empty elements, whitespace everywhere, not a feed, an HTML root.
      "<rss ><channel ><item ><title/><guid >x</guid ></item></channel ></rss >",
      "<note><to>x</to></note>",
      "<html><body>hi</body></html>",
  };
  for (const char* doc : docs) {
    check_same_as_libxml2(doc);
  }
}

TEST_CASE("simple reader: leaves everything outside its subset to libxml2", "[feeds][simplexml]") {
  const char* wrap = "<rss><channel><item><title>%</title></item></channel></rss>";
  auto in_title = [&](const std::string& s) {
    std::string doc = wrap;
    return doc.replace(doc.find('%'), 1, s);
  };
  CHECK(reads(in_title("plain")));
  for (const std::string& bad : {
           in_title("&nbsp;"),  // an HTML entity: undeclared in XML
           in_title("a & b"),   // a bare ampersand
           in_title("&#X41;"),  // "&#X" is not XML
           in_title("&#1;"),    // not an XML character
           in_title("&#0;"),
           in_title("&#1114112;"),    // past U+10FFFF
           in_title("a ]]> b"),       // not allowed in text
           in_title("<x:b>t</x:b>"),  // an undeclared prefix
           in_title("<b>t</i>"),      // mismatched tags
           in_title("<b a='1' a='2'/>"),
           in_title("<b a=1/>"),
           in_title("<b a/>"),
           in_title("<b a='<'/>"),
           in_title("<!-- a -- b -->"),
           in_title("<?xml version='1.0'?>"),
           in_title("<b xmlns:p=''/>"),
           std::string(" <?xml version=\"1.0\"?><rss/>"),
           std::string("<?xml encoding=\"utf-8\"?><rss/>"),
           std::string("<rss/><rss/>"),
           std::string("<rss/>text after"),
           std::string("<rss><channel>cut off"),
           std::string("<rss><channel></channel>"),
           std::string(""),
           std::string("not xml"),
       }) {
    INFO(bad);
    CHECK_FALSE(reads(bad));
    // parse_feed then reads it with libxml2's driver: an error, or a feed whose
    // ill-formedness is flagged.
    auto via_feed = parse_feed(bad, "", "x");
    if (via_feed.ok()) {
      CHECK(via_feed->broken);
    }
  }
  // Well-formed, but rare enough to leave to libxml2 too.
  for (const std::string& rare : {in_title("<\xC3\xA9l/>"), std::string("<!DOCTYPE rss><rss/>"),
                                  std::string("<?xml version=\"1.1\"?><rss/>")}) {
    INFO(rare);
    CHECK_FALSE(reads(rare));
    auto via_feed = parse_feed(rare, "", "x");
    REQUIRE(via_feed.ok());
    CHECK_FALSE(via_feed->broken);
  }
  std::string deep = "<rss>";
  for (int i = 0; i < 300; ++i) {
    deep += "<a>";
  }
  CHECK_FALSE(reads(deep));
}

TEST_CASE("parse_feed takes the simple route only for clean UTF-8", "[feeds][simplexml]") {
  const std::string doc =
      "<rss><channel><item><title>caf\xC3\xA9</title><guid>1</guid></item></channel></rss>";
  auto clean = parse_feed(doc, "application/rss+xml", "x");
  REQUIRE(clean.ok());
  CHECK_FALSE(clean->broken);
  CHECK(clean->items[0].title == "caf\xC3\xA9");
  // Labelled latin-1: the same bytes mean something else, and libxml2's route
  // (after conversion) reads them.
  auto latin = parse_feed(doc, "application/rss+xml; charset=iso-8859-1", "x");
  REQUIRE(latin.ok());
  CHECK(latin->items[0].title == "caf\xC3\x83\xC2\xA9");
  // A control character sends it down the repairing route, which flags it.
  auto control = parse_feed(
      "<rss><channel><item><title>a\x01"
      "b</title></item></channel></rss>",
      "", "x");
  REQUIRE(control.ok());
  CHECK(control->broken);
  CHECK(control->items[0].title == "ab");
}

}  // namespace
}  // namespace armwatch::feeds
