// CurlTransfer: one HTTP exchange on a libcurl easy handle: option setup
// (protocols, redirects, timeouts, body cap, conditional headers, TLS, proxy),
// the body and header callbacks, and turning the outcome into a FetchResponse or
// an Error. HttpFetcher drives it with curl_easy_perform; a curl-multi poller can
// add handle() to a multi handle and call finish() on CURLMSG_DONE.
// Internal to feeds/. Not thread-safe; neither copyable nor movable (libcurl
// holds pointers to it).
#pragma once

#include <cstddef>
#include <string>

#include <curl/curl.h>

#include "core/result.h"
#include "feeds/fetcher.h"

namespace armwatch::feeds {

class CurlTransfer {
 public:
  // Resets `easy` and configures it for `request`. `easy` must outlive this
  // object; its connection cache survives the reset, so keep-alive still works.
  CurlTransfer(CURL* easy, const FetchOptions& options, const FetchRequest& request);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  CURL* handle() const { return easy_; }
  // kInternal if an option could not be set (e.g. libcurl too old); check before running.
  const Status& setup_status() const { return setup_; }

  // The outcome of the transfer run on handle(): a FetchResponse for any HTTP
  // status, or an Error (context = request URL): kTooLarge when the decoded body
  // passed max_body_bytes, kNetwork for everything else (DNS, connect, TLS,
  // timeouts, too many redirects, a redirect to a scheme other than http/https).
  Result<FetchResponse> finish(CURLcode code);

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  void configure(const FetchOptions& options, const FetchRequest& request);
  void header_line(std::string_view line);
  void next_hop();
  void reserve_body();
  Error transfer_error(CURLcode code) const;

  CURL* easy_;
  std::string url_;
  std::size_t max_body_ = 0;
  curl_slist* headers_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  Status setup_;
  bool too_large_ = false;
  long hop_status_ = 0;        // status of the response whose headers are arriving
  bool all_permanent_ = true;  // every redirect so far was a 301 or 308
  std::string location_;       // the last Location header seen, for error messages
  FetchResponse response_;
};

}  // namespace armwatch::feeds
