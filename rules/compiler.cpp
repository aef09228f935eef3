// Compiler stage, pack level: names, rule metadata, macro cycles, the
// "matches without any term" check, warnings, and the vectorscan databases.
#include "rules/compiler.h"

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

#include "core/taxonomy.h"
#include "core/time.h"
#include "rules/condition.h"
#include "rules/triggers.h"

namespace armwatch::rules::detail {
namespace {

constexpr std::string_view kPlaceholders[] = {"title",  "rule", "category",   "severity", "link",
                                              "source", "feed", "item_title", "evidence"};

std::optional<Template> parse_template(const Value& v, DiagSink* sink) {
  Template t;
  const std::string& s = v.text;
  std::string literal;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '{' || s[i] == '}') && i + 1 < s.size() && s[i + 1] == s[i]) {
      literal += s[i++];
      continue;
    }
    if (s[i] != '{') {
      literal += s[i];
      continue;
    }
    std::size_t close = s.find('}', i);
    std::string name = close == std::string::npos ? "" : s.substr(i + 1, close - i - 1);
    if (std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) ==
        std::end(kPlaceholders)) {
      Loc loc = v.loc;
      loc.column += static_cast<int>(i) + (v.quoted ? 1 : 0);
      sink->error("AW-R014", loc,
                  "output placeholder '{" + name +
                      "}' is unknown (use title, rule, category, severity, link, source, feed, "
                      "item_title, evidence; write {{ for a brace)");
      return std::nullopt;
    }
    t.parts.push_back({false, std::move(literal)});
    literal.clear();
    t.parts.push_back({true, name});
    i = close;
  }
  t.parts.push_back({false, std::move(literal)});
  return t;
}

std::optional<TimePoint> parse_date(const std::optional<Value>& v, DiagSink* sink) {
  if (!v) {
    return std::nullopt;
  }
  auto t = parse_rfc3339(v->text);
  if (!t) {
    sink->error("AW-R021", v->loc, "'" + v->text + "' is not a date (YYYY-MM-DD or RFC 3339)");
  }
  return t;
}

class PackCompiler {
 public:
  PackCompiler(const PackSpec& spec, DiagSink* sink) : spec_(spec), sink_(sink), terms_(sink) {}
  std::unique_ptr<Pack> run();

 private:
  void check_duplicates();
  void compile_macros();
  void compile_entries();
  void warn_unused();
  void index_rules();
  void check_bounded(const Predicate& p, const Loc& loc, const std::string& what);
  std::optional<Rule> compile_rule(const RuleSpec& r);
  bool fill_info(const RuleSpec& r, RuleInfo* info);
  bool fill_lifecycle(const RuleSpec& r, RuleInfo* info);
  bool check_macro_cycles();
  bool always_true(const Predicate& p, std::vector<int>& memo, int depth = 0);
  // Calls fn(pattern id, the clause's fields) for each term of `p` and of the
  // macros it names (marking them used).
  void visit_patterns(const Predicate& p, const std::function<void(int, unsigned)>& fn,
                      int depth = 0);
  void collect_patterns(const Predicate& p, std::set<int>* out);
  bool build_scanner(Pack* pack);
  PatternRoles pattern_roles();

  const PackSpec& spec_;
  DiagSink* sink_;
  PredicateCompiler terms_;
  std::unique_ptr<Pack> pack_ = std::make_unique<Pack>();
  std::vector<bool> macro_used_;
  std::vector<int> memo_;  // always_true() of each macro: -1 unknown
};

void PackCompiler::check_duplicates() {
  auto check = [&](const std::vector<const Value*>& names, std::string_view kind) {
    std::map<std::string, const Value*> seen;
    for (const Value* v : names) {
      auto [it, inserted] = seen.emplace(v->text, v);
      if (!inserted) {
        sink_->error("AW-R008", v->loc,
                     std::string(kind) + " '" + v->text + "' is already defined at " +
                         it->second->loc.file + ":" + std::to_string(it->second->loc.line));
      }
    }
  };
  std::vector<const Value*> rules;
  std::vector<const Value*> macros;
  std::vector<const Value*> discards;
  for (const auto& r : spec_.rules) {
    rules.push_back(&r.id);
  }
  for (const auto& m : spec_.macros) {
    macros.push_back(&m.name);
  }
  for (const auto& d : spec_.discards) {
    discards.push_back(&d.name);
  }
  check(rules, "rule");
  check(macros, "macro");
  check(discards, "discard");
}

