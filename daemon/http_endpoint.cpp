#include "daemon/http_endpoint.h"

#include <cstring>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace armwatch::daemon {
namespace {

// Parses "host:port" or "[v6]:port" into a socket address.
bool parse_listen(const std::string& listen, sockaddr_storage& addr) {
  std::memset(&addr, 0, sizeof addr);
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return false;
  }
  std::string host = listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    return false;
  }
  if (port < 0 || port > 65535) {
    return false;
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(static_cast<uint16_t>(port));
    return inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &a6->sin6_addr) == 1;
  }
  auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
  a4->sin_family = AF_INET;
  a4->sin_port = htons(static_cast<uint16_t>(port));
  return inet_pton(AF_INET, host.c_str(), &a4->sin_addr) == 1;
}

MHD_Result handle(void* cls, MHD_Connection* connection, const char* url, const char* method,
                  const char*, const char*, size_t* upload_size, void**) {
  if (*upload_size != 0) {
    *upload_size = 0;  // bodies are ignored
    return MHD_YES;
  }
  const auto* endpoint = static_cast<const HttpEndpoint*>(cls);
  HttpEndpoint::Reply reply = endpoint->answer(method, url);
  bool head = std::strcmp(method, "HEAD") == 0;
  MHD_Response* response = MHD_create_response_from_buffer(
      head ? 0 : reply.body.size(), reply.body.data(), MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header(response, "Content-Type", reply.content_type.c_str());
  MHD_add_response_header(response, "Cache-Control", "no-store");
  MHD_Result result = MHD_queue_response(connection, reply.status, response);
  MHD_destroy_response(response);
  return result;
}

}  // namespace

HttpEndpoint::Reply HttpEndpoint::answer(const std::string& method, const std::string& path) const {
  const std::string text = "text/plain; charset=utf-8";
  if (method != "GET" && method != "HEAD") {
    return {405, text, "method not allowed\n"};
  }
  if (path == "/metrics") {
    return {200, "text/plain; version=0.0.4; charset=utf-8", registry_.render()};
  }
  if (path == "/healthz") {
    bool ok = !checks_.healthy || checks_.healthy();
    return {ok ? 200u : 503u, text, ok ? "ok\n" : "the poll loop has stalled\n"};
  }
  if (path == "/readyz") {
    bool ok = !checks_.ready || checks_.ready();
    return {ok ? 200u : 503u, text, ok ? "ready\n" : "starting\n"};
  }
  return {404, text, "not found: try /metrics, /healthz or /readyz\n"};
}

Result<std::unique_ptr<HttpEndpoint>> HttpEndpoint::start(const std::string& listen,
                                                          const Registry& registry,
                                                          EndpointChecks checks) {
  sockaddr_storage addr{};
  if (!parse_listen(listen, addr)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "expected host:port such as 127.0.0.1:9466 or [::1]:9466", listen);
  }
  std::unique_ptr<HttpEndpoint> endpoint(new HttpEndpoint(registry, std::move(checks)));
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
  if (addr.ss_family == AF_INET6) {
    flags |= MHD_USE_IPv6;
  }
  endpoint->daemon_ = MHD_start_daemon(flags, 0, nullptr, nullptr, &handle, endpoint.get(),
                                       MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_CONNECTION_LIMIT,
                                       32u, MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
  if (endpoint->daemon_ == nullptr) {
    return make_error(ErrorCode::kIo, "cannot listen (address in use or not permitted)", listen);
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(endpoint->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  endpoint->port_ = info != nullptr ? info->port : 0;
  return endpoint;
}

HttpEndpoint::~HttpEndpoint() {
  if (daemon_ != nullptr) {
    MHD_stop_daemon(daemon_);
  }
}

}  // namespace armwatch::daemon
