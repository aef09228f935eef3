#include "feeds/html_text.h"

#include <catch2/catch.hpp>

#include "core/text.h"

namespace armwatch::feeds {
namespace {

TEST_CASE("html_to_text strips tags and drops scripts and styles", "[feeds][html]") {
  CHECK(html_to_text("<p>One <b>bold</b> move</p>") == "One bold move");
  CHECK(html_to_text("a<script>var x = '<p>';</script>b") == "a b");
  CHECK(html_to_text("a<STYLE type='text/css'>p { }</STYLE>b") == "a b");
  CHECK(html_to_text("<!-- hidden -->shown") == "shown");
  CHECK(html_to_text("x<![CDATA[ raw <text> ]]>y") == "x raw <text> y");
}

TEST_CASE("html_to_text turns block elements into spaces", "[feeds][html]") {
  CHECK(html_to_text("<p>First</p><p>Second</p>") == "First Second");
  CHECK(html_to_text("line<br>break<br/>again") == "line break again");
  CHECK(html_to_text("<ul><li>a</li><li>b</li></ul>") == "a b");
  CHECK(html_to_text("in<b>line</b>") == "inline");
}

TEST_CASE("html_to_text decodes entities", "[feeds][html]") {
  CHECK(html_to_text("AT&amp;T &lt;tag&gt; &quot;q&quot; &#39;s&#x27;") == "AT&T <tag> \"q\" 's'");
  CHECK(html_to_text("caf&eacute; &mdash; &hellip;") == "caf\u00e9 \u2014 \u2026");
  CHECK(html_to_text("&#150; &#x93;x&#x94;") == "\u2013 \u201cx\u201d");  // windows-1252
  CHECK(html_to_text("&#0; &#x110000;") == "\uFFFD \uFFFD");
  CHECK(html_to_text("a &unknown; b & c") == "a &unknown; b & c");
  CHECK(html_to_text("?a=1&copy=2") == "?a=1&copy=2");  // no ';': not an entity
}

TEST_CASE("html_to_text keeps stray angle brackets and cut-off tags safe", "[feeds][html]") {
  CHECK(html_to_text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2");
  CHECK(html_to_text("text <b class=\"x>y\">bold</b>") == "text bold");
  CHECK(html_to_text("cut <a href=\"x") == "cut");
}

TEST_CASE("html_to_text always returns valid UTF-8", "[feeds][html]") {
  std::string out = html_to_text("bad \xff\xfe bytes &#xD800;");
  CHECK(is_valid_utf8(out));
  CHECK(out == "bad \uFFFD\uFFFD bytes \uFFFD");
}

TEST_CASE("decode_entities and escape_html", "[feeds][html]") {
  CHECK(decode_entities("a=1&#38;b=2 <b>") == "a=1&b=2 <b>");
  CHECK(escape_html("<a & b>") == "&lt;a &amp; b&gt;");
  CHECK(html_to_text(escape_html("<b>x</b> & y")) == "<b>x</b> & y");
}

}  // namespace
}  // namespace armwatch::feeds
