// `armwatch feed parse FILE` and `armwatch feed fetch URL`: does this feed work?
// Neither stores anything.
#pragma once

#include <CLI/CLI.hpp>

namespace armwatch::cli {

void add_feed_command(CLI::App& app, int& exit_code);

}  // namespace armwatch::cli
