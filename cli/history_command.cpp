#include "cli/history_command.h"

#include <iostream>
#include <memory>
#include <system_error>

#include "cli/context.h"
#include "rules/history.h"

namespace armwatch::cli {
namespace {

struct HistoryArgs {
  std::string search;
  std::string dir;
  std::string format = "auto";
};

std::string json_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + json_quote(values[i]);
  }
  return out + "]";
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += (out.empty() ? "" : ",") + v;
  }
  return out;
}

// Machine formats carry every field; the table keeps what fits a terminal.
Table history_table(const std::vector<rules::HistoryEntry>& entries, bool full) {
  Table t;
  if (full) {
    t.columns = {"id", "date", "date_to", "kind", "title", "summary", "provisions", "sources"};
    t.raw_json = {false, false, false, false, false, false, true, true};
  } else {
    t.columns = {"id", "date", "provisions", "title"};
  }
  for (const rules::HistoryEntry& e : entries) {
    if (full) {
      t.rows.push_back({e.id, e.date, e.date_to, e.kind, e.title, e.summary,
                        json_array(e.provisions), json_array(e.sources)});
    } else {
      std::string date = e.date_to.empty() ? e.date : e.date + ".." + e.date_to;
      t.rows.push_back({e.id, date, joined(e.provisions), e.title});
    }
  }
  return t;
}

int run_history(const HistoryArgs& args) {
  auto format = parse_format(args.format);
  if (!format) {
    std::cerr << "armwatch: unknown --format '" << args.format
              << "' (auto, table, tsv, csv, json, ndjson)\n";
    return kExitUsage;
  }
  std::filesystem::path dir =
      args.dir.empty() ? default_history_dir() : std::filesystem::path(args.dir);
  auto history = rules::load_history(dir);
  if (!history) {
    return report(history.error());
  }
  std::vector<rules::HistoryEntry> entries = history->search(args.search);
  Format f = resolve_format(*format, stdout_is_tty());
  write_table(std::cout, history_table(entries, f != Format::kTable), f, terminal_width());
  return entries.empty() ? kExitNoResults : kExitResults;
}

}  // namespace

std::filesystem::path default_history_dir() {
  const std::filesystem::path candidates[] = {"rules/history", "/usr/share/armwatch/history",
                                              "/usr/local/share/armwatch/history"};
  for (const auto& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(c, ec)) {
      return c;
    }
  }
  return candidates[0];
}

void add_history_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "history", "List or search the timeline of armistice commissions and past incidents");
  cmd->add_option("--search", args->search,
                  "Only entries containing every word of TEXT (id, date, title, summary, "
                  "provisions)");
  cmd->add_option("--dir", args->dir,
                  "The timeline directory or file (default: ./rules/history, else "
                  "/usr/share/armwatch/history)");
  cmd->add_option("--format", args->format, "auto, table, tsv, csv, json, ndjson")
      ->capture_default_str();
  cmd->callback([&exit_code, args] { exit_code = run_history(*args); });
}

}  // namespace armwatch::cli
