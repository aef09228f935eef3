// Tabular output for the armwatch CLI: one table of string cells rendered as an
// aligned table (TTY), TSV (piped), CSV, JSON or NDJSON. Commands build a Table
// and hand it here, so every command speaks every format the same way.
//
// Colour: cells may carry ANSI SGR sequences (paint()); widths ignore them,
// cutting a cell keeps them balanced, and every format but the table strips
// them, so a command may colour its cells whatever the format.
#pragma once

#include <cstddef>
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
  // Table format only, for fitting a terminal: the column that gives way
  // first (a title), columns never cut (ids, times), and columns that may be
  // left out, first to go first, when the others would not stay readable.
  std::optional<std::size_t> wide;
  std::vector<std::size_t> fixed;
  std::vector<std::size_t> drop_order;
};

// Resolves kAuto: a table on a terminal, TSV when piped.
Format resolve_format(Format f, bool is_tty);

// Writes `table` in `format`. `width` bounds table rows (0: unbounded):
// drop_order columns are left out while the wide column would get fewer than
// 30 columns with the others at up to 20, then the wide column, then the
// widest others, are cut with an ellipsis until a row fits. `color` puts the
// table's header in bold.
void write_table(std::ostream& out, const Table& table, Format format, int width = 0,
                 bool color = false);

// Display width of UTF-8 text: East Asian wide characters (Hangul, CJK) count 2,
// ANSI SGR sequences 0.
int display_width(std::string_view s);
// `s` cut to at most `width` display columns, ending in "…" when cut; SGR
// sequences are kept and closed.
std::string fit(const std::string& s, int width);
// `s` without ANSI SGR sequences.
std::string strip_sgr(std::string_view s);
// `text` broken at spaces into lines of at most `width` display columns (a
// longer word gets a line of its own); line breaks in `text` are kept.
std::vector<std::string> wrap(std::string_view text, int width);

// JSON string literal with escapes.
std::string json_quote(std::string_view s);
// A JSON array of string literals.
std::string json_array(const std::vector<std::string>& values);
// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& s);

// --color: auto (colour on a terminal unless NO_COLOR is set and not empty, or
// TERM is "dumb"), always, never.
enum class ColorMode { kAuto, kAlways, kNever };
std::optional<ColorMode> parse_color_mode(std::string_view name);
// The decision for one run; `no_color` and `term` are the environment
// variables' values (nullptr when unset).
bool use_color(ColorMode mode, bool is_tty, const char* no_color, const char* term);

// SGR styles for paint().
namespace sgr {
inline constexpr const char* kBold = "\x1b[1m";
inline constexpr const char* kDim = "\x1b[2m";
inline constexpr const char* kRed = "\x1b[31m";
inline constexpr const char* kBoldRed = "\x1b[1;31m";
inline constexpr const char* kGreen = "\x1b[32m";
inline constexpr const char* kYellow = "\x1b[33m";
inline constexpr const char* kBlue = "\x1b[34m";
inline constexpr const char* kMagenta = "\x1b[35m";
inline constexpr const char* kCyan = "\x1b[36m";
inline constexpr const char* kMatch = "\x1b[1;4;33m";  // bold underlined yellow: a matched span
inline constexpr const char* kReset = "\x1b[0m";
}  // namespace sgr

// `text` in `style` when `color`, else `text` unchanged.
std::string paint(std::string_view text, const char* style, bool color);

// A bar of `value` out of `max` in at most `width` columns, with eighth
// blocks: "████▍". Empty for 0.
std::string bar(double value, double max, int width);
// One block character (▁..█) per value, scaled to the largest.
std::string sparkline(const std::vector<double>& values);

}  // namespace armwatch::cli
