#include "cli/output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace armwatch::cli {
namespace {

// Length of the ANSI SGR sequence ("ESC [ params m") at s[i], 0 if none.
std::size_t sgr_length(std::string_view s, std::size_t i) {
  if (s[i] != '\x1b' || i + 1 >= s.size() || s[i + 1] != '[') {
    return 0;
  }
  for (std::size_t k = i + 2; k < s.size(); ++k) {
    char c = s[k];
    if (c == 'm') {
      return k + 1 - i;
    }
    if (!((c >= '0' && c <= '9') || c == ';')) {
      return 0;
    }
  }
  return 0;
}

// Decodes one code point at s[i], advancing i; invalid bytes count as one.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + static_cast<std::size_t>(len) > s.size() || (b >= 0x80 && b < 0xC0)) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
         (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string one_line(std::string s) {
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return s;
}

std::string json_object(const Table& t, const std::vector<std::string>& row) {
  std::string out = "{";
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    bool raw = c < t.raw_json.size() && t.raw_json[c];
    std::string cell = strip_sgr(row[c]);
    out += (c ? ", " : "") + json_quote(t.columns[c]) + ": ";
    out += raw ? (cell.empty() ? "null" : cell) : json_quote(cell);
  }
  return out + "}";
}

std::vector<int> column_widths(const Table& t) {
  std::vector<int> widths;
  for (const auto& c : t.columns) {
    widths.push_back(display_width(c));
  }
  for (const auto& row : t.rows) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(one_line(row[c])));
    }
  }
  return widths;
}

int total_width(const std::vector<int>& widths, const std::vector<bool>& shown) {
  int total = 0;
  int count = 0;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (shown[c]) {
      total += widths[c];
      ++count;
    }
  }
  return total + 2 * std::max(count - 1, 0);
}

constexpr int kMinColumn = 8;  // a cut column keeps at least this many
constexpr int kMinWide = 30;   // the wide column, before others are cut or dropped
constexpr int kOtherCap = 20;  // others, when deciding whether to drop columns

bool contains(const std::vector<std::size_t>& v, std::size_t c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

void fit_columns(const Table& t, std::vector<int>& widths, std::vector<bool>& shown, int width) {
  if (width <= 0 || widths.empty()) {
    return;
  }
  auto is_wide = [&](std::size_t c) { return t.wide && *t.wide == c; };
  // Left out while the rest would not fit with the others at most kOtherCap
  // wide and the wide column at kMinWide.
  auto readable = [&] {
    std::vector<int> w(widths.size());
    for (std::size_t c = 0; c < widths.size(); ++c) {
      w[c] = is_wide(c)             ? std::min(widths[c], kMinWide)
             : contains(t.fixed, c) ? widths[c]
                                    : std::min(widths[c], kOtherCap);
    }
    return total_width(w, shown);
  };
  for (std::size_t c : t.drop_order) {
    if (readable() <= width) {
      break;
    }
    if (c < shown.size()) {
      shown[c] = false;
    }
  }
  int total = total_width(widths, shown);
  while (total > width) {
    int* cut = nullptr;
    if (t.wide && shown[*t.wide] && widths[*t.wide] > kMinWide) {
      cut = &widths[*t.wide];
    } else {
      for (std::size_t c = 0; c < widths.size(); ++c) {
        if (shown[c] && !contains(t.fixed, c) && widths[c] > kMinColumn &&
            (cut == nullptr || widths[c] > *cut)) {
          cut = &widths[c];
        }
      }
    }
    if (cut == nullptr) {
      return;
    }
    --*cut;
    --total;
  }
}

void write_aligned(std::ostream& out, const Table& t, int width, bool color) {
  auto widths = column_widths(t);
  std::vector<bool> shown(widths.size(), true);
  fit_columns(t, widths, shown, width);
  std::size_t last = 0;
  for (std::size_t c = 0; c < shown.size(); ++c) {
    last = shown[c] ? c : last;
  }
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string text;
    for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
      if (!shown[c]) {
        continue;
      }
      std::string cell = fit(one_line(cells[c]), widths[c]);
      int pad = widths[c] - display_width(cell);
      text += header ? paint(cell, sgr::kBold, color) : cell;
      if (c != last) {
        text += std::string(static_cast<std::size_t>(pad + 2), ' ');
      }
    }
    out << text << "\n";
  };
  line(t.columns, true);
  for (const auto& row : t.rows) {
    line(row, false);
  }
}

void write_separated(std::ostream& out, const Table& t, bool csv) {
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::string cell = strip_sgr(cells[c]);
      out << (c ? (csv ? "," : "\t") : "") << (csv ? csv_field(cell) : one_line(cell));
    }
    out << "\n";
  };
  line(t.columns);
  for (const auto& row : t.rows) {
    line(row);
  }
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  static constexpr std::pair<std::string_view, Format> kNames[] = {
      {"auto", Format::kAuto}, {"table", Format::kTable}, {"tsv", Format::kTsv},
      {"csv", Format::kCsv},   {"json", Format::kJson},   {"ndjson", Format::kNdjson}};
  for (const auto& [n, f] : kNames) {
    if (n == name) {
      return f;
    }
  }
  return std::nullopt;
}

