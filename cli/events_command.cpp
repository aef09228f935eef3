#include "cli/events_command.h"

#include <iostream>
#include <memory>

#include "core/clock.h"

namespace armwatch::cli {
namespace {

struct EventsArgs {
  std::string since = "7d";
  std::string until;
  std::string severity;
  std::string category;
  std::string feed;
  std::string rule;
  int limit = 0;
  std::string format = "auto";
};

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : sep) + p;
  }
  return out;
}

std::string json_array(const std::vector<std::string>& parts) {
  std::string out = "[";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i ? ", " : "") + json_quote(parts[i]);
  }
  return out + "]";
}

std::string evidence_json(const std::vector<Span>& spans) {
  std::string out = "[";
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& s = spans[i];
    out += (i ? ", " : "") + std::string("{\"field\": ") + json_quote(s.field) +
           ", \"begin\": " + std::to_string(s.begin) + ", \"end\": " + std::to_string(s.end) +
           ", \"text\": " + json_quote(s.text) + "}";
  }
  return out + "]";
}

std::string optional_time(const std::optional<TimePoint>& t) {
  return t ? format_rfc3339(*t) : std::string();
}

// Machine formats carry every field; the table keeps what fits a terminal.
Table events_table(const std::vector<storage::StoredEvent>& events, bool full) {
  Table t;
  if (full) {
    t.columns = {"id",        "time",   "severity", "category", "rule",     "provisions",
                 "confidence", "feed",  "source",   "item_id",  "title",    "link",
                 "published", "message", "evidence"};
    t.raw_json = {true, false, false, false, false, true, true, false,
                  false, false, false, false, false, false, true};
  } else {
    t.columns = {"id", "time", "severity", "category", "rule", "provisions", "title"};
  }
  for (const auto& se : events) {
    const Event& e = se.event;
    const Item& it = se.item;
    if (full) {
      t.rows.push_back({std::to_string(se.id), format_rfc3339(e.time),
                        std::string(to_string(e.severity)), e.category, e.rule_id,
                        json_array(e.provisions), std::to_string(e.confidence), it.feed,
                        it.source, it.id, it.title, it.link, optional_time(it.date()), e.message,
                        evidence_json(e.evidence)});
    } else {
      t.rows.push_back({std::to_string(se.id), format_rfc3339(e.time).substr(0, 16),
                        std::string(to_string(e.severity)), e.category, e.rule_id,
                        join(e.provisions, ","), it.title});
    }
  }
  return t;
}

int run_events(const GlobalOptions& global, const EventsArgs& args) {
  auto format = parse_format(args.format);
  if (!format) {
    std::cerr << "armwatch: unknown --format '" << args.format << "'\n";
    return kExitUsage;
  }
  storage::EventQuery query;
  SystemClock clock;
  if (!args.since.empty()) {
    query.since = parse_since(args.since, clock.now());
    if (!query.since) {
      std::cerr << "armwatch: --since: cannot read '" << args.since
                << "' (try 7d, 24h, yesterday or 2024-06-01)\n";
      return kExitUsage;
    }
  }
  if (!args.until.empty()) {
    query.until = parse_since(args.until, clock.now());
    if (!query.until) {
      std::cerr << "armwatch: --until: cannot read '" << args.until << "'\n";
      return kExitUsage;
    }
  }
  if (!args.severity.empty()) {
    query.min_severity = parse_severity(args.severity);
    if (!query.min_severity) {
      std::cerr << "armwatch: --severity must be info, warning or violation\n";
      return kExitUsage;
    }
  }
  query.category = args.category;
  query.feed = args.feed;
  query.rule = args.rule;
  query.limit = args.limit;
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  auto events = (*store)->query_events(query);
  if (!events) {
    return report(events.error());
  }
  Format f = resolve_format(*format, stdout_is_tty());
  bool full = f != Format::kTable;
  write_table(std::cout, events_table(*events, full), f, terminal_width());
  return events->empty() ? kExitNoResults : kExitResults;
}

Table feeds_table(const std::vector<storage::FeedState>& feeds) {
  Table t;
  t.columns = {"name",   "status", "last_fetch", "last_success", "next_due",
               "errors", "items",  "url",        "last_error"};
  t.raw_json = {false, false, false, false, false, true, true, false, false};
  for (const auto& f : feeds) {
    std::string status = f.disabled ? "disabled" : std::to_string(f.last_status);
    t.rows.push_back({f.name, status, optional_time(f.last_fetch), optional_time(f.last_success),
                      optional_time(f.next_due), std::to_string(f.consecutive_errors),
                      std::to_string(f.item_count), f.url,
                      f.disabled ? f.disabled_reason : f.last_error});
  }
  return t;
}

int run_feeds(const GlobalOptions& global, const std::string& format_name) {
  auto format = parse_format(format_name);
  if (!format) {
    std::cerr << "armwatch: unknown --format '" << format_name << "'\n";
    return kExitUsage;
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  auto feeds = (*store)->list_feeds();
  if (!feeds) {
    return report(feeds.error());
  }
  write_table(std::cout, feeds_table(*feeds), resolve_format(*format, stdout_is_tty()),
              terminal_width());
  return feeds->empty() ? kExitNoResults : kExitResults;
}

}  // namespace

std::optional<TimePoint> parse_since(const std::string& text, TimePoint now) {
  auto today = std::chrono::floor<std::chrono::days>(now);
  if (text == "today") {
    return TimePoint(today);
  }
  if (text == "yesterday") {
    return TimePoint(today - std::chrono::days(1));
  }
  if (text == "now") {
    return now;
  }
  if (auto d = parse_duration(text); d && !text.empty() && (text.back() < '0' || text.back() > '9')) {
    return now - *d;
  }
  return parse_rfc3339(text);
}

void add_events_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<EventsArgs>();
  CLI::App* cmd = app.add_subcommand("events", "List recorded events, newest first");
  cmd->add_option("--since", args->since, "Start: 7d, 24h, yesterday, or an ISO date")
      ->capture_default_str();
  cmd->add_option("--until", args->until, "End: same forms as --since");
  cmd->add_option("--severity", args->severity, "Minimum severity: info, warning, violation");
  cmd->add_option("--category", args->category, "A taxonomy category slug");
  cmd->add_option("--feed,--source", args->feed, "Only events from this feed");
  cmd->add_option("--rule", args->rule, "Only events of this rule id");
  cmd->add_option("--limit", args->limit, "At most this many events");
  cmd->add_option("--format", args->format, "auto, table, tsv, csv, json, ndjson")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, args] { exit_code = run_events(global, *args); });
}

void add_feeds_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto format = std::make_shared<std::string>("auto");
  CLI::App* cmd = app.add_subcommand("feeds", "Show each feed's last fetch, status and error");
  cmd->add_option("--format", *format, "auto, table, tsv, csv, json, ndjson")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, format] { exit_code = run_feeds(global, *format); });
}

}  // namespace armwatch::cli
