// Internal to config/: typed reads of YAML nodes that report the node's mark
// on failure. They throw ConfigError, which apply_config_node turns into an
// Error at the module's edge; nothing here escapes config/.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/time.h"

namespace armwatch::config {

struct ConfigError {
  YAML::Mark mark;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& node, std::string message);
// Rejects keys that the section does not know: a typo must never be ignored.
void check_keys(const YAML::Node& map, const std::set<std::string>& known,
                const std::string& section);
std::string read_string(const YAML::Node& node, const std::string& what);
// A scalar or a list of scalars.
std::vector<std::string> read_strings(const YAML::Node& node, const std::string& what);
Millis read_duration(const YAML::Node& node, const std::string& what);
long read_int(const YAML::Node& node, const std::string& what, long lo, long hi);
bool read_bool(const YAML::Node& node, const std::string& what);

}  // namespace armwatch::config
