// Standard Webhooks signatures (https://www.standardwebhooks.com/):
//   webhook-id:        the notification id (the same on every retry)
//   webhook-timestamp: unix seconds of this attempt
//   webhook-signature: "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>", one per
//                      secret, space-separated, so a receiver can rotate secrets.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace armwatch::alerts {

// The key bytes of a secret "whsec_<base64>" (the prefix is optional).
// kInvalidArgument if the rest is not Base64 or decodes to nothing.
Result<std::string> decode_webhook_secret(std::string_view secret);

// The webhook-signature header value for `keys` (decoded key bytes).
std::string webhook_signature(const std::vector<std::string>& keys, std::string_view id,
                              std::int64_t timestamp, std::string_view body);

}  // namespace armwatch::alerts
