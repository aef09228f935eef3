#include "core/result.h"

#include <memory>
#include <string>

#include <catch2/catch.hpp>

using armwatch::Error;
using armwatch::ErrorCode;
using armwatch::Result;
using armwatch::Status;

namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) {
    return armwatch::make_error(ErrorCode::kInvalidArgument, "not positive", "arg");
  }
  return v;
}

Status check(bool good) {
  if (!good) {
    return armwatch::make_error(ErrorCode::kIo, "disk said no");
  }
  return {};
}

}  // namespace

TEST_CASE("Result holds a value or an error", "[core][result]") {
  auto good = parse_positive(3);
  REQUIRE(good.has_value());
  CHECK(*good == 3);
  CHECK(good.value_or(7) == 3);

  auto bad = parse_positive(-1);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);
  CHECK(bad.error().to_string() == "arg: not positive");
  CHECK(bad.value_or(7) == 7);
}

TEST_CASE("Result moves move-only values out", "[core][result]") {
  Result<std::unique_ptr<std::string>> r(std::make_unique<std::string>("armistice"));
  std::unique_ptr<std::string> owned = std::move(r).value();
  REQUIRE(owned);
  CHECK(*owned == "armistice");
}

TEST_CASE("Status is ok by default and carries an error otherwise", "[core][result]") {
  CHECK(check(true).ok());
  auto s = check(false);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kIo);
  CHECK(s.error().to_string() == "disk said no");
  CHECK(armwatch::to_string(ErrorCode::kBusy) == "database busy");
}
