// `armwatch incidents`: reports of one real-world event grouped across feeds
// and outlets (storage/README.md, "Incidents"), most recently active first.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace armwatch::cli {

void add_incidents_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace armwatch::cli
