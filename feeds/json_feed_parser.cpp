#include "feeds/json_feed_parser.h"

#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "feeds/date_parser.h"
#include "feeds/html_text.h"
#include "feeds/item_identity.h"

namespace armwatch::feeds {
namespace {

using nlohmann::json;

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) {
    return "";
  }
  if (it->is_string()) {
    return repair_utf8(it->get<std::string>());
  }
  if (it->is_number_integer()) {  // JSON Feed 1.0 allowed numeric ids in the wild
    return std::to_string(it->get<long long>());
  }
  return "";
}

void read_authors(const json& object, Item& item) {
  auto add = [&](const json& author) {
    if (author.is_object()) {
      std::string name = collapse_whitespace(string_at(author, "name"));
      if (!name.empty()) {
        item.authors.push_back(std::move(name));
      }
    }
  };
  if (auto it = object.find("authors"); it != object.end() && it->is_array()) {
    for (const auto& a : *it) {
      add(a);
    }
  } else if (auto one = object.find("author"); one != object.end()) {
    add(*one);
  }
}

Item read_item(const json& j, const std::string& base, const std::optional<Zone>& default_zone) {
  Item item;
  item.id = collapse_whitespace(string_at(j, "id"));
  item.title = html_to_text(string_at(j, "title"));
  std::string url = string_at(j, "url");
  if (url.empty()) {
    url = string_at(j, "external_url");
  }
  item.link = canonical_link(resolve_link(url, base));
  item.summary = html_to_text(string_at(j, "summary"));
  std::string html = string_at(j, "content_html");
  item.content =
      html.empty() ? collapse_whitespace(string_at(j, "content_text")) : html_to_text(html);
  item.published = parse_feed_date(string_at(j, "date_published"), default_zone);
  item.updated = parse_feed_date(string_at(j, "date_modified"), default_zone);
  read_authors(j, item);
  if (auto tags = j.find("tags"); tags != j.end() && tags->is_array()) {
    for (const auto& t : *tags) {
      if (t.is_string()) {
        item.categories.push_back(collapse_whitespace(repair_utf8(t.get<std::string>())));
      }
    }
  }
  return item;
}

Result<ParsedFeed> read_feed(const json& doc, const std::string& where,
                             const std::optional<Zone>& default_zone) {
  auto items = doc.is_object() ? doc.find("items") : doc.end();
  std::string version = doc.is_object() ? string_at(doc, "version") : "";
  if (!doc.is_object() || (version.find("jsonfeed.org") == std::string::npos &&
                           (items == doc.end() || !items->is_array()))) {
    return make_error(ErrorCode::kParse, "JSON document is not a JSON Feed", where);
  }
  ParsedFeed feed;
  feed.format = FeedFormat::kJson;
  feed.title = html_to_text(string_at(doc, "title"));
  std::string base = string_at(doc, "feed_url");
  if (base.empty()) {
    base = where;
  }
  feed.link = canonical_link(resolve_link(string_at(doc, "home_page_url"), base));
  if (items != doc.end() && items->is_array()) {
    for (const auto& entry : *items) {
      if (entry.is_object()) {
        feed.items.push_back(read_item(entry, base, default_zone));
      } else {
        feed.warnings.push_back("skipped an item that is not a JSON object");
      }
    }
  }
  return feed;
}

}  // namespace

Result<ParsedFeed> parse_json_feed(std::string_view utf8, std::string_view origin,
                                   const std::optional<Zone>& default_zone) {
  std::string where(origin);
  try {
    json doc = json::parse(utf8.begin(), utf8.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      return make_error(ErrorCode::kParse, "not valid JSON", where);
    }
    return read_feed(doc, where, default_zone);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kParse, std::string("JSON Feed: ") + e.what(), where);
  }
}

}  // namespace armwatch::feeds
