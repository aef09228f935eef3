// The libcurl multi fetcher. One multi handle (its connection and DNS caches live
// as long as the fetcher), a small pool of easy handles (at most `concurrency`),
// and a TLS session cache shared by all of them. Each fetch_all call is a Run:
// requests wait in per-host queues and start when both the global and the host's
// limit allow; CurlTransfer sets up every handle exactly as HttpFetcher does.
#include "feeds/multi_fetcher.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <curl/curl.h>

#include "core/text.h"
#include "feeds/curl_transfer.h"

namespace armwatch::feeds {
namespace {

using OnDone = std::function<void(std::size_t, Result<FetchResponse>)>;
using Clock = std::chrono::steady_clock;

// How long one wait for socket activity may last; should_stop and tick are
// checked between waits, so each is seen at least every 2 * kWake.
constexpr Millis kWake{100};

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

// A dotted quad exactly as libcurl would print it: 4 parts, 0-255, no leading zeros.
bool is_canonical_ipv4(std::string_view host) {
  int parts = 0;
  while (!host.empty()) {
    std::size_t dot = std::min(host.find('.'), host.size());
    std::string_view part = host.substr(0, dot);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0') ||
        part.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(part)) > 255) {
      return false;
    }
    parts += 1;
    host.remove_prefix(dot == host.size() ? dot : dot + 1);
  }
  return parts == 4;
}

// host_key() without libcurl for the plain form "http[s]://name[:port][/?#...]":
// no user info, no IPv6 literal, no percent-encoding, a canonical port and, for a
// numeric host, a canonical dotted quad (libcurl rewrites "127.1"). Empty otherwise.
std::string plain_host_key(std::string_view url) {
  std::size_t sep = url.find("://");
  std::string scheme = ascii_lower(url.substr(0, std::min(sep, url.size())));
  if (sep == std::string_view::npos || (scheme != "http" && scheme != "https")) {
    return {};
  }
  std::string_view rest = url.substr(sep + 3);
  std::string_view authority = rest.substr(0, std::min(rest.find_first_of("/?#"), rest.size()));
  std::size_t colon = authority.find(':');
  std::string_view host = authority.substr(0, std::min(colon, authority.size()));
  std::string_view port =
      colon == std::string_view::npos ? std::string_view{} : authority.substr(colon + 1);
  bool numeric = !host.empty() && host.back() >= '0' && host.back() <= '9';
  if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char) ||
      (numeric && !is_canonical_ipv4(host))) {
    return {};
  }
  if (colon != std::string_view::npos &&
      (port.empty() || port.size() > 5 || port[0] == '0' ||
       port.find_first_not_of("0123456789") != std::string_view::npos)) {
    return {};
  }
  std::string_view default_port = scheme == "http" ? "80" : "443";
  return scheme + "://" + ascii_lower(host) + ":" + std::string(port.empty() ? default_port : port);
}

// "http://example.org:80": requests to the same key share the per-host limit.
// An unparsable URL gets its own text as the key (the transfer will fail anyway).
// The plain form is read directly: libcurl's URL parser costs more per request
// than the rest of the bookkeeping together (bench/README.md, "Feeds").
std::string host_key(const std::string& url) {
  if (std::string key = plain_host_key(url); !key.empty()) {
    return key;
  }
  CURLU* u = curl_url();
  if (u == nullptr) {
    return url;
  }
  std::string key = url;
  char* scheme = nullptr;
  char* host = nullptr;
  char* port = nullptr;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    key = ascii_lower(scheme) + "://" + ascii_lower(host) + ":" + port;
  }
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(u);
  return key;
}

