// Internal to config/: applies one YAML document onto a Config, so the main
// file, its drop-ins and the environment all go through the same validation.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/config.h"
#include "core/result.h"

namespace armwatch::config {

// Applies `text` (labelled `name` in errors) onto `config`: keys present replace
// what is there; feeds and rules are appended. An empty document changes nothing.
Status apply_config_text(const std::string& text, const std::string& name, Config& config);

// The same for a node built in code (environment overrides).
Status apply_config_node(const YAML::Node& root, const std::string& name, Config& config);

}  // namespace armwatch::config
