#include "core/time.h"

#include <catch2/catch.hpp>

#include "core/clock.h"
#include "core/event.h"

using namespace armwatch;
using namespace std::chrono_literals;

TEST_CASE("RFC 3339 parses zones and formats as UTC", "[core][time]") {
  auto t = parse_rfc3339("2024-06-09T12:30:00+09:00");
  REQUIRE(t);
  CHECK(format_rfc3339(*t) == "2024-06-09T03:30:00Z");
  CHECK(to_unix_ms(*parse_rfc3339("1970-01-01T00:00:00Z")) == 0);
  CHECK(format_rfc3339(*parse_rfc3339("1953-07-27")) == "1953-07-27T00:00:00Z");
  CHECK(format_rfc3339(*parse_rfc3339("2024-02-29 23:59:59.123Z")) == "2024-02-29T23:59:59Z");
  CHECK(format_rfc3339(*parse_rfc3339("2003-12-31T10:14:55-08:00")) == "2003-12-31T18:14:55Z");
}

TEST_CASE("RFC 3339 rejects malformed and out-of-range values", "[core][time]") {
  CHECK_FALSE(parse_rfc3339(""));
  CHECK_FALSE(parse_rfc3339("2024-13-01"));
  CHECK_FALSE(parse_rfc3339("2023-02-29"));
  CHECK_FALSE(parse_rfc3339("2024-06-31"));
  CHECK_FALSE(parse_rfc3339("2024-06-09T25:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2024-06-09T12:00:00+0900x"));
  CHECK_FALSE(parse_rfc3339("yesterday"));
}

TEST_CASE("durations accept the units users type", "[core][time]") {
  CHECK(parse_duration("7d") == Millis(7 * 86400 * 1000LL));
  CHECK(parse_duration("24h") == Millis(24 * 3600 * 1000LL));
  CHECK(parse_duration("15m") == Millis(15 * 60 * 1000LL));
  CHECK(parse_duration("90") == Millis(90'000));
  CHECK(parse_duration("250ms") == Millis(250));
  CHECK_FALSE(parse_duration("7 days"));
  CHECK_FALSE(parse_duration("-5m"));
  CHECK_FALSE(parse_duration(""));
}

TEST_CASE("ManualClock moves only when told", "[core][clock]") {
  ManualClock clock(from_unix_ms(1000));
  CHECK(to_unix_ms(clock.now()) == 1000);
  clock.advance(5s);
  CHECK(to_unix_ms(clock.now()) == 6000);
  SystemClock system;
  CHECK(system.now() > *parse_rfc3339("2020-01-01"));
}

TEST_CASE("severity slugs round-trip and order by gravity", "[core][event]") {
  for (auto s : {Severity::kInfo, Severity::kWarning, Severity::kViolation}) {
    CHECK(parse_severity(to_string(s)) == s);
  }
  CHECK_FALSE(parse_severity("critical"));
  CHECK(Severity::kViolation > Severity::kWarning);
}
