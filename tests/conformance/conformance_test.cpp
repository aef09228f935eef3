// feedparser's corpus run through armwatch's parser (shared/conformance/README.md).
// Prints per-folder counts and fails only when a count drops below BASELINE.
// Set ARMWATCH_CONFORMANCE_WRITE_BASELINE=1 to rewrite BASELINE with today's counts.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <iconv.h>

#include "core/time.h"
#include "feeds/charset.h"
#include "feeds/date_parser.h"
#include "feeds/feed_json.h"
#include "feeds/feed_parser.h"
#include "feeds/item_identity.h"
#include "feeds/xml_feed_parser.h"
#include "tests/conformance/corpus.h"
#include "tests/conformance/expect_eval.h"
#include "tests/support/temp_dir.h"

namespace armwatch::conformance {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(ARMWATCH_SHARED_DIR) / "conformance" / "feedparser";
// The upstream runner serves each file from here; relative links resolve against it.
const std::string kServedFrom = "http://127.0.0.1:8097/tests/";

struct Counts {
  int passed = 0;
  int failed = 0;
  int unsupported = 0;
  int skipped = 0;
  std::vector<std::string> failures;
  std::vector<std::string> skips;
};

// EXPECTED_DIFFERENCES: "relative/path reason..." lines.
std::map<std::string, std::string> read_expected_differences() {
  std::map<std::string, std::string> out;
  std::ifstream in(ARMWATCH_CONFORMANCE_DIFFERENCES);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::size_t space = line.find(' ');
    out[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return out;
}

std::map<std::string, int> read_baseline() {
  std::map<std::string, int> out;
  std::ifstream in(ARMWATCH_CONFORMANCE_BASELINE);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    std::string folder;
    int minimum = 0;
    if (fields >> folder >> minimum) {
      out[folder] = minimum;
    }
  }
  return out;
}

void write_baseline(const std::map<std::string, int>& counts) {
  std::ofstream out(ARMWATCH_CONFORMANCE_BASELINE);
  out << "# Conformance ratchet: minimum PASS count per corpus folder (feedparser corpus,\n"
         "# shared/conformance/README.md). The conformance tests fail when a count drops\n"
         "# below its line. Raise numbers as the parser improves; never lower them to\n"
         "# hide a regression. Rewrite: ARMWATCH_CONFORMANCE_WRITE_BASELINE=1 and run\n"
         "# armwatch_conformance_tests. \"dates\" counts dates/date_cases.tsv rows.\n";
  for (const auto& [folder, passed] : counts) {
    out << folder << ' ' << passed << '\n';
  }
}

bool write_mode() {
  const char* v = std::getenv("ARMWATCH_CONFORMANCE_WRITE_BASELINE");
  return v != nullptr && std::string(v) == "1";
}

// SkipUnless names a Python codec or module: run the case only when it is a
// codec iconv knows.
bool should_skip(const std::string& skip_unless) {
  if (skip_unless.empty()) {
    return false;
  }
  std::size_t at = skip_unless.find("lookup('");
  if (at == std::string::npos) {
    // chardet: statistical detection, which armwatch does not do. Other guards
    // (a Python version) say nothing about us.
    return skip_unless.find("chardet") != std::string::npos;
  }
  std::size_t end = skip_unless.find('\'', at + 8);
  std::string name = feeds::iconv_name_for(skip_unless.substr(at + 8, end - at - 8));
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return true;
  }
  iconv_close(cd);
  return false;
}

void run_case(const CorpusCase& c, Counts& counts) {
  // What the fetcher would hand over: the URL, or where Content-Location points.
  std::string origin = kServedFrom + c.relative;
  std::string located = feeds::resolve_link(c.content_location, origin);
  if (!c.content_location.empty() && located.rfind("http", 0) == 0) {
    origin = located;  // only an http(s) location can become the base
  }
  auto parsed = feeds::parse_feed(c.bytes, c.content_type, origin);
  if (parsed) {
    (void)feeds::to_json(*parsed);  // exercised on every file, for the sanitizers
  }
  if (should_skip(c.skip_unless)) {
    ++counts.skipped;
    counts.skips.push_back(c.relative + ": " + c.skip_unless);
    return;
  }
  Evaluation e = evaluate(c.expect, parsed);
  if (e.verdict == Verdict::kPass) {
    ++counts.passed;
  } else if (e.verdict == Verdict::kFail) {
    static const auto kDifferences = read_expected_differences();
    auto known = kDifferences.find(c.relative);
    ++counts.failed;
    counts.failures.push_back(c.relative + ": " + e.detail +
                              (known == kDifferences.end() ? "" : "  [expected difference]"));
  } else {
    ++counts.unsupported;
  }
}

void print_report(const std::map<std::string, Counts>& by_folder) {
  std::cout << "feedparser conformance (" << kCorpus.string() << ")\n";
  for (const auto& [folder, c] : by_folder) {
    int in_scope = c.passed + c.failed;
    std::cout << "  " << folder << ": " << c.passed << " passed, " << c.failed << " failed";
    if (in_scope > 0) {
      std::cout << " (" << (100 * c.passed / in_scope) << "%)";
    }
    std::cout << ", " << c.unsupported << " unsupported, " << c.skipped << " skipped\n";
  }
  const char* verbose = std::getenv("ARMWATCH_CONFORMANCE_VERBOSE");
  for (const auto& [folder, c] : by_folder) {
    if (verbose == nullptr && folder.rfind("wellformed/sanitize", 0) == 0) {
      continue;
    }
    for (const auto& f : c.failures) {
      std::cout << "    FAIL " << f << "\n";
    }
    if (verbose != nullptr) {
      for (const auto& f : c.skips) {
        std::cout << "    SKIP " << f << "\n";
      }
    }
  }
}

