#include "feeds/html_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>

#include "core/text.h"
#include "feeds/byte_scan.h"
#include "feeds/html_entities.h"
#include "feeds/utf8.h"

namespace armwatch::feeds {
namespace {

// Windows-1252 code points for 0x80..0x9F: what browsers show for &#150; and friends.
constexpr std::array<char16_t, 32> kCp1252 = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9');
}
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

enum class ElementKind { kInline, kBlock, kDropped };

// Block elements (address, article, ..., ul: a line break in the text) and
// elements whose content is never text for a reader (script, style, template,
// noscript, head). A switch on the first letter: this runs for every tag.
ElementKind element_kind(std::string_view n) {
  auto any = [&](std::initializer_list<std::string_view> names) {
    for (auto name : names) {
      if (name == n) {
        return true;
      }
    }
    return false;
  };
  bool block = false;
  switch (n.empty() ? '\0' : n[0]) {
    case 'a':
      block = any({"address", "article", "aside"});
      break;
    case 'b':
      block = any({"blockquote", "br", "body"});
      break;
    case 'c':
      block = any({"caption", "center"});
      break;
    case 'd':
      block = any({"dd", "div", "dl", "dt"});
      break;
    case 'f':
      block = any({"fieldset", "figcaption", "figure", "footer", "form"});
      break;
    case 'h':
      if (n == "head") {
        return ElementKind::kDropped;
      }
      block = any({"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"});
      break;
    case 'l':
      block = n == "li";
      break;
    case 'm':
      block = n == "main";
      break;
    case 'n':
      if (n == "noscript") {
        return ElementKind::kDropped;
      }
      block = n == "nav";
      break;
    case 'o':
      block = n == "ol";
      break;
    case 'p':
      block = any({"p", "pre"});
      break;
    case 's':
      if (n == "script" || n == "style") {
        return ElementKind::kDropped;
      }
      block = n == "section";
      break;
    case 't':
      if (n == "template") {
        return ElementKind::kDropped;
      }
      block = any({"table", "tbody", "td", "tfoot", "th", "thead", "tr"});
      break;
    case 'u':
      block = n == "ul";
      break;
    default:
      break;
  }
  return block ? ElementKind::kBlock : ElementKind::kInline;
}

void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp >= 0x80 && cp <= 0x9F) {
    cp = kCp1252[cp - 0x80];
  } else if (cp == 0 || cp > 0x10FFFF) {
    cp = 0xFFFD;
  }
  append_utf8(out, static_cast<char32_t>(cp));
}

bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Appends `s` to `out` as the last step of html_to_text wants it, carrying
// `space` (a space is owed before the next character) from call to call: runs of
// ASCII whitespace and U+00A0 become one space, none at the start or the end;
// ill-formed UTF-8 becomes U+FFFD and NUL goes; C1 controls (U+0080..U+009F),
// which in feed text only ever come from windows-1252 bytes mislabelled as
// latin-1, are mapped as browsers do. (It replaces collapse_whitespace,
// demoronize and repair_utf8 run one after the other: three byte-by-byte copies.)
void tidy_append(std::string& out, bool& space, std::string_view s) {
  auto emit_space = [&] {
    if (space) {
      out += ' ';
      space = false;
    }
  };
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c > 0x20 && c < 0x80) {  // the common case: printable ASCII words, single spaces
      std::size_t start = i;
      i = end_of_plain_text(s, i);
      emit_space();
      out.append(s.substr(start, i - start));
      continue;
    }
    std::size_t len = utf8_sequence_length(s, i);
    auto next = len == 2 ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (is_ascii_space(c) || (c == 0xC2 && next == 0xA0)) {
      space = !out.empty();
    } else if (c != 0) {
      emit_space();
      if (len == 0) {
        out += "\xEF\xBF\xBD";
      } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
        append_code_point(out, next);
      } else {
        out.append(s.substr(i, len));
      }
    }
    i += len == 0 ? 1 : len;
  }
}

