// Condition expressions: precedence, parentheses, quantifiers and macros.
#include "rules/condition.h"

#include <catch2/catch.hpp>

using namespace armwatch::rules::detail;

namespace {

// Evaluates `text` over selections a, b, c, sel_1, sel_2 (true where `truth`
// has a '1') and one macro "m" with value `macro`.
bool eval(const std::string& text, const std::string& truth, bool macro = false) {
  static const std::vector<std::string> kNames = {"a", "b", "c", "sel_1", "sel_2"};
  ConditionNames names{&kNames, [](std::string_view n) -> std::optional<int> {
                         return n == "m" ? std::optional<int>(0) : std::nullopt;
                       }};
  ConditionError err;
  auto e = parse_condition(text, names, &err);
  INFO(text << ": " << err.message);
  REQUIRE(e.has_value());
  return eval_condition(
      *e, [&](int i) { return truth[static_cast<std::size_t>(i)] == '1'; },
      [&](int) { return macro; });
}

ConditionError parse_error(const std::string& text) {
  static const std::vector<std::string> kNames = {"a", "b"};
  ConditionNames names{&kNames, nullptr};
  ConditionError err;
  CHECK_FALSE(parse_condition(text, names, &err).has_value());
  return err;
}

}  // namespace

TEST_CASE("not binds tighter than and, and tighter than or", "[rules][condition]") {
  CHECK(eval("a or b and c", "10000"));
  CHECK_FALSE(eval("(a or b) and c", "10000"));
  CHECK(eval("not a and b", "01000"));
  CHECK_FALSE(eval("not (a or b)", "01000"));
  CHECK(eval("not not a", "10000"));
  CHECK(eval("a and b and c", "11100"));
  CHECK_FALSE(eval("a and b and c", "11000"));
}

TEST_CASE("1 of / all of over a glob or them", "[rules][condition]") {
  CHECK(eval("1 of sel_*", "00001"));
  CHECK_FALSE(eval("all of sel_*", "00001"));
  CHECK(eval("all of sel_*", "00011"));
  CHECK(eval("any of sel_*", "00010"));
  CHECK(eval("all of them", "11111"));
  CHECK_FALSE(eval("all of them", "11110"));
  CHECK(eval("a and not 1 of sel_*", "10000"));
}

TEST_CASE("Macros are leaves", "[rules][condition]") {
  CHECK(eval("m and a", "10000", true));
  CHECK_FALSE(eval("m and a", "10000", false));
}

TEST_CASE("Syntax errors carry a code and an offset", "[rules][condition]") {
  CHECK(parse_error("a and").code == "AW-R012");
  CHECK(parse_error("a and").offset == 5);
  CHECK(parse_error("(a or b").code == "AW-R012");
  CHECK(parse_error("a b").offset == 2);
  CHECK(parse_error("a & b").offset == 2);
  CHECK(parse_error("a or zz").code == "AW-R013");
  CHECK(parse_error("a or zz").offset == 5);
  CHECK(parse_error("1 of q*").code == "AW-R013");
  CHECK(parse_error("").code == "AW-R012");
}
