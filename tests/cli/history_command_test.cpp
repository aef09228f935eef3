// `armwatch history`, run as the real binary over the shipped timeline and
// over broken ones.
#include "cli/history_command.h"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using armwatch::testing::run_command;
using armwatch::testing::TempDir;

namespace {

const std::string kTimeline = std::string(ARMWATCH_SOURCE_DIR) + "/rules/history";

struct Run {
  int code = -1;
  std::string out;
};

Run history(std::vector<std::string> args, bool merge_stderr = false) {
  args.insert(args.begin(), {ARMWATCH_BIN, "history"});
  Run r;
  r.code = run_command(args, &r.out, merge_stderr);
  return r;
}

}  // namespace

TEST_CASE("history --search: matching entries in any format", "[cli][history]") {
  Run table = history({"--dir", kTimeline, "--search", "Yeonpyeong shelled", "--format", "table"});
  INFO(table.out);
  CHECK(table.code == 0);
  CHECK_THAT(table.out, Catch::Contains("H-2010-11-23-yeonpyeong-shelling"));
  CHECK_THAT(table.out, Catch::Contains("AA-II-12"));

  Run json = history({"--dir", kTimeline, "--search", "nuclear test", "--format", "json"});
  CHECK(json.code == 0);
  auto rows = nlohmann::json::parse(json.out);
  REQUIRE(rows.is_array());
  CHECK(rows.size() >= 6);
  for (const auto& row : rows) {
    CHECK(row["id"].get<std::string>().rfind("H-", 0) == 0);
    CHECK(row["provisions"].is_array());
    CHECK(row["sources"].is_array());
  }
}

TEST_CASE("history: every entry without --search, exit 1 when nothing matches", "[cli][history]") {
  Run all = history({"--dir", kTimeline, "--format", "ndjson"});
  CHECK(all.code == 0);
  CHECK(std::count(all.out.begin(), all.out.end(), '\n') >= 90);
  Run none = history({"--dir", kTimeline, "--search", "zebra unicorn"});
  CHECK(none.code == 1);
  Run bad_format = history({"--dir", kTimeline, "--format", "xml"}, true);
  CHECK(bad_format.code == 2);
}

TEST_CASE("history: a broken timeline is reported with file:line:col, exit 3", "[cli][history]") {
  TempDir dir;
  std::string file = dir.write("t.yaml",
                               "- id: H-2020-x\n  date: \"2021\"\n  kind: incident\n"
                               "  title: t\n  summary: s\n");
  Run r = history({"--dir", file}, true);
  CHECK(r.code == 3);
  CHECK_THAT(r.out, Catch::Contains(file + ":1:7"));
  CHECK_THAT(r.out, Catch::Contains("does not start with its date"));
}
