#include "cli/replay_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/context.h"
#include "rules/replay.h"
#include "rules/rule_set.h"
#include "rules/scoring.h"

namespace armwatch::cli {
namespace {

struct ReplayArgs {
  std::vector<std::string> rules;
  std::string input;
  std::string history;
  std::string format;  // default: ndjson, or the text report with --score
  bool score = false;
};

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += (out.empty() ? "" : ",") + v;
  }
  return out;
}

Table matches_table(const std::vector<rules::ReplayItem>& items,
                    const std::vector<std::vector<Event>>& events) {
  Table t;
  t.columns = {"id", "severity", "categories", "rules", "title"};
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::vector<std::string> cats;
    std::vector<std::string> ids;
    std::optional<Severity> worst;
    for (const Event& e : events[i]) {
      cats.push_back(e.category);
      ids.push_back(e.rule_id);
      worst = worst && *worst > e.severity ? *worst : e.severity;
    }
    t.rows.push_back({items[i].item.id, worst ? std::string(to_string(*worst)) : "-", joined(cats),
                      joined(ids), items[i].item.title});
  }
  return t;
}

// Loads the pack, printing its diagnostics; null after errors.
std::shared_ptr<const rules::RuleSet> load_pack(const ReplayArgs& args) {
  std::vector<std::filesystem::path> paths(args.rules.begin(), args.rules.end());
  rules::LoadOptions options;
  options.history = args.history;
  rules::LoadResult loaded = rules::load_rule_pack(paths, options);
  for (const rules::Diagnostic& d : loaded.diagnostics) {
    std::cerr << rules::format_diagnostic(d);
  }
  return loaded.rules;
}

int print_score(const ReplayArgs& args, const std::vector<rules::ReplayItem>& items,
                const std::vector<std::vector<Event>>& events) {
  rules::Score score = rules::score_replay(items, events);
  if (score.labelled == 0) {
    std::cerr << "armwatch: " << args.input << ": no line has \"expected\" labels to score\n";
    return kExitFailure;
  }
  if (args.format == "json" || args.format == "ndjson") {
    std::cout << rules::to_json(score) << "\n";
  } else {
    std::cout << rules::to_text(score);
  }
  return kExitResults;
}

int run_replay(const ReplayArgs& args) {
  const bool score_format = args.format.empty() || args.format == "table" ||
                            args.format == "json" || args.format == "ndjson";
  if (!args.format.empty() && args.format != "ndjson" && args.format != "table" &&
      !(args.score && score_format)) {
    std::cerr << "armwatch: unknown --format '" << args.format
              << "' (ndjson or table; json with --score)\n";
    return kExitUsage;
  }
  auto pack = load_pack(args);
  if (!pack) {
    std::cerr << "armwatch: the rule pack did not load\n";
    return kExitFailure;
  }
  auto items = rules::read_replay_items(args.input);
  if (!items) {
    return report(items.error());
  }
  std::vector<std::vector<Event>> events = rules::replay(*pack, *items);
  if (args.score) {
    return print_score(args, *items, events);
  }
  bool any = false;
  for (const auto& e : events) {
    any = any || !e.empty();
  }
  if (args.format == "table") {
    write_table(std::cout, matches_table(*items, events), Format::kTable, terminal_width());
  } else {
    for (std::size_t i = 0; i < items->size(); ++i) {
      std::cout << rules::to_ndjson((*items)[i], events[i]) << "\n";
    }
  }
  return any ? kExitResults : kExitNoResults;
}

}  // namespace

void add_replay_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd =
      app.add_subcommand("replay", "Match a JSONL corpus against a rule pack; score its labels");
  cmd->add_option("--rules", args->rules, "Rule pack directories or files")->required();
  cmd->add_option("--input", args->input, "JSONL items: id, published, source, title, summary")
      ->required();
  cmd->add_option("--format", args->format,
                  "ndjson (default) or table; with --score: table (default) or json");
  cmd->add_flag("--score", args->score,
                "Print precision, recall, F1, false alarms and severity accuracy against the "
                "lines' \"expected\" labels");
  cmd->add_option("--history", args->history,
                  "History timeline: check that rules' precedents name its entries");
  cmd->callback([&exit_code, args] { exit_code = run_replay(*args); });
}

}  // namespace armwatch::cli
