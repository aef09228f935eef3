#include "storage/json_text.h"

#include <cstdio>

#include "core/text.h"

namespace armwatch::storage {
namespace {

void append_escaped(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void skip_space(std::string_view& s) {
  while (!s.empty() && (s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r')) {
    s.remove_prefix(1);
  }
}

bool read_hex4(std::string_view& s, char32_t& out) {
  if (s.size() < 4) {
    return false;
  }
  out = 0;
  for (int i = 0; i < 4; ++i) {
    char c = s[static_cast<std::size_t>(i)];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) {
      return false;
    }
    out = out * 16 + static_cast<char32_t>(digit);
  }
  s.remove_prefix(4);
  return true;
}

// After a backslash and 'u': one code point, joining a surrogate pair.
bool read_unicode_escape(std::string_view& s, std::string& out) {
  char32_t cp = 0;
  if (!read_hex4(s, cp)) {
    return false;
  }
  if (cp >= 0xD800 && cp <= 0xDBFF && s.size() >= 6 && s[0] == '\\' && s[1] == 'u') {
    std::string_view rest = s.substr(2);
    char32_t low = 0;
    if (read_hex4(rest, low) && low >= 0xDC00 && low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      s = rest;
    }
  }
  append_utf8(out, cp);  // a lone surrogate becomes U+FFFD
  return true;
}

// After a backslash: one escape sequence.
bool read_escape(std::string_view& s, std::string& out) {
  if (s.empty()) {
    return false;
  }
  char e = s[0];
  s.remove_prefix(1);
  switch (e) {
    case '"':
    case '\\':
    case '/':
      out += e;
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'u':
      return read_unicode_escape(s, out);
    default:
      return false;
  }
}

bool read_string(std::string_view& s, std::string& out) {
  if (s.empty() || s[0] != '"') {
    return false;
  }
  s.remove_prefix(1);
  while (!s.empty()) {
    char c = s[0];
    s.remove_prefix(1);
    if (c == '"') {
      return true;
    }
    if (c != '\\') {
      out += c;
    } else if (!read_escape(s, out)) {
      return false;
    }
  }
  return false;
}

}  // namespace

std::string to_json_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    append_escaped(out, values[i]);
  }
  out += ']';
  return out;
}

std::optional<std::vector<std::string>> from_json_array(std::string_view text) {
  std::vector<std::string> values;
  skip_space(text);
  if (text.empty()) {
    return values;
  }
  if (text[0] != '[') {
    return std::nullopt;
  }
  text.remove_prefix(1);
  skip_space(text);
  if (!text.empty() && text[0] == ']') {
    text.remove_prefix(1);
    skip_space(text);
    return text.empty() ? std::optional(values) : std::nullopt;
  }
  for (;;) {
    skip_space(text);
    std::string value;
    if (!read_string(text, value)) {
      return std::nullopt;
    }
    values.push_back(std::move(value));
    skip_space(text);
    if (text.empty()) {
      return std::nullopt;
    }
    char sep = text[0];
    text.remove_prefix(1);
    if (sep == ']') {
      break;
    }
    if (sep != ',') {
      return std::nullopt;
    }
  }
  skip_space(text);
  return text.empty() ? std::optional(values) : std::nullopt;
}

}  // namespace armwatch::storage
