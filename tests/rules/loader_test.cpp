// One test per loader diagnostic code: the code, and the exact line and column
// (located by searching the YAML for the offending text).
#include <catch2/catch.hpp>

#include "rules/rule_set.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;

namespace {

struct Pos {
  int line = 0;
  int column = 0;
};

// 1-based line and column of the first `needle` in `text`.
Pos pos_of(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  Pos p{1, 1};
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

// Loads `yaml`, expects failure with `code` at the place of `needle`.
// `shift` moves the expected column right of the needle's start.
void expect_error_at(const std::string& yaml, const std::string& code, const std::string& needle,
                     int shift = 0) {
  LoadResult r = load_yaml(yaml);
  INFO(dump(r));
  CHECK_FALSE(r.ok());
  const Diagnostic* d = find_code(r, code);
  REQUIRE(d != nullptr);
  CHECK(d->level == Diagnostic::Level::kError);
  Pos p = pos_of(yaml, needle);
  CHECK(d->line == p.line);
  CHECK(d->column == p.column + shift);
  CHECK(d->file.find("rules.yaml") != std::string::npos);
  CHECK_FALSE(d->snippet.empty());
}

void expect_warning_at(const std::string& yaml, const std::string& code,
                       const std::string& needle) {
  LoadResult r = load_yaml(yaml);
  INFO(dump(r));
  CHECK(r.ok());
  const Diagnostic* d = find_code(r, code);
  REQUIRE(d != nullptr);
  CHECK(d->level == Diagnostic::Level::kWarning);
  Pos p = pos_of(yaml, needle);
  CHECK(d->line == p.line);
  CHECK(d->column == p.column);
}

}  // namespace

TEST_CASE("A valid phase-1 pack loads without diagnostics", "[rules][loader]") {
  LoadResult r = load_yaml(R"(
- required_engine_version: 1
- list: dprk_actors
  items: [DPRK, North Korea]
- rule: missile-launch-dprk
  title: DPRK ballistic missile launch
  description: test
  category: missile-launch
  severity: violation
  provisions: [UNSCR-1718]
  precedents: [2017-11-29]
  any: [ballistic missile, ICBM]
  all: [dprk_actors]
  none: [cruise missile]
  output: "{title}"
)");
  INFO(dump(r));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  REQUIRE(r.rules->rules().size() == 1);
  const RuleInfo& info = r.rules->rules()[0];
  CHECK(info.id == "missile-launch-dprk");
  CHECK(info.category == "missile-launch");
  CHECK(info.severity == Severity::kViolation);
  CHECK(info.provisions == std::vector<std::string>{"UNSCR-1718"});
  CHECK(info.line == 5);
  CHECK(info.column == 3);
}

TEST_CASE("AW-R001 YAML syntax error", "[rules][loader]") {
  LoadResult r = load_yaml("- rule: x\n  title: [unclosed\n  category: y\n");
  INFO(dump(r));
  const Diagnostic* d = find_code(r, "AW-R001");
  REQUIRE(d != nullptr);
  CHECK_FALSE(r.ok());
  // yaml-cpp reports the flow sequence that never closes at the end of input.
  CHECK(d->line >= 2);
  CHECK(d->column >= 1);
  CHECK(d->to_string().find("error AW-R001") != std::string::npos);
  // Where yaml-cpp names the offending token, the place is exact.
  expect_error_at("- rule: a\n  title: A: B\n", "AW-R001", ": B");
  expect_error_at("- rule: a\n  title: A\n  any: [x, y]]\n", "AW-R001", "]]", 1);
}

TEST_CASE("AW-R002 unknown field", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: nuclear-test
  severity: violation
  any: [nuclear test]
  colour: red
)",
                  "AW-R002", "colour");
}

TEST_CASE("AW-R003 missing required field", "[rules][loader]") {
  expect_error_at(R"(- list: x
  items: [a]
- rule: a
  title: A
  category: nuclear-test
  any: [nuclear test]
)",
                  "AW-R003", "rule: a");
}

TEST_CASE("AW-R004 bad category", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missiles
  severity: violation
  any: [missile]
)",
                  "AW-R004", "missiles");
}

TEST_CASE("AW-R005 bad severity", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: critical
  any: [missile]
)",
                  "AW-R005", "critical");
}

