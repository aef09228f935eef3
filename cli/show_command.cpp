#include "cli/show_command.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <system_error>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli/events_command.h"
#include "config/config.h"
#include "core/text.h"
#include "rules/data_dirs.h"
#include "rules/history.h"
#include "rules/provisions.h"

namespace armwatch::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

struct ShowArgs {
  std::int64_t id = 0;
  std::string format = "auto";
  std::string color = "auto";
  std::string provisions;  // --provisions FILE
  std::string history;     // --history PATH
};

// Everything shown about one event.
struct Shown {
  storage::StoredEvent event;
  std::optional<storage::Incident> incident;
  std::vector<storage::StoredEvent> related;  // the incident's other reports, newest first
  std::optional<rules::ProvisionTable> provisions;
  std::optional<rules::History> history;
};

constexpr int kRelatedShown = 20;

std::optional<fs::path> first_existing(const std::string& given, const std::vector<fs::path>& dirs,
                                       const fs::path& leaf) {
  std::error_code ec;
  if (!given.empty()) {
    return fs::path(given);
  }
  for (const auto& d : dirs) {
    if (fs::exists(d / leaf, ec)) {
      return d / leaf;
    }
  }
  return std::nullopt;
}

// Loads the optional tables; a table that is found but does not load is
// reported and left out: the event itself can still be shown.
void load_tables(const GlobalOptions& global, const ShowArgs& args, Shown& s) {
  auto dirs = data_directories(global);
  if (auto path = first_existing(args.provisions, dirs, "provisions/provisions.yaml")) {
    auto table = rules::load_provisions(*path);
    if (table) {
      s.provisions = std::move(*table);
    } else {
      std::cerr << "armwatch: warning: " << table.error().to_string() << "\n";
    }
  }
  if (auto path = first_existing(args.history, dirs, "history")) {
    auto history = rules::load_history(*path);
    if (history) {
      s.history = std::move(*history);
    } else {
      std::cerr << "armwatch: warning: " << history.error().to_string() << "\n";
    }
  }
}

Result<Shown> fetch(storage::EventStore& store, std::int64_t id) {
  Shown s;
  storage::EventQuery q;
  q.event_id = id;
  auto events = store.query_events(q);
  if (!events) {
    return events.error();
  }
  if (events->empty()) {
    return make_error(ErrorCode::kNotFound, "no event " + std::to_string(id));
  }
  s.event = std::move(events->front());
  if (s.event.incident_id == 0) {
    return s;
  }
  storage::IncidentQuery iq;
  iq.id = s.event.incident_id;
  auto incidents = store.query_incidents(iq);
  if (!incidents) {
    return incidents.error();
  }
  if (!incidents->empty()) {
    s.incident = incidents->front();
  }
  storage::EventQuery rq;
  rq.incident_id = s.event.incident_id;
  rq.limit = kRelatedShown + 1;
  auto related = store.query_events(rq);
  if (!related) {
    return related.error();
  }
  for (auto& r : *related) {
    if (r.id != id && static_cast<int>(s.related.size()) < kRelatedShown) {
      s.related.push_back(std::move(r));
    }
  }
  return s;
}

std::string opt_time(const std::optional<TimePoint>& t) {
  return t ? format_rfc3339(*t) : std::string();
}

// ---- text -----------------------------------------------------------------

class TextWriter {
 public:
  TextWriter(std::ostream& out, bool color, int width) : out_(out), color_(color), width_(width) {}

  void heading(const std::string& title) {
    out_ << "\n" << paint(title, sgr::kBold, color_) << "\n";
  }
  // `text` wrapped under a two-space indent.
  void paragraph(const std::string& text) {
    for (const auto& line : wrap(text, std::max(20, width_ - 2))) {
      out_ << "  " << line << "\n";
    }
  }
  // One line under a two-space indent, cut to the width.
  void line(const std::string& text) { out_ << "  " << fit(text, width_ - 2) << "\n"; }
  // "  label  value" with the labels of one block aligned; a long value wraps
  // under itself.
  void field(const std::string& label, const std::string& value, int label_width) {
    int indent = 2 + std::max(label_width, display_width(label)) + 2;
    auto lines = wrap(value, std::max(20, width_ - indent));
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i == 0) {
        out_ << "  " << paint(label, sgr::kDim, color_)
             << std::string(static_cast<std::size_t>(indent - 2 - display_width(label)), ' ');
      } else {
        out_ << std::string(static_cast<std::size_t>(indent), ' ');
      }
      out_ << lines[i] << "\n";
    }
  }
  std::string match_open() const { return color_ ? sgr::kMatch : "["; }
  std::string match_close() const { return color_ ? sgr::kReset : "]"; }
  bool color() const { return color_; }
  std::ostream& out() { return out_; }

 private:
  std::ostream& out_;
  bool color_;
  int width_;
};

