#include "core/text.h"

#include <catch2/catch.hpp>

#include "core/taxonomy.h"

using namespace armwatch;

TEST_CASE("valid UTF-8 is recognised and ill-formed sequences are not", "[core][text]") {
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(
      is_valid_utf8("\xEA\xB5\xB0\xEC\x82\xAC\xEB\xB6\x84\xEA\xB3\x84\xEC\x84\xA0"));  // 군사분계선
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("abc\xE2\x82"));       // truncated
}

TEST_CASE("repair_utf8 replaces each bad byte and keeps good text", "[core][text]") {
  CHECK(repair_utf8("ok") == "ok");
  CHECK(repair_utf8("a\xFF"
                    "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(repair_utf8(std::string("a\0b", 3)) == "ab");
  std::string repaired = repair_utf8("\xC0\xAF\xE2\x82");
  CHECK(is_valid_utf8(repaired));
}

TEST_CASE("append_utf8 encodes every length and rejects non-scalars", "[core][text]") {
  std::string out;
  append_utf8(out, U'A');
  append_utf8(out, U'\u00E9');
  append_utf8(out, U'\uAD70');
  append_utf8(out, U'\U0001F600');
  CHECK(out == "A\xC3\xA9\xEA\xB5\xB0\xF0\x9F\x98\x80");
  std::string bad;
  append_utf8(bad, 0xD800);
  CHECK(bad == "\xEF\xBF\xBD");
}

TEST_CASE("collapse_whitespace trims and joins runs, including no-break spaces", "[core][text]") {
  CHECK(collapse_whitespace("  North\t\tKorea \n fires\xC2\xA0\xC2\xA0missile  ") ==
        "North Korea fires missile");
  CHECK(collapse_whitespace(" \n ").empty());
  CHECK(ascii_lower("DPRK Fires") == "dprk fires");
}

TEST_CASE("taxonomy lists the twelve categories of the shared taxonomy", "[core][taxonomy]") {
  CHECK(category_slugs().size() == 12);
  CHECK(is_category("missile-launch"));
  CHECK(is_category("naval-nll-clash"));
  CHECK_FALSE(is_category("missile"));
}