bool PackCompiler::fill_info(const RuleSpec& r, RuleInfo* info) {
  bool ok = true;
  static const std::regex kId("[a-z0-9][a-z0-9.-]*");
  if (!std::regex_match(r.id.text, kId)) {
    sink_->error("AW-R010", r.id.loc,
                 "rule id '" + r.id.text + "' must use lowercase letters, digits, '-' and '.'");
    ok = false;
  }
  if (!is_category(r.category.text)) {
    std::string slugs;
    for (std::string_view s : category_slugs()) {
      slugs += (slugs.empty() ? "" : ", ") + std::string(s);
    }
    sink_->error("AW-R004", r.category.loc,
                 "unknown category '" + r.category.text + "' (use one of: " + slugs + ")");
    ok = false;
  }
  auto sev = parse_severity(r.severity.text);
  if (!sev) {
    sink_->error("AW-R005", r.severity.loc,
                 "unknown severity '" + r.severity.text + "' (use violation, warning or info)");
    ok = false;
  }
  info->id = r.id.text;
  info->title = r.title;
  info->category = r.category.text;
  info->severity = sev.value_or(Severity::kInfo);
  for (const Value& p : r.provisions) {
    static const std::regex kProvision("(AA|CMA|UNSCR)-[A-Za-z0-9./()-]+");
    if (!std::regex_match(p.text, kProvision)) {
      sink_->warning("AW-W006", p.loc,
                     "provision '" + p.text +
                         "' is not an AA-, CMA- or UNSCR- id of "
                         "armistice-provisions.md");
    }
    info->provisions.push_back(p.text);
  }
  info->file = r.loc.file;
  info->line = r.loc.line;
  info->column = r.loc.column;
  info->description = r.description;
  for (const Value& p : r.precedents) {
    info->precedents.push_back(p.text);
  }
  info->tags = r.tags;
  info->references = r.references;
  info->falsepositives = r.falsepositives;
  info->enabled = r.enabled;
  info->example_count = r.examples.size();
  return fill_lifecycle(r, info) && ok;
}

bool PackCompiler::fill_lifecycle(const RuleSpec& r, RuleInfo* info) {
  bool ok = true;
  if (r.status) {
    static const std::set<std::string> kStatuses = {"stable", "test", "experimental", "deprecated"};
    if (!kStatuses.count(r.status->text)) {
      sink_->error(
          "AW-R021", r.status->loc,
          "unknown status '" + r.status->text + "' (use stable, test, experimental or deprecated)");
      ok = false;
    } else if (r.status->text == "deprecated") {
      sink_->warning("AW-W004", r.status->loc, "rule '" + r.id.text + "' is deprecated");
    }
    info->status = r.status->text;
  }
  info->valid_from = parse_date(r.valid_from, sink_);
  info->valid_to = parse_date(r.valid_to, sink_);
  info->match_undated = r.match_undated;
  ok = ok && (!r.valid_from || info->valid_from) && (!r.valid_to || info->valid_to);
  if (info->valid_from && info->valid_to && *info->valid_from >= *info->valid_to) {
    sink_->error("AW-R021", r.valid_to->loc, "valid_to must be later than valid_from");
    ok = false;
  }
  return ok;
}

std::optional<Rule> PackCompiler::compile_rule(const RuleSpec& r) {
  Rule rule;
  bool ok = fill_info(r, &rule.info);
  auto pred = terms_.compile(r.predicate);
  ok = ok && pred.has_value();
  if (pred) {
    rule.predicate = std::move(*pred);
  }
  for (const auto& [name, spec] : r.exceptions) {
    auto ex = terms_.compile(spec);
    ok = ok && ex.has_value();
    if (ex) {
      rule.exceptions.push_back(NamedPredicate{name.text, std::move(*ex)});
    }
  }
  auto tmpl = parse_template(r.output.value_or(Value{"{title}", r.loc, false}), sink_);
  ok = ok && tmpl.has_value();
  rule.output = tmpl.value_or(Template{});
  rule.unless_hedged = r.unless_hedged;
  rule.unless_negated = r.unless_negated;
  if (r.claim_severity) {
    rule.claim_severity = parse_severity(r.claim_severity->text);
    if (!rule.claim_severity) {
      sink_->error("AW-R005", r.claim_severity->loc,
                   "unknown claim_severity '" + r.claim_severity->text +
                       "' (use violation, warning or info)");
      ok = false;
    }
  }
  for (const ExampleSpec& ex : r.examples) {
    rule.examples.push_back(Example{ex.expect_match, ex.item, ex.loc.line});
  }
  if (!ok) {
    return std::nullopt;
  }
  return rule;
}

