#include "cli/export_command.h"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>

#include "cli/events_command.h"
#include "core/clock.h"

namespace armwatch::cli {
namespace {

struct ExportArgs {
  FilterArgs filters;
  std::string format = "ndjson";
};

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string json_time(const std::optional<TimePoint>& t) {
  return t ? json_quote(format_rfc3339(*t)) : "null";
}

std::string plain_time(const std::optional<TimePoint>& t) {
  return t ? format_rfc3339(*t) : std::string();
}

std::string evidence_json(const std::vector<Span>& spans) {
  std::string out = "[";
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    out += (i ? ", " : "") + std::string("{\"field\": ") + json_quote(s.field) +
           ", \"begin\": " + std::to_string(s.begin) + ", \"end\": " + std::to_string(s.end) +
           ", \"text\": " + json_quote(s.text) + "}";
  }
  return out + "]";
}

std::string incident_json(std::int64_t id) {
  return id != 0 ? std::to_string(id) : "null";
}

int run_export(const GlobalOptions& global, const ExportArgs& args) {
  if (args.format != "ndjson" && args.format != "csv") {
    std::cerr << "armwatch: --format: export writes ndjson or csv, not '" << args.format << "'\n";
    return kExitUsage;
  }
  auto filters = parse_filters(args.filters, SystemClock().now());
  if (!filters) {
    return kExitUsage;
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  storage::EventQuery query = to_event_query(*filters);
  query.recorded_order = true;
  bool csv = args.format == "csv";
  if (csv) {
    std::string header = export_csv_header() + "\n";
    std::fwrite(header.data(), 1, header.size(), stdout);
  }
  std::size_t count = 0;
  bool write_failed = false;
  auto st = (*store)->for_each_event(query, [&](const storage::StoredEvent& e) {
    std::string line = (csv ? export_csv(e) : export_ndjson(e)) + "\n";
    ++count;
    // A closed pipe (`| head`) ends the export; nothing more can be written.
    write_failed = std::fwrite(line.data(), 1, line.size(), stdout) != line.size();
    return !write_failed;
  });
  if (!st) {
    return report(st.error());
  }
  if (std::fflush(stdout) != 0 || write_failed) {
    std::cerr << "armwatch: export: writing to standard output failed after " << count
              << " events\n";
    return kExitFailure;
  }
  return count == 0 ? kExitNoResults : kExitResults;
}

}  // namespace

std::string export_ndjson(const storage::StoredEvent& se) {
  const Event& e = se.event;
  const Item& it = se.item;
  std::string item =
      "{\"feed\": " + json_quote(it.feed) + ", \"id\": " + json_quote(it.id) +
      ", \"title\": " + json_quote(it.title) + ", \"summary\": " + json_quote(it.summary) +
      ", \"content\": " + json_quote(it.content) + ", \"link\": " + json_quote(it.link) +
      ", \"source\": " + json_quote(it.source) + ", \"published\": " + json_time(it.published) +
      ", \"updated\": " + json_time(it.updated) + ", \"authors\": " + json_array(it.authors) +
      ", \"categories\": " + json_array(it.categories) + "}";
  return "{\"id\": " + std::to_string(se.id) + ", \"time\": " + json_quote(format_rfc3339(e.time)) +
         ", \"severity\": " + json_quote(to_string(e.severity)) +
         ", \"category\": " + json_quote(e.category) + ", \"rule\": " + json_quote(e.rule_id) +
         ", \"provisions\": " + json_array(e.provisions) +
         ", \"precedents\": " + json_array(e.precedents) +
         ", \"confidence\": " + number(e.confidence) +
         ", \"claim\": " + json_quote(to_string(e.claim)) +
         ", \"message\": " + json_quote(e.message) +
         ", \"incident\": " + incident_json(se.incident_id) +
         ", \"evidence\": " + evidence_json(e.evidence) + ", \"item\": " + item + "}";
}

std::string export_csv_header() {
  return "id,time,severity,category,rule,provisions,precedents,confidence,claim,message,incident,"
         "evidence,feed,item_id,title,summary,content,link,source,published,updated,authors,"
         "categories";
}

std::string export_csv(const storage::StoredEvent& se) {
  const Event& e = se.event;
  const Item& it = se.item;
  const std::string cells[] = {std::to_string(se.id),
                               format_rfc3339(e.time),
                               std::string(to_string(e.severity)),
                               e.category,
                               e.rule_id,
                               json_array(e.provisions),
                               json_array(e.precedents),
                               number(e.confidence),
                               std::string(to_string(e.claim)),
                               e.message,
                               se.incident_id != 0 ? std::to_string(se.incident_id) : "",
                               evidence_json(e.evidence),
                               it.feed,
                               it.id,
                               it.title,
                               it.summary,
                               it.content,
                               it.link,
                               it.source,
                               plain_time(it.published),
                               plain_time(it.updated),
                               json_array(it.authors),
                               json_array(it.categories)};
  std::string line;
  for (std::size_t i = 0; i < std::size(cells); ++i) {
    line += (i ? "," : "") + csv_field(cells[i]);
  }
  return line;
}

void add_export_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Every event with its item and evidence, oldest first, as NDJSON or CSV");
  add_filter_options(cmd, args->filters);
  cmd->add_option("--format", args->format, "ndjson (one JSON object a line) or csv")
      ->capture_default_str();
  cmd->footer("Streams: memory stays flat however large the log. Without filters, everything.");
  cmd->callback([&global, &exit_code, args] { exit_code = run_export(global, *args); });
}

}  // namespace armwatch::cli
