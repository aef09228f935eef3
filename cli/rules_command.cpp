#include "cli/rules_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "rules/explain.h"
#include "rules/rule_set.h"
#include "rules/rule_tests.h"

namespace armwatch::cli {
namespace {

using Paths = std::vector<std::filesystem::path>;

struct RulesArgs {
  std::vector<std::string> dirs;
  std::string lint_format = "text";
  std::string list_format = "auto";
  std::string text;
  std::string item_file;
  std::string rule;
  bool all = false;
};

Paths to_paths(const std::vector<std::string>& dirs) {
  return Paths(dirs.begin(), dirs.end());
}

std::string slurp(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// "-" alone reads one rule file from stdin (for editors); anything else is a path.
rules::LoadResult load(const std::vector<std::string>& dirs) {
  if (dirs.size() == 1 && dirs[0] == "-") {
    return rules::load_rule_text(slurp(std::cin), "<stdin>");
  }
  return rules::load_rule_pack(to_paths(dirs));
}

// Loads for test/list/explain: a pack with errors is a failure of the command.
std::shared_ptr<const rules::RuleSet> load_or_report(const std::vector<std::string>& dirs) {
  rules::LoadResult loaded = load(dirs);
  for (const rules::Diagnostic& d : loaded.diagnostics) {
    if (d.level == rules::Diagnostic::Level::kError) {
      std::cerr << rules::format_diagnostic(d);
    }
  }
  if (!loaded.ok()) {
    std::cerr << "armwatch: the rule pack has " << loaded.error_count()
              << " error(s); run `armwatch rules lint` for details\n";
  }
  return loaded.rules;
}

std::string diagnostic_json(const rules::Diagnostic& d) {
  nlohmann::json j = {{"code", d.code},
                      {"level", d.level == rules::Diagnostic::Level::kError ? "error" : "warning"},
                      {"file", d.file},
                      {"line", d.line},
                      {"column", d.column},
                      {"message", d.message},
                      {"snippet", d.snippet}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_lint(const RulesArgs& args) {
  if (args.lint_format != "text" && args.lint_format != "json") {
    std::cerr << "armwatch: rules lint: --format must be text or json\n";
    return kExitUsage;
  }
  rules::LoadResult loaded = load(args.dirs);
  if (args.lint_format == "json") {
    std::cout << "[";
    for (std::size_t i = 0; i < loaded.diagnostics.size(); ++i) {
      std::cout << (i ? ",\n " : "") << diagnostic_json(loaded.diagnostics[i]);
    }
    std::cout << "]\n";
  } else {
    for (const rules::Diagnostic& d : loaded.diagnostics) {
      std::cout << rules::format_diagnostic(d);
    }
    std::cout << loaded.error_count() << " error(s), " << loaded.warning_count() << " warning(s)";
    if (loaded.ok()) {
      std::cout << "; " << loaded.rules->rules().size() << " rules";
    }
    std::cout << "\n";
  }
  return loaded.ok() ? kExitResults : kExitNoResults;
}

int run_test(const RulesArgs& args) {
  auto rules = load_or_report(args.dirs);
  if (!rules) {
    return kExitFailure;
  }
  auto results = rules::run_rule_tests(*rules);
  if (!results) {
    return report(results.error());
  }
  int passed = 0;
  int failed = 0;
  for (const rules::RuleTestResult& r : *results) {
    for (const rules::RuleExampleResult& ex : r.examples) {
      if (ex.passed) {
        ++passed;
        continue;
      }
      ++failed;
      std::cout << "FAIL " << r.rule_id << " (" << r.file << ":" << ex.line << "): expected "
                << (ex.expect_match ? "a match" : "no match") << ", got "
                << (ex.expect_match ? "none" : "a match") << " [" << ex.reason << "]\n"
                << "    " << ex.text << "\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kExitResults : kExitNoResults;
}

std::string json_array(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    out += (out.empty() ? "" : ",") + s;
  }
  return out;
}

int run_list(const RulesArgs& args) {
  auto format = parse_format(args.list_format);
  if (!format) {
    std::cerr << "armwatch: unknown --format '" << args.list_format
              << "' (auto, table, tsv, csv, json, ndjson)\n";
    return kExitUsage;
  }
  auto rules = load_or_report(args.dirs);
  if (!rules) {
    return kExitFailure;
  }
  Format f = resolve_format(*format, stdout_is_tty());
  bool json = f == Format::kJson || f == Format::kNdjson;
  Table t;
  t.columns = {"id", "category", "severity", "provisions", "status", "location", "title"};
  t.raw_json = {false, false, false, true, false, false, false};
  for (const rules::RuleInfo& r : rules->rules()) {
    std::string status = r.enabled ? r.status : r.status + " (disabled)";
    t.rows.push_back({r.id, r.category, std::string(to_string(r.severity)),
                      json ? json_array(r.provisions) : joined(r.provisions), status,
                      r.file + ":" + std::to_string(r.line), r.title});
  }
  write_table(std::cout, t, f, terminal_width());
  return t.rows.empty() ? kExitNoResults : kExitResults;
}

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> string_list(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it != j.end() && it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string()) {
        out.push_back(v.get<std::string>());
      }
    }
  }
  return out;
}

Item item_from(const nlohmann::json& j) {
  Item item;
  item.feed = string_field(j, "feed");
  item.id = string_field(j, "id");
  item.title = string_field(j, "title");
  item.summary = string_field(j, "summary");
  item.content = string_field(j, "content");
  item.link = string_field(j, "link");
  item.source = string_field(j, "source");
  item.published = parse_rfc3339(string_field(j, "published"));
  item.updated = parse_rfc3339(string_field(j, "updated"));
  item.authors = string_list(j, "authors");
  item.categories = string_list(j, "categories");
  return item;
}

// One item's explanation, restricted to `rule` when given. Returns whether a
// (the) rule fired.
bool print_explanation(const rules::Explanation& e, const RulesArgs& args) {
  rules::Explanation shown = e;
  if (!args.rule.empty()) {
    std::erase_if(shown.rules, [&](const rules::RuleTrace& t) { return t.rule_id != args.rule; });
  }
  std::cout << rules::to_text(shown, args.all || !args.rule.empty());
  bool fired = false;
  for (const rules::RuleTrace& t : shown.rules) {
    fired = fired || t.fired;
  }
  if (!fired) {
    std::cout << (args.rule.empty() ? "no rule fired" : "rule '" + args.rule + "' did not fire")
              << "\n";
  }
  return fired;
}

Result<std::vector<Item>> explain_inputs(const RulesArgs& args) {
  if (!args.item_file.empty()) {
    std::ifstream in(args.item_file, std::ios::binary);
    if (!in) {
      return make_error(ErrorCode::kNotFound, "cannot open the file", args.item_file);
    }
    auto items = items_from_json(slurp(in));
    if (!items) {
      return make_error(items.error().code, items.error().message, args.item_file);
    }
    return items;
  }
  Item item;
  item.feed = "cli";
  item.title = args.text;
  return std::vector<Item>{item};
}

int run_explain(const RulesArgs& args) {
  if (args.text.empty() == args.item_file.empty()) {
    std::cerr << "armwatch: rules explain: give exactly one of --text and --item\n";
    return kExitUsage;
  }
  auto rules = load_or_report(args.dirs);
  if (!rules) {
    return kExitFailure;
  }
  if (!args.rule.empty() && std::none_of(rules->rules().begin(), rules->rules().end(),
                                         [&](const auto& r) { return r.id == args.rule; })) {
    std::cerr << "armwatch: rules explain: no rule '" << args.rule << "' in the pack\n";
    return kExitUsage;
  }
  auto items = explain_inputs(args);
  if (!items) {
    return report(items.error());
  }
  bool any_fired = false;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (items->size() > 1) {
      std::cout << (i ? "\n" : "") << "== item " << i + 1 << ": " << (*items)[i].title << "\n";
    }
    auto e = rules::explain(*rules, (*items)[i]);
    if (!e) {
      return report(e.error());
    }
    any_fired = print_explanation(*e, args) || any_fired;
  }
  return any_fired ? kExitResults : kExitNoResults;
}

CLI::App* add_pack_subcommand(CLI::App* parent, const char* name, const char* what,
                              RulesArgs& args) {
  CLI::App* cmd = parent->add_subcommand(name, what);
  cmd->add_option("DIR", args.dirs, "Rule pack directories or files")->required();
  return cmd;
}

}  // namespace

Result<std::vector<Item>> items_from_json(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return make_error(ErrorCode::kParse, "not valid JSON");
  }
  if (j.is_object() && j.contains("items")) {
    j = j["items"];
  }
  std::vector<Item> items;
  if (j.is_object()) {
    items.push_back(item_from(j));
  } else if (j.is_array()) {
    for (const auto& v : j) {
      if (v.is_object()) {
        items.push_back(item_from(v));
      }
    }
  }
  if (items.empty()) {
    return make_error(ErrorCode::kParse, "no item object found (want {\"title\": ...})");
  }
  return items;
}