// Reads HTML left to right and writes text; one method per construct. Output goes
// to a per-thread scratch buffer (html_to_text runs for every field of every
// item: this saves allocations). In tidy mode (html_to_text) every piece of text
// goes through tidy_append as it is produced, so there is no second pass;
// otherwise (decode_entities) pieces are appended as they are and repaired at the end.
class HtmlReducer {
 public:
  HtmlReducer(std::string_view in, bool tidy) : in_(in), tidy_(tidy), out_(scratch()) {
    out_.clear();
  }
  ~HtmlReducer() {
    if (out_.capacity() > (1u << 20)) {
      std::string().swap(out_);  // do not keep a huge field's buffer for ever
    }
  }
  HtmlReducer(const HtmlReducer&) = delete;
  HtmlReducer& operator=(const HtmlReducer&) = delete;

  std::string run() {
    reduce(true);
    return out_;  // an exact-size copy; the scratch buffer stays for the next field
  }

  std::string decode_only() {
    reduce(false);
    return valid_utf8(out_);
  }

 private:
  void emit(std::string_view text) {
    if (tidy_) {
      tidy_append(out_, space_, text);
    } else {
      out_.append(text);
    }
  }
  // Whitespace between blocks: a line break in the raw output.
  void emit_break(char c) {
    if (tidy_) {
      space_ = !out_.empty();
    } else {
      out_ += c;
    }
  }
  void emit_code_point(std::uint32_t cp) {
    code_point_.clear();
    append_code_point(code_point_, cp);
    emit(code_point_);
  }

  void reduce(bool markup_allowed) {
    while (pos_ < in_.size()) {
      std::size_t start = pos_;
      pos_ = markup_allowed ? find_byte_of(in_, pos_, '<', '&', '<', '&') : in_.find('&', pos_);
      pos_ = std::min(pos_, in_.size());
      emit(in_.substr(start, pos_ - start));
      if (pos_ == in_.size()) {
        return;
      }
      if (in_[pos_] == '<') {
        markup();
      } else {
        entity();
      }
    }
  }

  bool starts_with(std::string_view s) const { return in_.substr(pos_, s.size()) == s; }

  // Skips past `end`, or to the end of input when it never comes.
  void skip_past(std::string_view end) {
    std::size_t at = in_.find(end, pos_);
    pos_ = at == std::string_view::npos ? in_.size() : at + end.size();
  }

  void markup() {
    if (starts_with("<!--")) {
      skip_past("-->");
    } else if (starts_with("<![CDATA[")) {
      std::size_t start = pos_ + 9;
      skip_past("]]>");
      std::size_t end = pos_ >= 3 && in_.substr(pos_ - 3, 3) == "]]>" ? pos_ - 3 : pos_;
      emit(in_.substr(start, end - start));
    } else if (((starts_with("<!") && pos_ + 2 < in_.size() && is_alpha(in_[pos_ + 2])) ||
                starts_with("<?")) &&
               in_.find('>', pos_) != std::string_view::npos) {
      skip_past(">");
    } else if (pos_ + 1 < in_.size() &&
               (is_alpha(in_[pos_ + 1]) ||
                (in_[pos_ + 1] == '/' && pos_ + 2 < in_.size() && is_alpha(in_[pos_ + 2])))) {
      tag();
    } else {
      emit("<");
      ++pos_;
    }
  }

  // Finds the '>' closing a tag that starts at pos_, honouring quoted attributes
  // (jumping from quote to quote: attribute values, URLs mostly, are long).
  std::size_t tag_end() const {
    std::size_t i = pos_ + 1;
    while (true) {
      i = find_byte_of(in_, i, '>', '"', '\'', '>');
      if (i >= in_.size()) {
        break;
      }
      if (in_[i] == '>') {
        return i;
      }
      std::size_t close = in_.find(in_[i], i + 1);
      if (close == std::string_view::npos) {
        break;
      }
      i = close + 1;
    }
    // An unbalanced quote: fall back to the first '>'.
    return in_.find('>', pos_);
  }

