#include "feeds/simple_xml_reader.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/text.h"
#include "feeds/byte_scan.h"
#include "feeds/feed_builder.h"

namespace armwatch::feeds {
namespace {

constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXmlnsNs = "http://www.w3.org/2000/xmlns/";

// Below libxml2's own limits (256 levels without XML_PARSE_HUGE, 10 MB for one
// attribute value, comment or CDATA section, 50,000 bytes for a name), so that a
// document libxml2 would refuse is never accepted here.
constexpr std::size_t kMaxDepth = 200;
constexpr std::size_t kMaxSection = 1'000'000;
constexpr std::size_t kMaxName = 1'000;

enum : std::uint8_t {
  kNameStart = 1,  // ASCII only: a non-ASCII name sends the document to libxml2
  kNameChar = 2,
  kSpace = 4,
  kValueStop = 8  // ends a run of plain attribute value
};

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool name = alpha || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    t[c] = static_cast<std::uint8_t>((alpha ? kNameStart : 0) | (name ? kNameChar : 0) |
                                     (space ? kSpace : 0));
  }
  for (char c : {'<', '&', '\t', '\n', '\r', '"', '\''}) {
    t[static_cast<unsigned char>(c)] |= kValueStop;
  }
  return t;
}

constexpr std::array<std::uint8_t, 256> kClass = make_classes();

bool has(char c, std::uint8_t what) {
  return (kClass[static_cast<unsigned char>(c)] & what) != 0;
}

