// `armwatch export [--format ndjson|csv] [filters]`: every event with its item
// and evidence, oldest first, streamed one event at a time so that a log of
// millions exports in constant memory.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "storage/event_store.h"

namespace armwatch::cli {

void add_export_command(CLI::App& app, const GlobalOptions& global, int& exit_code);

// One event as one NDJSON line (without the newline): the event's fields, its
// evidence and its item as a nested object.
std::string export_ndjson(const storage::StoredEvent& e);
// The CSV header line and one event as a CSV line (lists and evidence as JSON).
std::string export_csv_header();
std::string export_csv(const storage::StoredEvent& e);

}  // namespace armwatch::cli
