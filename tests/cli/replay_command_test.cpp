// `armwatch replay`, run as the real binary: NDJSON in input order, the table,
// --score (text and JSON), --history, and errors that name file:line.
#include "cli/replay_command.h"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/local_server.h"
#include "tests/support/temp_dir.h"

using armwatch::testing::run_command;
using armwatch::testing::TempDir;

namespace {

const char* const kPack = R"(- rule: launch
  title: Launch
  category: missile-launch
  severity: violation
  provisions: [UNSCR-1718]
  precedents: [H-2017-11-29-hwasong-15-icbm]
  any: [ballistic missile]
- rule: talks
  title: Talks
  category: diplomacy-talks
  severity: info
  provisions: [AA-IV-60]
  precedents: [H-1999-01-01-not-in-history]
  any: [summit]
)";

const char* const kCorpus =
    R"({"id": "a", "published": "2017-11-29", "source": "Yonhap", "title": "North Korea fires ballistic missile", "expected": {"labels": ["missile-launch"], "severity": "violation"}}
{"id": "b", "published": "2018-06-12", "source": "AP", "title": "Trump and Kim hold summit", "expected": {"labels": ["diplomacy-talks"], "severity": "info"}}
{"id": "c", "published": "2023-07-27", "source": "BBC", "title": "Armistice Day at the Cenotaph", "expected": {"labels": ["none"], "severity": "none"}}
{"id": "d", "published": "2024-01-05", "source": "Yonhap", "title": "North fires artillery near Yeonpyeong", "expected": {"labels": ["artillery-fire-near-border"], "severity": "warning"}}
)";

struct Run {
  int code = -1;
  std::string out;
};

Run replay(std::vector<std::string> args, bool merge_stderr = false) {
  args.insert(args.begin(), {ARMWATCH_BIN, "replay"});
  Run r;
  r.code = run_command(args, &r.out, merge_stderr);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

struct Files {
  TempDir dir;
  std::string pack;
  std::string corpus;
  Files() {
    std::filesystem::create_directories(dir.path() / "pack");
    dir.write("pack/rules.yaml", kPack);
    pack = dir.file("pack");
    corpus = dir.write("corpus.jsonl", kCorpus);
  }
};

}  // namespace

TEST_CASE("replay: one NDJSON line per item, in input order", "[cli][replay]") {
  Files f;
  Run r = replay({"--rules", f.pack, "--input", f.corpus});
  INFO(r.out);
  CHECK(r.code == 0);
  auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 4);
  const char* ids[] = {"a", "b", "c", "d"};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto j = nlohmann::json::parse(lines[i]);
    CHECK(j["id"] == ids[i]);
    CHECK(j["matches"].is_array());
  }
  auto a = nlohmann::json::parse(lines[0]);
  REQUIRE(a["matches"].size() == 1);
  CHECK(a["matches"][0]["rule"] == "launch");
  CHECK(a["matches"][0]["category"] == "missile-launch");
  CHECK(a["matches"][0]["severity"] == "violation");
  CHECK(a["matches"][0]["confidence"] == 1);
  CHECK(a["matches"][0]["provisions"] == nlohmann::json::array({"UNSCR-1718"}));
  CHECK(a["matches"][0]["claim"] == "act");
  CHECK(nlohmann::json::parse(lines[2])["matches"].empty());
}

TEST_CASE("replay: --format table, and exit 1 when nothing matched", "[cli][replay]") {
  Files f;
  Run table = replay({"--rules", f.pack, "--input", f.corpus, "--format", "table"});
  CHECK(table.code == 0);
  CHECK_THAT(table.out, Catch::Contains("missile-launch"));
  CHECK_THAT(table.out, Catch::Contains("Trump and Kim hold summit"));
  std::string quiet =
      f.dir.write("quiet.jsonl", "{\"id\": \"q\", \"title\": \"Nothing at all\"}\n");
  Run none = replay({"--rules", f.pack, "--input", quiet});
  CHECK(none.code == 1);
  CHECK(none.out == "{\"id\": \"q\", \"matches\": []}\n");
  Run bad_format = replay({"--rules", f.pack, "--input", f.corpus, "--format", "csv"}, true);
  CHECK(bad_format.code == 2);
}