TEST_CASE("AW-R006 unknown list", "[rules][loader]") {
  expect_error_at(R"(- list: dprk_actors
  items: [DPRK]
- rule: a
  title: A
  category: missile-launch
  severity: violation
  any: [missile]
  all: [dprk_actors, dprk_actorz]
)",
                  "AW-R006", "dprk_actorz");
}

TEST_CASE("AW-R007 rule with no condition", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
)",
                  "AW-R007", "rule: a");
  // `none` alone is no condition either: it would match everything else.
  expect_error_at(R"(- rule: b
  title: B
  category: missile-launch
  severity: violation
  none: [cruise]
)",
                  "AW-R007", "rule: b");
}

TEST_CASE("AW-R008 duplicate id", "[rules][loader]") {
  std::string yaml = R"(- rule: same-id
  title: A
  category: missile-launch
  severity: violation
  any: [missile]
- rule: same-id-2
  title: B
  category: missile-launch
  severity: violation
  any: [rocket]
)";
  // Rename the second rule so both carry the same id; find the second occurrence.
  yaml.replace(yaml.find("same-id-2"), 9, "same-id");
  LoadResult r = load_yaml(yaml);
  const Diagnostic* d = find_code(r, "AW-R008");
  REQUIRE(d != nullptr);
  CHECK(d->line == 6);
  CHECK(d->column == 9);
}

TEST_CASE("AW-R009 regex that vectorscan cannot compile", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  detection:
    sel:
      text|re: '(a|b)\1'
    condition: sel
)",
                  "AW-R009", "'(a|b)");
}

TEST_CASE("AW-R010 wrong type of value", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  provisions: {x: y}
  any: [missile]
)",
                  "AW-R010", "{x: y}");
  expect_error_at(R"(- rule: b
  title: B
  category: missile-launch
  severity: violation
  enabled: maybe
  any: [missile]
)",
                  "AW-R010", "maybe");
}

TEST_CASE("AW-R011 entry that is not a rule, list, macro or discard", "[rules][loader]") {
  expect_error_at("- just a string\n", "AW-R011", "just");
  expect_error_at("- lits: x\n  items: [a]\n", "AW-R011", "lits");
}

TEST_CASE("AW-R012 condition syntax error", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  detection:
    sel: [missile]
    condition: sel and (sel or
)",
                  "AW-R012", "sel or", 6);  // "ends too early", just after "sel or"
  expect_error_at(R"(- rule: b
  title: B
  category: missile-launch
  severity: violation
  detection:
    sel: [missile]
    condition: sel % sel
)",
                  "AW-R012", "%");
}

TEST_CASE("AW-R013 unknown name in a condition", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  detection:
    sel: [missile]
    condition: sel and bogus
)",
                  "AW-R013", "bogus");
  expect_error_at(R"(- rule: b
  title: B
  category: missile-launch
  severity: violation
  detection:
    sel: [missile]
    condition: "sel or 1 of x_*"
)",
                  "AW-R013", "x_*");
}

TEST_CASE("AW-R014 unknown output placeholder", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  any: [missile]
  output: "{title} at {nope}"
)",
                  "AW-R014", "{nope}");
}

TEST_CASE("AW-R015 engine version too new", "[rules][loader]") {
  expect_error_at("- required_engine_version: 99\n", "AW-R015", "99");
}

TEST_CASE("AW-R016 condition that holds without any term", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  detection:
    sel: [missile]
    condition: not sel
)",
                  "AW-R016", "a\n");
}

TEST_CASE("AW-R017 unknown selection field or modifier", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  detection:
    sel:
      text|fuzzy: [missile]
    condition: sel
)",
                  "AW-R017", "text|fuzzy");
  expect_error_at(R"(- rule: b
  title: B
  category: missile-launch
  severity: violation
  detection:
    sel:
      headline: [missile]
    condition: sel
)",
                  "AW-R017", "headline");
}

TEST_CASE("AW-R018 path that does not exist", "[rules][loader]") {
  LoadResult r = load_rule_pack({"/nonexistent/armwatch/rules"});
  CHECK_FALSE(r.ok());
  const Diagnostic* d = find_code(r, "AW-R018");
  REQUIRE(d != nullptr);
  CHECK(d->file == "/nonexistent/armwatch/rules");
  CHECK(d->line == 0);
}

TEST_CASE("AW-R019 near that names no selection", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  detection:
    launch: [fired]
    close:
      near: {a: launch, b: missle, words: 3}
    condition: close
)",
                  "AW-R019", "missle");
}

