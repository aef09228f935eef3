#include "alerts/alert_sink.h"

namespace armwatch::alerts {

DeliveryResult DeliveryResult::success(int code, std::string message) {
  DeliveryResult r;
  r.ok = true;
  r.code = code;
  r.message = std::move(message);
  return r;
}

DeliveryResult DeliveryResult::retryable(std::string message, int code,
                                         std::optional<Millis> retry_after) {
  DeliveryResult r;
  r.code = code;
  r.message = std::move(message);
  r.retry_after = retry_after;
  return r;
}

DeliveryResult DeliveryResult::permanent_failure(std::string message, int code) {
  DeliveryResult r;
  r.permanent = true;
  r.code = code;
  r.message = std::move(message);
  return r;
}

}  // namespace armwatch::alerts
