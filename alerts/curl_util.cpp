#include "alerts/curl_util.h"

#include <mutex>

namespace armwatch::alerts::detail {
namespace {

std::string url_part(const std::string& url, CURLUPart part) {
  CURLU* u = curl_url();
  std::string out;
  if (u != nullptr && curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* value = nullptr;
    if (curl_url_get(u, part, &value, 0) == CURLUE_OK && value != nullptr) {
      out = value;
      curl_free(value);
    }
  }
  curl_url_cleanup(u);
  return out;
}

}  // namespace

void ensure_curl_global() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

EasyHandle make_handle(std::string_view protocols, Millis connect_timeout, Millis timeout,
                       const std::string& ca_file, char* error_buffer) {
  ensure_curl_global();
  EasyHandle h(curl_easy_init());
  if (!h) {
    return h;
  }
  std::string protos(protocols);
  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protos.c_str());
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protos.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, ca_file.c_str());
  }
  error_buffer[0] = '\0';
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  return h;
}

std::string url_host(const std::string& url) {
  return url_part(url, CURLUPART_HOST);
}

std::string url_scheme(const std::string& url) {
  return url_part(url, CURLUPART_SCHEME);
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "[::1]" || host == "::1") {
    return true;
  }
  // 127.0.0.0/8 written as a dotted IPv4 address, not a name like "127.example.org".
  return host.rfind("127.", 0) == 0 &&
         host.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::string curl_message(CURLcode code, const char* error_buffer) {
  std::string out = curl_easy_strerror(code);
  if (error_buffer != nullptr && error_buffer[0] != '\0') {
    out += ": ";
    out += error_buffer;
  }
  return out;
}

}  // namespace armwatch::alerts::detail
