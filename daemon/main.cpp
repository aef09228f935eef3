// armwatchd: watches feeds for news bearing on the Korean Armistice Agreement
// and records what the rules find. Reads top to bottom: flags, then the daemon's
// ordered steps in run_daemon (daemon/app.cpp).
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "daemon/app.h"

int main(int argc, char** argv) {
  armwatch::daemon::DaemonOptions options;
  CLI::App app{"armwatchd: the armwatch daemon"};
  app.add_option("-c,--config", options.config_path, "Configuration file")
      ->default_val("/etc/armwatch/config.yaml");
  app.add_flag("--once", options.once, "Run one poll cycle and exit");
  app.add_option("--log-level", options.log_level, "debug, info, warning or error");
  app.set_version_flag("--version", std::string("armwatchd ") + ARMWATCH_VERSION);
  CLI11_PARSE(app, argc, argv);
  try {
    return armwatch::daemon::run_daemon(options);
  } catch (const std::exception& e) {
    // Last resort: a bug escaped a module's boundary.
    std::cerr << "armwatchd: fatal: " << e.what() << "\n";
    return 70;
  }
}
