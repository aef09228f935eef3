#include "cli/context.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <sys/ioctl.h>
#include <unistd.h>

#include "config/config.h"

namespace armwatch::cli {

Result<std::string> resolve_db_path(const GlobalOptions& options) {
  if (!options.db_path.empty()) {
    return options.db_path;
  }
  std::string config_path = options.config_path;
  if (config_path.empty()) {
    config_path = config::default_config_path();
    std::error_code ec;
    if (!std::filesystem::exists(config_path, ec)) {
      return std::string("./var/armwatch.db");
    }
  }
  auto cfg = config::load_config(config_path);
  if (!cfg) {
    return cfg.error();
  }
  return cfg->database;
}

Result<std::unique_ptr<storage::EventStore>> open_store_for_reading(const GlobalOptions& options) {
  auto path = resolve_db_path(options);
  if (!path) {
    return path.error();
  }
  storage::StoreOptions store_options;
  store_options.read_only = true;
  return storage::open_sqlite_store(*path, store_options);
}

Result<std::unique_ptr<storage::EventStore>> open_store_for_writing(const GlobalOptions& options) {
  auto path = resolve_db_path(options);
  if (!path) {
    return path.error();
  }
  return storage::open_sqlite_store(*path, storage::StoreOptions{});
}

std::optional<Format> output_format(const GlobalOptions& options) {
  auto f = parse_format(options.format);
  if (!f) {
    std::cerr << "armwatch: unknown --format '" << options.format
              << "' (auto, table, tsv, csv, json, ndjson)\n";
  }
  return f;
}

int report(const Error& error) {
  std::cerr << "armwatch: " << error.to_string() << "\n";
  return kExitFailure;
}

bool stdout_is_tty() {
  return isatty(STDOUT_FILENO) == 1;
}

int terminal_width() {
  if (!stdout_is_tty()) {
    return 0;
  }
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  const char* cols = std::getenv("COLUMNS");
  return cols != nullptr ? std::atoi(cols) : 80;
}

}  // namespace armwatch::cli
