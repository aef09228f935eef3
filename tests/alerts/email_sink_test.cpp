// EmailSink against a real SMTP server (tests/support/smtp_server.py, aiosmtpd)
// on 127.0.0.1: plain, STARTTLS and implicit TLS, with and without AUTH.
#include "alerts/email_sink.h"

#include <catch2/catch.hpp>

#include "tests/alerts/alert_fixtures.h"
#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using namespace armwatch;
using namespace armwatch::alerts;
using namespace std::chrono_literals;
using armwatch::testing::LocalServer;
using armwatch::testing::TempDir;
using nlohmann::json;

namespace {

const std::string kSubject = "[armwatch] 위반: 북한 탄도미사일 발사";

std::vector<std::string> smtp_argv(std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {"/usr/bin/python3",
                                   std::string(ARMWATCH_TEST_SUPPORT_DIR) + "/smtp_server.py"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// A self-signed certificate for 127.0.0.1, made with the openssl CLI.
struct Cert {
  std::string cert;
  std::string key;
};

Cert make_cert(const TempDir& dir) {
  Cert c{dir.file("cert.pem"), dir.file("key.pem")};
  std::string out;
  int rc = armwatch::testing::run_command(
      {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-keyout", c.key, "-out", c.cert, "-days", "1", "-subj", "/CN=127.0.0.1",
       "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"},
      &out, true);
  REQUIRE(rc == 0);
  return c;
}

EmailConfig config_for(const std::string& url) {
  EmailConfig c;
  c.url = url;
  c.headers.from_address = "alerts@armwatch.example";
  c.headers.to = {"ops@example.org", "duty@example.org", "desk@example.kr"};
  c.labels.violation = "위반";
  c.connect_timeout = 5s;
  c.timeout = 20s;
  return c;
}

std::string url(const char* scheme, const LocalServer& server) {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(server.port());
}

std::unique_ptr<EmailSink> sink_for(EmailConfig config) {
  auto sink = EmailSink::create(std::move(config));
  REQUIRE(sink);
  return std::move(*sink);
}

}  // namespace

TEST_CASE("A Hangul subject, several recipients and MIME parts round-trip", "[alerts][smtp]") {
  LocalServer server(smtp_argv());
  auto config = config_for(url("smtp", server));
  config.tls = SmtpTls::kNone;  // loopback only
  auto sink = sink_for(config);
  auto n = fixtures::sample_notification("7f3a-incident-42");
  auto first = sink->deliver(n);
  REQUIRE(first.ok);
  CHECK(first.code == 250);
  REQUIRE(sink->deliver(n).ok);  // a retry of the same notification

  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 2, 10s);
  REQUIRE(lines.size() == 2);
  const auto& m = lines[0];
  CHECK(m["subject"] == kSubject);
  CHECK(m["mail_from"] == "alerts@armwatch.example");
  CHECK(m["rcpt_tos"] == json({"ops@example.org", "duty@example.org", "desk@example.kr"}));
  CHECK(m["to"] == "ops@example.org, duty@example.org, desk@example.kr");
  CHECK(m["from"] == "armwatch <alerts@armwatch.example>");
  CHECK(m["message_id"] == "<armwatch.7f3a-incident-42@armwatch.example>");
  CHECK(lines[1]["message_id"] == m["message_id"]);
  CHECK(lines[1]["date"] == m["date"]);
  CHECK(m["date"] == "Sun, 09 Jun 2024 03:30:00 +0000");
  CHECK(m["auto_submitted"] == "auto-generated");
  CHECK(m["content_type"] == "multipart/alternative");
  CHECK(m["defects"].empty());
  CHECK(m["max_line"].get<int>() <= 78);
  CHECK(m["raw_subject"].get<std::string>().find("=?UTF-8?B?") != std::string::npos);
  CHECK(m["tls"] == false);
  REQUIRE(m["parts"].size() == 2);
  const auto& plain = m["parts"][0];
  const auto& html = m["parts"][1];
  CHECK(plain["content_type"] == "text/plain");
  CHECK(plain["cte"] == "quoted-printable");
  CHECK(plain["charset"] == "utf-8");
  CHECK(html["content_type"] == "text/html");
  CHECK(html["cte"] == "quoted-printable");
  auto text = plain["text"].get<std::string>();
  CHECK(text.find("위반: 북한 탄도미사일 발사") != std::string::npos);
  CHECK(text.find("UNSCR-1718: Bans DPRK ballistic missile launches & nuclear tests") !=
        std::string::npos);
  CHECK(text.find("title: \"탄도미사일 발사\"") != std::string::npos);
  CHECK(text.find("https://example.org/yna/1?a=1&b=2") != std::string::npos);
  CHECK(html["text"].get<std::string>().find("<a href=\"https://example.org/kcna/2\">") !=
        std::string::npos);
}

TEST_CASE("STARTTLS with AUTH delivers over a verified connection", "[alerts][smtp]") {
  TempDir dir;
  auto cert = make_cert(dir);
  LocalServer server(smtp_argv(
      {"--starttls", "--cert", cert.cert, "--key", cert.key, "--auth", "armwatch:s3cret"}));
  auto config = config_for(url("smtp", server));
  config.ca_file = cert.cert;
  config.username = "armwatch";
  config.password = "s3cret";
  auto result = sink_for(config)->deliver(fixtures::sample_notification());
  INFO(result.message);
  REQUIRE(result.ok);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 1, 10s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["tls"] == true);
  CHECK(lines[0]["authenticated"] == true);
  CHECK(lines[0]["subject"] == kSubject);
}

