// `armwatch search QUERY [filters]`: full-text search over item titles,
// summaries and bodies (FTS5), best match first, with the matched words
// highlighted in a snippet.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace armwatch::cli {

void add_search_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace armwatch::cli
