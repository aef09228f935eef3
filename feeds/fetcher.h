// feeds/: everything between a feed URL and a list of Items: HTTP fetching
// (libcurl), format detection, XML/JSON parsing (libxml2, nlohmann-json),
// charset conversion, HTML-to-text, dates and item identity.
// It includes only core/ and its parser libraries: never rules/, storage/,
// alerts/, config/, daemon/ or cli/.
//
// This header: the Fetcher seam (real: HttpFetcher over libcurl; tests: fakes).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"
#include "core/time.h"

namespace armwatch::feeds {

struct FetchOptions {
  Millis connect_timeout{10'000};
  Millis total_timeout{60'000};
  long low_speed_bytes = 64;               // abort when slower than this many bytes/s...
  Millis low_speed_time{30'000};           // ...for this long (drip-feeding servers)
  std::size_t max_body_bytes = 16u << 20;  // counted on decoded bytes
  int max_redirects = 5;
  std::string user_agent;  // empty: "armwatch/VERSION (+URL)"
  std::string proxy;       // empty: libcurl reads the environment
  std::string ca_file;     // extra CA bundle; verification is always on
};

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when set
  std::string last_modified;  // sent as If-Modified-Since when set
  // feeds::body_digest() of the last 2xx body taken in, or empty. Not sent: fetchers
  // ignore it; FetchPipeline skips parsing a body with this digest.
  std::string body_digest{};
};

// The answer of a completed HTTP exchange, whatever its status.
struct FetchResponse {
  long status = 0;
  std::string body;  // decoded (gzip/deflate/br undone)
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string retry_after;    // raw header value
  std::string cache_control;  // raw header value
  std::string effective_url;  // after redirects
  // Where the feed has moved for good: the URL the 301/308 redirects at the start
  // of the chain lead to. Empty when the chain does not start with one. Hops after
  // a temporary redirect (302/303/307) do not count, and a temporary hop after the
  // permanent ones is not followed into moved_to (it may be a signed, expiring URL).
  std::string moved_to;
  bool permanent_redirect = false;  // moved_to is set
  Millis elapsed{0};
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Performs one request. Returns a FetchResponse for any HTTP status (the caller
  // decides what 404 or 304 means). Returns an Error naming the URL for transport
  // failures: DNS, connect, TLS, timeout, kTooLarge when the body cap is hit, and
  // kNetwork when a redirect leads to a scheme other than http/https.
  // Implementations are safe to call from one thread at a time.
  virtual Result<FetchResponse> fetch(const FetchRequest& request) = 0;
};

// Makes the libcurl fetcher. curl_global_init must have run (see feeds/curl_global.h).
std::unique_ptr<Fetcher> make_http_fetcher(FetchOptions options);

// "armwatch/0.1.0 (+https://...)".
std::string default_user_agent();

}  // namespace armwatch::feeds
