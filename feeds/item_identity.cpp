#include "feeds/item_identity.h"

#include <cstdio>
#include <unordered_set>

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

std::string canonical_link(std::string_view url) {
  url = trim(url);
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

void assign_item_ids(ParsedFeed& feed) {
  std::unordered_set<std::string> seen;
  std::vector<Item> kept;
  kept.reserve(feed.items.size());
  for (Item& item : feed.items) {
    if (item.id.empty()) {
      item.id = item.link;
    }
    if (item.id.empty()) {
      auto date = item.date();
      std::string key =
          item.title + '\n' + (date ? format_rfc3339(*date) : "") + '\n' + item.summary;
      item.id = "fnv1a:" + fnv1a_hex(key);
    }
    if (!seen.insert(item.id).second) {
      feed.warnings.push_back("duplicate item id \"" + item.id + "\": kept the first one");
      continue;
    }
    kept.push_back(std::move(item));
  }
  feed.items = std::move(kept);
}

}  // namespace armwatch::feeds
