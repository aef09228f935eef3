#include "alerts/email_sink.h"

#include <algorithm>
#include <cstring>

#include "alerts/curl_util.h"

namespace armwatch::alerts {
namespace {

struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

bool is_safe_address(const std::string& a) {
  return !a.empty() && a.find_first_of("\r\n<>, ") == std::string::npos &&
         a.find('@') != std::string::npos;
}

DeliveryResult classify_smtp(CURLcode rc, long code, const std::string& message) {
  int reply = static_cast<int>(code);
  if (rc == CURLE_OK) {
    return DeliveryResult::success(reply == 0 ? 250 : reply, "accepted");
  }
  if (rc == CURLE_LOGIN_DENIED || rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL ||
      (reply >= 500 && reply < 600)) {
    return DeliveryResult::permanent_failure(message, reply);
  }
  return DeliveryResult::retryable(message, reply);
}

}  // namespace

Status validate(const EmailConfig& config) {
  std::string scheme = detail::url_scheme(config.url);
  if (scheme != "smtp" && scheme != "smtps") {
    return make_error(ErrorCode::kInvalidArgument, "email url must be smtp:// or smtps://",
                      config.url);
  }
  if (!is_safe_address(config.headers.from_address)) {
    return make_error(ErrorCode::kInvalidArgument, "email needs a valid sender address",
                      config.headers.from_address);
  }
  if (config.headers.to.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "email needs at least one recipient",
                      config.url);
  }
  for (const auto& to : config.headers.to) {
    if (!is_safe_address(to)) {
      return make_error(ErrorCode::kInvalidArgument, "invalid recipient address", to);
    }
  }
  if (config.headers.message_id_domain.find_first_of("\r\n<>@ ") != std::string::npos ||
      config.headers.from_name.find_first_of("\r\n") != std::string::npos) {
    return make_error(ErrorCode::kInvalidArgument, "line break or bracket in a header setting",
                      config.headers.message_id_domain);
  }
  if (config.tls == SmtpTls::kNone) {
    if (scheme == "smtps") {
      return make_error(ErrorCode::kInvalidArgument, "tls: none contradicts smtps://", config.url);
    }
    if (!detail::is_loopback_host(detail::url_host(config.url))) {
      return make_error(ErrorCode::kInvalidArgument,
                        "tls: none is only allowed for a loopback host", config.url);
    }
  }
  return ok_status();
}

Result<std::unique_ptr<EmailSink>> EmailSink::create(EmailConfig config) {
  if (auto st = validate(config); !st) {
    return st.error();
  }
  return std::unique_ptr<EmailSink>(new EmailSink(std::move(config)));
}

DeliveryResult EmailSink::deliver(const Notification& n) {
  std::string message =
      build_message(n, config_.headers, mail_content(n, config_.headers, config_.labels));
  char error_buffer[CURL_ERROR_SIZE];
  auto handle = detail::make_handle("smtp,smtps", config_.connect_timeout, config_.timeout,
                                    config_.ca_file, error_buffer);
  if (!handle) {
    return DeliveryResult::retryable("curl_easy_init failed");
  }
  CURL* c = handle.get();
  std::string from = "<" + config_.headers.from_address + ">";
  detail::StringList rcpt;
  for (const auto& to : config_.headers.to) {
    rcpt.append("<" + to + ">");
  }
  Upload upload{&message, 0};
  curl_easy_setopt(c, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   config_.tls == SmtpTls::kNone ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  if (!config_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  return classify_smtp(rc, code, detail::curl_message(rc, error_buffer));
}

}  // namespace armwatch::alerts
