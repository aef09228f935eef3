#include "alerts/email_message.h"

#include <chrono>
#include <cstdio>

#include "alerts/encoding.h"

namespace armwatch::alerts {
namespace {

std::string domain_of(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? "localhost" : std::string(address.substr(at + 1));
}

std::string header(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + std::string(value) + "\r\n";
}

std::string to_header(const std::vector<std::string>& to) {
  std::string out;
  for (const auto& addr : to) {
    out += out.empty() ? "" : ",\r\n ";
    out += addr;
  }
  return out;
}

std::string mime_part(std::string_view content_type, std::string_view body) {
  return "Content-Type: " + std::string(content_type) +
         "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
         quoted_printable_encode(body) + "\r\n";
}

}  // namespace

std::string format_rfc5322_date(TimePoint t) {
  using namespace std::chrono;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{floor<seconds>(t - day)};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string message_id(std::string_view notification_id, std::string_view domain) {
  std::string local = "armwatch.";
  for (char c : notification_id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_';
    local += ok ? c : '_';
  }
  return "<" + local + "@" + std::string(domain) + ">";
}

MailContent mail_content(const Notification& n, const MailHeaders& headers, const Labels& labels) {
  MailContent out;
  out.subject = headers.subject_prefix.empty() ? headline(n, labels)
                                               : headers.subject_prefix + " " + headline(n, labels);
  out.text = render_text(n, labels);
  out.html = render_html(n, labels);
  return out;
}

std::string build_message(const Notification& n, const MailHeaders& headers,
                          const MailContent& content) {
  std::string domain = headers.message_id_domain.empty() ? domain_of(headers.from_address)
                                                         : headers.message_id_domain;
  // "=_" never occurs in quoted-printable output, so the boundary cannot clash.
  std::string boundary = "=_armwatch_" + sha256_hex(n.id).substr(0, 24);
  std::string m;
  m += header("Date", format_rfc5322_date(n.created));
  m += header("From", format_mailbox(headers.from_name, headers.from_address));
  m += header("To", to_header(headers.to));
  m += header("Message-ID", message_id(n.id, domain));
  if (!n.thread_id.empty()) {
    auto parent = message_id(n.thread_id, domain);
    m += header("In-Reply-To", parent);
    m += header("References", parent);
  }
  m += header("Subject", encode_header_text(content.subject, 9));
  m += header("MIME-Version", "1.0");
  m += header("Auto-Submitted", "auto-generated");
  m += header("X-Auto-Response-Suppress", "All");
  m += header("X-Armwatch-Kind", to_string(n.kind));
  m += header("X-Armwatch-Severity", to_string(n.severity));
  m += header("Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
  m += "\r\n";
  m += "--" + boundary + "\r\n" + mime_part("text/plain", content.text);
  m += "--" + boundary + "\r\n" + mime_part("text/html", content.html);
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace armwatch::alerts