bool is_xml_char(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

class Reader {
 public:
  Reader(std::string_view in, FeedBuilder& builder) : in_(in), builder_(builder) {}
  bool run();

 private:
  struct Binding {
    std::string_view prefix;
    std::string uri;
  };
  struct Open {
    std::string_view qname;
    std::size_t bindings;  // bindings_.size() before this element's declarations
  };
  struct RawAttribute {
    std::string_view qname;
    std::string value;
  };

  bool at(std::string_view s) const { return in_.compare(pos_, s.size(), s) == 0; }
  bool skip_spaces();
  bool name(std::string_view& out);
  bool xml_declaration();
  bool pseudo_attribute(std::string_view expected, std::string& value);
  bool prolog_or_epilog_item();
  bool content();
  bool start_tag();
  bool attributes(bool& empty);
  bool declare_namespaces(const std::vector<RawAttribute>& raw);
  bool resolve(std::string_view qname, bool is_attribute, std::string_view& ns,
               std::string_view& local) const;
  bool end_tag();
  bool comment();
  bool processing_instruction();
  bool cdata();
  bool text();
  bool reference(std::string& out);
  bool attribute_value(std::string& out);

  std::string_view in_;
  std::size_t pos_ = 0;
  FeedBuilder& builder_;
  std::vector<Binding> bindings_;
  std::vector<Open> open_;
  std::vector<RawAttribute> raw_;
  std::vector<XmlAttribute> attributes_;
  std::string text_;
};

bool Reader::run() {
  if (at("<?xml") && pos_ + 5 < in_.size() && has(in_[pos_ + 5], kSpace) && !xml_declaration()) {
    return false;
  }
  while (true) {  // prolog: spaces, comments, processing instructions; no DOCTYPE
    skip_spaces();
    if (pos_ + 1 < in_.size() && in_[pos_] == '<' && has(in_[pos_ + 1], kNameStart)) {
      break;
    }
    if (!prolog_or_epilog_item()) {
      return false;
    }
  }
  if (!start_tag() || !content()) {
    return false;
  }
  while (skip_spaces(), pos_ < in_.size()) {  // epilog
    if (!prolog_or_epilog_item()) {
      return false;
    }
  }
  return true;
}

// True if any space was skipped.
bool Reader::skip_spaces() {
  std::size_t start = pos_;
  while (pos_ < in_.size() && has(in_[pos_], kSpace)) {
    ++pos_;
  }
  return pos_ > start;
}

bool Reader::name(std::string_view& out) {
  std::size_t start = pos_;
  if (pos_ >= in_.size() || !has(in_[pos_], kNameStart)) {
    return false;
  }
  while (pos_ < in_.size() && has(in_[pos_], kNameChar)) {
    ++pos_;
  }
  if (pos_ < in_.size() && static_cast<unsigned char>(in_[pos_]) >= 0x80) {
    return false;  // a non-ASCII name character: libxml2 knows the rules
  }
  out = in_.substr(start, pos_ - start);
  return out.size() <= kMaxName;
}

// <?xml version="1.0" [encoding="..."] [standalone="yes|no"] ?>. The encoding was
// already chosen (detect_encoding); libxml2 runs with XML_PARSE_IGNORE_ENC too.
bool Reader::xml_declaration() {
  pos_ += 5;
  std::string value;
  if (!pseudo_attribute("version", value) || value != "1.0") {
    return false;
  }
  if (pseudo_attribute("encoding", value) && (value.empty() || !has(value[0], kNameStart))) {
    return false;
  }
  if (pseudo_attribute("standalone", value) && value != "yes" && value != "no") {
    return false;
  }
  skip_spaces();
  if (!at("?>")) {
    return false;
  }
  pos_ += 2;
  return true;
}

// ` name="value"` (or single quotes); false, with pos_ unchanged, when absent.
bool Reader::pseudo_attribute(std::string_view expected, std::string& value) {
  std::size_t start = pos_;
  std::string_view got;
  if (!skip_spaces() || !name(got) || got != expected) {
    pos_ = start;
    return false;
  }
  skip_spaces();
  if (pos_ >= in_.size() || in_[pos_] != '=') {
    pos_ = start;
    return false;
  }
  ++pos_;
  skip_spaces();
  char quote = pos_ < in_.size() ? in_[pos_] : '\0';
  std::size_t close = quote == '"' || quote == '\'' ? in_.find(quote, pos_ + 1) : in_.npos;
  if (close == in_.npos) {
    pos_ = start;
    return false;
  }
  value = std::string(in_.substr(pos_ + 1, close - pos_ - 1));
  pos_ = close + 1;
  return true;
}

// One comment or processing instruction outside the root element.
bool Reader::prolog_or_epilog_item() {
  if (at("<!--")) {
    return comment();
  }
  if (at("<?")) {
    return processing_instruction();
  }
  return false;  // a DOCTYPE, text outside the root, a second root: libxml2's business
}

// From after the root's start tag to after its end tag.
bool Reader::content() {
  while (!open_.empty()) {
    if (pos_ + 1 >= in_.size()) {
      return false;  // cut off
    }
    if (in_[pos_] != '<') {
      if (!text()) {
        return false;
      }
      continue;
    }
    char next = in_[pos_ + 1];
    bool ok = next == '/'       ? end_tag()
              : next == '?'     ? processing_instruction()
              : at("<!--")      ? comment()
              : at("<![CDATA[") ? cdata()
                                : next != '!' && start_tag();
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool Reader::start_tag() {
  ++pos_;
  std::string_view qname;
  bool empty = false;
  if (open_.size() >= kMaxDepth || !name(qname) || !attributes(empty)) {
    return false;
  }
  std::size_t mark = bindings_.size();
  if (!declare_namespaces(raw_)) {
    return false;
  }
  std::string_view ns;
  std::string_view local;
  if (!resolve(qname, false, ns, local)) {
    return false;
  }
  attributes_.clear();
  for (auto& a : raw_) {
    if (a.qname == "xmlns" || a.qname.substr(0, 6) == "xmlns:") {
      continue;
    }
    XmlAttribute attribute{{}, {}, std::move(a.value)};
    if (!resolve(a.qname, true, attribute.ns, attribute.local)) {
      return false;
    }
    for (const auto& other : attributes_) {  // the same name through two prefixes
      if (other.local == attribute.local && other.ns == attribute.ns) {
        return false;
      }
    }
    attributes_.push_back(std::move(attribute));
  }
  builder_.start_element(ns, local, attributes_);
  if (empty) {
    builder_.end_element();
    bindings_.resize(mark);
  } else {
    open_.push_back({qname, mark});
  }
  return true;
}

// The attributes after a start tag's name, up to and including '>' or "/>".
bool Reader::attributes(bool& empty) {
  raw_.clear();
  while (true) {
    bool spaced = skip_spaces();
    if (pos_ >= in_.size()) {
      return false;
    }
    if (in_[pos_] == '>' || at("/>")) {
      empty = in_[pos_] == '/';
      pos_ += empty ? 2 : 1;
      return true;
    }
    RawAttribute a;
    if (!spaced || !name(a.qname)) {
      return false;
    }
    skip_spaces();
    if (pos_ >= in_.size() || in_[pos_] != '=') {
      return false;
    }
    ++pos_;
    skip_spaces();
    if (!attribute_value(a.value)) {
      return false;
    }
    for (const auto& other : raw_) {
      if (other.qname == a.qname) {
        return false;
      }
    }
    raw_.push_back(std::move(a));
  }
}

bool Reader::declare_namespaces(const std::vector<RawAttribute>& raw) {
  for (const auto& a : raw) {
    bool default_ns = a.qname == "xmlns";
    if (!default_ns && a.qname.substr(0, 6) != "xmlns:") {
      continue;
    }
    std::string_view prefix = default_ns ? std::string_view() : a.qname.substr(6);
    // Namespace-well-formedness errors, all of them rare: leave them to libxml2.
    if ((!default_ns && (prefix.empty() || a.value.empty() || prefix == "xml" ||
                         prefix == "xmlns" || prefix.find(':') != std::string_view::npos)) ||
        a.value == kXmlNs || a.value == kXmlnsNs) {
      return false;
    }
    bindings_.push_back({prefix, a.value});
  }
  return true;
}

bool Reader::resolve(std::string_view qname, bool is_attribute, std::string_view& ns,
                     std::string_view& local) const {
  std::size_t colon = std::string_view::npos;  // names are short: no memchr call
  for (std::size_t k = 0; k < qname.size(); ++k) {
    if (qname[k] == ':') {
      colon = k;
      break;
    }
  }
  std::string_view prefix = colon == std::string_view::npos ? "" : qname.substr(0, colon);
  local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
  if (local.empty() || local.find(':') != std::string_view::npos || prefix == "xmlns") {
    return false;
  }
  if (prefix == "xml") {
    ns = kXmlNs;
    return true;
  }
  ns = "";
  if (prefix.empty() && is_attribute) {
    return true;  // unprefixed attributes are in no namespace
  }
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->prefix == prefix) {
      ns = it->uri;
      return true;
    }
  }
  return prefix.empty();  // an undeclared prefix is a namespace error
}

bool Reader::end_tag() {
  pos_ += 2;
  std::string_view qname;
  if (!name(qname)) {
    return false;
  }
  skip_spaces();
  if (pos_ >= in_.size() || in_[pos_] != '>' || qname != open_.back().qname) {
    return false;
  }
  ++pos_;
  builder_.end_element();
  bindings_.resize(open_.back().bindings);
  open_.pop_back();
  return true;
}

bool Reader::comment() {
  std::size_t dashes = in_.find("--", pos_ + 4);
  if (dashes == in_.npos || dashes + 2 >= in_.size() || in_[dashes + 2] != '>' ||
      dashes - pos_ > kMaxSection) {
    return false;  // "--" inside a comment, or no end
  }
  pos_ = dashes + 3;
  return true;
}

bool Reader::processing_instruction() {
  pos_ += 2;
  std::string_view target;
  if (!name(target) || ascii_lower(target) == "xml" || target.find(':') != std::string_view::npos) {
    return false;
  }
  if (!at("?>") && !skip_spaces()) {
    return false;
  }
  std::size_t end = in_.find("?>", pos_);
  if (end == in_.npos || end - pos_ > kMaxSection) {
    return false;
  }
  pos_ = end + 2;
  return true;
}

bool Reader::cdata() {
  std::size_t start = pos_ + 9;
  std::size_t end = in_.find("]]>", start);
  if (end == in_.npos || end - start > kMaxSection) {
    return false;
  }
  std::string_view data = in_.substr(start, end - start);
  pos_ = end + 3;
  if (data.find('\r') == std::string_view::npos) {
    builder_.text(data, true);
    return true;
  }
  text_.clear();
  for (std::size_t i = 0; i < data.size(); ++i) {  // CR LF and lone CR become LF
    if (data[i] == '\r') {
      text_ += '\n';
      i += i + 1 < data.size() && data[i + 1] == '\n' ? 1 : 0;
    } else {
      text_ += data[i];
    }
  }
  builder_.text(text_);
  return true;
}

// Character data up to the next '<': references decoded, line ends normalised.
// Handed over as a view into the document when nothing needed changing.
bool Reader::text() {
  std::size_t segment = pos_;
  bool copied = false;
  while (true) {
    pos_ = find_byte_of(in_, pos_, '<', '&', '\r', ']');
    if (pos_ >= in_.size()) {
      return false;  // cut off inside an element
    }
    char c = in_[pos_];
    if (c == '<') {
      break;
    }
    if (c == ']') {
      if (at("]]>")) {
        return false;
      }
      ++pos_;
      continue;
    }
    if (!copied) {
      text_.clear();
      copied = true;
    }
    text_.append(in_.substr(segment, pos_ - segment));
    if (c == '\r') {
      text_ += '\n';
      pos_ += at("\r\n") ? 2 : 1;
    } else if (!reference(text_)) {
      return false;
    }
    segment = pos_;
  }
  if (!copied) {
    builder_.text(in_.substr(segment, pos_ - segment), true);
    return true;
  }
  text_.append(in_.substr(segment, pos_ - segment));
  builder_.text(text_);
  return true;
}

// At '&': appends what "&amp;", "&#233;", "&#xE9;" ... stand for. Any other
// reference (an HTML entity, a DTD entity, "&#X41;", a bare '&') is libxml2's.
bool Reader::reference(std::string& out) {
  // Escaped HTML is full of the predefined five: recognise them without a search.
  auto literal = [&](std::string_view entity, char c) {
    if (pos_ + entity.size() > in_.size()) {
      return false;
    }
    for (std::size_t k = 1; k < entity.size(); ++k) {
      if (in_[pos_ + k] != entity[k]) {
        return false;
      }
    }
    out += c;
    pos_ += entity.size();
    return true;
  };
  switch (pos_ + 1 < in_.size() ? in_[pos_ + 1] : '\0') {
    case 'l':
      if (literal("&lt;", '<')) {
        return true;
      }
      break;
    case 'g':
      if (literal("&gt;", '>')) {
        return true;
      }
      break;
    case 'a':
      if (literal("&amp;", '&') || literal("&apos;", '\'')) {
        return true;
      }
      break;
    case 'q':
      if (literal("&quot;", '"')) {
        return true;
      }
      break;
    default:
      break;
  }
  std::size_t semicolon = in_.find(';', pos_ + 1);
  if (semicolon == in_.npos || semicolon - pos_ > 12) {
    return false;
  }
  std::string_view body = in_.substr(pos_ + 1, semicolon - pos_ - 1);
  pos_ = semicolon + 1;
  if (body.size() > 1 && body[0] == '#') {
    bool hex = body[1] == 'x';
    std::uint32_t cp = 0;
    std::string_view digits = body.substr(hex ? 2 : 1);
    for (char c : digits) {
      int d = c >= '0' && c <= '9'          ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (d < 0) {
        return false;
      }
      cp = cp > 0x10FFFF ? cp : cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    }
    if (digits.empty() || !is_xml_char(cp)) {
      return false;
    }
    append_utf8(out, static_cast<char32_t>(cp));
    return true;
  }
  return false;
}

// A quoted attribute value: references decoded, each literal whitespace
// character (CR LF counting as one) turned into a space, as XML prescribes for
// attributes no DTD declares.
bool Reader::attribute_value(std::string& out) {
  if (pos_ >= in_.size() || (in_[pos_] != '"' && in_[pos_] != '\'')) {
    return false;
  }
  char quote = in_[pos_++];
  std::size_t segment = pos_;
  while (true) {
    while (pos_ < in_.size() && !has(in_[pos_], kValueStop)) {
      ++pos_;
    }
    if (pos_ >= in_.size() || in_[pos_] == '<' || pos_ - segment > kMaxSection) {
      return false;
    }
    char c = in_[pos_];
    if (c == '"' || c == '\'') {
      ++pos_;
      if (c == quote) {
        out.append(in_.substr(segment, pos_ - 1 - segment));
        return true;
      }
      continue;
    }
    out.append(in_.substr(segment, pos_ - segment));
    if (c == '&') {
      if (!reference(out)) {
        return false;
      }
    } else {
      out += ' ';
      pos_ += at("\r\n") ? 2 : 1;
    }
    segment = pos_;
  }
}

}  // namespace

bool read_simple_xml(std::string_view utf8, FeedBuilder& builder) {
  return Reader(utf8, builder).run();
}

}  // namespace armwatch::feeds
