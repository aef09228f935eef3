#include "feeds/curl_global.h"

#include <string>

#include <curl/curl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace armwatch::feeds {

CurlGlobal::CurlGlobal() {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, kHeapTrimThreshold);  // best effort: a failure only costs speed
#endif
  CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    status_ = make_error(ErrorCode::kInternal,
                         std::string("curl_global_init failed: ") + curl_easy_strerror(rc));
  }
}

CurlGlobal::~CurlGlobal() {
  if (status_.ok()) {
    curl_global_cleanup();
  }
}

}  // namespace armwatch::feeds