TEST_CASE("replay --score: per category, micro and macro F1, false alarms, severity, misses",
          "[cli][replay]") {
  Files f;
  Run r = replay({"--rules", f.pack, "--input", f.corpus, "--score"});
  INFO(r.out);
  CHECK(r.code == 0);
  // 2 true positives, 1 false negative (artillery): P 1, R 2/3.
  CHECK_THAT(r.out, Catch::Contains("micro precision 1.000  recall 0.667  F1 0.800"));
  CHECK_THAT(r.out, Catch::Contains("false alarms on none items 0/1 (0.0%)"));
  CHECK_THAT(r.out, Catch::Contains("severity exact 2/3 (66.7%)"));
  CHECK_THAT(r.out, Catch::Contains("artillery-fire-near-border"));
  CHECK_THAT(r.out, Catch::Contains("misses: 1"));
  CHECK_THAT(r.out, Catch::Contains("line 4 d: expected artillery-fire-near-border/warning"));

  Run j = replay({"--rules", f.pack, "--input", f.corpus, "--score", "--format", "json"});
  CHECK(j.code == 0);
  auto score = nlohmann::json::parse(j.out);
  CHECK(score["labelled"] == 4);
  CHECK(score["micro_precision"] == 1.0);
  CHECK(score["none_items"] == 1);
  CHECK(score["categories"].size() == 12);
  CHECK(score["misses"].size() == 1);

  std::string unlabelled = f.dir.write("u.jsonl", "{\"id\": \"u\", \"title\": \"summit\"}\n");
  Run none = replay({"--rules", f.pack, "--input", unlabelled, "--score"}, true);
  CHECK(none.code == 3);
  CHECK_THAT(none.out, Catch::Contains("no line has \"expected\" labels"));
}

TEST_CASE("replay: input and pack errors name file:line and exit 3", "[cli][replay]") {
  Files f;
  std::string broken =
      f.dir.write("broken.jsonl",
                  "{\"id\": \"a\", \"title\": \"ok\"}\n{\"id\": \"b\", \"title\": \"x\", "
                  "\"expected\": {\"labels\": [\"not-a-slug\"]}}\n");
  Run r = replay({"--rules", f.pack, "--input", broken}, true);
  CHECK(r.code == 3);
  CHECK_THAT(r.out, Catch::Contains(broken + ":2"));
  CHECK_THAT(r.out, Catch::Contains("label 'not-a-slug'"));

  Run missing = replay({"--rules", f.pack, "--input", f.dir.file("nope.jsonl")}, true);
  CHECK(missing.code == 3);

  std::filesystem::create_directories(f.dir.path() / "bad");
  f.dir.write("bad/rules.yaml",
              "- rule: x\n  title: t\n  category: nope\n  severity: info\n"
              "  any: [a]\n");
  Run bad = replay({"--rules", f.dir.file("bad"), "--input", f.corpus}, true);
  CHECK(bad.code == 3);
  CHECK_THAT(bad.out, Catch::Contains("rules.yaml:3:13: error AW-R004"));
}

TEST_CASE("replay --history: unknown precedents are reported, matching goes on", "[cli][replay]") {
  Files f;
  Run r = replay({"--rules", f.pack, "--input", f.corpus, "--history",
                  std::string(ARMWATCH_SOURCE_DIR) + "/rules/history"},
                 true);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("warning AW-W007"));
  CHECK_THAT(r.out, Catch::Contains("H-1999-01-01-not-in-history"));
  CHECK_THAT(r.out, Catch::Contains("{\"id\": \"a\", \"matches\": [{\"rule\": \"launch\""));
}
