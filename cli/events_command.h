// `armwatch events` and `armwatch feeds`: read the event log. Also the query
// options every log command shares (incidents, search, stats, export use
// them too), so that `--since 7d --severity warning` means the same
// everywhere.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/event.h"
#include "core/time.h"
#include "storage/event_store.h"

namespace armwatch::cli {

// Registers the subcommands on `app`; each sets `exit_code` when it runs.
void add_events_command(CLI::App& app, const GlobalOptions& global, int& exit_code);
void add_feeds_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

// "7d", "24h", "yesterday", "today", "now", or an ISO date/time, relative to
// `now`. nullopt when unreadable.
std::optional<TimePoint> parse_since(const std::string& text, TimePoint now);

// ---- Filters shared by the log commands -------------------------------------

// As typed; parse_filters() checks them.
struct FilterArgs {
  std::string since;
  std::string until;
  std::string severity;  // the minimum
  std::string category;
  std::string provision;
  std::string source;
  std::string feed;
  std::string rule;
  int limit = 0;
};

// Which options a command offers (bits).
enum FilterOption : unsigned {
  kTimeOptions = 1U << 0,
  kSeverityOption = 1U << 1,
  kCategoryOption = 1U << 2,
  kProvisionOption = 1U << 3,
  kSourceOption = 1U << 4,
  kFeedOption = 1U << 5,
  kRuleOption = 1U << 6,
  kLimitOption = 1U << 7,
  kAllFilterOptions = 0xFFU,
};

// Adds --since, --until, --severity, ... to `cmd`; the values already in
// `args` are the defaults shown in the help.
void add_filter_options(CLI::App* cmd, FilterArgs& args, unsigned options = kAllFilterOptions);

struct Filters {
  std::optional<TimePoint> since;
  std::optional<TimePoint> until;
  std::optional<Severity> min_severity;
  std::string category;
  std::string provision;
  std::string source;
  std::string feed;
  std::string rule;
  int limit = 0;
};

// Checks and converts `args` (times relative to `now`); on a bad value prints
// "armwatch: --option: what was wrong" on stderr and returns nullopt.
std::optional<Filters> parse_filters(const FilterArgs& args, TimePoint now);
storage::EventQuery to_event_query(const Filters& filters);

// ---- Output options shared by the log commands -------------------------------

struct OutputArgs {
  std::string format = "auto";
  std::string color = "auto";
};

// Adds --format (the names in `formats`, for the help) and --color.
void add_output_options(CLI::App* cmd, OutputArgs& args,
                        const std::string& formats = "auto, table, tsv, csv, json, ndjson");

struct Output {
  Format format = Format::kTsv;  // resolved: never kAuto
  bool color = false;            // only ever true for the table format
  int width = 0;                 // columns to fit (0: unbounded)
};

// Resolves auto format, colour (NO_COLOR, TERM, --color) and the terminal
// width (or $COLUMNS when not a terminal); prints a usage error and returns
// nullopt for an unknown name.
std::optional<Output> parse_output(const OutputArgs& args);

// What a command prints instead of an empty table: "armwatch: no <what>
// match" on stderr (a bare header says nothing to a person; machine formats
// keep their header or empty form). Returns kExitNoResults.
int no_results(const std::string& what);

// The severity slug, coloured for a table when `color`.
std::string severity_cell(Severity s, bool color);
// "2024-06-09 14:03" (UTC), the table's compact time.
std::string short_time(TimePoint t);

}  // namespace armwatch::cli
