#include "feeds/curl_transfer.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace armwatch::feeds {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// ASCII case-insensitive equality; `lower` must be lower case.
bool name_is(std::string_view name, std::string_view lower) {
  if (name.size() != lower.size()) {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lower[i]) {
      return false;
    }
  }
  return true;
}

long whole_seconds_at_least_one(Millis ms) {
  return std::max<long>(1, static_cast<long>((ms.count() + 999) / 1000));
}

}  // namespace

CurlTransfer::CurlTransfer(CURL* easy, const FetchOptions& options, const FetchRequest& request)
    : easy_(easy), url_(request.url), max_body_(options.max_body_bytes) {
  curl_easy_reset(easy_);
  configure(options, request);
}

CurlTransfer::~CurlTransfer() {
  if (easy_ != nullptr) {
    // The handle may be reused: drop pointers into this object.
    curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, nullptr);
  }
  curl_slist_free_all(headers_);
}

void CurlTransfer::configure(const FetchOptions& options, const FetchRequest& request) {
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) {
      rc = curl_easy_setopt(easy_, option, value);
    }
  };
  set(CURLOPT_URL, url_.c_str());
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 1L);
  set(CURLOPT_MAXREDIRS, static_cast<long>(options.max_redirects));
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  set(CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
  set(CURLOPT_LOW_SPEED_TIME, whole_seconds_at_least_one(options.low_speed_time));
  set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl was built with
  // A declared Content-Length over the cap fails early; the write callback
  // enforces the cap on decoded bytes for everything else.
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) {
    set(CURLOPT_CAINFO, options.ca_file.c_str());
  }
  if (!options.proxy.empty()) {
    set(CURLOPT_PROXY, options.proxy.c_str());
  }
  std::string agent = options.user_agent.empty() ? default_user_agent() : options.user_agent;
  set(CURLOPT_USERAGENT, agent.c_str());  // libcurl copies strings
  headers_ = curl_slist_append(headers_,
                               "Accept: application/rss+xml, application/atom+xml, "
                               "application/feed+json, application/xml;q=0.9, "
                               "text/xml;q=0.9, */*;q=0.8");
  if (!request.etag.empty()) {
    headers_ = curl_slist_append(headers_, ("If-None-Match: " + request.etag).c_str());
  }
  if (!request.last_modified.empty()) {
    headers_ = curl_slist_append(headers_, ("If-Modified-Since: " + request.last_modified).c_str());
  }
  set(CURLOPT_HTTPHEADER, headers_);
  set(CURLOPT_ERRORBUFFER, error_buffer_);
  set(CURLOPT_WRITEFUNCTION, &CurlTransfer::on_body);
  set(CURLOPT_WRITEDATA, this);
  set(CURLOPT_HEADERFUNCTION, &CurlTransfer::on_header);
  set(CURLOPT_HEADERDATA, this);
  if (rc != CURLE_OK) {
    setup_ = make_error(ErrorCode::kInternal,
                        std::string("cannot configure libcurl: ") + curl_easy_strerror(rc), url_);
  }
}

std::size_t CurlTransfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
  std::size_t n = size * count;
  std::string& body = t->response_.body;
  if (body.size() + n > t->max_body_) {
    t->too_large_ = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  if (body.empty()) {
    t->reserve_body();
  }
  body.append(data, n);
  return n;
}

// Saves the copies of a growing string when the length is declared. Capped: the
// header may lie (a server that declares the cap and sends ten bytes must not
// cost the cap per transfer), and it counts encoded bytes anyway.
void CurlTransfer::reserve_body() {
  constexpr std::size_t kMaxReserve = 1u << 20;
  curl_off_t declared = -1;
  if (curl_easy_getinfo(easy_, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared) == CURLE_OK &&
      declared > 0) {
    response_.body.reserve(std::min({static_cast<std::size_t>(declared), max_body_, kMaxReserve}));
  }
}

std::size_t CurlTransfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
  std::size_t n = size * count;
  t->header_line(std::string_view(data, n));
  return n;
}

// Called once per header line of every response on the redirect chain.
void CurlTransfer::header_line(std::string_view line) {
  line = trim(line);
  if (line.rfind("HTTP/", 0) == 0) {
    std::size_t space = line.find(' ');
    long status = space == std::string_view::npos
                      ? 0
                      : std::atol(std::string(line.substr(space + 1, 3)).c_str());
    if (hop_status_ != 0) {
      next_hop();  // a new response after a redirect
    }
    hop_status_ = status;
    // Only the final response's headers count.
    response_.etag.clear();
    response_.last_modified.clear();
    response_.content_type.clear();
    response_.retry_after.clear();
    response_.cache_control.clear();
    return;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return;
  }
  // No copies of the headers nobody reads (most of them).
  std::string_view name = trim(line.substr(0, colon));
  std::string_view value = trim(line.substr(colon + 1));
  if (name_is(name, "etag")) {
    response_.etag = value;
  } else if (name_is(name, "last-modified")) {
    response_.last_modified = value;
  } else if (name_is(name, "content-type")) {
    response_.content_type = value;
  } else if (name_is(name, "retry-after")) {
    response_.retry_after = value;
  } else if (name_is(name, "cache-control")) {
    response_.cache_control = value;
  } else if (name_is(name, "location")) {
    location_ = value;
  }
}

// At the first header line of a redirect's target: libcurl's effective URL is
// that target by now.
void CurlTransfer::next_hop() {
  all_permanent_ = all_permanent_ && (hop_status_ == 301 || hop_status_ == 308);
  char* target = nullptr;
  if (all_permanent_ && curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &target) == CURLE_OK &&
      target != nullptr) {
    response_.moved_to = target;
    response_.permanent_redirect = true;
  }
}

Error CurlTransfer::transfer_error(CURLcode code) const {
  std::string detail = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    return make_error(ErrorCode::kTooLarge,
                      "response body exceeds " + std::to_string(max_body_) + " bytes", url_);
  }
  if (code == CURLE_UNSUPPORTED_PROTOCOL) {
    std::string where = location_.empty() ? "" : " (redirect to " + location_ + ")";
    return make_error(ErrorCode::kNetwork,
                      "refused: only http and https are allowed" + where + ": " + detail, url_);
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return make_error(ErrorCode::kNetwork, "timed out: " + detail, url_);
  }
  return make_error(ErrorCode::kNetwork, detail, url_);
}

Result<FetchResponse> CurlTransfer::finish(CURLcode code) {
  if (!setup_.ok()) {
    return setup_.error();
  }
  if (code != CURLE_OK) {
    return transfer_error(code);
  }
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &response_.status);
  char* effective = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &effective);
  response_.effective_url = effective != nullptr ? effective : url_;
  curl_off_t micros = 0;
  curl_easy_getinfo(easy_, CURLINFO_TOTAL_TIME_T, &micros);
  response_.elapsed = Millis(micros / 1000);
  return std::move(response_);
}

}  // namespace armwatch::feeds
