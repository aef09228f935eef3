#include "feeds/date_parser.h"

#include <string>

#include <catch2/catch.hpp>

#include "core/time.h"

namespace armwatch::feeds {
namespace {

// "" when parse_feed_date rejects the input, else the UTC RFC 3339 string.
std::string parsed(std::string_view text) {
  auto t = parse_feed_date(text);
  return t ? format_rfc3339(*t) : "";
}

struct DateCase {
  const char* input;
  const char* expected;  // "" = must be rejected
};

TEST_CASE("RFC 822 dates and their variants", "[feeds][date]") {
  const DateCase cases[] = {
      {"Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},  // 2-digit year
      {"Fri, 01 Jan 99 00:00:00 GMT", "1999-01-01T00:00:00Z"},  // 2-digit year, 1900s
      {"Sat, 27 Jul 2024 10:00:00 +0900", "2024-07-27T01:00:00Z"},
      {"Sat, 27 Jul 2024 10:00 +0900", "2024-07-27T01:00:00Z"},   // no seconds
      {"Sat, 27 Jul 2024 10:00:00", "2024-07-27T10:00:00Z"},      // no zone -> UTC
      {"27 Jul 2024 10:00:00 UT", "2024-07-27T10:00:00Z"},        // no weekday
      {"Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z"},  // 1-digit day
      {"Mon, 26 January 2004 16:31:00 EST", "2004-01-26T21:31:00Z"},
      {"Mon, 26 Jan 2004 16:31:00 EDT", "2004-01-26T20:31:00Z"},
      {"Mon, 26 Jan 2004 16:31:00 PDT", "2004-01-26T23:31:00Z"},
      {"Mon, 26 Jan 2004 16:31:00 PST", "2004-01-27T00:31:00Z"},
      {"Mon, 26 Jan 2004 16:31:00 KST", "2004-01-26T07:31:00Z"},
      {"Mon, 26 Jan 2004 16:31:00 Z", "2004-01-26T16:31:00Z"},
      {"Mon, 26 Jan 2004 16:31:00 A", "2004-01-26T16:31:00Z"},  // military: UTC (RFC 5322)
      {"Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z"},
      {"Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z"},
      {"Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z"},
      {"Thu, 01 Jan 2004", "2004-01-01T00:00:00Z"},
      {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},  // asctime
      {"Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z"},
      {"Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"},
      {"Sun, 16 Dec 2012 1:2:3:4 GMT", ""},
      {"Sun, 16 zzz 2012 11:47:32 GMT", ""},
      {"Sun, Dec x 2012 11:47:32 GMT", ""},
      {"Sun, 16 Dec zz 11:47:32 GMT", ""},
      {"Sun, 16 Dec 2012 11:47:32 +zz:00", ""},
      {"Sun, 99 Jun 2009 12:00:00 GMT", ""},
      {"Sat, 31 Jun 2024 12:00:00 GMT", ""},  // 31 June
      {"Sat, 27 Jul 2024 25:00:00 GMT", ""},
      {"Sun, 31 Dec 9999 23:59:59 -9999", ""},
      {"yesterday", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    CHECK(parsed(c.input) == c.expected);
  }
}

TEST_CASE("RFC 3339 and W3CDTF dates", "[feeds][date]") {
  const DateCase cases[] = {
      {"2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"},
      {"2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"},
      {"2003-12-31T18:14:55+08:00", "2003-12-31T10:14:55Z"},
      {"2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47Z"},
      {"2024-07-27T10:00:00+0900", "2024-07-27T01:00:00Z"},
      {"2004-07-08 23:56:58 -00:20", "2004-07-09T00:16:58Z"},
      {"2004-07-08 23:56:58", "2004-07-08T23:56:58Z"},
      {"2003-12-31", "2003-12-31T00:00:00Z"},
      {"2003-12", "2003-12-01T00:00:00Z"},
      {"2003", "2003-01-01T00:00:00Z"},
      {"2004-02-28T18:14:55-08:00", "2004-02-29T02:14:55Z"},
      {"2003-02-28T18:14:55-08:00", "2003-03-01T02:14:55Z"},
      {"03-12-31", "2003-12-31T00:00:00Z"},
      {"  2024-07-27T10:00:00Z\n", "2024-07-27T10:00:00Z"},  // surrounding whitespace
      {"9999-12-31T23:59:59-99:99", ""},
      {"2003-12-31T25:14:55Z", ""},
      {"2003-12-31T10:61:55Z", ""},
      {"2003-12-31T10:14:61Z", ""},
      {"2003-02-29", ""},
      {"22013", ""},
      {"013", ""},
      {"2013-01-27-01", ""},
      {"2013-01-28T11:30:00-06:00Textra", ""},
      {"2013-xx-27", ""},
      {"2013-01-28T09:xx:00Z", ""},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    CHECK(parsed(c.input) == c.expected);
  }
}

TEST_CASE("Korean blog dates are read as KST", "[feeds][date]") {
  CHECK(parsed("2004-05-25 오후 11:23:17") == "2004-05-25T14:23:17Z");
  CHECK(parsed("2004-05-25 오전 11:23:17") == "2004-05-25T02:23:17Z");
  CHECK(parsed("2004년 05월 28일  01:31:15") == "2004-05-27T16:31:15Z");
  CHECK(parsed("2004-05-25 11:23:17") == "2004-05-25T11:23:17Z");  // ISO: no zone is UTC
}

TEST_CASE("An invalid date is absent, never now", "[feeds][date]") {
  CHECK_FALSE(parse_feed_date("now").has_value());
  CHECK_FALSE(parse_feed_date("0000-00-00 00:00:00").has_value());
  CHECK_FALSE(parse_feed_date("Mon, 00 Jan 2024 00:00:00 GMT").has_value());
}

// parse_feed_date reads the usual RSS form ("Sun, 09 Jun 2024 14:03:00 +0900")
// directly; any other spacing takes the general tokenising path. Both must agree.
TEST_CASE("the direct RFC 822 path agrees with the general one", "[feeds][date]") {
  int compared = 0;
  for (const char* day : {"Mon", "Sun", "Thu", "Xyz"}) {
    for (const char* date : {"01", "9", "29", "31", "00", "123"}) {
      for (const char* month : {"Jan", "Feb", "Jun", "Dec", "jun", "Foo"}) {
        for (const char* year : {"2024", "1999", "2100", "0099", "24", "20240"}) {
          for (const char* time : {"00:00:00", "23:59:59", "24:00:00", "12:60:00", "9:05:07"}) {
            for (const char* zone : {"+0900", "-0500", "GMT", "UT", "UTC", "Z", "+2400", "-0060",
                                     "EST", "+09:00", "gmt", ""}) {
              std::string usual = std::string(day) + ", " + date + " " + month + " " + year + " " +
                                  time + " " + zone;
              std::string spaced = std::string(day) + ",  " + date + "  " + month + "  " + year +
                                   "  " + time + "  " + zone;
              INFO(usual);
              auto a = parse_feed_date(usual);
              auto b = parse_feed_date(spaced);
              REQUIRE(a.has_value() == b.has_value());
              if (a) {
                CHECK(*a == *b);
              }
              ++compared;
            }
          }
        }
      }
    }
  }
  CHECK(compared > 10'000);
  CHECK(format_rfc3339(*parse_feed_date("Sun, 09 Jun 2024 14:03:00 +0900")) ==
        "2024-06-09T05:03:00Z");
}

}  // namespace
}  // namespace armwatch::feeds
