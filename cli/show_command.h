// `armwatch show ID`: one event in full: the item's text with the matched
// spans highlighted, the rule, the provisions it cites with their paraphrase
// (rules/provisions/provisions.yaml), its precedents (the history timeline),
// its incident and the incident's other reports, and the links.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/event.h"

namespace armwatch::cli {

void add_show_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

// `text` with each span of `spans` whose field is `field` wrapped in `open` and
// `close`. A span is placed by its offsets when the text there is still the
// span's text, else at the first occurrence of its text; one found nowhere
// (the body was pruned, the feed changed it) is left out. Overlaps merge.
std::string highlight(const std::string& text, const std::string& field,
                      const std::vector<Span>& spans, const std::string& open,
                      const std::string& close);

// Where to look for the provisions table and the history timeline: beside each
// configured rule pack (its parent directory), then the installed share
// directory next to the executable (../share/armwatch). Each holds
// provisions/provisions.yaml and history/.
std::vector<std::filesystem::path> data_directories(const GlobalOptions& global);

}  // namespace armwatch::cli
