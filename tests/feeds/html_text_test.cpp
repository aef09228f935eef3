#include "feeds/html_text.h"

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <libxml/HTMLparser.h>

#include "core/text.h"
#include "feeds/html_entities.h"

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

TEST_CASE("the named entity table matches libxml2's, name for name", "[feeds][html]") {
  std::size_t libxml2_names = 0;
  for (unsigned cp = 1; cp < 0x10000; ++cp) {
    const htmlEntityDesc* desc = htmlEntityValueLookup(cp);
    if (desc == nullptr) {
      continue;
    }
    ++libxml2_names;
    INFO(desc->name);
    CHECK(html_entity(reinterpret_cast<const char*>(desc->name)) == static_cast<char32_t>(cp));
  }
  CHECK(libxml2_names == html_entity_count());
  for (const char* name : {"eacute", "nbsp", "hellip", "mdash", "euro", "apos", "amp"}) {
    INFO(name);
    const htmlEntityDesc* desc = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name));
    REQUIRE(desc != nullptr);
    CHECK(html_entity(name) == static_cast<char32_t>(desc->value));
  }
  for (const char* name : {"", "Nbsp", "eacut", "eacutee", "zzz", "ampx"}) {
    INFO(name);
    CHECK_FALSE(html_entity(name));
  }
}

// What html_to_text's last pass must equal: the three core steps it replaces.
std::string reference_tidy(std::string_view s) {
  static constexpr char16_t kCp1252[32] = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string repaired = repair_utf8(s);
  std::string mapped;
  for (std::size_t i = 0; i < repaired.size(); ++i) {
    auto b = static_cast<unsigned char>(repaired[i]);
    auto next = i + 1 < repaired.size() ? static_cast<unsigned char>(repaired[i + 1]) : 0;
    if (b == 0xC2 && next >= 0x80 && next <= 0x9F) {
      append_utf8(mapped, kCp1252[next - 0x80]);
      ++i;
    } else {
      mapped += repaired[i];
    }
  }
  return collapse_whitespace(mapped);
}

TEST_CASE("html_to_text's final pass equals repair, C1 mapping and collapse", "[feeds][html]") {
  const std::vector<std::string> pieces = {"a",
                                           "Zq",
                                           " ",
                                           "\t",
                                           "\n",
                                           "\r",
                                           "\f",
                                           "\v",
                                           std::string(1, '\0'),
                                           "\x01",
                                           "\x7f",
                                           "\xC2\xA0",
                                           "\xC2\x85",
                                           "\xC2\x9F",
                                           "\xC2\x81",
                                           "\xC2",
                                           "\xA0",
                                           "\xE2\x80\x99",
                                           "\xE2\x80",
                                           "\xED\xA0\x80",
                                           "\xF0\x9F\x98\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xFF",
                                           "\xC3\xA9",
                                           "\xEA\xB0\x80",
                                           "\xC0\xAF",
                                           "armistice",
                                           "DMZ.",
                                           "  ",
                                           " a b c d "};
  std::mt19937 rng(42);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) {
      s += pieces[rng() % pieces.size()];
    }
    INFO(round);
    CHECK(html_to_text(s) == reference_tidy(s));
  }
}

}  // namespace
}  // namespace armwatch::feeds