// Owns the libcurl handles that outlive one fetch_all call.
class CurlPool {
 public:
  explicit CurlPool(const MultiFetchLimits& limits)
      : max_idle_(static_cast<std::size_t>(limits.concurrency)) {
    multi_ = curl_multi_init();
    share_ = curl_share_init();
    if (share_ != nullptr) {
      curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
    if (multi_ != nullptr) {
      // Belt and braces for the per-host limit: a redirect may lead to a host
      // other than the request's, and libcurl then queues rather than exceed it.
      curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(limits.per_host));
      curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                        static_cast<long>(limits.concurrency));
    }
  }
  ~CurlPool() {
    for (CURL* easy : idle_) {
      curl_easy_cleanup(easy);
    }
    if (multi_ != nullptr) {
      curl_multi_cleanup(multi_);
    }
    if (share_ != nullptr) {
      curl_share_cleanup(share_);
    }
  }
  CurlPool(const CurlPool&) = delete;
  CurlPool& operator=(const CurlPool&) = delete;

  CURLM* multi() const { return multi_; }
  CURLSH* share() const { return share_; }

  // An idle easy handle, or a new one; nullptr when libcurl cannot make one.
  CURL* take() {
    if (idle_.empty()) {
      return curl_easy_init();
    }
    CURL* easy = idle_.back();
    idle_.pop_back();
    return easy;
  }
  void give_back(CURL* easy) {
    if (idle_.size() < max_idle_) {
      idle_.push_back(easy);
    } else {
      curl_easy_cleanup(easy);
    }
  }

 private:
  std::size_t max_idle_;
  CURLM* multi_ = nullptr;
  CURLSH* share_ = nullptr;
  std::vector<CURL*> idle_;
};

// One fetch_all call. Every request is reported exactly once, through report().
class Run {
 public:
  Run(CurlPool& pool, const FetchOptions& options, const MultiFetchLimits& limits,
      const std::vector<FetchRequest>& requests, const OnDone& on_done);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  bool finished() const { return unreported_ == 0; }
  void start_ready();
  void perform();
  void wait(Millis timeout) {
    curl_multi_poll(pool_.multi(), nullptr, 0, static_cast<int>(timeout.count()), nullptr);
  }
  // Reports every unfinished request (running or waiting) with `code` and `message`.
  void fail_unfinished(ErrorCode code, const std::string& message);

 private:
  struct Host {
    std::deque<std::size_t> waiting;
    int running = 0;
  };
  struct Slot {
    std::size_t index;
    Host* host;
    std::unique_ptr<CurlTransfer> transfer;
  };

  void mark_ready(Host& host);
  void start(std::size_t index, Host& host);
  void complete(CURL* easy, CURLcode code);
  std::size_t release(CURL* easy);
  void report(std::size_t index, Result<FetchResponse> result);

  CurlPool& pool_;
  const FetchOptions& options_;
  const MultiFetchLimits& limits_;
  const std::vector<FetchRequest>& requests_;
  const OnDone& on_done_;
  std::size_t unreported_;
  std::map<std::string, Host> hosts_;
  // Hosts under their limit with requests waiting, keyed by their first waiting index,
  // so requests start in index order except where a busy host holds one back.
  std::set<std::pair<std::size_t, Host*>> ready_;
  std::unordered_map<CURL*, Slot> running_;
};

Run::Run(CurlPool& pool, const FetchOptions& options, const MultiFetchLimits& limits,
         const std::vector<FetchRequest>& requests, const OnDone& on_done)
    : pool_(pool),
      options_(options),
      limits_(limits),
      requests_(requests),
      on_done_(on_done),
      unreported_(requests.size()) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
    hosts_[host_key(requests[i].url)].waiting.push_back(i);
  }
  for (auto& [key, host] : hosts_) {
    mark_ready(host);
  }
}

// Only reached with transfers still running if a callback threw: detach them
// quietly so the multi handle and the pool stay usable.
Run::~Run() {
  while (!running_.empty()) {
    CURL* easy = running_.begin()->first;
    curl_multi_remove_handle(pool_.multi(), easy);
    release(easy);
  }
}

void Run::mark_ready(Host& host) {
  if (host.running < limits_.per_host && !host.waiting.empty()) {
    ready_.emplace(host.waiting.front(), &host);
  }
}

void Run::start_ready() {
  while (running_.size() < static_cast<std::size_t>(limits_.concurrency) && !ready_.empty()) {
    auto [index, host] = *ready_.begin();
    ready_.erase(ready_.begin());
    host->waiting.pop_front();
    start(index, *host);
    mark_ready(*host);
  }
}

