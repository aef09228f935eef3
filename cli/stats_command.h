// `armwatch stats [--by category|provision|source|severity|rule|feed]
// [--per day|week|month] [filters]`: event counts, with a bar chart, or a
// sparkline per key over time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "storage/event_store.h"

namespace armwatch::cli {

void add_stats_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

// The start of the period `t` falls in (UTC): the day, the Monday, the first
// of the month. `t` itself for CountPer::kAll.
TimePoint period_start(TimePoint t, storage::CountPer per);
// Every period start from the one holding `first` to the one holding `last`.
std::vector<TimePoint> periods(TimePoint first, TimePoint last, storage::CountPer per);

}  // namespace armwatch::cli
