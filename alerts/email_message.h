// Builds the RFC 5322 / MIME message for one notification: a pure function, so
// the exact bytes are unit-tested without a mail server. The same notification
// always yields the same message (Date is its creation time, Message-ID and the
// MIME boundary come from its id), so a retried send is recognisably a duplicate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "alerts/render.h"
#include "core/alert.h"

namespace armwatch::alerts {

struct MailHeaders {
  std::string from_address;  // "alerts@example.org"
  std::string from_name = "armwatch";
  std::vector<std::string> to;    // addresses, at least one
  std::string message_id_domain;  // right of '@' in Message-IDs; empty: from's domain
  std::string subject_prefix = "[armwatch]";
};

// The parts of a message, before MIME encoding.
struct MailContent {
  std::string subject;  // UTF-8
  std::string text;     // UTF-8 plain text
  std::string html;     // UTF-8 HTML document
};

// "Sun, 06 Nov 1994 08:49:37 +0000"
std::string format_rfc5322_date(TimePoint t);

// "<armwatch.<id>@<domain>>": characters of `id` outside [A-Za-z0-9._-] become '_'.
std::string message_id(std::string_view notification_id, std::string_view domain);

// Subject, text and HTML for `n`: "<prefix> <headline>".
MailContent mail_content(const Notification& n, const MailHeaders& headers,
                         const Labels& labels = {});

// The full message with CRLF line endings: Date, From, To, Message-ID,
// In-Reply-To/References (when n.thread_id is set), Subject (RFC 2047 when not
// ASCII), MIME-Version, Auto-Submitted: auto-generated, X-Armwatch-* headers and
// a multipart/alternative body of quoted-printable text/plain and text/html.
std::string build_message(const Notification& n, const MailHeaders& headers,
                          const MailContent& content);

}  // namespace armwatch::alerts
