// `armwatch alerts [--status S] [--receiver R] [--attempts]`: deliveries and
// their attempts. `armwatch alerts test --receiver NAME`: queues a test alert
// that the running daemon delivers, and waits for its outcome.
// `armwatch silence add|list|expire`: silences stored in the event log.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace armwatch::cli {

void add_alerts_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_silence_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace armwatch::cli
