// armwatchd's HTTP endpoint (libmicrohttpd, one internal polling thread):
//   /metrics  Prometheus text format from a Registry
//   /healthz  200 while the loop is alive, 503 when it has stalled
//   /readyz   200 once start-up finished and rules are loaded, 503 before
// Bound to loopback by default; GET and HEAD only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "daemon/metrics.h"

struct MHD_Daemon;

namespace armwatch::daemon {

struct EndpointChecks {
  std::function<bool()> healthy;
  std::function<bool()> ready;
};

class HttpEndpoint {
 public:
  // Listens on `listen` ("127.0.0.1:9466", "[::1]:9466"; port 0 picks a free
  // one). `registry` and `checks` must outlive the endpoint. kInvalidArgument
  // for a malformed address, kIo when the port cannot be bound.
  static Result<std::unique_ptr<HttpEndpoint>> start(const std::string& listen,
                                                     const Registry& registry,
                                                     EndpointChecks checks);
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const { return port_; }

  // Internal: builds the answer to one request (path -> status, type, body).
  struct Reply {
    unsigned status;
    std::string content_type;
    std::string body;
  };
  Reply answer(const std::string& method, const std::string& path) const;

 private:
  HttpEndpoint(const Registry& registry, EndpointChecks checks)
      : registry_(registry), checks_(std::move(checks)) {}

  const Registry& registry_;
  EndpointChecks checks_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace armwatch::daemon
