#include "config/yaml_read.h"

#include <charconv>

namespace armwatch::config {

[[noreturn]] void fail(const YAML::Node& node, std::string message) {
  throw ConfigError{node.Mark(), std::move(message)};
}

void check_keys(const YAML::Node& map, const std::set<std::string>& known,
                const std::string& section) {
  if (!map.IsMap()) {
    fail(map, section + " must be a mapping");
  }
  for (const auto& kv : map) {
    auto key = kv.first.as<std::string>();
    if (!known.count(key)) {
      fail(kv.first, "unknown key '" + key + "' in " + section);
    }
  }
}

std::string read_string(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    fail(node, what + " must be a string");
  }
  return node.as<std::string>();
}

std::vector<std::string> read_strings(const YAML::Node& node, const std::string& what) {
  if (node.IsScalar()) {
    return {node.as<std::string>()};
  }
  if (!node.IsSequence()) {
    fail(node, what + " must be a string or a list of strings");
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    out.push_back(read_string(item, what));
  }
  return out;
}

Millis read_duration(const YAML::Node& node, const std::string& what) {
  auto d = parse_duration(read_string(node, what));
  if (!d) {
    fail(node, what + " must be a duration such as 90s, 15m, 6h or 2d");
  }
  return *d;
}

long read_int(const YAML::Node& node, const std::string& what, long lo, long hi) {
  std::string s = read_string(node, what);
  long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < lo || v > hi) {
    fail(node,
         what + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return v;
}

bool read_bool(const YAML::Node& node, const std::string& what) {
  std::string s = read_string(node, what);
  if (s == "true" || s == "yes" || s == "on") {
    return true;
  }
  if (s == "false" || s == "no" || s == "off") {
    return false;
  }
  fail(node, what + " must be true or false");
}

}  // namespace armwatch::config
