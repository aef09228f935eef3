#include "storage/json_text.h"

#include <catch2/catch.hpp>

using armwatch::storage::from_json_array;
using armwatch::storage::to_json_array;

TEST_CASE("JSON arrays of strings round-trip whatever the strings hold", "[storage][json]") {
  std::vector<std::string> values = {
      "AA-I-6", "", "a,b", "quote \" and \\", "tab\tnl\n", std::string("\x01", 1), "한국어 · « »"};
  std::string json = to_json_array(values);
  CHECK(json.find('\n') == std::string::npos);
  auto back = from_json_array(json);
  REQUIRE(back);
  CHECK(*back == values);
}

TEST_CASE("JSON arrays: empty forms and escapes written by others", "[storage][json]") {
  CHECK(to_json_array({}) == "[]");
  CHECK(from_json_array("")->empty());
  CHECK(from_json_array(" [ ] ")->empty());
  auto v = from_json_array(R"( ["a\/b", "\u00e9", "\ud83d\ude00", "\ud800"] )");
  REQUIRE(v);
  CHECK((*v)[0] == "a/b");
  CHECK((*v)[1] == "\xC3\xA9");
  CHECK((*v)[2] == "\xF0\x9F\x98\x80");
  CHECK((*v)[3] == "\xEF\xBF\xBD");
}

TEST_CASE("JSON arrays: malformed text is refused", "[storage][json]") {
  CHECK_FALSE(from_json_array("a,b"));
  CHECK_FALSE(from_json_array("[\"a\""));
  CHECK_FALSE(from_json_array("[\"a\",]"));
  CHECK_FALSE(from_json_array("[1]"));
  CHECK_FALSE(from_json_array("[\"a\"] x"));
  CHECK_FALSE(from_json_array("[\"\\q\"]"));
}
