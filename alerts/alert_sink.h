// AlertSink: the seam through which a notification leaves armwatch. Real sinks
// are EmailSink (SMTP) and WebhookSink (HTTP); RecordingSink is the fake for
// tests. A sink only delivers; retry timing lives in delivery_policy.h,
// queueing in alert_worker.h, routing and grouping in routing.h / grouping.h.
//
// alerts/ owns delivery. It includes core/, libcurl and OpenSSL only: never
// feeds/, rules/, storage/, config/, daemon/ or cli/. What it delivers is the
// plain Notification of core/alert.h, which storage/ persists as the outbox.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/alert.h"
#include "core/time.h"

namespace armwatch::alerts {

// The outcome of one delivery attempt.
struct DeliveryResult {
  bool ok = false;
  bool permanent = false;             // a failure that retrying cannot fix (410, 550, bad config)
  std::optional<Millis> retry_after;  // the receiver asked us to wait this long
  int code = 0;                       // HTTP status or SMTP reply code; 0 if none was received
  std::string message;                // for people and the outbox's last_error

  static DeliveryResult success(int code, std::string message = {});
  static DeliveryResult retryable(std::string message, int code = 0,
                                  std::optional<Millis> retry_after = std::nullopt);
  static DeliveryResult permanent_failure(std::string message, int code = 0);
};

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // Delivers `n` once, blocking for at most the sink's configured timeouts.
  // Never throws. Not thread-safe: one thread at a time per sink (the worker).
  virtual DeliveryResult deliver(const Notification& n) = 0;
  // "email", "webhook", "slack", ... for logs.
  virtual std::string_view kind() const = 0;
};

}  // namespace armwatch::alerts
