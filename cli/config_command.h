// `armwatch config check [FILE]` and `armwatch config show [FILE]`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace armwatch::cli {

void add_config_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace armwatch::cli