TEST_CASE("A wrong password is a permanent failure", "[alerts][smtp]") {
  TempDir dir;
  auto cert = make_cert(dir);
  LocalServer server(smtp_argv(
      {"--starttls", "--cert", cert.cert, "--key", cert.key, "--auth", "armwatch:s3cret"}));
  auto config = config_for(url("smtp", server));
  config.ca_file = cert.cert;
  config.username = "armwatch";
  config.password = "wrong";
  auto result = sink_for(config)->deliver(fixtures::sample_notification());
  INFO(result.message);
  CHECK_FALSE(result.ok);
  CHECK(result.permanent);
  CHECK(result.code == 535);
}

TEST_CASE("Required STARTTLS fails against a server without it", "[alerts][smtp]") {
  LocalServer server(smtp_argv());
  auto config = config_for(url("smtp", server));  // tls: required (the default)
  auto result = sink_for(config)->deliver(fixtures::sample_notification());
  INFO(result.message);
  CHECK_FALSE(result.ok);
  CHECK_FALSE(result.permanent);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 1, 1s);
  CHECK(lines.empty());  // nothing was sent in plain text
}

TEST_CASE("An untrusted certificate is refused", "[alerts][smtp]") {
  TempDir dir;
  auto cert = make_cert(dir);
  LocalServer server(smtp_argv({"--starttls", "--cert", cert.cert, "--key", cert.key}));
  auto config = config_for(url("smtp", server));
  config.ca_file = "/etc/ssl/certs/ca-certificates.crt";  // does not contain our cert
  auto result = sink_for(config)->deliver(fixtures::sample_notification());
  CHECK_FALSE(result.ok);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 1, 1s);
  CHECK(lines.empty());
}

TEST_CASE("smtps:// uses implicit TLS", "[alerts][smtp]") {
  TempDir dir;
  auto cert = make_cert(dir);
  LocalServer server(smtp_argv({"--tls", "--cert", cert.cert, "--key", cert.key}));
  auto config = config_for(url("smtps", server));
  config.ca_file = cert.cert;
  auto result = sink_for(config)->deliver(fixtures::sample_notification());
  INFO(result.message);
  REQUIRE(result.ok);
  std::vector<json> lines;
  fixtures::wait_json_lines(server, lines, 1, 10s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["tls"] == true);
}

TEST_CASE("Nothing listening is a retryable failure", "[alerts][smtp]") {
  auto config = config_for("smtp://127.0.0.1:1");
  config.tls = SmtpTls::kNone;
  auto result = sink_for(config)->deliver(fixtures::sample_notification());
  CHECK_FALSE(result.ok);
  CHECK_FALSE(result.permanent);
}

TEST_CASE("Email config is validated", "[alerts][smtp]") {
  auto good = config_for("smtp://mail.example.org:587");
  CHECK(validate(good));
  auto c = good;
  c.tls = SmtpTls::kNone;
  CHECK_FALSE(validate(c));  // plain only for loopback
  c.url = "smtp://127.0.0.1:25";
  CHECK(validate(c));
  c.url = "smtp://localhost:25";
  CHECK(validate(c));
  c.url = "smtp://127.example.org:25";
  CHECK_FALSE(validate(c));
  c.url = "smtps://127.0.0.1:465";
  CHECK_FALSE(validate(c));  // contradiction
  c = good;
  c.url = "https://mail.example.org";
  CHECK_FALSE(validate(c));
  c = good;
  c.headers.to = {};
  CHECK_FALSE(validate(c));
  c = good;
  c.headers.to = {"a@b.org>\r\nRCPT TO:<evil@x.org"};
  CHECK_FALSE(validate(c));
  c = good;
  c.headers.message_id_domain = "x.org>\r\nBcc: evil@x.org";
  CHECK_FALSE(validate(c));
  c = good;
  c.headers.from_address = "not-an-address";
  CHECK_FALSE(validate(c));
  CHECK_FALSE(EmailSink::create(c));
}
