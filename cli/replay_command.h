// `armwatch replay --rules DIR --input FILE.jsonl [--format ndjson|table]
// [--score] [--history DIR]`: matches a JSONL corpus against a rule pack
// offline (rules/replay.h) and prints one NDJSON line per item, in input order:
//   {"id": ..., "matches": [{"rule", "category", "severity", "confidence",
//    "provisions", "claim"}]}
// With --score, prints instead the score against the lines' "expected" labels
// (rules/scoring.h): a text report, or one JSON object with --format json or
// ndjson. Nothing touches the event log.
//
// Exit codes: 0 when some item matched (or a score was printed), 1 when no item
// matched, 2 usage, 3 when the pack or the input does not load (errors name
// file:line).
#pragma once

#include <CLI/CLI.hpp>

namespace armwatch::cli {

void add_replay_command(CLI::App& app, int& exit_code);

}  // namespace armwatch::cli