Format resolve_format(Format f, bool is_tty) {
  if (f != Format::kAuto) {
    return f;
  }
  return is_tty ? Format::kTable : Format::kTsv;
}

int display_width(std::string_view s) {
  int width = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = sgr_length(s, i); n > 0) {
      i += n;
      continue;
    }
    width += is_wide(next_code_point(s, i)) ? 2 : 1;
  }
  return width;
}

std::string fit(const std::string& s, int width) {
  if (display_width(s) <= width) {
    return s;
  }
  std::string out;
  int used = 0;
  bool styled = false;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = sgr_length(s, i); n > 0) {
      out.append(s, i, n);
      styled = true;
      i += n;
      continue;
    }
    std::size_t start = i;
    int w = is_wide(next_code_point(s, i)) ? 2 : 1;
    if (used + w > width - 1) {
      break;
    }
    out.append(s, start, i - start);
    used += w;
  }
  out += "\xE2\x80\xA6";
  return styled ? out + sgr::kReset : out;
}

std::string strip_sgr(std::string_view s) {
  if (s.find('\x1b') == std::string_view::npos) {
    return std::string(s);
  }
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = sgr_length(s, i); n > 0) {
      i += n;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::vector<std::string> wrap(std::string_view text, int width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string_view para = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    std::string line;
    int used = 0;
    std::size_t i = 0;
    while (i < para.size()) {
      std::size_t sp = para.find(' ', i);
      std::string_view word = para.substr(i, sp == std::string_view::npos ? sp : sp - i);
      int w = display_width(word);
      if (!line.empty() && used + 1 + w > width) {
        lines.push_back(std::move(line));
        line.clear();
        used = 0;
      }
      if (!word.empty()) {
        line += (line.empty() ? "" : " ") + std::string(word);
        used += (used ? 1 : 0) + w;
      }
      i = sp == std::string_view::npos ? para.size() : sp + 1;
    }
    lines.push_back(std::move(line));
    if (nl == std::string_view::npos) {
      break;
    }
    start = nl + 1;
  }
  return lines;
}

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string json_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + json_quote(values[i]);
  }
  return out + "]";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) {
    out += c == '"' ? "\"\"" : std::string(1, c);
  }
  return out + "\"";
}

void write_table(std::ostream& out, const Table& table, Format format, int width, bool color) {
  switch (format) {
    case Format::kAuto:
    case Format::kTable:
      write_aligned(out, table, width, color);
      return;
    case Format::kTsv:
      write_separated(out, table, false);
      return;
    case Format::kCsv:
      write_separated(out, table, true);
      return;
    case Format::kNdjson:
      for (const auto& row : table.rows) {
        out << json_object(table, row) << "\n";
      }
      return;
    case Format::kJson:
      out << "[";
      for (std::size_t r = 0; r < table.rows.size(); ++r) {
        out << (r ? ",\n " : "") << json_object(table, table.rows[r]);
      }
      out << "]\n";
      return;
  }
}

std::optional<ColorMode> parse_color_mode(std::string_view name) {
  if (name == "auto") {
    return ColorMode::kAuto;
  }
  if (name == "always") {
    return ColorMode::kAlways;
  }
  if (name == "never") {
    return ColorMode::kNever;
  }
  return std::nullopt;
}

bool use_color(ColorMode mode, bool is_tty, const char* no_color, const char* term) {
  switch (mode) {
    case ColorMode::kAlways:
      return true;
    case ColorMode::kNever:
      return false;
    case ColorMode::kAuto:
      break;
  }
  // https://no-color.org: a NO_COLOR that is present and not empty turns colour off.
  bool no_color_set = no_color != nullptr && no_color[0] != '\0';
  bool dumb = term != nullptr && std::string_view(term) == "dumb";
  return is_tty && !no_color_set && !dumb;
}

std::string paint(std::string_view text, const char* style, bool color) {
  if (!color || text.empty()) {
    return std::string(text);
  }
  return std::string(style) + std::string(text) + sgr::kReset;
}

std::string bar(double value, double max, int width) {
  if (value <= 0 || max <= 0 || width <= 0) {
    return {};
  }
  static constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  auto eighths = static_cast<long>(std::lround(value / max * width * 8));
  eighths = std::max<long>(eighths, 1);  // a non-zero count is never invisible
  std::string out;
  for (long i = 0; i < eighths / 8; ++i) {
    out += "█";
  }
  return out + kEighths[eighths % 8];
}

std::string sparkline(const std::vector<double>& values) {
  static constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double max = values.empty() ? 0 : *std::max_element(values.begin(), values.end());
  std::string out;
  for (double v : values) {
    int level = max > 0 ? static_cast<int>(std::lround(v / max * 7)) : 0;
    out += v <= 0 ? " " : kBlocks[std::clamp(level, 0, 7)];
  }
  return out;
}

}  // namespace armwatch::cli