void write_header(TextWriter& w, const Shown& s) {
  const Event& e = s.event.event;
  w.out() << paint("event " + std::to_string(s.event.id), sgr::kBold, w.color()) << "  "
          << severity_cell(e.severity, w.color()) << "  " << e.category << "  rule "
          << paint(e.rule_id, sgr::kBold, w.color()) << "\n";
  char conf[16];
  std::snprintf(conf, sizeof conf, "%.2f", e.confidence);
  w.field("detected",
          format_rfc3339(e.time) + " · confidence " + conf + " · claim " +
              std::string(to_string(e.claim)),
          8);
  if (!e.message.empty()) {
    w.field("message", e.message, 8);
  }
}

void write_item(TextWriter& w, const Shown& s) {
  const Item& it = s.event.item;
  const auto& spans = s.event.event.evidence;
  std::string open = w.match_open();
  std::string close = w.match_close();
  w.out() << "\n";
  std::string title =
      highlight(it.title.empty() ? "(no title)" : it.title, "title", spans, open, close);
  w.out() << (w.color() ? std::string(sgr::kBold) + title + sgr::kReset : title) << "\n";
  std::string where = it.source.empty() ? it.feed : it.source + " (feed " + it.feed + ")";
  if (auto d = it.date()) {
    where += " · published " + format_rfc3339(*d);
  }
  w.field("from", where, 4);
  if (!it.link.empty()) {
    w.field("link", paint(it.link, sgr::kBlue, w.color()), 4);
  }
  if (!it.summary.empty()) {
    w.out() << "\n";
    w.paragraph(highlight(it.summary, "summary", spans, open, close));
  }
  // Some feeds repeat the summary as the body: show it once.
  if (!it.content.empty() && collapse_whitespace(it.content) != collapse_whitespace(it.summary)) {
    w.out() << "\n";
    w.paragraph(highlight(it.content, "content", spans, open, close));
  }
  if (it.summary.empty() && it.content.empty()) {
    w.out() << "\n";
    w.paragraph(paint("(no summary or body: pruned by retention, or the feed carries none)",
                      sgr::kDim, w.color()));
  }
}

void write_evidence(TextWriter& w, const Shown& s) {
  const auto& spans = s.event.event.evidence;
  if (spans.empty()) {
    return;
  }
  w.heading("Evidence");
  for (const auto& sp : spans) {
    w.field(sp.field,
            "\"" + sp.text + "\" · " +
                paint("bytes " + std::to_string(sp.begin) + "-" + std::to_string(sp.end), sgr::kDim,
                      w.color()),
            7);
  }
}

void write_provisions(TextWriter& w, const Shown& s) {
  const auto& ids = s.event.event.provisions;
  if (ids.empty()) {
    return;
  }
  w.heading("Provisions");
  int width = 0;
  for (const auto& id : ids) {
    width = std::max(width, display_width(id));
  }
  for (const auto& id : ids) {
    const rules::Provision* p = s.provisions ? s.provisions->find(id) : nullptr;
    w.field(id,
            p ? p->paraphrase
              : paint(s.provisions ? "(not in the provisions table)"
                                   : "(provisions table not found: --provisions)",
                      sgr::kDim, w.color()),
            width);
  }
}

void write_precedents(TextWriter& w, const Shown& s) {
  const auto& ids = s.event.event.precedents;
  if (ids.empty()) {
    return;
  }
  w.heading("Precedents");
  for (const auto& id : ids) {
    const rules::HistoryEntry* h = s.history ? s.history->find(id) : nullptr;
    w.out() << "  " << paint(id, sgr::kDim, w.color()) << "\n";
    if (h != nullptr) {
      w.paragraph("  " + h->date + "  " + h->title);
    }
  }
}