void Run::start(std::size_t index, Host& host) {
  const FetchRequest& request = requests_[index];
  CURL* easy = pool_.multi() == nullptr ? nullptr : pool_.take();
  if (easy == nullptr) {
    return report(index,
                  make_error(ErrorCode::kInternal, "cannot create a libcurl handle", request.url));
  }
  auto transfer = std::make_unique<CurlTransfer>(easy, options_, request);
  if (!transfer->setup_status().ok()) {
    Error error = transfer->setup_status().error();
    transfer.reset();
    pool_.give_back(easy);
    return report(index, std::move(error));
  }
  if (pool_.share() != nullptr) {
    curl_easy_setopt(easy, CURLOPT_SHARE, pool_.share());
  }
  CURLMcode added = curl_multi_add_handle(pool_.multi(), easy);
  if (added != CURLM_OK) {
    transfer.reset();
    pool_.give_back(easy);
    return report(index,
                  make_error(ErrorCode::kInternal,
                             std::string("curl_multi_add_handle: ") + curl_multi_strerror(added),
                             request.url));
  }
  host.running += 1;
  running_.emplace(easy, Slot{index, &host, std::move(transfer)});
}

void Run::perform() {
  int still_running = 0;
  CURLMcode mc = curl_multi_perform(pool_.multi(), &still_running);
  if (mc != CURLM_OK) {
    return fail_unfinished(ErrorCode::kInternal,
                           std::string("curl_multi_perform: ") + curl_multi_strerror(mc));
  }
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(pool_.multi(), &left)) {
    if (msg->msg == CURLMSG_DONE) {
      complete(msg->easy_handle, msg->data.result);  // msg is invalid after this
    }
  }
}

void Run::complete(CURL* easy, CURLcode code) {
  auto it = running_.find(easy);
  if (it == running_.end()) {
    return;
  }
  Result<FetchResponse> result = it->second.transfer->finish(code);
  curl_multi_remove_handle(pool_.multi(), easy);
  std::size_t index = release(easy);
  report(index, std::move(result));
}

// Frees the slot of `easy` (already out of the multi handle); returns its request index.
std::size_t Run::release(CURL* easy) {
  auto it = running_.find(easy);
  Slot slot = std::move(it->second);
  running_.erase(it);
  slot.transfer.reset();  // drops libcurl's pointers into it before the handle is reused
  pool_.give_back(easy);
  slot.host->running -= 1;
  mark_ready(*slot.host);
  return slot.index;
}

void Run::fail_unfinished(ErrorCode code, const std::string& message) {
  std::vector<std::size_t> indexes;
  while (!running_.empty()) {
    CURL* easy = running_.begin()->first;
    curl_multi_remove_handle(pool_.multi(), easy);
    indexes.push_back(release(easy));
  }
  ready_.clear();
  for (auto& [key, host] : hosts_) {
    indexes.insert(indexes.end(), host.waiting.begin(), host.waiting.end());
    host.waiting.clear();
  }
  std::sort(indexes.begin(), indexes.end());
  for (std::size_t index : indexes) {
    report(index, make_error(code, message, requests_[index].url));
  }
}

void Run::report(std::size_t index, Result<FetchResponse> result) {
  unreported_ -= 1;
  on_done_(index, std::move(result));
}

class CurlMultiFetcher final : public MultiFetcher {
 public:
  CurlMultiFetcher(FetchOptions options, MultiFetchLimits limits)
      : options_(std::move(options)), limits_(clamped(limits)), pool_(limits_) {}

  void fetch_all(const std::vector<FetchRequest>& requests, const OnDone& on_done,
                 const std::function<bool()>& should_stop,
                 const std::function<void()>& tick) override {
    Run run(pool_, options_, limits_, requests, on_done);
    auto last_tick = Clock::now();
    while (!run.finished()) {
      if (should_stop && should_stop()) {
        run.fail_unfinished(ErrorCode::kNetwork, "aborted");
        break;
      }
      run.start_ready();
      run.perform();
      run.start_ready();  // slots freed by perform()
      if (tick && Clock::now() - last_tick >= kWake) {
        tick();
        last_tick = Clock::now();
      }
      if (!run.finished()) {
        run.wait(kWake);
      }
    }
  }

 private:
  static MultiFetchLimits clamped(MultiFetchLimits limits) {
    limits.concurrency = std::max(1, limits.concurrency);
    limits.per_host = std::max(1, limits.per_host);
    return limits;
  }

  FetchOptions options_;
  MultiFetchLimits limits_;
  CurlPool pool_;
};

}  // namespace

std::unique_ptr<MultiFetcher> make_multi_fetcher(FetchOptions options, MultiFetchLimits limits) {
  return std::make_unique<CurlMultiFetcher>(std::move(options), limits);
}

}  // namespace armwatch::feeds
