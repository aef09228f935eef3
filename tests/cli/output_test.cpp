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

TEST_CASE("colour: SGR sequences have no width, survive cutting, leave machine formats",
          "[cli][output][color]") {
  std::string red = paint("violation", sgr::kRed, true);
  CHECK(red == "\x1b[31mviolation\x1b[0m");
  CHECK(paint("violation", sgr::kRed, false) == "violation");
  CHECK(display_width(red) == 9);
  CHECK(strip_sgr(red) == "violation");
  std::string cut = fit(red, 5);
  CHECK(display_width(cut) == 5);
  CHECK(cut == "\x1b[31mviol\xE2\x80\xA6\x1b[0m");
  Table t;
  t.columns = {"severity", "n"};
  t.raw_json = {false, true};
  t.rows = {{red, "1"}};
  std::ostringstream tsv, json, table;
  write_table(tsv, t, Format::kTsv);
  CHECK(tsv.str() == "severity\tn\nviolation\t1\n");
  write_table(json, t, Format::kJson);
  CHECK(json.str() == "[{\"severity\": \"violation\", \"n\": 1}]\n");
  write_table(table, t, Format::kTable, 0, true);
  CHECK(table.str() == "\x1b[1mseverity\x1b[0m   \x1b[1mn\x1b[0m\n\x1b[31mviolation\x1b[0m  1\n");
}

TEST_CASE("colour: auto means a terminal without NO_COLOR or TERM=dumb", "[cli][output][color]") {
  CHECK(use_color(ColorMode::kAuto, true, nullptr, "xterm"));
  CHECK_FALSE(use_color(ColorMode::kAuto, false, nullptr, "xterm"));
  CHECK_FALSE(use_color(ColorMode::kAuto, true, "1", "xterm"));
  CHECK(use_color(ColorMode::kAuto, true, "", "xterm"));  // set but empty: no-color.org
  CHECK_FALSE(use_color(ColorMode::kAuto, true, nullptr, "dumb"));
  CHECK(use_color(ColorMode::kAlways, false, "1", "dumb"));
  CHECK_FALSE(use_color(ColorMode::kNever, true, nullptr, "xterm"));
  CHECK(parse_color_mode("always") == ColorMode::kAlways);
  CHECK_FALSE(parse_color_mode("yes"));
}

TEST_CASE("fitting: the wide column gives way first, then columns are dropped", "[cli][output]") {
  Table t;
  t.columns = {"id", "time", "category", "provisions", "title"};
  t.rows = {{"12", "2024-06-09 14:03", "missile-launch", "UNSCR-1718,UNSCR-1874",
             "North Korea fires a ballistic missile into the East Sea, the JCS says"}};
  t.wide = 4;
  t.fixed = {0, 1};
  t.drop_order = {3, 2};
  auto render = [&](int width) {
    std::ostringstream out;
    write_table(out, t, Format::kTable, width);
    return out.str();
  };
  std::string wide = render(200);
  CHECK_THAT(wide, Catch::Contains("the JCS says"));
  std::string mid = render(100);  // the title is cut, every column stays
  CHECK_THAT(mid, Catch::Contains("UNSCR-1718,UNSCR-1874") && Catch::Contains("\xE2\x80\xA6"));
  std::string narrow = render(70);  // provisions go first
  CHECK_THAT(narrow, !Catch::Contains("provisions") && Catch::Contains("missile-launch"));
  CHECK_THAT(narrow, Catch::Contains("2024-06-09 14:03"));  // fixed: never cut
  std::istringstream lines(narrow);
  for (std::string line; std::getline(lines, line);) {
    CHECK(display_width(line) <= 70);
  }
  CHECK_THAT(render(60), !Catch::Contains("missile-launch"));  // then the category
}

TEST_CASE("bars, sparklines and wrapping", "[cli][output]") {
  CHECK(bar(10, 10, 4) == "████");
  CHECK(bar(5, 10, 4) == "██");
  CHECK(bar(1, 10, 4) == "▍");    // 0.4 columns: 3 eighths
  CHECK(bar(1, 1000, 4) == "▏");  // never invisible
  CHECK(bar(0, 10, 4).empty());
  CHECK(sparkline({0, 1, 2, 4, 8}) == " ▂▃▅█");
  CHECK(sparkline({}).empty());
  CHECK(wrap("one two three four", 9) == std::vector<std::string>{"one two", "three", "four"});
  CHECK(wrap("a\n\nb", 10) == std::vector<std::string>{"a", "", "b"});
  CHECK(wrap("unbreakableword x", 5) == std::vector<std::string>{"unbreakableword", "x"});
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(json_array({"a", "\"b\""}) == "[\"a\", \"\\\"b\\\"\"]");
}
