#include "cli/config_command.h"

#include <iostream>
#include <memory>

#include "config/config.h"
#include "rules/rule_set.h"

namespace armwatch::cli {
namespace {

std::string pick_path(const std::string& arg, const GlobalOptions& global) {
  if (!arg.empty()) {
    return arg;
  }
  return global.config_path.empty() ? config::default_config_path() : global.config_path;
}

// Checks what armwatchd would refuse to start with: the config and its rules.
int run_check(const std::string& path) {
  auto cfg = config::load_config(path);
  if (!cfg) {
    std::cerr << "armwatch: " << cfg.error().to_string() << "\n";
    return kExitFailure;
  }
  std::vector<std::filesystem::path> rule_paths(cfg->rules.begin(), cfg->rules.end());
  auto loaded = rules::load_rule_pack(rule_paths);
  for (const auto& d : loaded.diagnostics) {
    std::cerr << d.to_string() << "\n";
  }
  if (!loaded.ok()) {
    std::cerr << "armwatch: " << path << ": the rule pack has errors\n";
    return kExitFailure;
  }
  std::cout << path << ": OK (" << cfg->feeds.size() << " feeds, " << loaded.rules->rules().size()
            << " rules";
  if (!cfg->dropins.empty()) {
    std::cout << ", " << cfg->dropins.size() << " drop-ins";
  }
  std::cout << ")\n";
  return kExitResults;
}

int run_show(const std::string& path) {
  auto cfg = config::load_config(path);
  if (!cfg) {
    std::cerr << "armwatch: " << cfg.error().to_string() << "\n";
    return kExitFailure;
  }
  std::cout << "# effective configuration from " << path;
  for (const auto& d : cfg->dropins) {
    std::cout << " + " << d;
  }
  std::cout << "\n" << config::render_config(*cfg);
  return kExitResults;
}

}  // namespace

void add_config_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("config", "Check or show armwatchd's configuration");
  cmd->require_subcommand(1);
  auto check_path = std::make_shared<std::string>();
  CLI::App* check = cmd->add_subcommand("check", "Validate the config and its rule pack");
  check->add_option("FILE", *check_path, "Config file (default: --config or the system one)");
  check->callback(
      [&global, &exit_code, check_path] { exit_code = run_check(pick_path(*check_path, global)); });
  auto show_path = std::make_shared<std::string>();
  CLI::App* show = cmd->add_subcommand("show", "Print the effective config, secrets masked");
  show->add_option("FILE", *show_path, "Config file (default: --config or the system one)");
  show->callback(
      [&global, &exit_code, show_path] { exit_code = run_show(pick_path(*show_path, global)); });
}

}  // namespace armwatch::cli
