// `armwatch rules lint|test|list|explain`, run as the real binary over packs
// written into a TempDir.
#include "cli/rules_command.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using armwatch::testing::run_command;
using armwatch::testing::TempDir;

namespace {

const char* const kGoodPack = R"(- list: dprk_actors
  items: [North Korea, N. Korea, DPRK, Pyongyang]

- rule: missile-launch
  title: DPRK missile launch
  category: missile-launch
  severity: violation
  provisions: [UNSCR-1718]
  any: [ballistic missile, ICBM]
  all: [dprk_actors, [fires, fired, launched]]
  none: [cruise missile]
  tests:
    match:
      - "North Korea fires ballistic missile"
    no_match:
      - "Iran fires ballistic missile"

- rule: unc-talks
  title: UNC talks
  category: commission-activity
  severity: info
  provisions: [AA-II-24]
  status: experimental
  any: [UN Command]
  all: [[talks, met]]
)";

// Line 6 holds the bad category (AW-R004), column 13.
const char* const kBadPack = R"(- rule: bad-one
  title: Bad
  category: missile-launch
  severity: violation
  any: [ICBM]
- rule: bad-two
  title: Also bad
  category: not-a-slug
  severity: info
  any: [talks]
)";

struct Run {
  int code = -1;
  std::string out;
};

Run run_armwatch(std::vector<std::string> args, bool merge_stderr = true) {
  args.insert(args.begin(), ARMWATCH_BIN);
  Run r;
  r.code = run_command(args, &r.out, merge_stderr);
  return r;
}

std::string pack_dir(const TempDir& dir, const char* yaml, const char* name = "pack") {
  std::filesystem::create_directories(dir.path() / name);
  dir.write(std::string(name) + "/10-rules.yaml", yaml);
  return dir.file(name);
}

}  // namespace

TEST_CASE("rules lint: a clean pack exits 0", "[cli][rules]") {
  TempDir dir;
  Run r = run_armwatch({"rules", "lint", pack_dir(dir, kGoodPack)});
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("0 error(s), 0 warning(s); 2 rules"));
}

TEST_CASE("rules lint: errors exit 1 with file, line, column and a caret", "[cli][rules]") {
  TempDir dir;
  std::string pack = pack_dir(dir, kBadPack);
  Run r = run_armwatch({"rules", "lint", pack});
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::Contains("10-rules.yaml:8:13: error AW-R004"));
  CHECK_THAT(r.out, Catch::Contains("category: not-a-slug"));
  CHECK_THAT(r.out, Catch::Contains("1 error(s)"));
}

TEST_CASE("rules lint --format json gives editors one object per diagnostic", "[cli][rules]") {
  TempDir dir;
  Run r = run_armwatch({"rules", "lint", pack_dir(dir, kBadPack), "--format", "json"}, false);
  INFO(r.out);
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 1);
  const auto& d = j[0];
  CHECK(d["code"] == "AW-R004");
  CHECK(d["level"] == "error");
  CHECK(d["file"].get<std::string>().ends_with("10-rules.yaml"));
  CHECK(d["line"] == 8);
  CHECK(d["column"] == 13);
  CHECK_THAT(d["message"].get<std::string>(), Catch::Contains("not-a-slug"));
  CHECK(d["snippet"] == "  category: not-a-slug");

  Run clean = run_armwatch({"rules", "lint", pack_dir(dir, kGoodPack, "good"), "--format", "json"});
  CHECK(clean.code == 0);
  CHECK(nlohmann::json::parse(clean.out).empty());
}

TEST_CASE("rules lint - reads one rule file from stdin", "[cli][rules]") {
  TempDir dir;
  std::string file = dir.write("bad.yaml", kBadPack);
  std::string out;
  int code = run_command(
      {"/bin/sh", "-c", std::string(ARMWATCH_BIN) + " rules lint - --format json < " + file}, &out);
  INFO(out);
  CHECK(code == 1);
  CHECK(nlohmann::json::parse(out)[0]["file"] == "<stdin>");
}

TEST_CASE("rules lint: unknown format and missing directory", "[cli][rules]") {
  TempDir dir;
  CHECK(run_armwatch({"rules", "lint", pack_dir(dir, kGoodPack), "--format", "xml"}).code == 2);
  Run missing = run_armwatch({"rules", "lint", dir.file("nope")});
  CHECK(missing.code == 1);
  CHECK_THAT(missing.out, Catch::Contains("AW-R018"));
}