bool check_against_baseline(const std::map<std::string, int>& passed) {
  if (write_mode()) {
    write_baseline(passed);
    std::cout << "wrote " << ARMWATCH_CONFORMANCE_BASELINE << "\n";
    return true;
  }
  bool ok = true;
  for (const auto& [folder, minimum] : read_baseline()) {
    auto it = passed.find(folder);
    int got = it == passed.end() ? 0 : it->second;
    if (got < minimum) {
      std::cout << "REGRESSION " << folder << ": " << got << " passed, baseline " << minimum
                << "\n";
      ok = false;
    }
  }
  return ok;
}

std::map<std::string, int> baseline_counts_with(const std::string& key, int value) {
  std::map<std::string, int> all = read_baseline();
  all[key] = value;
  return all;
}

TEST_CASE("feedparser corpus: per-folder pass counts stay at or above BASELINE",
          "[conformance][feeds]") {
  if (!fs::is_directory(kCorpus)) {
    WARN("conformance corpus not found at " << kCorpus.string() << "; skipping");
    return;
  }
  std::map<std::string, Counts> by_folder;
  for (const auto& path : discover_corpus(kCorpus)) {
    CorpusCase c = load_case(kCorpus, path);
    run_case(c, by_folder[c.folder]);
  }
  print_report(by_folder);
  std::map<std::string, int> passed = read_baseline();
  for (const auto& [folder, c] : by_folder) {
    passed[folder] = c.passed;
  }
  CHECK(by_folder.size() > 10);
  CHECK(check_against_baseline(passed));
}

// parse_feed reads clean UTF-8 documents with feeds/simple_xml_reader.h and
// everything else with libxml2. Where the simple reader accepts a document, both
// must produce the same ParsedFeed, field for field.
TEST_CASE("the simple XML reader and libxml2 agree on every corpus file both read",
          "[conformance][feeds]") {
  if (!fs::is_directory(kCorpus)) {
    WARN("conformance corpus not found at " << kCorpus.string() << "; skipping");
    return;
  }
  int compared = 0;
  int declined = 0;
  for (const auto& path : discover_corpus(kCorpus)) {
    CorpusCase c = load_case(kCorpus, path);
    std::size_t bom = 0;
    if (feeds::detect_encoding(c.bytes, c.content_type, &bom) != "UTF-8" ||
        !feeds::is_xml_safe_utf8(std::string_view(c.bytes).substr(bom))) {
      continue;
    }
    std::string_view text = std::string_view(c.bytes).substr(bom);
    std::string origin = kServedFrom + c.relative;
    auto fast = feeds::parse_simple_xml_feed(text, origin);
    if (!fast) {
      ++declined;
      continue;
    }
    ++compared;
    auto slow = feeds::parse_xml_feed(feeds::decode_to_utf8(c.bytes, c.content_type).utf8, origin);
    INFO(c.relative);
    REQUIRE(fast->ok() == slow.ok());
    if (slow.ok()) {
      CHECK(feeds::to_json(**fast) == feeds::to_json(*slow));
    } else {
      CHECK(fast->error().to_string() == slow.error().to_string());
    }
  }
  std::cout << "simple XML reader: " << compared << " corpus files read and compared, " << declined
            << " left to libxml2\n";
  CHECK(compared > 1000);
}

TEST_CASE("feedparser date vectors through parse_feed_date", "[conformance][date]") {
  fs::path tsv = kCorpus / "dates" / "date_cases.tsv";
  if (!fs::is_regular_file(tsv)) {
    WARN("date vectors not found at " << tsv.string() << "; skipping");
    return;
  }
  std::istringstream in(testing::read_file(tsv));
  std::string line;
  int passed = 0;
  int total = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    if (!header_seen) {  // "family input expected_utc note"
      header_seen = true;
      continue;
    }
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string col; std::getline(fields, col, '\t');) {
      cols.push_back(col);
    }
    if (cols.size() < 3) {
      continue;
    }
    ++total;
    auto t = feeds::parse_feed_date(cols[1]);
    std::string got = t ? format_rfc3339(*t) : "INVALID";
    if (got == cols[2]) {
      ++passed;
    } else {
      std::cout << "    FAIL date [" << cols[0] << "] \"" << cols[1] << "\": expected " << cols[2]
                << ", got " << got << "\n";
    }
  }
  std::cout << "  dates: " << passed << " passed, " << (total - passed) << " failed of " << total
            << "\n";
  CHECK(total == 73);
  if (write_mode()) {
    write_baseline(baseline_counts_with("dates", passed));
    return;
  }
  auto baseline = read_baseline();
  CHECK(passed >= (baseline.count("dates") != 0 ? baseline["dates"] : 0));
}

}  // namespace
}  // namespace armwatch::conformance
