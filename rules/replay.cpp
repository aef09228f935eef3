// Reading replay JSONL and writing replay NDJSON. nlohmann-json exceptions stay
// in this file.
#include "rules/replay.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/taxonomy.h"
#include "core/time.h"

namespace armwatch::rules {
namespace {

using nlohmann::json;

Error line_error(std::string_view name, int line, std::string message) {
  return make_error(ErrorCode::kParse, std::move(message),
                    std::string(name) + ":" + std::to_string(line));
}

// An optional string member; false (with *error set) when present but not a string.
bool optional_string(const json& obj, const char* key, std::string* out, std::string* error) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return true;
  }
  if (!it->is_string()) {
    *error = std::string("\"") + key + "\" must be a string";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

std::optional<std::string> read_expectation(const json& e, Expectation* out) {
  if (!e.is_object()) {
    return "\"expected\" must be an object with \"labels\"";
  }
  auto labels = e.find("labels");
  if (labels == e.end() || !labels->is_array() || labels->empty()) {
    return "\"expected\" needs a non-empty \"labels\" list";
  }
  for (const json& l : *labels) {
    if (!l.is_string()) {
      return "each label must be a string";
    }
    std::string slug = l.get<std::string>();
    if (slug != kNoneLabel && !is_category(slug)) {
      return "label '" + slug + "' is not a taxonomy category or \"none\"";
    }
    out->labels.push_back(slug);
  }
  bool none = std::find(out->labels.begin(), out->labels.end(), kNoneLabel) != out->labels.end();
  if (none && out->labels.size() > 1) {
    return "label \"none\" must stand alone";
  }
  auto sev = e.find("severity");
  if (sev != e.end() && !sev->is_null()) {
    if (!sev->is_string()) {
      return "\"severity\" must be a string";
    }
    std::string s = sev->get<std::string>();
    if (s != kNoneLabel) {
      out->severity = parse_severity(s);
      if (!out->severity) {
        return "severity '" + s + "' is not violation, warning, info or none";
      }
    }
  }
  return std::nullopt;
}

// One non-blank line: the item, or an error message.
std::optional<std::string> read_line(const std::string& text, ReplayItem* out) {
  json obj = json::parse(text);  // throws json::parse_error, caught by the caller
  if (!obj.is_object()) {
    return "each line must be a JSON object";
  }
  auto id = obj.find("id");
  if (id == obj.end() || !id->is_string() || id->get<std::string>().empty()) {
    return "\"id\" must be a non-empty string";
  }
  Item& item = out->item;
  item.feed = "replay";
  item.id = id->get<std::string>();
  std::string error;
  std::string published;
  if (!optional_string(obj, "title", &item.title, &error) ||
      !optional_string(obj, "summary", &item.summary, &error) ||
      !optional_string(obj, "content", &item.content, &error) ||
      !optional_string(obj, "link", &item.link, &error) ||
      !optional_string(obj, "source", &item.source, &error) ||
      !optional_string(obj, "published", &published, &error)) {
    return error;
  }
  if (item.title.empty() && item.summary.empty()) {
    return "an item needs a \"title\" or a \"summary\"";
  }
  if (!published.empty()) {
    item.published = parse_rfc3339(published);
    if (!item.published) {
      return "\"published\" '" + published + "' is not YYYY-MM-DD or RFC 3339";
    }
  }
  if (auto e = obj.find("expected"); e != obj.end() && !e->is_null()) {
    Expectation exp;
    if (auto err = read_expectation(*e, &exp)) {
      return err;
    }
    out->expected = std::move(exp);
  }
  return std::nullopt;
}

std::string json_list(const std::vector<std::string>& values) {
  return json(values).dump();
}

}  // namespace

Result<std::vector<ReplayItem>> parse_replay_items(std::string_view text, std::string_view name) {
  std::vector<ReplayItem> items;
  std::set<std::string> ids;
  std::istringstream in{std::string(text)};
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    ReplayItem item;
    item.line = line_no;
    try {
      if (auto err = read_line(line, &item)) {
        return line_error(name, line_no, *err);
      }
    } catch (const json::exception& e) {
      return line_error(name, line_no, std::string("not JSON: ") + e.what());
    }
    if (!ids.insert(item.item.id).second) {
      return line_error(name, line_no, "duplicate id '" + item.item.id + "'");
    }
    items.push_back(std::move(item));
  }
  return items;
}

Result<std::vector<ReplayItem>> read_replay_items(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return make_error(ErrorCode::kNotFound, "no such file", file.string());
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    return make_error(ErrorCode::kIo, "cannot read this file", file.string());
  }
  return parse_replay_items(text.str(), file.string());
}

std::vector<std::vector<Event>> replay(const RuleSet& rules, const std::vector<ReplayItem>& items) {
  std::vector<std::vector<Event>> out;
  out.reserve(items.size());
  for (const ReplayItem& r : items) {
    std::vector<Event> events = rules.match(r.item);
    for (Event& e : events) {
      e.time = r.item.date().value_or(TimePoint{});
    }
    out.push_back(std::move(events));
  }
  return out;
}

std::string to_ndjson(const ReplayItem& item, const std::vector<Event>& events) {
  std::string out = "{\"id\": " + json(item.item.id).dump() + ", \"matches\": [";
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    // Confidence is in [0, 1] with two decimals at most in practice; print it short.
    std::ostringstream confidence;
    confidence << e.confidence;
    out += (i ? ", " : "") + std::string("{\"rule\": ") + json(e.rule_id).dump() +
           ", \"category\": " + json(e.category).dump() + ", \"severity\": \"" +
           std::string(to_string(e.severity)) + "\", \"confidence\": " + confidence.str() +
           ", \"provisions\": " + json_list(e.provisions) + ", \"claim\": \"" +
           std::string(to_string(e.claim)) + "\"}";
  }
  return out + "]}";
}

}  // namespace armwatch::rules
