// Issue 9, feeds: Korean date forms, a feed's time zone for zone-less dates, and
// CP949 bodies under a wrong label.
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include "core/time.h"
#include "feeds/charset.h"
#include "feeds/date_parser.h"
#include "feeds/feed_parser.h"
#include "feeds/feed_zone.h"
#include "feeds/zone.h"
#include "tests/support/temp_dir.h"

namespace armwatch::feeds {
namespace {

std::string parsed(std::string_view text, std::optional<int> offset = std::nullopt) {
  auto t = parse_feed_date(text, offset);
  return t ? format_rfc3339(*t) : "";
}

// "북한 미사일 발사" in CP949 (EUC-KR subset) and "똠방각하" (CP949 only: 똠 = 8C 63).
const std::string kBukhanCp949 = "\xBA\xCF\xC7\xD1 \xB9\xCC\xBB\xE7\xC0\xCF \xB9\xDF\xBB\xE7";
const std::string kTtomCp949 = "\x8C\x63\xB9\xE6\xB0\xA2\xC7\xCF";

std::string rss(const std::string& head, const std::string& title, const std::string& date,
                const std::string& decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>") {
  return decl + "<rss version=\"2.0\"><channel><title>t</title>" + head + "<item><title>" + title +
         "</title><guid>g-1</guid><pubDate>" + date + "</pubDate></item></channel></rss>";
}

std::string published(const Result<ParsedFeed>& r) {
  REQUIRE(r.ok());
  REQUIRE(r->items.size() == 1);
  return r->items[0].published ? format_rfc3339(*r->items[0].published) : "";
}

TEST_CASE("dotted Korean dates and 시 분 times parse", "[feeds][date][korean]") {
  CHECK(parsed("2024.10.15 13:10") == "2024-10-15T13:10:00Z");  // no default: UTC
  CHECK(parsed("2024.10.15 13:10", 540) == "2024-10-15T04:10:00Z");
  CHECK(parsed("2024.10.15 13:10:05", 540) == "2024-10-15T04:10:05Z");
  CHECK(parsed("2024.10.15.", 540) == "2024-10-14T15:00:00Z");  // a date alone: local midnight
  CHECK(parsed("2024.10.15") == "2024-10-15T00:00:00Z");
  CHECK(parsed("2024.10.15 오후 1:10") == "2024-10-15T04:10:00Z");     // Korean word: KST
  CHECK(parsed("2024. 10. 15. 오후 1:10") == "2024-10-15T04:10:00Z");  // portal style
  CHECK(parsed("2024. 10. 15. 13:10", 540) == "2024-10-15T04:10:00Z");
  CHECK(parsed("2024. 1. 5.", 540) == "2024-01-04T15:00:00Z");
  CHECK(parsed("2024. 13. 15. 13:10", 540).empty());
  CHECK(parsed("2024.10.15 오전 12:05") == "2024-10-14T15:05:00Z");
  CHECK(parsed("2024년 10월 15일 13시 10분") == "2024-10-15T04:10:00Z");
  CHECK(parsed("2024년 10월 15일 오후 1시 10분 5초") == "2024-10-15T04:10:05Z");
  CHECK(parsed("2024.10.15 13시 10분") == "2024-10-15T04:10:00Z");
  CHECK(parsed("2024.10.15 13:10 +0000") == "2024-10-15T13:10:00Z");  // its own zone wins
  CHECK(parsed("2024.10.15 13:10 +0000", 540) == "2024-10-15T13:10:00Z");
  for (const char* bad : {"2024.13.15 13:10", "2024.10.32", "2024.10.15..", "2024.10.15 25:10",
                          "2024년 10월 15일 10분", "2024.10.15 13시 13시", "2024.10.15 13:10 13시",
                          "2024.10.15 99분", "24.10.15 13:10"}) {
    INFO(bad);
    CHECK(parsed(bad, 540).empty());
  }
}

TEST_CASE("a default zone applies only to dates written without one", "[feeds][date][korean]") {
  CHECK(parsed("2024-10-15 13:10:00") == "2024-10-15T13:10:00Z");
  CHECK(parsed("2024-10-15 13:10:00", 540) == "2024-10-15T04:10:00Z");
  CHECK(parsed("2024-10-15T13:10:00Z", 540) == "2024-10-15T13:10:00Z");
  CHECK(parsed("2024-10-15T13:10:00+01:00", 540) == "2024-10-15T12:10:00Z");
  CHECK(parsed("Tue, 15 Oct 2024 13:10:00", -300) == "2024-10-15T18:10:00Z");
  CHECK(parsed("Tue, 15 Oct 2024 13:10:00 GMT", -300) == "2024-10-15T13:10:00Z");
  // A configured zone beats the Korean-word guess.
  CHECK(parsed("2004-05-25 오후 11:23:17", 0) == "2004-05-25T23:23:17Z");
}

TEST_CASE("zones resolve from the tz database or an offset", "[feeds][zone]") {
  TimePoint winter = *parse_rfc3339("2024-01-15T12:00:00Z");
  TimePoint summer = *parse_rfc3339("2024-07-15T12:00:00Z");
  CHECK(zone_offset_minutes("Asia/Seoul", summer) == 540);
  CHECK(zone_offset_minutes("Asia/Seoul", *parse_rfc3339("1987-07-15T12:00:00Z")) == 600);
  CHECK(zone_offset_minutes("+09:00", winter) == 540);
  CHECK(zone_offset_minutes("-0330", winter) == -210);
  CHECK(zone_offset_minutes("+9", winter) == 540);
  CHECK(zone_offset_minutes("UTC", winter) == 0);
  CHECK(zone_offset_minutes("America/New_York", winter) == -300);
  CHECK(zone_offset_minutes("America/New_York", summer) == -240);
  CHECK(zone_offset_minutes("Asia/Kolkata", summer) == 330);
  CHECK_FALSE(zone_offset_minutes("Asia/Seol", summer));
  CHECK_FALSE(zone_offset_minutes("../etc/passwd", summer));
  CHECK_FALSE(zone_offset_minutes("+25:00", summer));
  CHECK_FALSE(zone_offset_minutes("", summer));
}

TEST_CASE("without a tz database Asia/Seoul still resolves", "[feeds][zone]") {
  testing::TempDir empty;
  const char* old = std::getenv("TZDIR");
  std::string saved = old != nullptr ? old : "";
  REQUIRE(setenv("TZDIR", empty.path().c_str(), 1) == 0);
  TimePoint now = *parse_rfc3339("2024-07-15T12:00:00Z");
  CHECK(zone_offset_minutes("Asia/Seoul", now) == 540);
  CHECK_FALSE(zone_offset_minutes("Europe/Paris", now));
  if (old != nullptr) {
    REQUIRE(setenv("TZDIR", saved.c_str(), 1) == 0);
  } else {
    REQUIRE(unsetenv("TZDIR") == 0);
  }
}

TEST_CASE("Korean feeds are recognised by their declared language", "[feeds][korean]") {
  CHECK(declares_korean("<rss><channel><language>ko</language>"));
  CHECK(declares_korean("<rss><channel><language> ko-KR </language>"));
  CHECK(declares_korean("<rss><channel><dc:language>ko_KR</dc:language>"));
  CHECK(declares_korean("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ko\">"));
  CHECK(declares_korean("<feed xml:lang='KO-kr'>"));
  CHECK(declares_korean(R"({"version": "https://jsonfeed.org/version/1.1", "language": "ko"})"));
  CHECK_FALSE(declares_korean("<rss><channel><language>en-us</language>"));
  CHECK_FALSE(declares_korean("<feed xml:lang=\"kok\">"));  // Konkani
  CHECK_FALSE(declares_korean(R"({"language": "en", "title": "ko"})"));
  std::string warning;
  TimePoint now = *parse_rfc3339("2024-07-15T12:00:00Z");
  CHECK(feed_default_zone("", true, &warning)->offset_at(now) == 540);
  CHECK_FALSE(feed_default_zone("", false, &warning));
  CHECK(feed_default_zone("UTC", true, &warning)->offset_at(now) == 0);
  CHECK(warning.empty());
  // An unknown configured zone is reported, and the feed falls back as if none was
  // set: Seoul time for a Korean feed, UTC (no zone) for any other.
  auto korean = feed_default_zone("Mars/Olympus", true, &warning);
  REQUIRE(korean);
  CHECK(korean->offset_at(now) == 540);
  CHECK_THAT(warning, Catch::Contains("Mars/Olympus") && Catch::Contains("Asia/Seoul"));
  warning.clear();
  CHECK_FALSE(feed_default_zone("Mars/Olympus", false, &warning));
  CHECK_THAT(warning, Catch::Contains("Mars/Olympus") && Catch::Contains("UTC"));
}

TEST_CASE("zone-less feed dates follow the feed's language and timezone", "[feeds][korean]") {
  const std::string ko = "<language>ko</language>";
  const std::string date = "2024.10.15 13:10";
  CHECK(published(parse_feed(rss(ko, "t", date), "application/rss+xml")) == "2024-10-15T04:10:00Z");
  CHECK(published(parse_feed(rss("", "t", date), "application/rss+xml")) == "2024-10-15T13:10:00Z");
  CHECK(published(parse_feed(rss("", "t", date), "", "x", ParseOptions{"Asia/Seoul"})) ==
        "2024-10-15T04:10:00Z");
  CHECK(published(parse_feed(rss(ko, "t", date), "", "x", ParseOptions{"UTC"})) ==
        "2024-10-15T13:10:00Z");
  CHECK(published(parse_feed(rss(ko, "t", "2024-10-15T13:10:00Z"), "")) == "2024-10-15T13:10:00Z");
  // A configured zone that does not exist: a Korean feed still reads as Seoul time.
  auto unknown = parse_feed(rss(ko, "t", date), "", "x", ParseOptions{"Mars/Olympus"});
  CHECK(published(unknown) == "2024-10-15T04:10:00Z");
  CHECK_THAT(unknown->warnings.front(), Catch::Contains("Mars/Olympus"));
  auto unknown_en = parse_feed(rss("", "t", date), "", "x", ParseOptions{"Mars/Olympus"});
  CHECK(published(unknown_en) == "2024-10-15T13:10:00Z");
  CHECK_THAT(unknown_en->warnings.front(), Catch::Contains("Mars/Olympus"));
  // Atom with xml:lang, through the libxml2 route (a bare '&' sends it there).
  std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ko\"><title>A&B</title>"
      "<entry><id>e1</id><title>t</title><updated>2024-10-15 13:10:00</updated></entry></feed>";
  auto a = parse_feed(atom, "application/atom+xml");
  REQUIRE(a.ok());
  REQUIRE(a->items.size() == 1);
  CHECK(format_rfc3339(*a->items[0].updated) == "2024-10-15T04:10:00Z");
  std::string json = R"({"version": "https://jsonfeed.org/version/1.1", "language": "ko-KR",
    "items": [{"id": "1", "title": "t", "date_published": "2024.10.15 13:10"}]})";
  CHECK(published(parse_feed(json, "application/feed+json")) == "2024-10-15T04:10:00Z");
}

TEST_CASE("an EUC-KR feed is Korean, so its zone-less dates are Seoul time", "[feeds][korean]") {
  auto r = parse_feed(
      rss("", kBukhanCp949, "2024.10.15 13:10", "<?xml version=\"1.0\" encoding=\"euc-kr\"?>"),
      "application/rss+xml");
  CHECK(published(r) == "2024-10-15T04:10:00Z");
  CHECK(r->items[0].title == "북한 미사일 발사");
  CHECK_FALSE(r->broken);
}

TEST_CASE("CP949 under a UTF-8 label or none is read as CP949", "[feeds][charset][korean]") {
  for (const char* ct : {"application/rss+xml; charset=utf-8", "application/rss+xml", ""}) {
    INFO(ct);
    DecodedBody d = decode_to_utf8(kTtomCp949 + " " + kBukhanCp949, ct);
    CHECK(d.encoding == "CP949");
    CHECK(d.utf8 == "똠방각하 북한 미사일 발사");
    CHECK(d.relabelled);
    CHECK_FALSE(d.had_errors);
  }
  auto r = parse_feed(rss("", kTtomCp949, "2024.10.15 13:10"), "application/rss+xml");
  REQUIRE(r.ok());
  CHECK(r->items[0].title == "똠방각하");
  CHECK(published(r) == "2024-10-15T04:10:00Z");  // CP949: a Korean feed
  CHECK(r->broken);                               // it was mislabelled
  CHECK_THAT(r->warnings.front(), Catch::Contains("CP949"));
}

TEST_CASE("Latin-1 labelled CP949 is CP949 only in a feed declaring Korean",
          "[feeds][charset][korean]") {
  DecodedBody ko = decode_to_utf8(kBukhanCp949, "text/xml; charset=iso-8859-1", true);
  CHECK(ko.encoding == "CP949");
  CHECK(ko.utf8 == "북한 미사일 발사");
  DecodedBody other = decode_to_utf8(kBukhanCp949, "text/xml; charset=iso-8859-1", false);
  CHECK(other.encoding == "WINDOWS-1252");
  CHECK_FALSE(other.relabelled);
  auto r = parse_feed(rss("<language>ko</language>", kBukhanCp949, "2024.10.15 13:10",
                          "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>"),
                      "");
  REQUIRE(r.ok());
  CHECK(r->items[0].title == "북한 미사일 발사");
}

TEST_CASE("other invalid UTF-8 keeps its U+FFFD repair", "[feeds][charset][korean]") {
  // Latin-1 bytes under a UTF-8 label: not valid CP949 ("é" then ASCII), not Hangul.
  DecodedBody latin = decode_to_utf8("caf\xE9 cr\xE8me \xFF\xFE ok", "text/xml; charset=utf-8");
  CHECK(latin.encoding == "UTF-8");
  CHECK(latin.had_errors);
  CHECK_FALSE(latin.relabelled);
  CHECK(latin.utf8.find("\xEF\xBF\xBD") != std::string::npos);
  // Valid CP949 whose reading is not mostly Hangul (Hanja): left alone too.
  DecodedBody hanja = decode_to_utf8("\xD1\xA2\xD1\xA3 \xB0\xA1", "text/xml");
  CHECK_FALSE(hanja.relabelled);
  // A Korean feed whose body is valid UTF-8 is untouched.
  DecodedBody utf8 = decode_to_utf8("북한", "text/xml; charset=utf-8", true);
  CHECK(utf8.encoding == "UTF-8");
  CHECK(utf8.utf8 == "북한");
}

TEST_CASE("a zone with DST gives each date the offset of its own day", "[feeds][zone][date]") {
  auto ny = Zone::named("America/New_York");
  REQUIRE(ny);
  auto local = [](const char* text) { return *parse_rfc3339(text); };
  CHECK(ny->offset_for_local(local("2024-01-15T12:00:00Z")) == -300);
  CHECK(ny->offset_for_local(local("2024-07-15T12:00:00Z")) == -240);
  // 2024-03-10: 02:00 EST becomes 03:00 EDT. 01:59 is still EST, 03:00 is EDT, and
  // 02:30 does not exist: it gets the offset from before the change.
  CHECK(ny->offset_for_local(local("2024-03-10T01:59:00Z")) == -300);
  CHECK(ny->offset_for_local(local("2024-03-10T03:00:00Z")) == -240);
  CHECK(ny->offset_for_local(local("2024-03-10T02:30:00Z")) == -300);
  // 2024-11-03: 02:00 EDT becomes 01:00 EST; 00:59 is EDT, 02:00 is EST.
  CHECK(ny->offset_for_local(local("2024-11-03T00:59:00Z")) == -240);
  CHECK(ny->offset_for_local(local("2024-11-03T02:00:00Z")) == -300);
  // A fixed offset is the same whatever the date.
  CHECK(Zone(540).offset_for_local(local("2024-01-15T12:00:00Z")) == 540);
  CHECK(Zone(540).offset_at(local("1987-07-15T12:00:00Z")) == 540);

  // Through parse_feed_date and a whole feed: the same wall-clock noon on either
  // side of each change, whatever the season the parse runs in.
  CHECK(format_rfc3339(*parse_feed_date("2024-03-09 12:00:00", ny)) == "2024-03-09T17:00:00Z");
  CHECK(format_rfc3339(*parse_feed_date("2024-03-11 12:00:00", ny)) == "2024-03-11T16:00:00Z");
  CHECK(format_rfc3339(*parse_feed_date("Sat, 02 Nov 2024 12:00:00", ny)) ==
        "2024-11-02T16:00:00Z");
  CHECK(format_rfc3339(*parse_feed_date("Mon, 04 Nov 2024 12:00:00", ny)) ==
        "2024-11-04T17:00:00Z");
  CHECK(format_rfc3339(*parse_feed_date("2024-07-04 12:00:00 +0000", ny)) ==
        "2024-07-04T12:00:00Z");  // a written zone wins
  std::string feed =
      "<rss version=\"2.0\"><channel><title>t</title>"
      "<item><guid>w</guid><title>winter</title><pubDate>2024.01.15 09:00</pubDate></item>"
      "<item><guid>s</guid><title>summer</title><pubDate>2024.07.15 09:00</pubDate></item>"
      "</channel></rss>";
  auto parsed = parse_feed(feed, "application/rss+xml", "x", ParseOptions{"America/New_York"});
  REQUIRE(parsed.ok());
  REQUIRE(parsed->items.size() == 2);
  CHECK(format_rfc3339(*parsed->items[0].published) == "2024-01-15T14:00:00Z");
  CHECK(format_rfc3339(*parsed->items[1].published) == "2024-07-15T13:00:00Z");
  CHECK(parsed->warnings.empty());
}
}  // namespace
}  // namespace armwatch::feeds