void write_incident(TextWriter& w, const Shown& s) {
  if (!s.incident) {
    return;
  }
  const storage::Incident& in = *s.incident;
  w.heading("Incident " + std::to_string(in.id));
  auto count = [](std::int64_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  w.paragraph(in.category + " · " + std::string(to_string(in.severity)) + " · " +
              count(in.report_count, "report") + " from " + count(in.source_count, "outlet") +
              " · " + short_time(in.first_seen) + " to " + short_time(in.last_seen));
  for (const auto& r : s.related) {
    std::string who = r.item.source.empty() ? r.item.feed : r.item.source;
    w.line(paint("#" + std::to_string(r.id), sgr::kBold, w.color()) + " " +
           short_time(r.event.time) + " " + who + ": " + r.item.title);
  }
}

void write_links(TextWriter& w, const Shown& s) {
  std::vector<std::string> links;
  auto add = [&](const std::string& l) {
    if (!l.empty() && std::find(links.begin(), links.end(), l) == links.end()) {
      links.push_back(l);
    }
  };
  add(s.event.item.link);
  for (const auto& r : s.related) {
    add(r.item.link);
  }
  if (links.empty()) {
    return;
  }
  w.heading("Links");
  for (const auto& l : links) {
    w.out() << "  " << paint(l, sgr::kBlue, w.color()) << "\n";
  }
}

// ---- JSON -----------------------------------------------------------------

Json item_json(const Item& it) {
  return Json{{"feed", it.feed},
              {"id", it.id},
              {"title", it.title},
              {"summary", it.summary},
              {"content", it.content},
              {"link", it.link},
              {"source", it.source},
              {"published", opt_time(it.published)},
              {"updated", opt_time(it.updated)},
              {"authors", it.authors},
              {"categories", it.categories}};
}

Json show_json(const Shown& s) {
  const Event& e = s.event.event;
  Json evidence = Json::array();
  for (const auto& sp : e.evidence) {
    evidence.push_back(
        {{"field", sp.field}, {"begin", sp.begin}, {"end", sp.end}, {"text", sp.text}});
  }
  Json provisions = Json::array();
  for (const auto& id : e.provisions) {
    const rules::Provision* p = s.provisions ? s.provisions->find(id) : nullptr;
    provisions.push_back({{"id", id}, {"paraphrase", p ? Json(p->paraphrase) : Json(nullptr)}});
  }
  Json precedents = Json::array();
  for (const auto& id : e.precedents) {
    const rules::HistoryEntry* h = s.history ? s.history->find(id) : nullptr;
    precedents.push_back({{"id", id},
                          {"date", h ? Json(h->date) : Json(nullptr)},
                          {"title", h ? Json(h->title) : Json(nullptr)}});
  }
  Json incident = nullptr;
  if (s.incident) {
    const auto& in = *s.incident;
    incident = {{"id", in.id},
                {"category", in.category},
                {"severity", to_string(in.severity)},
                {"first_seen", format_rfc3339(in.first_seen)},
                {"last_seen", format_rfc3339(in.last_seen)},
                {"reports", in.report_count},
                {"sources", in.source_count},
                {"provisions", in.provisions},
                {"title", in.title}};
  }
  Json related = Json::array();
  for (const auto& r : s.related) {
    related.push_back({{"id", r.id},
                       {"time", format_rfc3339(r.event.time)},
                       {"source", r.item.source.empty() ? r.item.feed : r.item.source},
                       {"title", r.item.title},
                       {"link", r.item.link}});
  }
  return Json{{"id", s.event.id},
              {"time", format_rfc3339(e.time)},
              {"severity", to_string(e.severity)},
              {"category", e.category},
              {"rule", e.rule_id},
              {"confidence", e.confidence},
              {"claim", to_string(e.claim)},
              {"message", e.message},
              {"evidence", evidence},
              {"item", item_json(s.event.item)},
              {"provisions", provisions},
              {"precedents", precedents},
              {"incident", incident},
              {"related", related}};
}

int run_show(const GlobalOptions& global, const ShowArgs& args) {
  if (args.format != "auto" && args.format != "text" && args.format != "json") {
    std::cerr << "armwatch: --format: unknown format '" << args.format
              << "' (use auto, text or json)\n";
    return kExitUsage;
  }
  auto mode = parse_color_mode(args.color);
  if (!mode) {
    std::cerr << "armwatch: --color: unknown value '" << args.color
              << "' (use auto, always or never)\n";
    return kExitUsage;
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  auto shown = fetch(**store, args.id);
  if (!shown) {
    if (shown.error().code == ErrorCode::kNotFound) {
      std::cerr << "armwatch: show: " << shown.error().message << " in the event log\n";
      return kExitNoResults;
    }
    return report(shown.error());
  }
  load_tables(global, args, *shown);
  if (args.format == "json") {
    std::cout << show_json(*shown).dump(2) << "\n";
    return kExitResults;
  }
  bool tty = stdout_is_tty();
  int width = terminal_width();
  TextWriter w(std::cout, use_color(*mode, tty, std::getenv("NO_COLOR"), std::getenv("TERM")),
               width > 0 ? std::min(width, 120) : 80);
  write_header(w, *shown);
  write_item(w, *shown);
  write_evidence(w, *shown);
  write_provisions(w, *shown);
  write_precedents(w, *shown);
  write_incident(w, *shown);
  write_links(w, *shown);
  return kExitResults;
}

struct Range {
  std::size_t begin;
  std::size_t end;
};

std::size_t find_caseless(const std::string& text, const std::string& needle) {
  if (needle.empty()) {
    return std::string::npos;
  }
  std::string lower_text = ascii_lower(text);
  return lower_text.find(ascii_lower(needle));
}

}  // namespace

std::string highlight(const std::string& text, const std::string& field,
                      const std::vector<Span>& spans, const std::string& open,
                      const std::string& close) {
  std::vector<Range> ranges;
  for (const Span& s : spans) {
    if (s.field != field || s.text.empty()) {
      continue;
    }
    if (s.end <= text.size() && s.begin < s.end &&
        text.compare(s.begin, s.end - s.begin, s.text) == 0) {
      ranges.push_back({s.begin, s.end});
    } else if (auto at = find_caseless(text, s.text); at != std::string::npos) {
      ranges.push_back({at, at + s.text.size()});
    }
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin; });
  std::string out;
  std::size_t at = 0;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    Range r = ranges[i];
    while (i + 1 < ranges.size() && ranges[i + 1].begin <= r.end) {
      r.end = std::max(r.end, ranges[++i].end);
    }
    if (r.begin < at) {
      continue;
    }
    out += text.substr(at, r.begin - at) + open + text.substr(r.begin, r.end - r.begin) + close;
    at = r.end;
  }
  return out + text.substr(at);
}

