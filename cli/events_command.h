// `armwatch events` and `armwatch feeds`: read the event log.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace armwatch::cli {

// Registers the subcommands on `app`; each sets `exit_code` when it runs.
void add_events_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_feeds_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

// "7d", "24h", "yesterday", "today", or an ISO date/time, relative to `now`.
std::optional<TimePoint> parse_since(const std::string& text, TimePoint now);

}  // namespace armwatch::cli