  // The tag's local name, lower-cased, in name_ (no allocation: tags are the most
  // frequent construct). Names longer than name_ can hold match no known element,
  // so they come back as "-".
  std::string_view tag_name(std::size_t start) {
    std::size_t len = 0;
    bool too_long = false;
    for (std::size_t i = start;
         i < in_.size() && (is_alnum(in_[i]) || in_[i] == ':' || in_[i] == '-' || in_[i] == '_');
         ++i) {
      char c = in_[i];
      if (c == ':') {  // keep what follows the last prefix
        len = 0;
        too_long = false;
      } else if (len < name_.size()) {
        name_[len++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      } else {
        too_long = true;
      }
    }
    return too_long ? std::string_view("-") : std::string_view(name_.data(), len);
  }

  void tag() {
    bool closing = in_[pos_ + 1] == '/';
    std::string_view name = tag_name(pos_ + (closing ? 2 : 1));
    std::size_t end = tag_end();
    if (end == std::string_view::npos) {  // a tag cut off at the end: drop it
      pos_ = in_.size();
      return;
    }
    pos_ = end + 1;
    bool self_closing = end > 0 && in_[end - 1] == '/';
    ElementKind kind = element_kind(name);
    if (!closing && !self_closing && kind == ElementKind::kDropped) {
      skip_element_content(name);
      return;
    }
    if (kind == ElementKind::kBlock) {
      emit_break('\n');
    }
  }

  // Skips to just after "</name ...>" (case-insensitive), or to the end.
  void skip_element_content(std::string_view name) {
    std::string closing = "</";
    closing += name;
    while (pos_ < in_.size()) {
      std::size_t at = in_.find("</", pos_);
      if (at == std::string_view::npos) {
        pos_ = in_.size();
        return;
      }
      pos_ = at + 2;
      if (ascii_lower(in_.substr(at, closing.size())) == closing) {
        skip_past(">");
        emit_break(' ');
        return;
      }
    }
  }

  void entity() {
    std::size_t start = pos_ + 1;
    if (start < in_.size() && in_[start] == '#') {
      numeric_entity(start + 1);
      return;
    }
    std::size_t i = start;
    while (i < in_.size() && is_alnum(in_[i]) && i - start < 32) {
      ++i;
    }
    std::string_view name = in_.substr(start, i - start);
    bool semicolon = i < in_.size() && in_[i] == ';';
    // Without ';' only the four entities every browser accepts bare, and only when
    // the next character cannot continue a name or a query string.
    bool bare_ok = !semicolon &&
                   (name == "amp" || name == "lt" || name == "gt" || name == "quot") &&
                   (i >= in_.size() || in_[i] != '=');
    if (!name.empty() && (semicolon || bare_ok)) {
      code_point_.clear();
      if (append_named_entity(code_point_, name)) {
        emit(code_point_);
        pos_ = i + (semicolon ? 1 : 0);
        return;
      }
    }
    emit("&");
    ++pos_;
  }

  void numeric_entity(std::size_t i) {
    bool hex = i < in_.size() && (in_[i] == 'x' || in_[i] == 'X');
    std::size_t digits_start = hex ? i + 1 : i;
    std::size_t j = digits_start;
    std::uint32_t cp = 0;
    while (j < in_.size() && (hex ? is_hex(in_[j]) : (in_[j] >= '0' && in_[j] <= '9'))) {
      char c = in_[j];
      std::uint32_t d = c <= '9' ? static_cast<std::uint32_t>(c - '0')
                                 : static_cast<std::uint32_t>((c | 0x20) - 'a' + 10);
      cp = cp > 0x10FFFF ? cp : cp * (hex ? 16 : 10) + d;
      ++j;
    }
    if (j == digits_start) {
      emit("&");
      ++pos_;
      return;
    }
    emit_code_point(cp);
    pos_ = j < in_.size() && in_[j] == ';' ? j + 1 : j;
  }

  static std::string& scratch() {
    thread_local std::string buffer;
    return buffer;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool tidy_;
  bool space_ = false;  // tidy mode: a space is owed before the next character
  std::string& out_;
  std::string code_point_;
  std::array<char, 16> name_{};
};

}  // namespace

std::string html_to_text(std::string_view html) {
  return HtmlReducer(html, true).run();
}

std::string decode_entities(std::string_view text) {
  return HtmlReducer(text, false).decode_only();
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    std::string_view escaped = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : "";
    if (!escaped.empty()) {
      out.append(text.substr(start, i - start));
      out += escaped;
      start = i + 1;
    }
  }
  out.append(text.substr(start));
  return out;
}

bool append_named_entity(std::string& out, std::string_view name) {
  std::optional<char32_t> cp = html_entity(name);
  if (!cp) {
    return false;
  }
  append_utf8(out, *cp);
  return true;
}

}  // namespace armwatch::feeds