TEST_CASE("AW-R020 empty term", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  any: [missile, " "]
)",
                  "AW-R020", "\" \"");
}

TEST_CASE("AW-R021 bad lifecycle value", "[rules][loader]") {
  expect_error_at(R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
  valid_from: 2024-13-01
  any: [missile]
)",
                  "AW-R021", "2024-13-01");
  expect_error_at(R"(- rule: b
  title: B
  category: missile-launch
  severity: violation
  status: shiny
  any: [missile]
)",
                  "AW-R021", "shiny");
}

TEST_CASE("AW-R022 macro cycle", "[rules][loader]") {
  expect_error_at(R"(- macro: ping
  detection:
    s: [ping]
    condition: s and pong
- macro: pong
  condition: ping
- rule: a
  title: A
  category: missile-launch
  severity: violation
  condition: ping
)",
                  "AW-R022", "ping\n");
}

TEST_CASE("Warnings: unused list, macro, selection, deprecated, provision id, empty dir",
          "[rules][loader]") {
  const std::string base = R"(- rule: a
  title: A
  category: missile-launch
  severity: violation
)";
  expect_warning_at("- list: spare_list\n  items: [x]\n" + base + "  any: [missile]\n", "AW-W001",
                    "spare_list");
  expect_warning_at("- macro: spare\n  any: [x]\n" + base + "  any: [missile]\n", "AW-W002",
                    "spare");
  expect_warning_at(base +
                        "  detection:\n    sel: [missile]\n    extra: [rocket]\n"
                        "    condition: sel\n",
                    "AW-W003", "extra");
  expect_warning_at(base + "  status: deprecated\n  any: [missile]\n", "AW-W004", "deprecated");
  expect_warning_at(base + "  provisions: [Article 13]\n  any: [missile]\n", "AW-W006",
                    "Article 13");
  armwatch::testing::TempDir empty;
  LoadResult r = load_rule_pack({empty.path()});
  REQUIRE(find_code(r, "AW-W005") != nullptr);
}

TEST_CASE("Diagnostics carry the snippet and format with a caret", "[rules][loader]") {
  LoadResult r = load_yaml(
      "- rule: a\n  title: A\n  category: missiles\n  severity: info\n"
      "  any: [x]\n");
  const Diagnostic* d = find_code(r, "AW-R004");
  REQUIRE(d != nullptr);
  CHECK(d->snippet == "  category: missiles");
  CHECK(format_diagnostic(*d).find("\n  " + std::string(12, ' ') + "^") != std::string::npos);
}

TEST_CASE("Files load in sorted order and lists cross files", "[rules][loader]") {
  armwatch::testing::TempDir dir;
  dir.write("20-rules.yaml",
            "- rule: a\n  title: A\n  category: nuclear-test\n"
            "  severity: violation\n  any: [nuclear test]\n  all: [actors_x]\n");
  dir.write("10-lists.yaml", "- list: actors_x\n  items: [DPRK]\n");
  dir.write("notes.txt", "not yaml");
  LoadResult r = load_rule_pack({dir.path()});
  INFO(dump(r));
  REQUIRE(r.ok());
  CHECK(r.rules->match(make_item("DPRK conducts nuclear test")).size() == 1);
}

TEST_CASE("load_rule_text never throws on garbage", "[rules][loader]") {
  for (const char* text : {"", "{", "- [", "- rule:", "- rule: x\n  any: *alias\n", "\t\t- x",
                           "- rule: a\n  title: A\n  category: nuclear-test\n  severity: info\n"
                           "  detection: [x]\n"}) {
    LoadResult r = load_rule_text(text, "garbage.yaml");
    CHECK((r.ok() || r.error_count() > 0));
  }
}

TEST_CASE("Lint reports every error of a pack at once, in file order", "[rules][loader]") {
  LoadResult r = load_yaml(R"(- rule: a
  title: A
  category: missiles
  severity: info
  any: [x]
- rule: a
  title: B
  category: nuclear-test
  severity: huge
  any: [dprk_actorz]
)");
  CHECK_FALSE(r.ok());
  std::vector<std::string> codes;
  for (const Diagnostic& d : r.diagnostics) {
    codes.push_back(d.code);
  }
  CHECK(codes == std::vector<std::string>{"AW-R004", "AW-R008", "AW-R005", "AW-R006"});
  CHECK(r.error_count() == 4);
  CHECK(r.warning_count() == 0);
}