bool PackCompiler::check_macro_cycles() {
  const auto& macros = pack_->macros;
  std::vector<int> state(macros.size(), 0);  // 0 new, 1 on stack, 2 done
  std::function<bool(int)> visit = [&](int m) {
    if (state[m] == 1) {
      return false;
    }
    if (state[m] == 2) {
      return true;
    }
    state[m] = 1;
    std::vector<int> refs;
    all_macro_leaves(macros[m].predicate.condition, &refs);
    for (int r : refs) {
      if (!visit(r)) {
        return false;
      }
    }
    state[m] = 2;
    return true;
  };
  for (std::size_t m = 0; m < macros.size(); ++m) {
    if (state[m] == 0 && !visit(static_cast<int>(m))) {
      sink_->error("AW-R022", spec_.macros[m].name.loc,
                   "macro '" + macros[m].name + "' refers to itself through other macros");
      return false;
    }
  }
  return true;
}

// True when the predicate holds on an item where no term hits at all: such an
// entry would match everything, and the matcher only looks at rules with hits.
bool PackCompiler::always_true(const Predicate& p, std::vector<int>& memo, int depth) {
  if (depth > 64) {
    return false;
  }
  auto macro = [&](int m) {
    if (memo[m] < 0) {
      memo[m] = always_true(pack_->macros[m].predicate, memo, depth + 1) ? 1 : 0;
    }
    return memo[m] == 1;
  };
  return eval_condition(
      p.condition, [](int) { return false; }, macro);
}

void PackCompiler::visit_patterns(const Predicate& p, const std::function<void(int, unsigned)>& fn,
                                  int depth) {
  for (const Selection& s : p.selections) {
    for (const Clause& c : s.clauses) {
      for (const auto& g : c.groups) {
        for (int id : g) {
          fn(id, c.fields);
        }
      }
    }
  }
  std::vector<int> macros;
  all_macro_leaves(p.condition, &macros);
  for (int m : macros) {
    macro_used_[m] = true;
    if (depth < 64) {
      visit_patterns(pack_->macros[m].predicate, fn, depth + 1);
    }
  }
}

void PackCompiler::collect_patterns(const Predicate& p, std::set<int>* out) {
  visit_patterns(p, [out](int id, unsigned) { out->insert(id); });
}

// Cue terms that no rule, macro, discard or exception uses ("would", "if",
// "denied"...) hit in almost every item but matter only once a rule is about
// to fire: they go to the scanner's deferred database, which match() reads
// only for items that wake a rule. Terms that only disabled rules use (and
// their exceptions) go to neither: nothing scans for them. Each term is looked
// for only in the fields its clauses name; `source` and `link` get a database
// of their own (PatternRoles::side_fields).
PatternRoles PackCompiler::pattern_roles() {
  std::size_t n = terms_.patterns().size();
  std::vector<unsigned> fields(n, 0);
  auto add = [&](const Predicate& p) {
    visit_patterns(p, [&](int id, unsigned f) { fields[static_cast<std::size_t>(id)] |= f; });
  };
  for (const NamedPredicate& m : pack_->macros) {
    add(m.predicate);
  }
  for (const NamedPredicate& d : pack_->discards) {
    add(d.predicate);
  }
  for (const Rule& r : pack_->rules) {
    if (!r.info.enabled) {
      continue;
    }
    add(r.predicate);
    for (const NamedPredicate& e : r.exceptions) {
      add(e.predicate);
    }
  }
  PatternRoles roles;
  roles.deferred.assign(n, false);
  roles.inactive.assign(n, false);
  for (std::size_t p = 0; p < n; ++p) {
    roles.inactive[p] = fields[p] == 0;
  }
  // Cues are looked for near evidence in any field (a term can be in two cue lists).
  std::vector<unsigned> cue_fields = fields;
  for (const auto* cues :
       {&pack_->negation_patterns, &pack_->hedging_patterns, &pack_->claim_patterns}) {
    for (int p : *cues) {
      auto i = static_cast<std::size_t>(p);
      roles.deferred[i] = fields[i] == 0;
      roles.inactive[i] = false;
      cue_fields[i] = ~0u;
    }
  }
  roles.fields = std::move(cue_fields);
  roles.side_fields = field_bit(kSource) | field_bit(kLink);
  return roles;
}

