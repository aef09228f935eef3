// Private to alerts/: small RAII wrappers over libcurl shared by the sinks.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "core/time.h"

namespace armwatch::alerts::detail {

// curl_global_init once per process (thread-safe).
void ensure_curl_global();

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

class StringList {
 public:
  StringList() = default;
  ~StringList() { curl_slist_free_all(list_); }
  StringList(const StringList&) = delete;
  StringList& operator=(const StringList&) = delete;
  void append(const std::string& s) { list_ = curl_slist_append(list_, s.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// A new easy handle with the options every alert transfer shares: no signals,
// the given timeouts, TLS verification on (and `ca_file` as the trust store
// when not empty), `protocols` for both requests and redirects, error buffer.
EasyHandle make_handle(std::string_view protocols, Millis connect_timeout, Millis timeout,
                       const std::string& ca_file, char* error_buffer);

// The host part of `url` ("127.0.0.1", "[::1]", "mail.example.org"); empty if
// the URL does not parse.
std::string url_host(const std::string& url);
std::string url_scheme(const std::string& url);
bool is_loopback_host(std::string_view host);

// "Couldn't connect to server: Failed to connect to ..." from a code and buffer.
std::string curl_message(CURLcode code, const char* error_buffer);

}  // namespace armwatch::alerts::detail
