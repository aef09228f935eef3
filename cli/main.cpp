// armwatch: the analyst's CLI over armwatchd's event log, plus tools for feeds
// and rules. Each subcommand lives in its own cli/*_command.cpp.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/alerts_command.h"
#include "cli/config_command.h"
#include "cli/context.h"
#include "cli/events_command.h"
#include "cli/export_command.h"
#include "cli/feed_command.h"
#include "cli/history_command.h"
#include "cli/incidents_command.h"
#include "cli/replay_command.h"
#include "cli/rules_command.h"
#include "cli/search_command.h"
#include "cli/show_command.h"
#include "cli/stats_command.h"

int main(int argc, char** argv) {
  using namespace armwatch::cli;
  GlobalOptions global;
  int exit_code = kExitResults;
  CLI::App app{"armwatch: query the armistice event log, test feeds and rules"};
  app.require_subcommand(1);
  app.add_option("-c,--config", global.config_path, "armwatchd's configuration file");
  app.add_option("--db", global.db_path, "The event log database (overrides --config)");
  app.set_version_flag("--version", std::string("armwatch ") + ARMWATCH_VERSION);
  add_events_command(app, global, exit_code);
  add_incidents_command(app, global, exit_code);
  add_search_command(app, global, exit_code);
  add_show_command(app, global, exit_code);
  add_stats_command(app, global, exit_code);
  add_export_command(app, global, exit_code);
  add_feeds_command(app, global, exit_code);
  add_feed_command(app, exit_code);
  add_config_command(app, global, exit_code);
  add_alerts_command(app, global, exit_code);
  add_silence_command(app, global, exit_code);
  add_rules_command(app, exit_code);
  add_history_command(app, exit_code);
  add_replay_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "armwatch: fatal: " << e.what() << "\n";
    return 70;
  }
  return exit_code;
}
