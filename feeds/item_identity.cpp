#include "feeds/item_identity.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "core/text.h"

namespace armwatch::feeds {
namespace {

bool is_http_url(std::string_view s) {
  std::string lower = ascii_lower(s.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') {
    s.remove_suffix(1);
  }
  return s;
}

// Keeps the query parameters that are not utm_*.
std::string filter_query(std::string_view query) {
  std::string kept;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) {
      end = query.size();
    }
    std::string_view param = query.substr(start, end - start);
    if (!param.empty() && ascii_lower(param.substr(0, 4)) != "utm_") {
      if (!kept.empty()) {
        kept += '&';
      }
      kept.append(param);
    }
    start = end + 1;
  }
  return kept;
}

}  // namespace

// True when canonical_link has nothing to change in `url` (already trimmed): no
// fragment, no empty or utm_* parameter, no upper-case letter in scheme and
// host. Most links are like that, and this test allocates next to nothing.
bool already_canonical(std::string_view url) {
  if (url.find('#') != std::string_view::npos) {
    return false;
  }
  std::size_t q = url.find('?');
  // Each parameter (after '?', then after each '&') must be non-empty and not utm_*.
  for (std::size_t start = q; start != std::string_view::npos; start = url.find('&', start + 1)) {
    std::string_view param = url.substr(start + 1);
    param = param.substr(0, param.find('&'));
    if (param.empty() || ascii_lower(param.substr(0, 4)) == "utm_") {
      return false;
    }
  }
  std::size_t scheme_end = url.find("://");
  std::size_t host_end = scheme_end == std::string_view::npos
                             ? 0
                             : std::min(url.size(), url.find_first_of("/?", scheme_end + 3));
  for (std::size_t i = 0; i < host_end; ++i) {
    if (url[i] >= 'A' && url[i] <= 'Z') {
      return false;
    }
  }
  return true;
}

std::string canonical_link(std::string_view url) {
  url = trim(url);
  if (already_canonical(url)) {
    return std::string(url);
  }
  url = url.substr(0, url.find('#'));
  std::string out;
  std::size_t q = url.find('?');
  if (q == std::string_view::npos) {
    out = std::string(url);
  } else {
    out = std::string(url.substr(0, q));
    std::string query = filter_query(url.substr(q + 1));
    if (!query.empty()) {
      out += '?' + query;
    }
  }
  if (is_http_url(out)) {
    std::size_t host_start = out.find("://") + 3;
    std::size_t host_end = out.find_first_of("/?", host_start);
    if (host_end == std::string::npos) {
      host_end = out.size();
    }
    std::string lowered = ascii_lower(std::string_view(out).substr(0, host_end));
    out.replace(0, host_end, lowered);
  }
  return out;
}

std::string resolve_link(std::string_view href, std::string_view base) {
  href = trim(href);
  if (href.empty() || !is_http_url(base) || is_http_url(href)) {
    return std::string(href);
  }
  std::string h(href);
  std::string b(base);
  xmlChar* built = xmlBuildURI(reinterpret_cast<const xmlChar*>(h.c_str()),
                               reinterpret_cast<const xmlChar*>(b.c_str()));
  if (built == nullptr) {
    return h;
  }
  std::string out(reinterpret_cast<const char*>(built));
  xmlFree(built);
  return out;
}

std::string fnv1a_hex(std::string_view data) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

namespace {

// FNV-1a over the id: cheap for short ids, and plenty for a set that only ever
// holds one feed's ids.
struct IdHash {
  std::size_t operator()(std::string_view s) const {
    std::uint64_t hash = 14695981039346656037ull;
    for (char c : s) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    return static_cast<std::size_t>(hash);
  }
};

}  // namespace

void assign_item_ids(ParsedFeed& feed) {
  std::vector<Item>& items = feed.items;
  // An open-addressing set of the items kept so far (slot = index + 1, 0 = free):
  // one allocation per feed instead of one per item.
  std::size_t capacity = 16;
  while (capacity < 2 * items.size()) {
    capacity *= 2;
  }
  std::vector<std::uint32_t> slots(capacity, 0);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Item& item = items[i];
    if (item.id.empty()) {
      item.id = item.link;
    }
    if (item.id.empty()) {
      auto date = item.date();
      std::string key =
          item.title + '\n' + (date ? format_rfc3339(*date) : "") + '\n' + item.summary;
      item.id = "fnv1a:" + fnv1a_hex(key);
    }
    std::size_t slot = IdHash{}(item.id) & (capacity - 1);
    while (slots[slot] != 0 && items[slots[slot] - 1].id != item.id) {
      slot = (slot + 1) & (capacity - 1);
    }
    if (slots[slot] != 0) {
      feed.warnings.push_back("duplicate item id \"" + item.id + "\": kept the first one");
      continue;
    }
    if (kept != i) {
      items[kept] = std::move(item);
    }
    slots[slot] = static_cast<std::uint32_t>(kept + 1);
    ++kept;
  }
  items.resize(kept);
}

}  // namespace armwatch::feeds
