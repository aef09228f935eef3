// Global CLI options and the few things every command needs: which database to
// read and how to report errors. cli/ may include every module but daemon/.
#pragma once

#include <memory>
#include <string>

#include "cli/output.h"
#include "core/result.h"
#include "storage/event_store.h"

namespace armwatch::cli {

// Exit codes, as git and journalctl users expect.
inline constexpr int kExitResults = 0;
inline constexpr int kExitNoResults = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitFailure = 3;

struct GlobalOptions {
  std::string config_path;  // --config
  std::string db_path;      // --db (wins over the config's database)
  std::string format = "auto";
};

// The database path: --db, else the `database` of --config, else that of the
// default config (config::default_config_path()) when it exists, else ./var/armwatch.db.
Result<std::string> resolve_db_path(const GlobalOptions& options);

// Opens the event log read-only, so the CLI never blocks the daemon's writes.
Result<std::unique_ptr<storage::EventStore>> open_store_for_reading(const GlobalOptions& options);

// Opens the event log for the few commands that write to it (silences, test
// alerts): short transactions that wait out the daemon's through busy_timeout.
Result<std::unique_ptr<storage::EventStore>> open_store_for_writing(const GlobalOptions& options);

// Parses options.format; prints a usage error and returns nullopt if unknown.
std::optional<Format> output_format(const GlobalOptions& options);

// Prints "armwatch: <error>" on stderr and returns kExitFailure.
int report(const Error& error);

// Terminal width of stdout, or 0 when it is not a terminal.
int terminal_width();
bool stdout_is_tty();

}  // namespace armwatch::cli
