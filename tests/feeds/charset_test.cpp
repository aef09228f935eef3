#include "feeds/charset.h"

#include <catch2/catch.hpp>

#include "core/text.h"

namespace armwatch::feeds {
namespace {

TEST_CASE("charset label from Content-Type", "[feeds][charset]") {
  CHECK(charset_from_content_type("text/xml; charset=UTF-8") == "utf-8");
  CHECK(charset_from_content_type("text/xml;charset = \"euc-kr\"") == "euc-kr");
  CHECK(charset_from_content_type("application/rss+xml") == "");
  CHECK(iconv_name_for("EUC-KR") == "CP949");
  CHECK(iconv_name_for("ks_c_5601-1987") == "CP949");
  CHECK(iconv_name_for("iso-8859-1") == "WINDOWS-1252");
}

TEST_CASE("byte order mark beats the declaration and the HTTP charset", "[feeds][charset]") {
  std::string body = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xC3\xA9</a>";
  DecodedBody d = decode_to_utf8(body, "text/xml; charset=koi8-r");
  CHECK(d.encoding == "UTF-8");
  CHECK(d.utf8 == "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\u00e9</a>");
  CHECK_FALSE(d.had_errors);
}

TEST_CASE("declaration beats the HTTP charset", "[feeds][charset]") {
  std::string body = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xE9</a>";
  DecodedBody d = decode_to_utf8(body, "text/xml; charset=utf-8");
  CHECK(d.encoding == "WINDOWS-1252");
  CHECK(d.utf8.find("<a>\u00e9</a>") != std::string::npos);
}

TEST_CASE("HTTP charset applies when the document declares none", "[feeds][charset]") {
  DecodedBody d = decode_to_utf8("<a>\xB3\xE2</a>", "text/xml; charset=euc-kr");
  CHECK(d.encoding == "CP949");
  CHECK(d.utf8 == "<a>\ub144</a>");
}

TEST_CASE("EUC-KR labelled documents decode as CP949", "[feeds][charset]") {
  // 0x8C 0x63 is U+B620 in CP949's extension area, absent from strict EUC-KR.
  DecodedBody d = decode_to_utf8("<?xml version='1.0' encoding='euc-kr'?><a>\x8C\x63</a>", "");
  CHECK_FALSE(d.had_errors);
  CHECK(d.utf8.find("\ub620") != std::string::npos);
}

TEST_CASE("UTF-16 without a BOM is recognised from its first bytes", "[feeds][charset]") {
  std::string body("<\0a\0>\0\xe9\0<\0/\0a\0>\0", 16);
  DecodedBody d = decode_to_utf8(body, "");
  CHECK(d.encoding == "UTF-16LE");
  CHECK(d.utf8 == "<a>\u00e9</a>");
}

TEST_CASE("invalid bytes become U+FFFD and are reported", "[feeds][charset]") {
  DecodedBody d = decode_to_utf8("<a>ok \xff\xfe</a>", "");
  CHECK(d.had_errors);
  CHECK(is_valid_utf8(d.utf8));
  CHECK(d.utf8 == "<a>ok \uFFFD\uFFFD</a>");
  DecodedBody bogus = decode_to_utf8("<?xml version='1.0' encoding='x-no-such'?><a/>", "");
  CHECK(bogus.had_errors);
  CHECK(bogus.encoding == "UTF-8");
  CHECK_FALSE(bogus.warnings.empty());
}

}  // namespace
}  // namespace armwatch::feeds
