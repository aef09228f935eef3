// CurlGlobal: curl_global_init on construction, curl_global_cleanup on
// destruction. Create exactly one in main() (daemon or CLI) before any thread
// starts and before the first Fetcher is made; destroy it after the last
// Fetcher is gone. Not thread-safe (neither are the calls it wraps).
#pragma once

#include "core/result.h"

namespace armwatch::feeds {

class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;

  // ok, or kInternal when curl_global_init failed (then ~CurlGlobal does nothing).
  const Status& status() const { return status_; }

 private:
  Status status_;
};

}  // namespace armwatch::feeds
