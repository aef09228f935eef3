#include "cli/output.h"

#include <sstream>

#include <catch2/catch.hpp>

using namespace armwatch::cli;

namespace {

Table sample() {
  Table t;
  t.columns = {"id", "title", "provisions"};
  t.raw_json = {true, false, true};
  t.rows = {{"1", "North Korea fires, \"again\"", "[\"UNSCR-1718\"]"},
            {"2", "북한 탄도미사일 발사", "[]"}};
  return t;
}

std::string render(Format f, int width = 0) {
  std::ostringstream out;
  write_table(out, sample(), f, width);
  return out.str();
}

}  // namespace

TEST_CASE("formats: tsv, csv, json and ndjson carry every cell", "[cli][output]") {
  CHECK(render(Format::kTsv) ==
        "id\ttitle\tprovisions\n1\tNorth Korea fires, \"again\"\t[\"UNSCR-1718\"]\n"
        "2\t북한 탄도미사일 발사\t[]\n");
  CHECK(render(Format::kCsv) ==
        "id,title,provisions\n1,\"North Korea fires, \"\"again\"\"\",\"[\"\"UNSCR-1718\"\"]\"\n"
        "2,북한 탄도미사일 발사,[]\n");
  CHECK(
      render(Format::kNdjson) ==
      "{\"id\": 1, \"title\": \"North Korea fires, \\\"again\\\"\", \"provisions\": "
      "[\"UNSCR-1718\"]}\n{\"id\": 2, \"title\": \"북한 탄도미사일 발사\", \"provisions\": []}\n");
  CHECK(render(Format::kJson).front() == '[');
}

TEST_CASE("the table aligns by display width and fits the terminal", "[cli][output]") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("북한") == 4);
  std::string wide = render(Format::kTable);
  CHECK_THAT(wide, Catch::Contains("id  title"));
  std::string narrow = render(Format::kTable, 30);
  std::istringstream lines(narrow);
  for (std::string line; std::getline(lines, line);) {
    CHECK(display_width(line) <= 30);
  }
  CHECK_THAT(narrow, Catch::Contains("\xE2\x80\xA6"));
}

TEST_CASE("auto is a table on a terminal and TSV in a pipe", "[cli][output]") {
  CHECK(resolve_format(Format::kAuto, true) == Format::kTable);
  CHECK(resolve_format(Format::kAuto, false) == Format::kTsv);
  CHECK(resolve_format(Format::kCsv, true) == Format::kCsv);
  CHECK(parse_format("ndjson") == Format::kNdjson);
  CHECK_FALSE(parse_format("xml"));
}
