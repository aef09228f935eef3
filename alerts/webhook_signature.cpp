#include "alerts/webhook_signature.h"

#include "alerts/encoding.h"

namespace armwatch::alerts {

Result<std::string> decode_webhook_secret(std::string_view secret) {
  constexpr std::string_view kPrefix = "whsec_";
  if (secret.substr(0, kPrefix.size()) == kPrefix) {
    secret.remove_prefix(kPrefix.size());
  }
  auto key = base64_decode(secret);
  if (!key || key->empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "webhook secret must be whsec_ followed by Base64");
  }
  return *key;
}

std::string webhook_signature(const std::vector<std::string>& keys, std::string_view id,
                              std::int64_t timestamp, std::string_view body) {
  std::string content = std::string(id) + "." + std::to_string(timestamp) + ".";
  content.append(body);
  std::string out;
  for (const auto& key : keys) {
    if (!out.empty()) {
      out += ' ';
    }
    out += "v1," + base64_encode(hmac_sha256(key, content));
  }
  return out;
}

}  // namespace armwatch::alerts