std::vector<fs::path> data_directories(const GlobalOptions& global) {
  std::error_code ec;
  std::string config_path = global.config_path;
  if (config_path.empty()) {
    config_path = config::default_config_path();
  }
  std::vector<std::string> rule_paths;
  if (fs::exists(config_path, ec)) {
    if (auto cfg = config::load_config(config_path)) {
      rule_paths = cfg->rules;
    }
  }
  return rules::reference_directories(rule_paths);
}

void add_show_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = app.add_subcommand(
      "show", "One event in full: highlighted text, rule, provisions, precedents, incident, links");
  cmd->add_option("ID", args->id, "The event id (the first column of `armwatch events`)")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--format", args->format, "auto (text), text, json")->capture_default_str();
  cmd->add_option("--color,--colour", args->color,
                  "auto (on a terminal, unless NO_COLOR is set), always, never")
      ->capture_default_str();
  cmd->add_option("--provisions", args->provisions,
                  "The provisions table (default: provisions/provisions.yaml beside the rule "
                  "pack, or the installed one)");
  cmd->add_option("--history", args->history,
                  "The history timeline for precedents (default: history/ beside the rule pack)");
  cmd->callback([&global, &exit_code, args] { exit_code = run_show(global, *args); });
}

}  // namespace armwatch::cli
