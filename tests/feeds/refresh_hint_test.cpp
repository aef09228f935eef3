#include "feeds/refresh_hint.h"

#include <catch2/catch.hpp>

#include "feeds/feed_json.h"
#include "feeds/feed_parser.h"

namespace armwatch::feeds {
namespace {

using namespace std::chrono_literals;

std::optional<Millis> hint(const std::string& ttl, const std::string& period = "",
                           const std::string& frequency = "") {
  std::vector<std::string> warnings;
  return refresh_interval({ttl, period, frequency}, warnings);
}

TEST_CASE("refresh_interval: ttl minutes, sy period over frequency, the longer of both",
          "[feeds][ttl]") {
  CHECK(hint("60") == Millis(60min));
  CHECK(hint("", "hourly", "2") == Millis(30min));
  CHECK(hint("", "daily") == Millis(24h));
  CHECK(hint("", "", "4") == Millis(6h));  // the period defaults to daily
  CHECK(hint("", "Weekly", "1") == Millis(std::chrono::hours(24 * 7)));
  CHECK(hint("", "monthly") == Millis(std::chrono::hours(24 * 30)));
  CHECK(hint("", "yearly") == Millis(std::chrono::hours(24 * 365)));
  CHECK(hint("15", "hourly", "1") == Millis(60min));
  CHECK(hint("120", "hourly", "1") == Millis(120min));
  CHECK_FALSE(hint(""));
}

TEST_CASE("refresh_interval: zero, junk and extremes", "[feeds][ttl]") {
  std::vector<std::string> warnings;
  CHECK_FALSE(refresh_interval({"0", "", ""}, warnings));  // "no hint", not "poll constantly"
  CHECK(warnings.empty());
  for (const char* bad : {"-5", "soon", "1.5", "60m", "+60"}) {
    INFO(bad);
    warnings.clear();
    CHECK_FALSE(refresh_interval({bad, "", ""}, warnings));
    CHECK(warnings.size() == 1);
  }
  warnings.clear();
  CHECK_FALSE(refresh_interval({"", "fortnightly", ""}, warnings));
  CHECK(warnings.size() == 1);
  warnings.clear();
  CHECK(refresh_interval({"", "hourly", "zero"}, warnings) == Millis(1h));  // frequency 1
  CHECK(warnings.size() == 1);
  // Clamped both ways, never overflowing.
  CHECK(hint("99999999999999999999999") == Millis(std::chrono::hours(24 * 365)));
  CHECK(hint("", "hourly", "1000000") == Millis(1s));
}

TEST_CASE("parse_feed reads <ttl> and sy:update* at feed level only", "[feeds][ttl]") {
  auto rss = parse_feed(
      "<rss version=\"2.0\"><channel><title>t</title><ttl> 30 </ttl>"
      "<item><title>a</title><ttl>1</ttl></item></channel></rss>",
      "application/rss+xml", "ttl.xml");
  REQUIRE(rss.ok());
  CHECK(rss->ttl == Millis(30min));
  CHECK(to_json(*rss).find("\"ttl_seconds\": 1800") != std::string::npos);

  auto rdf = parse_feed(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\" "
      "xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">"
      "<channel><title>t</title><sy:updatePeriod>hourly</sy:updatePeriod>"
      "<sy:updateFrequency>4</sy:updateFrequency></channel>"
      "<item><title>a</title></item></rdf:RDF>",
      "", "sy.rdf");
  REQUIRE(rdf.ok());
  CHECK(rdf->ttl == Millis(15min));

  auto atom = parse_feed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><title>t</title>"
      "<sy:updatePeriod>daily</sy:updatePeriod><entry><id>1</id></entry></feed>",
      "", "sy.atom");
  REQUIRE(atom.ok());
  CHECK(atom->ttl == Millis(24h));

  auto none = parse_feed("<rss><channel><title>t</title><ttl>often</ttl></channel></rss>", "", "x");
  REQUIRE(none.ok());
  CHECK_FALSE(none->ttl);
  CHECK(none->warnings.size() == 1);
  CHECK(to_json(*none).find("\"ttl_seconds\": null") != std::string::npos);
}

}  // namespace
}  // namespace armwatch::feeds
