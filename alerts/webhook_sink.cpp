#include "alerts/webhook_sink.h"

#include <algorithm>
#include <cctype>

#include "alerts/curl_util.h"
#include "alerts/delivery_policy.h"
#include "alerts/webhook_signature.h"

namespace armwatch::alerts {
namespace {

constexpr std::size_t kMaxErrorBody = 512;

struct Response {
  std::string body;
  std::string retry_after;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  std::size_t n = size * count;
  if (r->body.size() < kMaxErrorBody) {
    r->body.append(data, std::min(n, kMaxErrorBody - r->body.size()));
  }
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == kName) {
      r->retry_after = std::string(line.substr(kName.size()));
      while (!r->retry_after.empty() &&
             (r->retry_after.back() == '\n' || r->retry_after.back() == '\r')) {
        r->retry_after.pop_back();
      }
    }
  }
  return size * count;
}

Result<std::vector<std::string>> decode_keys(const std::vector<std::string>& secrets) {
  std::vector<std::string> keys;
  for (const auto& s : secrets) {
    auto key = decode_webhook_secret(s);
    if (!key) {
      return key.error();
    }
    keys.push_back(std::move(*key));
  }
  return keys;
}

DeliveryResult classify_transfer(CURLcode rc, long status, const Response& response,
                                 const std::string& error, TimePoint now) {
  if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
    return DeliveryResult::permanent_failure(error);
  }
  if (rc != CURLE_OK) {
    return DeliveryResult::retryable(error);
  }
  std::optional<Millis> retry_after;
  if (!response.retry_after.empty()) {
    retry_after = parse_retry_after(response.retry_after, now);
  }
  std::string message = "HTTP " + std::to_string(status);
  if (status < 200 || status >= 300) {
    message += response.body.empty() ? "" : ": " + response.body;
  }
  return classify_http(static_cast<int>(status), retry_after, std::move(message));
}

}  // namespace

Status validate(const WebhookConfig& config) {
  std::string scheme = detail::url_scheme(config.url);
  if (scheme != "http" && scheme != "https") {
    return make_error(ErrorCode::kInvalidArgument, "webhook url must be http(s)://", config.url);
  }
  if (scheme == "http" && !config.allow_plain_http &&
      !detail::is_loopback_host(detail::url_host(config.url))) {
    return make_error(ErrorCode::kInvalidArgument,
                      "plain http is only allowed for loopback (set allow_plain_http)", config.url);
  }
  bool needs_token =
      config.format == WebhookFormat::kMatrix || config.format == WebhookFormat::kGotify;
  if (needs_token && config.token.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "this webhook format needs a token",
                      std::string(to_string(config.format)));
  }
  bool broken = config.token.find_first_of("\r\n") != std::string::npos;
  for (const auto& [name, value] : config.extra_headers) {
    broken = broken || name.empty() || name.find_first_of("\r\n: ") != std::string::npos ||
             value.find_first_of("\r\n") != std::string::npos;
  }
  if (broken) {
    return make_error(ErrorCode::kInvalidArgument, "line break in a webhook header or token",
                      config.url);
  }
  if (auto keys = decode_keys(config.secrets); !keys) {
    return keys.error();
  }
  return ok_status();
}

Result<std::unique_ptr<WebhookSink>> WebhookSink::create(WebhookConfig config, const Clock& clock) {
  if (auto st = validate(config); !st) {
    return st.error();
  }
  auto keys = decode_keys(config.secrets);
  return std::unique_ptr<WebhookSink>(new WebhookSink(std::move(config), std::move(*keys), clock));
}

DeliveryResult WebhookSink::deliver(const Notification& n) {
  auto request = format_request(config_.format, n, {config_.url, config_.token, config_.labels});
  if (!request) {
    return DeliveryResult::permanent_failure(request.error().to_string());
  }
  TimePoint now = clock_.now();
  std::int64_t timestamp = to_unix_ms(now) / 1000;
  detail::StringList headers;
  for (const auto& [name, value] : request->headers) {
    headers.append(name + ": " + value);
  }
  for (const auto& [name, value] : config_.extra_headers) {
    headers.append(name + ": " + value);
  }
  headers.append("User-Agent: armwatch");
  headers.append("Expect:");  // no 100-continue round trip
  headers.append("webhook-id: " + n.id);
  headers.append("webhook-timestamp: " + std::to_string(timestamp));
  if (!keys_.empty()) {
    headers.append("webhook-signature: " +
                   webhook_signature(keys_, n.id, timestamp, request->body));
  }
  char error_buffer[CURL_ERROR_SIZE];
  auto handle = detail::make_handle("http,https", config_.connect_timeout, config_.timeout,
                                    config_.ca_file, error_buffer);
  if (!handle) {
    return DeliveryResult::retryable("curl_easy_init failed");
  }
  CURL* c = handle.get();
  Response response;
  curl_easy_setopt(c, CURLOPT_URL, request->url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request->method.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request->body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request->body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return classify_transfer(rc, status, response, detail::curl_message(rc, error_buffer), now);
}

}  // namespace armwatch::alerts
