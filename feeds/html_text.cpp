#include "feeds/html_text.h"

#include <array>
#include <cstdint>

#include <libxml/HTMLparser.h>

#include "core/text.h"

namespace armwatch::feeds {
namespace {

// Windows-1252 code points for 0x80..0x9F: what browsers show for &#150; and friends.
constexpr std::array<char16_t, 32> kCp1252 = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

constexpr std::array<std::string_view, 40> kBlockElements = {
    "address", "article", "aside", "blockquote", "br",         "caption", "center",  "dd",
    "div",     "dl",      "dt",    "fieldset",   "figcaption", "figure",  "footer",  "form",
    "h1",      "h2",      "h3",    "h4",         "h5",         "h6",      "header",  "hr",
    "li",      "main",    "nav",   "ol",         "p",          "pre",     "section", "table",
    "tbody",   "td",      "tfoot", "th",         "thead",      "tr",      "ul",      "body"};

// Elements whose content is never text for a reader.
constexpr std::array<std::string_view, 5> kDroppedElements = {"script", "style", "template",
                                                              "noscript", "head"};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9');
}
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view name) {
  for (auto s : set) {
    if (s == name) {
      return true;
    }
  }
  return false;
}

void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp >= 0x80 && cp <= 0x9F) {
    cp = kCp1252[cp - 0x80];
  } else if (cp == 0 || cp > 0x10FFFF) {
    cp = 0xFFFD;
  }
  append_utf8(out, static_cast<char32_t>(cp));
}

// C1 control characters (U+0080..U+009F) never mean anything in feed text: they
// come from windows-1252 bytes mislabelled as latin-1. Map them like browsers do.
std::string demoronize(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (b == 0xC2 && next >= 0x80 && next <= 0x9F) {
      append_code_point(out, next);
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Reads HTML left to right and writes text; one method per construct.
class HtmlReducer {
 public:
  explicit HtmlReducer(std::string_view in) : in_(in) {}

  std::string run() {
    reduce(true);
    return collapse_whitespace(demoronize(repair_utf8(out_)));
  }

  std::string decode_only() {
    reduce(false);
    return repair_utf8(out_);
  }

 private:
  void reduce(bool markup_allowed) {
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c == '<' && markup_allowed) {
        markup();
      } else if (c == '&') {
        entity();
      } else {
        out_ += c;
        ++pos_;
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
      out_.append(in_.substr(start, end - start));
    } else if (((starts_with("<!") && pos_ + 2 < in_.size() && is_alpha(in_[pos_ + 2])) ||
                starts_with("<?")) &&
               in_.find('>', pos_) != std::string_view::npos) {
      skip_past(">");
    } else if (pos_ + 1 < in_.size() &&
               (is_alpha(in_[pos_ + 1]) ||
                (in_[pos_ + 1] == '/' && pos_ + 2 < in_.size() && is_alpha(in_[pos_ + 2])))) {
      tag();
    } else {
      out_ += '<';
      ++pos_;
    }
  }

  // Finds the '>' closing a tag that starts at pos_, honouring quoted attributes.
  std::size_t tag_end() const {
    char quote = 0;
    for (std::size_t i = pos_ + 1; i < in_.size(); ++i) {
      char c = in_[i];
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i;
      }
    }
    // An unbalanced quote: fall back to the first '>'.
    return in_.find('>', pos_);
  }

  std::string tag_name(std::size_t start) const {
    std::string name;
    for (std::size_t i = start;
         i < in_.size() && (is_alnum(in_[i]) || in_[i] == ':' || in_[i] == '-' || in_[i] == '_');
         ++i) {
      name += in_[i];
    }
    name = ascii_lower(name);
    std::size_t colon = name.rfind(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
  }

  void tag() {
    bool closing = in_[pos_ + 1] == '/';
    std::string name = tag_name(pos_ + (closing ? 2 : 1));
    std::size_t end = tag_end();
    if (end == std::string_view::npos) {  // a tag cut off at the end: drop it
      pos_ = in_.size();
      return;
    }
    pos_ = end + 1;
    bool self_closing = end > 0 && in_[end - 1] == '/';
    if (!closing && !self_closing && contains(kDroppedElements, name)) {
      skip_element_content(name);
      return;
    }
    if (contains(kBlockElements, name)) {
      out_ += '\n';
    }
  }

  // Skips to just after "</name ...>" (case-insensitive), or to the end.
  void skip_element_content(const std::string& name) {
    std::string closing = "</" + name;
    while (pos_ < in_.size()) {
      std::size_t at = in_.find("</", pos_);
      if (at == std::string_view::npos) {
        pos_ = in_.size();
        return;
      }
      pos_ = at + 2;
      if (ascii_lower(in_.substr(at, closing.size())) == closing) {
        skip_past(">");
        out_ += ' ';
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
    if (!name.empty() && (semicolon || bare_ok) && append_named_entity(out_, name)) {
      pos_ = i + (semicolon ? 1 : 0);
      return;
    }
    out_ += '&';
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
      out_ += '&';
      ++pos_;
      return;
    }
    append_code_point(out_, cp);
    pos_ = j < in_.size() && in_[j] == ';' ? j + 1 : j;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string out_;
};

}  // namespace

std::string html_to_text(std::string_view html) {
  return HtmlReducer(html).run();
}

std::string decode_entities(std::string_view text) {
  return HtmlReducer(text).decode_only();
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

bool append_named_entity(std::string& out, std::string_view name) {
  if (name == "apos") {
    out += '\'';
    return true;
  }
  std::string key(name);
  const htmlEntityDesc* desc = htmlEntityLookup(reinterpret_cast<const xmlChar*>(key.c_str()));
  if (desc == nullptr) {
    return false;
  }
  append_utf8(out, static_cast<char32_t>(desc->value));
  return true;
}

}  // namespace armwatch::feeds
