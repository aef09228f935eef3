#include "cli/output.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace armwatch::cli {
namespace {

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

// Cuts `s` to at most `width` display columns, ending in "…" when cut.
std::string fit(const std::string& s, int width) {
  if (display_width(s) <= width) {
    return s;
  }
  std::string out;
  int used = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    int w = is_wide(next_code_point(s, i)) ? 2 : 1;
    if (used + w > width - 1) {
      break;
    }
    out.append(s, start, i - start);
    used += w;
  }
  return out + "\xE2\x80\xA6";
}

std::string one_line(std::string s) {
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return s;
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

std::string json_object(const Table& t, const std::vector<std::string>& row) {
  std::string out = "{";
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    bool raw = c < t.raw_json.size() && t.raw_json[c];
    out += (c ? ", " : "") + json_quote(t.columns[c]) + ": ";
    out += raw ? (row[c].empty() ? "null" : row[c]) : json_quote(row[c]);
  }
  return out + "}";
}

std::vector<int> column_widths(const Table& t) {
  std::vector<int> widths;
  for (const auto& c : t.columns) {
    widths.push_back(display_width(c));
  }
  for (const auto& row : t.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(one_line(row[c])));
    }
  }
  return widths;
}

// Shrinks the widest column until the row fits `width` (two spaces between columns).
void shrink_to(std::vector<int>& widths, int width) {
  if (width <= 0 || widths.empty()) {
    return;
  }
  int total = 2 * static_cast<int>(widths.size() - 1);
  for (int w : widths) {
    total += w;
  }
  while (total > width) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= 8) {
      return;
    }
    --*widest;
    --total;
  }
}

void write_aligned(std::ostream& out, const Table& t, int width) {
  auto widths = column_widths(t);
  shrink_to(widths, width);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::string cell = fit(one_line(cells[c]), widths[c]);
      text += cell;
      if (c + 1 < cells.size()) {
        text += std::string(static_cast<std::size_t>(widths[c] - display_width(cell) + 2), ' ');
      }
    }
    out << text << "\n";
  };
  line(t.columns);
  for (const auto& row : t.rows) {
    line(row);
  }
}

void write_separated(std::ostream& out, const Table& t, bool csv) {
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      out << (c ? (csv ? "," : "\t") : "") << (csv ? csv_field(cells[c]) : one_line(cells[c]));
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
    width += is_wide(next_code_point(s, i)) ? 2 : 1;
  }
  return width;
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

void write_table(std::ostream& out, const Table& table, Format format, int width) {
  switch (format) {
    case Format::kAuto:
    case Format::kTable:
      write_aligned(out, table, width);
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

}  // namespace armwatch::cli
