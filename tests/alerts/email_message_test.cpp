#include "alerts/email_message.h"

#include <catch2/catch.hpp>

#include "alerts/encoding.h"
#include "tests/alerts/alert_fixtures.h"

using namespace armwatch;
using namespace armwatch::alerts;

namespace {

MailHeaders sample_headers() {
  MailHeaders h;
  h.from_address = "alerts@armwatch.example";
  h.to = {"ops@example.org", "duty@example.org"};
  return h;
}

std::string head_of(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n"));
}

}  // namespace

TEST_CASE("RFC 5322 dates are UTC with weekday", "[alerts][email]") {
  CHECK(format_rfc5322_date(*parse_rfc3339("1994-11-06T08:49:37Z")) ==
        "Sun, 06 Nov 1994 08:49:37 +0000");
  CHECK(format_rfc5322_date(*parse_rfc3339("1953-07-27T10:00:00+09:00")) ==
        "Mon, 27 Jul 1953 01:00:00 +0000");
}

TEST_CASE("Message-IDs come from the notification id only", "[alerts][email]") {
  CHECK(message_id("abc-123", "example.org") == "<armwatch.abc-123@example.org>");
  CHECK(message_id("a b<c>", "example.org") == "<armwatch.a_b_c_@example.org>");
}

TEST_CASE("Subjects carry the prefix, the severity label and the title", "[alerts][email]") {
  auto n = fixtures::sample_notification();
  auto headers = sample_headers();
  CHECK(mail_content(n, headers).subject == "[armwatch] violation: 북한 탄도미사일 발사");
  Labels korean;
  korean.violation = "위반";
  korean.update = "갱신";
  CHECK(mail_content(n, headers, korean).subject == "[armwatch] 위반: 북한 탄도미사일 발사");
  n.kind = AlertKind::kUpdate;
  CHECK(mail_content(n, headers, korean).subject == "[armwatch] 갱신: 위반: 북한 탄도미사일 발사");
}

TEST_CASE("The message has the required headers and a stable identity", "[alerts][email]") {
  auto n = fixtures::sample_notification();
  auto headers = sample_headers();
  auto content = mail_content(n, headers);
  auto message = build_message(n, headers, content);
  auto head = head_of(message);
  CHECK(head.find("Date: Sun, 09 Jun 2024 03:30:00 +0000\r\n") != std::string::npos);
  CHECK(head.find("From: armwatch <alerts@armwatch.example>\r\n") != std::string::npos);
  CHECK(head.find("To: ops@example.org,\r\n duty@example.org\r\n") != std::string::npos);
  CHECK(head.find("Message-ID: <armwatch.n-0001@armwatch.example>\r\n") != std::string::npos);
  CHECK(head.find("Auto-Submitted: auto-generated\r\n") != std::string::npos);
  CHECK(head.find("MIME-Version: 1.0\r\n") != std::string::npos);
  CHECK(head.find("Subject: =?UTF-8?B?") != std::string::npos);
  CHECK(head.find("In-Reply-To") == std::string::npos);
  // A retry builds the very same bytes.
  CHECK(build_message(n, headers, mail_content(n, headers)) == message);
  headers.message_id_domain = "ids.example";
  CHECK(build_message(n, headers, content).find("<armwatch.n-0001@ids.example>") !=
        std::string::npos);
}

TEST_CASE("Updates thread under the first notification", "[alerts][email]") {
  auto n = fixtures::sample_notification("n-0002");
  n.thread_id = "n-0001";
  n.kind = AlertKind::kUpdate;
  auto message = build_message(n, sample_headers(), mail_content(n, sample_headers()));
  CHECK(message.find("In-Reply-To: <armwatch.n-0001@armwatch.example>\r\n") != std::string::npos);
  CHECK(message.find("References: <armwatch.n-0001@armwatch.example>\r\n") != std::string::npos);
}

TEST_CASE("The body is multipart/alternative with quoted-printable parts", "[alerts][email]") {
  auto n = fixtures::sample_notification();
  MailContent content{"s", "plain 위반 text", "<p>html</p>"};
  auto message = build_message(n, sample_headers(), content);
  auto boundary = "=_armwatch_" + sha256_hex(n.id).substr(0, 24);
  CHECK(message.find("Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"") !=
        std::string::npos);
  auto plain = message.find("--" + boundary +
                            "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                            "plain =EC=9C=84=EB=B0=98 text\r\n");
  auto html = message.find("--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\n");
  CHECK(plain != std::string::npos);
  CHECK(html != std::string::npos);
  CHECK(plain < html);
  CHECK(message.size() >= boundary.size() + 6);
  CHECK(message.substr(message.size() - boundary.size() - 6) == "--" + boundary + "--\r\n");
  for (std::size_t start = 0, end; (end = message.find("\r\n", start)) != std::string::npos;
       start = end + 2) {
    CHECK(end - start <= 78);
  }
  CHECK(message.find('\n') == message.find("\r\n") + 1);
}
