// The libcurl Fetcher: one easy handle per fetcher, reused across requests so
// that connections to the same host are kept alive.
#include <memory>

#include <curl/curl.h>

#include "feeds/curl_transfer.h"
#include "feeds/fetcher.h"

namespace armwatch::feeds {
namespace {

class HttpFetcher final : public Fetcher {
 public:
  explicit HttpFetcher(FetchOptions options) : options_(std::move(options)) {}
  ~HttpFetcher() override {
    if (easy_ != nullptr) {
      curl_easy_cleanup(easy_);
    }
  }
  HttpFetcher(const HttpFetcher&) = delete;
  HttpFetcher& operator=(const HttpFetcher&) = delete;

  Result<FetchResponse> fetch(const FetchRequest& request) override {
    if (easy_ == nullptr) {
      easy_ = curl_easy_init();
      if (easy_ == nullptr) {
        return make_error(ErrorCode::kInternal, "curl_easy_init failed", request.url);
      }
    }
    CurlTransfer transfer(easy_, options_, request);
    if (!transfer.setup_status().ok()) {
      return transfer.setup_status().error();
    }
    return transfer.finish(curl_easy_perform(easy_));
  }

 private:
  FetchOptions options_;
  CURL* easy_ = nullptr;
};

}  // namespace

std::unique_ptr<Fetcher> make_http_fetcher(FetchOptions options) {
  return std::make_unique<HttpFetcher>(std::move(options));
}

std::string default_user_agent() {
  return std::string("armwatch/") + ARMWATCH_VERSION + " (+" + ARMWATCH_HOMEPAGE + ")";
}

}  // namespace armwatch::feeds
