// WebhookSink: delivers notifications over HTTP(S) with libcurl, in one of the
// formats of webhook_format.h, signed per Standard Webhooks when secrets are set.
// Only http and https are allowed, for requests and redirects (which are not
// followed); TLS is always verified. Plain http is accepted only for loopback
// hosts unless allow_plain_http is set.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "alerts/alert_sink.h"
#include "alerts/webhook_format.h"
#include "core/clock.h"
#include "core/result.h"

namespace armwatch::alerts {

struct WebhookConfig {
  std::string url;
  WebhookFormat format = WebhookFormat::kGeneric;
  // "whsec_<base64>" signing secrets, all used at once while rotating. Empty:
  // no webhook-signature header (webhook-id and webhook-timestamp are always sent).
  std::vector<std::string> secrets;
  std::string token;  // Matrix / Gotify / ntfy token; a secret resolved by the caller
  Headers extra_headers;
  std::string ca_file;  // PEM trust store; empty: the system's
  bool allow_plain_http = false;
  Labels labels;
  Millis connect_timeout{std::chrono::seconds(5)};
  Millis timeout{std::chrono::seconds(15)};  // the whole request
};

// kInvalidArgument: URL not http(s), plain http to a non-loopback host without
// allow_plain_http, a malformed secret, or a missing token for Matrix/Gotify.
Status validate(const WebhookConfig& config);

class WebhookSink final : public AlertSink {
 public:
  // `clock` gives webhook-timestamp; it must outlive the sink.
  static Result<std::unique_ptr<WebhookSink>> create(WebhookConfig config, const Clock& clock);

  // One request. 2xx: ok; 408, 429, 5xx and transport errors: retryable (with
  // the Retry-After header's delay); other statuses: permanent.
  DeliveryResult deliver(const Notification& n) override;
  std::string_view kind() const override { return to_string(config_.format); }

 private:
  WebhookSink(WebhookConfig config, std::vector<std::string> keys, const Clock& clock)
      : config_(std::move(config)), keys_(std::move(keys)), clock_(clock) {}

  WebhookConfig config_;
  std::vector<std::string> keys_;  // decoded secrets
  const Clock& clock_;
};

}  // namespace armwatch::alerts
