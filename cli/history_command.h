// `armwatch history [--search TEXT] [--dir DIR] [--format F]`: lists the
// history timeline of the armistice commissions and past incidents
// (rules/history.h), or the entries that contain every word of TEXT. Rules
// cite these ids in `precedents`. Exit 0 when entries are printed, 1 when none
// match, 3 when the timeline does not load.
#pragma once

#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

namespace armwatch::cli {

void add_history_command(CLI::App& app, int& exit_code);

// The timeline to read when --dir is not given: ./rules/history (a source
// tree), else the installed /usr/share/armwatch/history, else
// /usr/local/share/armwatch/history; the first that exists, or the first.
std::filesystem::path default_history_dir();

}  // namespace armwatch::cli
