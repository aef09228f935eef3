#include "cli/events_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <regex>

#include "core/clock.h"
#include "core/taxonomy.h"

namespace armwatch::cli {
namespace {

constexpr const char* kTimeHelp = "7d, 24h, yesterday, today, or an ISO date (UTC)";

bool usage_error(const std::string& message) {
  std::cerr << "armwatch: " << message << "\n";
  return false;
}

bool parse_time(const char* option, const std::string& text, TimePoint now,
                std::optional<TimePoint>& out) {
  if (text.empty()) {
    return true;
  }
  out = parse_since(text, now);
  return out.has_value() ||
         usage_error(std::string(option) + ": cannot read '" + text + "' (try " + kTimeHelp + ")");
}

bool check_category(const std::string& category) {
  if (category.empty() || is_category(category)) {
    return true;
  }
  std::string slugs;
  for (std::string_view s : category_slugs()) {
    slugs += (slugs.empty() ? "" : ", ") + std::string(s);
  }
  return usage_error("--category: unknown category '" + category + "' (use one of: " + slugs + ")");
}

bool check_provision(const std::string& provision) {
  static const std::regex kId("(AA|CMA|UNSCR)-[A-Za-z0-9./()-]*\\*?");
  return provision.empty() || std::regex_match(provision, kId) ||
         usage_error("--provision: '" + provision +
                     "' is not a provision id (AA-I-6, AA-II-13c, CMA-1, UNSCR-1718; a trailing "
                     "'*' matches a prefix: AA-II-13*)");
}

// Machine formats carry every field; the table keeps what fits a terminal.
Table events_table(const std::vector<storage::StoredEvent>& events, bool full, bool color) {
  Table t;
  if (full) {
    t.columns = {"id",         "time",    "severity", "category", "rule",  "provisions",
                 "confidence", "feed",    "source",   "item_id",  "title", "link",
                 "published",  "message", "evidence", "incident", "claim"};
    t.raw_json = {true,  false, false, false, false, true, true, false, false,
                  false, false, false, false, false, true, true, false};
  } else {
    t.columns = {"id", "time", "severity", "category", "provisions", "source", "title"};
    t.wide = 6;
    t.fixed = {0, 1, 2};
    t.drop_order = {4, 5, 3};
  }
  for (const auto& se : events) {
    const Event& e = se.event;
    const Item& it = se.item;
    std::optional<TimePoint> date = it.date();
    if (full) {
      std::string evidence = "[";
      for (std::size_t i = 0; i < e.evidence.size(); ++i) {
        const Span& s = e.evidence[i];
        evidence += (i ? ", " : "") + std::string("{\"field\": ") + json_quote(s.field) +
                    ", \"begin\": " + std::to_string(s.begin) +
                    ", \"end\": " + std::to_string(s.end) + ", \"text\": " + json_quote(s.text) +
                    "}";
      }
      t.rows.push_back({std::to_string(se.id), format_rfc3339(e.time),
                        std::string(to_string(e.severity)), e.category, e.rule_id,
                        json_array(e.provisions), std::to_string(e.confidence), it.feed, it.source,
                        it.id, it.title, it.link, date ? format_rfc3339(*date) : "", e.message,
                        evidence + "]", se.incident_id ? std::to_string(se.incident_id) : "",
                        std::string(to_string(e.claim))});
    } else {
      std::string provisions;
      for (const auto& p : e.provisions) {
        provisions += (provisions.empty() ? "" : ",") + p;
      }
      t.rows.push_back({paint(std::to_string(se.id), sgr::kDim, color), short_time(e.time),
                        severity_cell(e.severity, color), e.category, provisions,
                        it.source.empty() ? it.feed : it.source, it.title});
    }
  }
  return t;
}

struct EventsArgs {
  FilterArgs filters;
  OutputArgs output;
  std::int64_t incident = 0;
};

int run_events(const GlobalOptions& global, const EventsArgs& args) {
  auto output = parse_output(args.output);
  auto filters = parse_filters(args.filters, SystemClock().now());
  if (!output || !filters) {
    return kExitUsage;
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  storage::EventQuery query = to_event_query(*filters);
  query.incident_id = args.incident;
  auto events = (*store)->query_events(query);
  if (!events) {
    return report(events.error());
  }
  if (events->empty() && output->format == Format::kTable) {
    return no_results("events");
  }
  bool full = output->format != Format::kTable;
  write_table(std::cout, events_table(*events, full, output->color), output->format, output->width,
              output->color);
  return events->empty() ? kExitNoResults : kExitResults;
}

std::string optional_time(const std::optional<TimePoint>& t) {
  return t ? format_rfc3339(*t) : std::string();
}

// "3h", "5m": coarse, for people.
std::string amount(Millis d) {
  auto a = std::llabs(std::chrono::duration_cast<std::chrono::seconds>(d).count());
  return a < 60      ? std::to_string(a) + "s"
         : a < 3600  ? std::to_string(a / 60) + "m"
         : a < 86400 ? std::to_string(a / 3600) + "h"
                     : std::to_string(a / 86400) + "d";
}

std::string ago(const std::optional<TimePoint>& t, TimePoint now) {
  return t ? amount(now - *t) + " ago" : "never";
}

// "in 5m", or "overdue 2m" when armwatchd has not polled it by then.
std::string due(const std::optional<TimePoint>& t, TimePoint now) {
  if (!t) {
    return "";
  }
  return *t >= now ? "in " + amount(*t - now) : "overdue " + amount(now - *t);
}

// ok: the last fetch succeeded; failing: errors since the last success;
// disabled: armwatchd stopped polling it; new: never fetched.
std::string health(const storage::FeedState& f) {
  if (f.disabled) {
    return "disabled";
  }
  if (!f.last_fetch) {
    return "new";
  }
  return f.consecutive_errors > 0 ? "failing" : "ok";
}

Table feeds_table(const std::vector<storage::FeedState>& feeds, bool full, bool color,
                  TimePoint now) {
  Table t;
  t.columns = {"name",     "health", "status", "last_fetch", "last_success",
               "next_due", "errors", "items",  "url",        "last_error"};
  t.raw_json = {false, false, false, false, false, false, true, true, false, false};
  if (!full) {
    t.wide = 9;
    t.fixed = {1, 6, 7};
    t.drop_order = {8, 3, 2};
  }
  for (const auto& f : feeds) {
    std::string h = health(f);
    std::string status = f.disabled ? "disabled" : std::to_string(f.last_status);
    if (!full && !f.last_fetch) {
      status.clear();  // never fetched: no HTTP status to show
    }
    std::string error = f.disabled ? f.disabled_reason : f.last_error;
    if (full) {
      t.rows.push_back({f.name, h, status, optional_time(f.last_fetch),
                        optional_time(f.last_success), optional_time(f.next_due),
                        std::to_string(f.consecutive_errors), std::to_string(f.item_count), f.url,
                        error});
      continue;
    }
    const char* style = h == "ok" ? sgr::kGreen : h == "failing" ? sgr::kBoldRed : sgr::kYellow;
    std::string errors = std::to_string(f.consecutive_errors);
    t.rows.push_back({f.name, paint(h, style, color), status, ago(f.last_fetch, now),
                      ago(f.last_success, now), due(f.next_due, now),
                      f.consecutive_errors > 0 ? paint(errors, sgr::kBoldRed, color) : errors,
                      std::to_string(f.item_count), f.url,
                      paint(error, h == "failing" ? sgr::kRed : sgr::kDim, color)});
  }
  return t;
}

int run_feeds(const GlobalOptions& global, const OutputArgs& out_args) {
  auto output = parse_output(out_args);
  if (!output) {
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
  bool full = output->format != Format::kTable;
  write_table(std::cout, feeds_table(*feeds, full, output->color, SystemClock().now()),
              output->format, output->width, output->color);
  return feeds->empty() ? kExitNoResults : kExitResults;
}

// Terminal columns for tables: the terminal's, else $COLUMNS (for tests and
// `watch`), else unbounded.
int output_width() {
  if (int w = terminal_width(); w > 0) {
    return w;
  }
  const char* cols = std::getenv("COLUMNS");
  return cols != nullptr ? std::max(0, std::atoi(cols)) : 0;
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
  if (auto d = parse_duration(text);
      d && !text.empty() && (text.back() < '0' || text.back() > '9')) {
    return now - *d;
  }
  return parse_rfc3339(text);
}

void add_filter_options(CLI::App* cmd, FilterArgs& args, unsigned options) {
  if (options & kTimeOptions) {
    cmd->add_option("--since", args.since, std::string("Start: ") + kTimeHelp)
        ->capture_default_str();
    cmd->add_option("--until", args.until, "End (exclusive): same forms as --since");
  }
  if (options & kSeverityOption) {
    cmd->add_option("--severity", args.severity, "Minimum severity: info, warning, violation");
  }
  if (options & kCategoryOption) {
    cmd->add_option("--category", args.category, "A taxonomy category slug (missile-launch...)");
  }
  if (options & kProvisionOption) {
    cmd->add_option("--provision", args.provision,
                    "Citing this provision (AA-I-6, UNSCR-1718; AA-II-13* for a prefix)");
  }
  if (options & kSourceOption) {
    cmd->add_option("--source", args.source, "From this outlet (the item's source, else its feed)");
  }
  if (options & kFeedOption) {
    cmd->add_option("--feed", args.feed, "From this configured feed");
  }
  if (options & kRuleOption) {
    cmd->add_option("--rule", args.rule, "Found by this rule id");
  }
  if (options & kLimitOption) {
    cmd->add_option("-n,--limit", args.limit, "At most this many (0: no limit)")
        ->capture_default_str();
  }
}

std::optional<Filters> parse_filters(const FilterArgs& args, TimePoint now) {
  Filters f;
  bool ok = parse_time("--since", args.since, now, f.since) &&
            parse_time("--until", args.until, now, f.until) && check_category(args.category) &&
            check_provision(args.provision);
  if (!ok) {
    return std::nullopt;
  }
  if (f.since && f.until && *f.since >= *f.until) {
    usage_error("--since (" + format_rfc3339(*f.since) + ") is not before --until (" +
                format_rfc3339(*f.until) + ")");
    return std::nullopt;
  }
  if (!args.severity.empty()) {
    f.min_severity = parse_severity(args.severity);
    if (!f.min_severity) {
      usage_error("--severity: unknown severity '" + args.severity +
                  "' (use info, warning or violation)");
      return std::nullopt;
    }
  }
  if (args.limit < 0) {
    usage_error("--limit: must be 0 (no limit) or more, not " + std::to_string(args.limit));
    return std::nullopt;
  }
  f.category = args.category;
  f.provision = args.provision;
  f.source = args.source;
  f.feed = args.feed;
  f.rule = args.rule;
  f.limit = args.limit;
  return f;
}

storage::EventQuery to_event_query(const Filters& f) {
  storage::EventQuery q;
  q.since = f.since;
  q.until = f.until;
  q.min_severity = f.min_severity;
  q.category = f.category;
  q.provision = f.provision;
  q.source = f.source;
  q.feed = f.feed;
  q.rule = f.rule;
  q.limit = f.limit;
  return q;
}

void add_output_options(CLI::App* cmd, OutputArgs& args, const std::string& formats) {
  cmd->add_option("--format", args.format, formats)->capture_default_str();
  cmd->add_option("--color,--colour", args.color,
                  "auto (on a terminal, unless NO_COLOR is set), always, never")
      ->capture_default_str();
}

std::optional<Output> parse_output(const OutputArgs& args) {
  auto format = parse_format(args.format);
  if (!format) {
    usage_error("--format: unknown format '" + args.format +
                "' (use auto, table, tsv, csv, json or ndjson)");
    return std::nullopt;
  }
  auto mode = parse_color_mode(args.color);
  if (!mode) {
    usage_error("--color: unknown value '" + args.color + "' (use auto, always or never)");
    return std::nullopt;
  }
  Output out;
  bool tty = stdout_is_tty();
  out.format = resolve_format(*format, tty);
  out.color = out.format == Format::kTable &&
              use_color(*mode, tty, std::getenv("NO_COLOR"), std::getenv("TERM"));
  out.width = out.format == Format::kTable ? output_width() : 0;
  return out;
}

int no_results(const std::string& what) {
  std::cerr << "armwatch: no " << what << " match\n";
  return kExitNoResults;
}

std::string severity_cell(Severity s, bool color) {
  const char* style = s == Severity::kViolation ? sgr::kBoldRed
                      : s == Severity::kWarning ? sgr::kYellow
                                                : sgr::kCyan;
  return paint(to_string(s), style, color);
}

std::string short_time(TimePoint t) {
  std::string s = format_rfc3339(t);  // 2024-06-09T14:03:00Z
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

void add_events_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<EventsArgs>();
  args->filters.since = "7d";
  CLI::App* cmd = app.add_subcommand("events", "List recorded events, newest first");
  add_filter_options(cmd, args->filters);
  cmd->add_option("--incident", args->incident,
                  "Only the reports of this incident (then --since defaults to all time)");
  add_output_options(cmd, args->output);
  cmd->callback([cmd, &global, &exit_code, args] {
    if (args->incident != 0 && cmd->count("--since") == 0) {
      args->filters.since.clear();
    }
    exit_code = run_events(global, *args);
  });
}

void add_feeds_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto out = std::make_shared<OutputArgs>();
  CLI::App* cmd = app.add_subcommand(
      "feeds", "Each feed's health: last fetch and success, next poll, errors, items");
  add_output_options(cmd, *out);
  cmd->callback([&global, &exit_code, out] { exit_code = run_feeds(global, *out); });
}

}  // namespace armwatch::cli
