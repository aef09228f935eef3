// `armwatch rules lint|test|list|explain DIR`: tools for rule authors over a rule
// pack directory (rules/README.md). None of them touches the event log.
//
//   lint DIR... [--format text|json]   diagnostics; exit 0 clean, 1 on errors
//                                      ("-" reads one rule file from stdin)
//   test DIR...                        embedded examples; "N passed, M failed";
//                                      exit 1 on failures
//   list DIR... [--format F]           id, category, severity, provisions, status,
//                                      location, title (any cli/output.h format)
//   explain DIR... (--text T | --item FILE.json) [--rule ID] [--all]
//                                      why each rule fired or not; exit 0 when a
//                                      rule fired, 1 when none did
//
// A pack that does not load is reported with its diagnostics and exit code 3
// (kExitFailure) by test, list and explain.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/item.h"
#include "core/result.h"

namespace armwatch::cli {

void add_rules_command(CLI::App& app, int& exit_code);

// The items of a JSON document for `rules explain --item`: one item object
// ({"title", "summary", "content", "link", "source", "feed", "id",
// "published", "updated", "authors", "categories"}), an array of them, or the
// output of `armwatch feed parse` (an object with "items"). kParse on bad JSON
// or when no item is found.
Result<std::vector<Item>> items_from_json(const std::string& json);

}  // namespace armwatch::cli
