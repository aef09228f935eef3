// EmailSink: delivers notifications as e-mail through libcurl's SMTP client.
//
// Transport security (EmailConfig::tls):
//  - kRequired (default): "smtps://" uses implicit TLS; "smtp://" must upgrade
//    with STARTTLS (CURLUSESSL_ALL) or the send fails. Never opportunistic.
//  - kNone ("tls: none" in the config): plain SMTP, accepted only when the URL's
//    host is loopback (localhost, 127.0.0.0/8, ::1): for tests and a local relay.
// Certificates are always verified (ca_file, else the system store).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "alerts/alert_sink.h"
#include "alerts/email_message.h"
#include "alerts/render.h"
#include "core/result.h"

namespace armwatch::alerts {

enum class SmtpTls { kRequired, kNone };

struct EmailConfig {
  std::string url;  // "smtps://mail.example.org:465" or "smtp://mail.example.org:587"
  SmtpTls tls = SmtpTls::kRequired;
  std::string ca_file;   // PEM trust store; empty: the system's
  std::string username;  // empty: no AUTH
  std::string password;  // the secret, resolved by the caller (file, environment)
  MailHeaders headers;   // From, To (several), Message-ID domain, subject prefix
  Labels labels;
  Millis connect_timeout{std::chrono::seconds(10)};
  Millis timeout{std::chrono::seconds(60)};  // the whole SMTP conversation
};

// kInvalidArgument: empty or non-SMTP URL, no sender, no recipient, an address
// with CR/LF/<>, or tls kNone for a host that is not loopback.
Status validate(const EmailConfig& config);

class EmailSink final : public AlertSink {
 public:
  // Validates `config`; the sink keeps a copy. The Date header is each
  // notification's creation time, so no clock is needed.
  static Result<std::unique_ptr<EmailSink>> create(EmailConfig config);

  // One SMTP transaction to all recipients. SMTP 5xx replies, a refused login
  // and malformed URLs are permanent; 4xx replies and transport errors
  // (connect, TLS, timeouts, missing STARTTLS) are retryable.
  DeliveryResult deliver(const Notification& n) override;
  std::string_view kind() const override { return "email"; }

  const EmailConfig& config() const { return config_; }

 private:
  explicit EmailSink(EmailConfig config) : config_(std::move(config)) {}
  EmailConfig config_;
};

}  // namespace armwatch::alerts