TEST_CASE("rules test: passes, failures with detail, final count line", "[cli][rules]") {
  TempDir dir;
  Run ok = run_armwatch({"rules", "test", pack_dir(dir, kGoodPack)});
  INFO(ok.out);
  CHECK(ok.code == 0);
  CHECK_THAT(ok.out, Catch::EndsWith("2 passed, 0 failed\n"));

  std::string failing = std::string(kGoodPack) + R"(  tests:
    match:
      - "UN Command officers met KPA officers"
      - "UN Command said nothing"
    no_match:
      - "UN Command held talks"
)";
  Run bad = run_armwatch({"rules", "test", pack_dir(dir, failing.c_str(), "failing")});
  INFO(bad.out);
  CHECK(bad.code == 1);
  CHECK_THAT(bad.out, Catch::Contains("FAIL unc-talks (") &&
                          Catch::Contains("expected a match, got none") &&
                          Catch::Contains("[condition false]") &&
                          Catch::Contains("UN Command said nothing"));
  CHECK_THAT(bad.out, Catch::Contains("expected no match, got a match [fired]"));
  CHECK_THAT(bad.out, Catch::EndsWith("3 passed, 2 failed\n"));
}

TEST_CASE("rules test and list refuse a pack with errors (exit 3)", "[cli][rules]") {
  TempDir dir;
  std::string pack = pack_dir(dir, kBadPack);
  Run t = run_armwatch({"rules", "test", pack});
  CHECK(t.code == 3);
  CHECK_THAT(t.out, Catch::Contains("AW-R004"));
  CHECK(run_armwatch({"rules", "list", pack}).code == 3);
  CHECK(run_armwatch({"rules", "explain", pack, "--text", "ICBM"}).code == 3);
}

TEST_CASE("rules list speaks every output format", "[cli][rules]") {
  TempDir dir;
  std::string pack = pack_dir(dir, kGoodPack);
  Run tsv = run_armwatch({"rules", "list", pack, "--format", "tsv"}, false);
  INFO(tsv.out);
  CHECK(tsv.code == 0);
  CHECK_THAT(tsv.out, Catch::StartsWith("id\tcategory\tseverity\tprovisions\tstatus\tlocation\t"));
  CHECK_THAT(tsv.out, Catch::Contains("missile-launch\tmissile-launch\tviolation\tUNSCR-1718\t"
                                      "stable\t"));
  CHECK_THAT(tsv.out, Catch::Contains("10-rules.yaml:4\t"));
  CHECK_THAT(tsv.out, Catch::Contains("unc-talks\tcommission-activity\tinfo\tAA-II-24\t"
                                      "experimental\t"));

  auto j =
      nlohmann::json::parse(run_armwatch({"rules", "list", pack, "--format", "json"}, false).out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["id"] == "missile-launch");
  CHECK(j[0]["provisions"] == nlohmann::json::array({"UNSCR-1718"}));
  CHECK(j[1]["location"].get<std::string>().ends_with("10-rules.yaml:18"));

  Run csv = run_armwatch({"rules", "list", pack, "--format", "csv"}, false);
  CHECK_THAT(csv.out, Catch::StartsWith("id,category,severity,provisions,status,location,title\n"));
  Run nd = run_armwatch({"rules", "list", pack, "--format", "ndjson"}, false);
  CHECK(std::count(nd.out.begin(), nd.out.end(), '\n') == 2);
  Run table = run_armwatch({"rules", "list", pack, "--format", "table"}, false);
  CHECK_THAT(table.out, Catch::StartsWith("id  "));
  CHECK(run_armwatch({"rules", "list", pack, "--format", "yaml"}).code == 2);
}

