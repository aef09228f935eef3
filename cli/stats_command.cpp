#include "cli/stats_command.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "cli/events_command.h"
#include "core/clock.h"

namespace armwatch::cli {
namespace {

using storage::CountBy;
using storage::CountPer;

struct StatsArgs {
  FilterArgs filters;
  OutputArgs output;
  std::string by = "category";
  std::string per;
};

std::optional<CountBy> parse_by(const std::string& s) {
  static const std::map<std::string, CountBy> kNames = {
      {"category", CountBy::kCategory}, {"provision", CountBy::kProvision},
      {"source", CountBy::kSource},     {"severity", CountBy::kSeverity},
      {"rule", CountBy::kRule},         {"feed", CountBy::kFeed}};
  auto it = kNames.find(s);
  return it == kNames.end() ? std::nullopt : std::optional(it->second);
}

std::optional<CountPer> parse_per(const std::string& s) {
  static const std::map<std::string, CountPer> kNames = {{"", CountPer::kAll},
                                                         {"day", CountPer::kDay},
                                                         {"week", CountPer::kWeek},
                                                         {"month", CountPer::kMonth}};
  auto it = kNames.find(s);
  return it == kNames.end() ? std::nullopt : std::optional(it->second);
}

std::string date_of(TimePoint t) {
  return format_rfc3339(t).substr(0, 10);
}

// Keys by total, highest first, then by name.
std::vector<std::pair<std::string, std::int64_t>> totals(
    const std::vector<storage::EventCount>& counts) {
  std::map<std::string, std::int64_t> sum;
  for (const auto& c : counts) {
    sum[c.key] += c.count;
  }
  std::vector<std::pair<std::string, std::int64_t>> out(sum.begin(), sum.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

// Without --per: one row a key, and a bar scaled to the largest.
Table bar_table(const std::vector<std::pair<std::string, std::int64_t>>& keys,
                const std::string& by, const Output& o) {
  Table t;
  t.columns = {by, "events", ""};
  int key_width = display_width(by);
  for (const auto& [k, n] : keys) {
    key_width = std::max(key_width, display_width(k));
  }
  int bar_width = std::clamp((o.width > 0 ? o.width : 80) - key_width - 10 - 4, 10, 60);
  double max = keys.empty() ? 0 : static_cast<double>(keys.front().second);
  for (const auto& [k, n] : keys) {
    t.rows.push_back({k, std::to_string(n),
                      paint(bar(static_cast<double>(n), max, bar_width), sgr::kCyan, o.color)});
  }
  return t;
}

// With --per: one row a key, its total and a sparkline over the periods (the
// latest ones that fit the terminal).
Table spark_table(const std::vector<std::pair<std::string, std::int64_t>>& keys,
                  const std::vector<storage::EventCount>& counts,
                  const std::vector<TimePoint>& all_periods, const std::string& by,
                  const std::string& per, const Output& o) {
  int key_width = display_width(by);
  for (const auto& [k, n] : keys) {
    key_width = std::max(key_width, display_width(k));
  }
  auto room = static_cast<std::size_t>(std::max(8, (o.width > 0 ? o.width : 80) - key_width - 12));
  std::vector<TimePoint> shown = all_periods;
  if (shown.size() > room) {
    shown.erase(shown.begin(), shown.end() - static_cast<std::ptrdiff_t>(room));
  }
  std::map<std::pair<std::string, TimePoint>, std::int64_t> cell;
  for (const auto& c : counts) {
    if (c.period) {
      cell[{c.key, *c.period}] += c.count;
    }
  }
  Table t;
  std::string span =
      shown.empty() ? per
                    : "per " + per + ", " + date_of(shown.front()) + " to " + date_of(shown.back());
  t.columns = {by, "events", span};
  for (const auto& [k, n] : keys) {
    std::vector<double> values;
    for (TimePoint p : shown) {
      auto it = cell.find({k, p});
      values.push_back(it == cell.end() ? 0 : static_cast<double>(it->second));
    }
    t.rows.push_back({k, std::to_string(n), paint(sparkline(values), sgr::kCyan, o.color)});
  }
  return t;
}

// Machine formats: one row a key (and period), the counts as stored.
Table long_table(const std::vector<storage::EventCount>& counts, const std::string& by,
                 bool with_period) {
  Table t;
  t.columns = with_period ? std::vector<std::string>{by, "period", "events"}
                          : std::vector<std::string>{by, "events"};
  t.raw_json = with_period ? std::vector<bool>{false, false, true} : std::vector<bool>{false, true};
  for (const auto& c : counts) {
    if (with_period) {
      t.rows.push_back({c.key, c.period ? date_of(*c.period) : "", std::to_string(c.count)});
    } else {
      t.rows.push_back({c.key, std::to_string(c.count)});
    }
  }
  return t;
}

int run_stats(const GlobalOptions& global, const StatsArgs& args) {
  auto output = parse_output(args.output);
  TimePoint now = SystemClock().now();
  auto filters = parse_filters(args.filters, now);
  auto by = parse_by(args.by);
  auto per = parse_per(args.per);
  if (!by) {
    std::cerr << "armwatch: --by: cannot count by '" << args.by
              << "' (use category, provision, source, severity, rule or feed)\n";
  }
  if (!per) {
    std::cerr << "armwatch: --per: unknown period '" << args.per << "' (use day, week or month)\n";
  }
  if (!output || !filters || !by || !per) {
    return kExitUsage;
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  storage::EventQuery q = to_event_query(*filters);
  q.limit = 0;
  auto counts = (*store)->count_events(q, *by, *per);
  if (!counts) {
    return report(counts.error());
  }
  if (counts->empty() && output->format == Format::kTable) {
    return no_results("events");
  }
  auto keys = totals(*counts);
  if (filters->limit > 0 && keys.size() > static_cast<std::size_t>(filters->limit)) {
    keys.resize(static_cast<std::size_t>(filters->limit));
  }
  if (output->format != Format::kTable) {
    std::vector<storage::EventCount> kept;
    for (const auto& c : *counts) {
      if (std::any_of(keys.begin(), keys.end(), [&](const auto& k) { return k.first == c.key; })) {
        kept.push_back(c);
      }
    }
    write_table(std::cout, long_table(kept, args.by, *per != CountPer::kAll), output->format);
  } else if (*per == CountPer::kAll) {
    write_table(std::cout, bar_table(keys, args.by, *output), Format::kTable, output->width,
                output->color);
  } else {
    TimePoint first = filters->since.value_or(now);
    for (const auto& c : *counts) {
      first = c.period ? std::min(first, *c.period) : first;
    }
    TimePoint last = filters->until ? *filters->until - Millis(1) : now;
    write_table(std::cout,
                spark_table(keys, *counts, periods(first, last, *per), args.by, args.per, *output),
                Format::kTable, output->width, output->color);
  }
  return counts->empty() ? kExitNoResults : kExitResults;
}

}  // namespace

TimePoint period_start(TimePoint t, CountPer per) {
  using namespace std::chrono;
  sys_days day = floor<days>(t);
  switch (per) {
    case CountPer::kAll:
      return t;
    case CountPer::kDay:
      return TimePoint(day);
    case CountPer::kWeek:
      return TimePoint(day - days(weekday(day).iso_encoding() - 1));
    case CountPer::kMonth: {
      year_month_day ymd(day);
      return TimePoint(sys_days(ymd.year() / ymd.month() / 1));
    }
  }
  return t;
}

std::vector<TimePoint> periods(TimePoint first, TimePoint last, CountPer per) {
  using namespace std::chrono;
  std::vector<TimePoint> out;
  if (per == CountPer::kAll || last < first) {
    return out;
  }
  for (TimePoint p = period_start(first, per); p <= last;) {
    out.push_back(p);
    if (per == CountPer::kMonth) {
      year_month_day ymd(floor<days>(p));
      p = TimePoint(sys_days(ymd.year() / ymd.month() / 1 + months(1)));
    } else {
      p += per == CountPer::kDay ? days(1) : days(7);
    }
  }
  return out;
}

void add_stats_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<StatsArgs>();
  args->filters.since = "365d";
  CLI::App* cmd =
      app.add_subcommand("stats", "Event counts by category, provision or outlet, over time");
  cmd->add_option("--by", args->by, "category, provision, source, severity, rule, feed")
      ->capture_default_str();
  cmd->add_option("--per", args->per, "day, week or month: a sparkline per key over time");
  add_filter_options(cmd, args->filters);
  add_output_options(cmd, args->output);
  cmd->footer(
      "--limit keeps the top keys. --by provision counts an event once for each provision it "
      "cites. Periods are UTC; weeks start on Monday. tsv/csv/json give one row per key and "
      "period with a non-zero count.");
  cmd->callback([&global, &exit_code, args] { exit_code = run_stats(global, *args); });
}

}  // namespace armwatch::cli
