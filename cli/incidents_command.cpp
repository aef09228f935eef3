#include "cli/incidents_command.h"

#include <iostream>
#include <memory>

#include "cli/events_command.h"
#include "core/clock.h"

namespace armwatch::cli {
namespace {

struct IncidentsArgs {
  FilterArgs filters;
  OutputArgs output;
  int min_sources = 0;
};

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : ",") + p;
  }
  return out;
}

Table incidents_table(const std::vector<storage::Incident>& incidents, bool full, bool color) {
  Table t;
  if (full) {
    t.columns = {"id",      "category", "severity",   "first_seen", "last_seen",
                 "reports", "sources",  "provisions", "title"};
    t.raw_json = {true, false, false, false, false, true, true, true, false};
  } else {
    t.columns = {"id",      "last_seen", "severity",   "category",
                 "reports", "sources",   "provisions", "title"};
    t.wide = 7;
    t.fixed = {0, 1, 2, 4, 5};
    t.drop_order = {6, 3};
  }
  for (const auto& in : incidents) {
    if (full) {
      t.rows.push_back({std::to_string(in.id), in.category, std::string(to_string(in.severity)),
                        format_rfc3339(in.first_seen), format_rfc3339(in.last_seen),
                        std::to_string(in.report_count), std::to_string(in.source_count),
                        json_array(in.provisions), in.title});
    } else {
      // Several outlets reporting it is what makes an incident stand out.
      std::string sources = std::to_string(in.source_count);
      t.rows.push_back({paint(std::to_string(in.id), sgr::kDim, color), short_time(in.last_seen),
                        severity_cell(in.severity, color), in.category,
                        std::to_string(in.report_count),
                        in.source_count > 1 ? paint(sources, sgr::kBold, color) : sources,
                        joined(in.provisions), in.title});
    }
  }
  return t;
}

int run_incidents(const GlobalOptions& global, const IncidentsArgs& args) {
  auto output = parse_output(args.output);
  auto filters = parse_filters(args.filters, SystemClock().now());
  if (!output || !filters) {
    return kExitUsage;
  }
  if (args.min_sources < 0) {
    std::cerr << "armwatch: --min-sources: must be 0 or more, not " << args.min_sources << "\n";
    return kExitUsage;
  }
  storage::IncidentQuery q;
  q.since = filters->since;
  q.until = filters->until;
  q.min_severity = filters->min_severity;
  q.category = filters->category;
  q.provision = filters->provision;
  q.source = filters->source;
  q.feed = filters->feed;
  q.rule = filters->rule;
  q.limit = filters->limit;
  q.min_sources = args.min_sources;
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  auto incidents = (*store)->query_incidents(q);
  if (!incidents) {
    return report(incidents.error());
  }
  if (incidents->empty() && output->format == Format::kTable) {
    return no_results("incidents");
  }
  bool full = output->format != Format::kTable;
  write_table(std::cout, incidents_table(*incidents, full, output->color), output->format,
              output->width, output->color);
  return incidents->empty() ? kExitNoResults : kExitResults;
}

}  // namespace

void add_incidents_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<IncidentsArgs>();
  args->filters.since = "30d";
  CLI::App* cmd = app.add_subcommand(
      "incidents", "List incidents (reports of one event grouped), most recently active first");
  add_filter_options(cmd, args->filters);
  cmd->add_option("--min-sources", args->min_sources,
                  "Only incidents reported by at least this many outlets");
  add_output_options(cmd, args->output);
  cmd->footer(
      "--since keeps incidents still active since then; --until, those begun before. An "
      "incident passes --rule, --source, --feed or --provision when one of its reports does. "
      "`armwatch events --incident ID` lists an incident's reports.");
  cmd->callback([&global, &exit_code, args] { exit_code = run_incidents(global, *args); });
}

}  // namespace armwatch::cli
