#include "feeds/feed_json.h"

#include <nlohmann/json.hpp>

namespace armwatch::feeds {
namespace {

using json = nlohmann::ordered_json;

json date_json(const std::optional<TimePoint>& t) {
  return t ? json(format_rfc3339(*t)) : json(nullptr);
}

json item_json(const Item& item) {
  json j = json::object();
  j["id"] = item.id;
  j["title"] = item.title;
  j["link"] = item.link;
  j["published"] = date_json(item.published);
  j["updated"] = date_json(item.updated);
  j["summary"] = item.summary;
  j["content"] = item.content;
  j["authors"] = item.authors;
  j["categories"] = item.categories;
  return j;
}

}  // namespace

std::string to_json(const ParsedFeed& feed) {
  json j = json::object();
  j["format"] = std::string(to_string(feed.format));
  j["broken"] = feed.broken;
  j["feed"] = json{{"title", feed.title},
                   {"link", feed.link},
                   {"ttl_seconds", feed.ttl ? json(feed.ttl->count() / 1000) : json(nullptr)}};
  json items = json::array();
  for (const auto& item : feed.items) {
    items.push_back(item_json(item));
  }
  j["items"] = std::move(items);
  j["warnings"] = feed.warnings;
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace armwatch::feeds
