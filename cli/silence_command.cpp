// `armwatch silence add|list|expire`.
#include <iostream>
#include <memory>
#include <set>

#include "cli/alerts_command.h"
#include "core/clock.h"
#include "storage/alert_store.h"

namespace armwatch::cli {
namespace {

struct SilenceArgs {
  std::vector<std::string> matches;
  std::string duration = "24h";
  std::string reason;
  std::string by;
  bool all = false;
  std::string format = "auto";
  std::int64_t id = 0;
};

const std::set<std::string> kKeys = {"category", "provision", "tag",         "source",
                                     "severity", "receiver",  "min_severity"};

int run_add(const GlobalOptions& global, const SilenceArgs& args) {
  storage::SilenceRecord s;
  for (const auto& m : args.matches) {
    auto eq = m.find('=');
    if (eq == std::string::npos || !kKeys.count(m.substr(0, eq)) || eq + 1 == m.size()) {
      std::cerr << "armwatch: --match '" << m << "': expected KEY=VALUE with KEY one of category, "
                << "provision, tag, source, severity, receiver\n";
      return kExitUsage;
    }
    s.matchers.emplace_back(m.substr(0, eq), m.substr(eq + 1));
  }
  auto length = parse_duration(args.duration);
  if (!length || length->count() == 0) {
    std::cerr << "armwatch: --for must be a duration such as 24h\n";
    return kExitUsage;
  }
  if (args.reason.empty()) {
    std::cerr << "armwatch: a silence needs --reason\n";
    return kExitUsage;
  }
  SystemClock clock;
  s.reason = args.reason;
  const char* user = std::getenv("USER");
  s.created_by = !args.by.empty() ? args.by : (user != nullptr ? user : "");
  s.created = clock.now();
  s.expires = s.created + *length;
  auto store = open_store_for_writing(global);
  if (!store) {
    return report(store.error());
  }
  auto id = (*store)->alerts()->add_silence(s);
  if (!id) {
    return report(id.error());
  }
  std::cout << "silence " << *id << " until " << format_rfc3339(s.expires) << "\n";
  return kExitResults;
}

int run_list(const GlobalOptions& global, const SilenceArgs& args) {
  auto format = parse_format(args.format);
  if (!format) {
    std::cerr << "armwatch: unknown --format '" << args.format << "'\n";
    return kExitUsage;
  }
  auto store = open_store_for_reading(global);
  if (!store) {
    return report(store.error());
  }
  SystemClock clock;
  auto silences =
      (*store)->alerts()->silences(args.all ? std::nullopt : std::optional<TimePoint>(clock.now()));
  if (!silences) {
    return report(silences.error());
  }
  Table t;
  t.columns = {"id", "matchers", "reason", "by", "created", "expires", "active"};
  t.raw_json = {true, false, false, false, false, false, true};
  for (const auto& s : *silences) {
    std::string matchers;
    for (const auto& [k, v] : s.matchers) {
      matchers += (matchers.empty() ? "" : ",") + k + "=" + v;
    }
    bool active = s.created <= clock.now() && clock.now() < s.expires;
    t.rows.push_back({std::to_string(s.id), matchers, s.reason, s.created_by,
                      format_rfc3339(s.created), format_rfc3339(s.expires),
                      active ? "true" : "false"});
  }
  write_table(std::cout, t, resolve_format(*format, stdout_is_tty()), terminal_width());
  return silences->empty() ? kExitNoResults : kExitResults;
}

int run_expire(const GlobalOptions& global, const SilenceArgs& args) {
  auto store = open_store_for_writing(global);
  if (!store) {
    return report(store.error());
  }
  SystemClock clock;
  if (auto st = (*store)->alerts()->expire_silence(args.id, clock.now()); !st) {
    return report(st.error());
  }
  std::cout << "silence " << args.id << " expired\n";
  return kExitResults;
}

}  // namespace

void add_silence_command(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<SilenceArgs>();
  CLI::App* cmd = app.add_subcommand("silence", "Silence alerts that match, for a while");
  cmd->require_subcommand(1);
  CLI::App* add = cmd->add_subcommand("add", "Add a silence");
  add->add_option("--match", args->matches,
                  "KEY=VALUE (category, provision, tag, source, "
                  "severity, receiver); repeat to narrow")
      ->required();
  add->add_option("--for", args->duration, "How long: 2h, 24h, 7d")->capture_default_str();
  add->add_option("--reason", args->reason, "Why (kept with the silence)")->required();
  add->add_option("--by", args->by, "Who (default: $USER)");
  add->callback([&global, &exit_code, args] { exit_code = run_add(global, *args); });
  CLI::App* list = cmd->add_subcommand("list", "List active silences");
  list->add_flag("--all", args->all, "Include expired ones");
  list->add_option("--format", args->format, "auto, table, tsv, csv, json, ndjson");
  list->callback([&global, &exit_code, args] { exit_code = run_list(global, *args); });
  CLI::App* expire = cmd->add_subcommand("expire", "End a silence now");
  expire->add_option("ID", args->id, "The silence's id")->required();
  expire->callback([&global, &exit_code, args] { exit_code = run_expire(global, *args); });
}

}  // namespace armwatch::cli