void add_rules_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RulesArgs>();
  CLI::App* rules = app.add_subcommand("rules", "Lint, test, list and explain a rule pack");
  rules->require_subcommand(1);

  CLI::App* lint =
      add_pack_subcommand(rules, "lint", "Check a rule pack; print diagnostics", *args);
  lint->add_option("--format", args->lint_format, "text or json")->capture_default_str();
  lint->callback([&exit_code, args] { exit_code = run_lint(*args); });

  CLI::App* test = add_pack_subcommand(rules, "test", "Run every rule's embedded examples", *args);
  test->callback([&exit_code, args] { exit_code = run_test(*args); });

  CLI::App* list = add_pack_subcommand(rules, "list", "List the rules of a pack", *args);
  list->add_option("--format", args->list_format, "auto, table, tsv, csv, json, ndjson")
      ->capture_default_str();
  list->callback([&exit_code, args] { exit_code = run_list(*args); });

  CLI::App* explain =
      add_pack_subcommand(rules, "explain", "Why each rule fires or not on one item", *args);
  explain->add_option("--text", args->text, "Match this text (as an item title)");
  explain->add_option("--item", args->item_file, "Match the item(s) of this JSON file");
  explain->add_option("--rule", args->rule, "Explain only this rule (even without a term hit)");
  explain->add_flag("--all", args->all, "Show rules with no term hit too");
  explain->callback([&exit_code, args] { exit_code = run_explain(*args); });
}

}  // namespace armwatch::cli
