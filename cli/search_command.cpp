#include "cli/search_command.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/events_command.h"
#include "core/clock.h"

namespace armwatch::cli {
namespace {

struct SearchArgs {
  std::vector<std::string> words;
  FilterArgs filters;
  OutputArgs output;
};

// A hit with the events found in its item, so that `armwatch show ID` is one
// step away.
struct Hit {
  storage::SearchHit hit;
  std::vector<storage::StoredEvent> events;
};

std::string item_date(const Item& item) {
  auto d = item.date();
  return d ? format_rfc3339(*d) : std::string();
}

std::string score_text(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", score);
  return buf;
}

Table hits_table(const std::vector<Hit>& hits) {
  Table t;
  t.columns = {"rank", "score", "item_id", "feed",    "source",
               "date", "title", "link",    "snippet", "events"};
  t.raw_json = {true, true, true, false, false, false, false, false, false, true};
  for (std::size_t r = 0; r < hits.size(); ++r) {
    const storage::SearchHit& h = hits[r].hit;
    std::vector<std::string> ids;
    for (const auto& e : hits[r].events) {
      ids.push_back(std::to_string(e.id));
    }
    std::string events = "[";
    for (std::size_t k = 0; k < ids.size(); ++k) {
      events += (k ? ", " : "") + ids[k];
    }
    t.rows.push_back({std::to_string(r + 1), score_text(h.score), std::to_string(h.item_id),
                      h.item.feed, h.item.source, item_date(h.item), h.item.title, h.item.link,
                      h.snippet, events + "]"});
  }
  return t;
}

// The terminal view: a ranked list, two or three lines a hit, like `git grep`.
void write_hits(std::ostream& out, const std::vector<Hit>& hits, const Output& o) {
  int width = o.width > 0 ? o.width : 100;
  for (std::size_t r = 0; r < hits.size(); ++r) {
    const storage::SearchHit& h = hits[r].hit;
    std::string rank = std::to_string(r + 1) + ".";
    rank = std::string(rank.size() < 4 ? 4 - rank.size() : 0, ' ') + rank;
    std::string where = h.item.source.empty() ? h.item.feed : h.item.source;
    auto date = h.item.date();
    if (date) {
      where += " · " + short_time(*date).substr(0, 10);
    }
    int title_width = std::max(20, width - 5 - display_width(where) - 2);
    std::string title = fit(h.item.title.empty() ? "(no title)" : h.item.title, title_width);
    out << paint(rank, sgr::kDim, o.color) << " " << paint(title, sgr::kBold, o.color)
        << std::string(
               static_cast<std::size_t>(std::max(1, title_width - display_width(title) + 2)), ' ')
        << paint(where, sgr::kDim, o.color) << "\n";
    if (!h.snippet.empty()) {
      std::string snippet = h.snippet;
      std::replace(snippet.begin(), snippet.end(), '\n', ' ');
      out << "     " << fit(snippet, width - 5) << "\n";
    }
    std::string events;
    for (const auto& e : hits[r].events) {
      events += (events.empty() ? "" : ", ") +
                paint("#" + std::to_string(e.id), sgr::kBold, o.color) + " " +
                severity_cell(e.event.severity, o.color) + " " + e.event.category;
    }
    std::string line = events.empty() ? h.item.link : events + "  " + h.item.link;
    if (!line.empty()) {
      out << "     " << fit(line, width - 5) << "\n";
    }
  }
}

int run_search(const GlobalOptions& global, const SearchArgs& args) {
  auto output = parse_output(args.output);
  auto filters = parse_filters(args.filters, SystemClock().now());
  if (!output || !filters) {
    return kExitUsage;
  }
  std::string text;
  for (const auto& w : args.words) {
    text += (text.empty() ? "" : " ") + w;
  }
  storage::SearchFilter sf;
  sf.since = filters->since;
  sf.until = filters->until;
  sf.min_severity = filters->min_severity;
  sf.category = filters->category;
  sf.provision = filters->provision;
  sf.source = filters->source;
  sf.feed = filters->feed;
  sf.rule = filters->rule;
  if (output->color) {
    sf.mark_open = sgr::kMatch;
    sf.mark_close = sgr::kReset;
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  auto found = (*store)->search(text, sf, filters->limit > 0 ? filters->limit : 20);
  if (!found) {
    if (found.error().code == ErrorCode::kInvalidArgument) {
      std::cerr << "armwatch: search: '" << text << "' has no words to search for\n";
      return kExitUsage;
    }
    return report(found.error());
  }
  std::vector<Hit> hits;
  for (auto& h : *found) {
    storage::EventQuery q;
    q.item_id = h.item_id;
    auto events = (*store)->query_events(q);
    if (!events) {
      return report(events.error());
    }
    hits.push_back(Hit{std::move(h), std::move(*events)});
  }
  if (hits.empty() && output->format == Format::kTable) {
    return no_results("items");
  }
  if (output->format == Format::kTable) {
    write_hits(std::cout, hits, *output);
  } else {
    write_table(std::cout, hits_table(hits), output->format);
  }
  return hits.empty() ? kExitNoResults : kExitResults;
}

}  // namespace

void add_search_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<SearchArgs>();
  args->filters.limit = 20;
  CLI::App* cmd =
      app.add_subcommand("search", "Full-text search of items, best match first, with snippets");
  cmd->add_option("QUERY", args->words,
                  "Words (all required), \"a phrase\", OR, NOT, prefix*; several arguments are "
                  "joined")
      ->required();
  add_filter_options(cmd, args->filters);
  add_output_options(cmd, args->output);
  cmd->footer(
      "--since and --until apply to the item's date (published, else updated, else fetched). "
      "--severity, --category, --provision and --rule keep items with such an event. Matches "
      "are marked [like this] in tsv, csv and json snippets.");
  cmd->callback([&global, &exit_code, args] { exit_code = run_search(global, *args); });
}

}  // namespace armwatch::cli