bool PackCompiler::build_scanner(Pack* pack) {
  int bad = -1;
  auto scanner = Scanner::build(terms_.patterns(), &bad, pattern_roles());
  if (!scanner) {
    Loc loc = bad >= 0 ? terms_.pattern_loc(bad) : Loc{};
    sink_->error("AW-R009", loc, "vectorscan cannot compile this term: " + scanner.error().message);
    return false;
  }
  pack->scanner = std::move(*scanner);
  return true;
}

void PackCompiler::compile_macros() {
  std::vector<std::string> names;
  for (const NamedSpec& m : spec_.macros) {
    names.push_back(m.name.text);
  }
  terms_.set_macros(names);
  for (const NamedSpec& m : spec_.macros) {
    auto p = terms_.compile(m.predicate);
    pack_->macros.push_back(NamedPredicate{m.name.text, p.value_or(Predicate{})});
  }
  macro_used_.assign(pack_->macros.size(), false);
  memo_.assign(pack_->macros.size(), -1);
}

void PackCompiler::check_bounded(const Predicate& p, const Loc& loc, const std::string& what) {
  if (always_true(p, memo_)) {
    sink_->error("AW-R016", loc,
                 what +
                     " holds even when no term matches; it would match "
                     "every item (add a positive selection)");
  }
}

void PackCompiler::compile_entries() {
  for (std::size_t i = 0; i < spec_.macros.size(); ++i) {
    check_bounded(pack_->macros[i].predicate, spec_.macros[i].name.loc,
                  "macro '" + spec_.macros[i].name.text + "'");
  }
  for (const NamedSpec& d : spec_.discards) {
    if (auto p = terms_.compile(d.predicate)) {
      check_bounded(*p, d.name.loc, "discard '" + d.name.text + "'");
      pack_->discards.push_back(NamedPredicate{d.name.text, std::move(*p)});
    }
  }
  for (const RuleSpec& r : spec_.rules) {
    if (auto rule = compile_rule(r)) {
      check_bounded(rule->predicate, r.id.loc, "rule '" + r.id.text + "'");
      pack_->rules.push_back(std::move(*rule));
    }
  }
  pack_->negation_patterns = terms_.cue_patterns(kNegationList);
  pack_->hedging_patterns = terms_.cue_patterns(kHedgingList);
  pack_->claim_patterns = terms_.cue_patterns(kClaimList);
  pack_->negation_words = pattern_words(pack_->negation_patterns);
  pack_->hedging_words = pattern_words(pack_->hedging_patterns);
  pack_->claim_words = pattern_words(pack_->claim_patterns);
}

void PackCompiler::warn_unused() {
  terms_.warn_unused_lists();
  std::set<int> ignored;
  auto mark = [&](const Predicate& p) { collect_patterns(p, &ignored); };
  for (const NamedPredicate& d : pack_->discards) {
    mark(d.predicate);
  }
  for (const Rule& r : pack_->rules) {
    mark(r.predicate);
    for (const auto& e : r.exceptions) {
      mark(e.predicate);
    }
  }
  for (std::size_t m = 0; m < pack_->macros.size(); ++m) {
    if (!macro_used_[m]) {
      sink_->warning("AW-W002", spec_.macros[m].name.loc,
                     "macro '" + pack_->macros[m].name + "' is never used");
    }
  }
}

// pattern id -> rules whose predicate (macros included) uses it: the matcher
// evaluates only rules with at least one hit.
void PackCompiler::index_rules() {
  pack_->rules_by_pattern.resize(terms_.patterns().size());
  for (std::size_t i = 0; i < pack_->rules.size(); ++i) {
    std::set<int> ids;
    collect_patterns(pack_->rules[i].predicate, &ids);
    for (int id : ids) {
      pack_->rules_by_pattern[static_cast<std::size_t>(id)].push_back(static_cast<int>(i));
    }
    pack_->infos.push_back(pack_->rules[i].info);
  }
  pack_->trigger_rules = trigger_index(*pack_);
}

std::unique_ptr<Pack> PackCompiler::run() {
  check_duplicates();
  for (const ListSpec& l : spec_.lists) {
    terms_.add_list(l);
  }
  compile_macros();
  if (!check_macro_cycles()) {
    return nullptr;  // later stages walk macro references
  }
  compile_entries();
  warn_unused();
  if (sink_->has_errors() || !build_scanner(pack_.get())) {
    return nullptr;
  }
  index_rules();
  return std::move(pack_);
}

}  // namespace

std::unique_ptr<Pack> compile_pack(const PackSpec& spec, DiagSink* sink) {
  return PackCompiler(spec, sink).run();
}

}  // namespace armwatch::rules::detail