TEST_CASE("rules explain --text shows selections, reasons and the exit code", "[cli][rules]") {
  TempDir dir;
  std::string pack = pack_dir(dir, kGoodPack);
  Run fired = run_armwatch({"rules", "explain", pack, "--text", "North Korea fires ICBM"});
  INFO(fired.out);
  CHECK(fired.code == 0);
  CHECK_THAT(fired.out, Catch::Contains("FIRED   missile-launch: fired"));
  CHECK_THAT(fired.out, Catch::Contains("+ any: title[18,22)=\"ICBM\""));
  CHECK_THAT(fired.out, Catch::Contains("+ all_1: title[0,11)=\"North Korea\""));
  CHECK_THAT(fired.out, Catch::Contains("- none:"));
  // A list naming one phrase twice ("North Korea", "N. Korea") shows the hit once.
  CHECK_THAT(fired.out, !Catch::Contains("\"North Korea\" title[0,11)"));

  Run vetoed = run_armwatch({"rules", "explain", pack, "--text",
                             "North Korea fires ICBM and cruise "
                             "missile"});
  CHECK(vetoed.code == 1);
  CHECK_THAT(vetoed.out, Catch::Contains("no      missile-launch: condition false"));
  CHECK_THAT(vetoed.out, Catch::Contains("+ none: title[27,41)=\"cruise missile\""));
  CHECK_THAT(vetoed.out, Catch::Contains("no rule fired"));
  // Rules without any term hit appear only with --all (or when named).
  CHECK_THAT(vetoed.out, !Catch::Contains("unc-talks"));
  Run all = run_armwatch({"rules", "explain", pack, "--text", "ICBM", "--all"});
  CHECK_THAT(all.out, Catch::Contains("no      unc-talks: no term hit"));
  Run one = run_armwatch({"rules", "explain", pack, "--text", "ICBM", "--rule", "unc-talks"});
  CHECK_THAT(one.out, Catch::Contains("unc-talks: no term hit") &&
                          !Catch::Contains("missile-launch:") &&
                          Catch::Contains("rule 'unc-talks' did not fire"));
}

TEST_CASE("rules explain --item reads an item or a parsed feed", "[cli][rules]") {
  TempDir dir;
  std::string pack = pack_dir(dir, kGoodPack);
  std::string item = dir.write("item.json", R"({"title": "Launch reported",
    "summary": "Pyongyang launched an ICBM on Friday.", "link": "http://x/1",
    "published": "2024-06-01T00:00:00Z"})");
  Run r = run_armwatch({"rules", "explain", pack, "--item", item});
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("summary: Pyongyang launched an ICBM on Friday."));
  CHECK_THAT(r.out, Catch::Contains("+ any: summary[22,26)=\"ICBM\""));

  std::string feed = dir.write("feed.json", R"({"format": "rss20", "items": [
    {"title": "UN Command and KPA officers met"}, {"title": "Weather"}]})");
  Run two = run_armwatch({"rules", "explain", pack, "--item", feed});
  INFO(two.out);
  CHECK(two.code == 0);
  CHECK_THAT(two.out, Catch::Contains("== item 1: UN Command and KPA officers met") &&
                          Catch::Contains("FIRED   unc-talks") &&
                          Catch::Contains("== item 2: Weather"));
}

TEST_CASE("rules explain usage errors exit 2, unreadable items 3", "[cli][rules]") {
  TempDir dir;
  std::string pack = pack_dir(dir, kGoodPack);
  CHECK(run_armwatch({"rules", "explain", pack}).code == 2);
  std::string item = dir.write("i.json", R"({"title": "x"})");
  CHECK(run_armwatch({"rules", "explain", pack, "--text", "x", "--item", item}).code == 2);
  CHECK(run_armwatch({"rules", "explain", pack, "--text", "x", "--rule", "nope"}).code == 2);
  CHECK(run_armwatch({"rules", "explain", pack, "--item", dir.file("missing.json")}).code == 3);
  std::string bad = dir.write("bad.json", "{not json");
  Run r = run_armwatch({"rules", "explain", pack, "--item", bad});
  CHECK(r.code == 3);
  CHECK_THAT(r.out, Catch::Contains("not valid JSON"));
  CHECK(run_armwatch({"rules"}).code == 2);
}

TEST_CASE("items_from_json accepts an item, an array or feed parse output", "[cli][rules]") {
  using armwatch::cli::items_from_json;
  auto one = items_from_json(R"({"title": "a", "summary": "b", "source": "Yonhap",
                                 "authors": ["x"], "updated": "2024-01-02T03:04:05Z"})");
  REQUIRE(one.ok());
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].source == "Yonhap");
  CHECK((*one)[0].authors == std::vector<std::string>{"x"});
  CHECK((*one)[0].date().has_value());
  CHECK(items_from_json(R"([{"title": "a"}, {"title": "b"}, 3])")->size() == 2);
  CHECK(items_from_json(R"({"items": [{"title": "a"}]})")->size() == 1);
  CHECK_FALSE(items_from_json("[]").ok());
  CHECK_FALSE(items_from_json("nope").ok());
}
