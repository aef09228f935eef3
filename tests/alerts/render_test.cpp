#include "alerts/render.h"

#include <catch2/catch.hpp>

#include "tests/alerts/alert_fixtures.h"

using namespace armwatch;
using namespace armwatch::alerts;

TEST_CASE("Headlines name the kind, the severity and the title", "[alerts][render]") {
  auto n = fixtures::sample_notification();
  CHECK(headline(n) == "violation: 북한 탄도미사일 발사");
  n.kind = AlertKind::kTest;
  n.severity = Severity::kInfo;
  CHECK(headline(n) == "test: info: 북한 탄도미사일 발사");
}

TEST_CASE("The text body names provisions, evidence, precedents and reports", "[alerts][render]") {
  auto text = render_text(fixtures::sample_notification());
  CHECK(text.find("UNSCR-1718: Bans DPRK ballistic missile launches & nuclear tests") !=
        std::string::npos);
  CHECK(text.find("title: \"탄도미사일 발사\"") != std::string::npos);
  CHECK(text.find("summary: \"ballistic missile\"") != std::string::npos);
  CHECK(text.find("2017-11-29: Hwasong-15 ICBM launch") != std::string::npos);
  CHECK(text.find("https://example.org/yna/1?a=1&b=2") != std::string::npos);
  CHECK(text.find("북한, 동해상으로 탄도미사일 발사 (Yonhap)") != std::string::npos);
  CHECK(text.find("2 report(s) from 2 source(s)") != std::string::npos);
}

TEST_CASE("The HTML body escapes text and links the reports", "[alerts][render]") {
  auto n = fixtures::sample_notification();
  n.content.event.message = "<script>alert(1)</script>";
  auto html = render_html(n);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.org/yna/1?a=1&amp;b=2\">") != std::string::npos);
  CHECK(html.find("launches &amp; nuclear") != std::string::npos);
  CHECK(html.find("<ul>") != std::string::npos);
  CHECK(html.rfind("</html>\n") == html.size() - 8);
  auto fragment = render_html_fragment(n);
  CHECK(fragment.find("<html>") == std::string::npos);
  CHECK(fragment.find("<h3>Provisions</h3>") != std::string::npos);
}

TEST_CASE("Markdown dialects link differently", "[alerts][render]") {
  auto n = fixtures::sample_notification();
  auto common = render_markdown(n, Markdown::kCommon);
  auto slack = render_markdown(n, Markdown::kSlack);
  CHECK(common.find("[DPRK fires missile (KCNA)](https://example.org/kcna/2)") !=
        std::string::npos);
  CHECK(slack.find("<https://example.org/kcna/2|DPRK fires missile (KCNA)>") != std::string::npos);
  CHECK(slack.find("launches &amp; nuclear") != std::string::npos);
  CHECK(common.find("**Provisions**") != std::string::npos);
}

TEST_CASE("A digest lists each incident with its provisions and reports", "[alerts][render]") {
  auto first = fixtures::sample_notification().content;
  auto second = first;
  second.title = "Artillery drill near the NLL";
  second.event.severity = Severity::kWarning;
  second.provisions = {
      {"AA-II-15", "Naval forces respect the waters contiguous to the other side"}};
  second.reports = {{"Drill report", "https://example.org/r/3", "Reuters", std::nullopt}};
  Notification n = fixtures::sample_notification("digest-1");
  n.kind = AlertKind::kDigest;
  n.content = AlertContent{};
  n.content.title = "2 incidents from 2024-06-09T03:00:00Z to 2024-06-09T04:00:00Z";
  n.content.digest = {first, second};
  CHECK(headline(n) ==
        "digest: violation: 2 incidents from 2024-06-09T03:00:00Z to 2024-06-09T04:00:00Z");
  auto text = render_text(n);
  CHECK(text.find("violation: 북한 탄도미사일 발사") != std::string::npos);
  CHECK(text.find("warning: Artillery drill near the NLL") != std::string::npos);
  CHECK(text.find("Provision UNSCR-1718: Bans DPRK ballistic missile launches") !=
        std::string::npos);
  CHECK(text.find("Provision AA-II-15: Naval forces respect") != std::string::npos);
  CHECK(text.find("https://example.org/r/3") != std::string::npos);
  CHECK(text.find("Precedent 2017-11-29: Hwasong-15 ICBM launch") != std::string::npos);
  auto html = render_html(n);
  CHECK(html.find("<h3>warning: Artillery drill near the NLL</h3>") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.org/r/3\">") != std::string::npos);
}
