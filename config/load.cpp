// Reading the config from disk: the main file, its conf.d/ drop-ins, then the
// ARMWATCH_* environment, each through the same validation as the main file.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "config/config.h"
#include "config/reader.h"

extern char** environ;

namespace armwatch::config {
namespace {

namespace fs = std::filesystem;

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kNotFound, "cannot open the config file", path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> dropin_files(const std::string& main_path) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::path dir = fs::path(main_path).parent_path() / "conf.d";
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// ARMWATCH_POLL_INTERVAL=5m -> {poll: {interval: "5m"}}; nullopt for other names.
std::optional<YAML::Node> env_node(const std::string& name, const std::string& value) {
  static const std::string kPrefix = "ARMWATCH_";
  std::string key = name.substr(kPrefix.size());
  YAML::Node root;
  if (key == "DATABASE" || key == "LOG_LEVEL") {
    root[lower(key)] = value;
    return root;
  }
  for (const std::string section : {"POLL_", "FETCH_", "HTTP_"}) {
    if (key.rfind(section, 0) == 0 && key.size() > section.size()) {
      root[lower(section.substr(0, section.size() - 1))][lower(key.substr(section.size()))] = value;
      return root;
    }
  }
  return std::nullopt;
}

Status apply_environment(Config& config) {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (entry.rfind("ARMWATCH_", 0) != 0 || eq == std::string::npos) {
      continue;
    }
    std::string name = entry.substr(0, eq);
    std::string value = entry.substr(eq + 1);
    if (name == "ARMWATCH_RULES") {
      config.rules.clear();
      std::stringstream parts(value);
      for (std::string part; std::getline(parts, part, ':');) {
        if (!part.empty()) {
          config.rules.push_back(part);
        }
      }
      continue;
    }
    if (auto node = env_node(name, value)) {
      if (auto s = apply_config_node(*node, "environment variable " + name, config); !s) {
        return s;
      }
    }
  }
  return {};
}

}  // namespace

Result<Config> load_config(const std::string& path) {
  auto text = read_text(path);
  if (!text) {
    return text.error();
  }
  Config config;
  config.path = path;
  if (auto s = apply_config_text(*text, path, config); !s) {
    return s.error();
  }
  for (const auto& dropin : dropin_files(path)) {
    auto more = read_text(dropin);
    if (!more) {
      return more.error();
    }
    if (auto s = apply_config_text(*more, dropin, config); !s) {
      return s.error();
    }
    config.dropins.push_back(dropin);
  }
  if (auto s = apply_environment(config); !s) {
    return s.error();
  }
  return config;
}

std::string default_config_path() {
  if (const char* env = std::getenv("ARMWATCH_CONFIG"); env != nullptr && *env != '\0') {
    return env;
  }
  const std::string system = "/etc/armwatch/config.yaml";
  if (geteuid() == 0) {
    return system;
  }
  fs::path base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    base = fs::path(home) / ".config";
  }
  fs::path user = base / "armwatch" / "config.yaml";
  std::error_code ec;
  return !base.empty() && fs::exists(user, ec) ? user.string() : system;
}

}  // namespace armwatch::config
