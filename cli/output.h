// Tabular output for the armwatch CLI: one table of string cells rendered as an
// aligned table (TTY), TSV (piped), CSV, JSON or NDJSON. Commands build a Table
// and hand it here, so every command speaks every format the same way.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace armwatch::cli {

enum class Format { kAuto, kTable, kTsv, kCsv, kJson, kNdjson };

std::optional<Format> parse_format(std::string_view name);

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  // Columns whose JSON value is a number or a JSON array/literal, not a string.
  std::vector<bool> raw_json;
};

// Resolves kAuto: a table on a terminal, TSV when piped.
Format resolve_format(Format f, bool is_tty);

// Writes `table` in `format`. `width` bounds table rows (0: unbounded); the widest
// column is cut with an ellipsis to fit.
void write_table(std::ostream& out, const Table& table, Format format, int width = 0);

// Display width of UTF-8 text: East Asian wide characters (Hangul, CJK) count 2.
int display_width(std::string_view s);

// JSON string literal with escapes.
std::string json_quote(std::string_view s);

}  // namespace armwatch::cli
