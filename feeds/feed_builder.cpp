#include "feeds/feed_builder.h"

#include <array>

#include "core/text.h"
#include "feeds/date_parser.h"
#include "feeds/html_text.h"
#include "feeds/item_identity.h"
#include "feeds/utf8.h"

namespace armwatch::feeds {
namespace {

constexpr std::string_view kAtom10Ns = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kDcTermsNs = "http://purl.org/dc/terms/";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";
constexpr std::string_view kSyNs = "http://purl.org/rss/1.0/modules/syndication/";

// Namespaces whose title/link/description mean the feed's own elements.
constexpr std::array<std::string_view, 8> kCoreNs = {
    "",
    "http://purl.org/rss/1.0/",
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://backend.userland.com/rss2",
    "http://blogs.law.harvard.edu/tech/rss",
    "http://backend.userland.com/rss",
    kAtom10Ns,
    kAtom03Ns,
};

bool is_known_core(std::string_view ns) {
  for (auto n : kCoreNs) {
    if (n == ns) {
      return true;
    }
  }
  return false;
}

bool is_media(std::string_view ns) {
  return ns == "http://search.yahoo.com/mrss/" || ns == "http://search.yahoo.com/mrss";
}

const XmlAttribute* find_attribute(const std::vector<XmlAttribute>& attributes,
                                   std::string_view local, std::string_view ns = "") {
  for (const auto& a : attributes) {
    if (a.local == local && a.ns == ns) {
      return &a;
    }
  }
  return nullptr;
}

std::string attribute_or(const std::vector<XmlAttribute>& attributes, std::string_view local,
                         std::string_view fallback) {
  const XmlAttribute* a = find_attribute(attributes, local);
  return a != nullptr ? a->value : std::string(fallback);
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') {
    s.remove_suffix(1);
  }
  return s;
}

std::string trim_copy(std::string_view s) {
  return std::string(trim_view(s));
}

std::string decode_base64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) {
      continue;
    }
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return repair_utf8(out);
}

// A person's name from the ways RSS writes one: "jane@example.com (Jane Doe)",
// "Jane Doe (jane@example.com)", "Jane Doe <jane@example.com>". Anything else is
// kept as written.
std::string rss_author_name(std::string value) {
  std::size_t open = value.find_first_of("(<");
  char close_char = open != std::string::npos && value[open] == '(' ? ')' : '>';
  std::size_t close = open == std::string::npos ? open : value.find(close_char, open);
  if (close == std::string::npos) {
    return value;
  }
  std::string inner = trim_copy(std::string_view(value).substr(open + 1, close - open - 1));
  std::string outer = trim_copy(value.substr(0, open) + " " + value.substr(close + 1));
  std::string name = inner.find('@') != std::string::npos   ? outer
                     : outer.find('@') != std::string::npos ? inner
                                                            : value;
  return name.empty() ? value : collapse_whitespace(name);
}

}  // namespace

FeedBuilder::FeedBuilder(std::string_view origin, const std::optional<Zone>& default_zone)
    : default_zone_(default_zone) {
  std::string lower = ascii_lower(origin.substr(0, 8));
  bool http = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
  bases_.emplace_back(http ? origin : std::string_view());
}

bool FeedBuilder::is_core(std::string_view ns) const {
  return is_known_core(ns) || (!root_ns_.empty() && ns == root_ns_);
}

bool FeedBuilder::atom() const {
  return feed_.format == FeedFormat::kAtom10 || feed_.format == FeedFormat::kAtom03;
}

FeedBuilder::Role FeedBuilder::scope() const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    if (it->role != Role::kOther) {
      return it->role;
    }
  }
  return Role::kOther;
}

void FeedBuilder::start_element(std::string_view ns, std::string_view local,
                                const std::vector<XmlAttribute>& attributes) {
  Frame frame;
  frame.local = std::string(local);
  frame.base = stack_.empty() ? &bases_.front() : stack_.back().base;
  if (const XmlAttribute* b = find_attribute(attributes, "base", kXmlNs)) {
    bases_.push_back(frame.base->empty() ? trim_copy(b->value)
                                         : resolve_link(b->value, *frame.base));
    frame.base = &bases_.back();
  }
  if (capture_) {
    if (capture_->mode != Mode::kPlain && capture_->mode != Mode::kIgnore) {
      capture_buffer() += '<';
      capture_text_ += frame.local;
      capture_text_ += '>';
    }
  } else if (skip_depth_ > 0) {
    ++skip_depth_;
  } else if (stack_.empty()) {
    start_root(ns, local, attributes, frame);
  } else if (feed_.format != FeedFormat::kUnknown) {
    frame.role = classify(ns, local, attributes, frame);
    if (frame.role == Role::kSkip) {
      skip_depth_ = 1;
    }
    if (capture_ && capture_->depth == stack_.size()) {
      capture_->base = frame.base;
    }
  }
  stack_.push_back(std::move(frame));
}

void FeedBuilder::end_element() {
  if (stack_.empty()) {
    return;
  }
  Frame frame = std::move(stack_.back());
  stack_.pop_back();
  if (capture_ && stack_.size() == capture_->depth) {
    finish_capture();
  } else if (capture_) {
    if (capture_->mode != Mode::kPlain && capture_->mode != Mode::kIgnore) {
      capture_buffer() += "</";
      capture_text_ += frame.local;
      capture_text_ += '>';
    }
  } else if (skip_depth_ > 0) {
    --skip_depth_;
  } else if (frame.role == Role::kItem) {
    finish_item();
  }
}

void FeedBuilder::text(std::string_view utf8, bool stable) {
  if (!capture_) {
    return;
  }
  if (capture_->mode == Mode::kText || capture_->mode == Mode::kXhtml) {
    capture_buffer() += escape_html(utf8);
  } else if (capture_->mode != Mode::kIgnore) {
    if (stable && !capture_viewed_ && capture_text_.empty()) {
      capture_view_ = utf8;
      capture_viewed_ = true;
    } else {
      capture_buffer().append(utf8);
    }
  }
}

// The capture's text as a string to append to: a stable piece read in place so
// far is copied in first.
std::string& FeedBuilder::capture_buffer() {
  if (capture_viewed_) {
    capture_text_.assign(capture_view_);
    capture_viewed_ = false;
  }
  return capture_text_;
}

void FeedBuilder::undeclared_entity(std::string_view name) {
  std::string value;
  if (!append_named_entity(value, name)) {
    // html_to_text would keep a bare "&name;" anyway; in HTML it must stay text.
    value = capture_ && capture_->mode == Mode::kHtml ? "&amp;" : "&";
    value.append(name);
    value += ';';
  }
  text(value);
}

void FeedBuilder::start_root(std::string_view ns, std::string_view local,
                             const std::vector<XmlAttribute>& attributes, Frame& frame) {
  root_ = std::string(local);
  std::string lower = ascii_lower(local);
  if (lower == "html") {
    html_page_ = true;
  } else if (local == "rss") {
    feed_.format = FeedFormat::kRss20;
  } else if (local == "RDF" && (ns == kRdfNs || ns.empty())) {
    feed_.format = FeedFormat::kRss10;
  } else if (local == "feed") {
    bool v03 = ns == kAtom03Ns || attribute_or(attributes, "version", "") == "0.3";
    feed_.format = v03 ? FeedFormat::kAtom03 : FeedFormat::kAtom10;
    root_ns_ = is_known_core(ns) ? "" : std::string(ns);
    frame.role = Role::kFeed;
  } else if (local == "channel") {  // some RSS 0.9x documents omit <rss>
    feed_.format = FeedFormat::kRss20;
    frame.role = Role::kFeed;
  }
}

FeedBuilder::Role FeedBuilder::classify(std::string_view ns, std::string_view local,
                                        const std::vector<XmlAttribute>& attributes,
                                        const Frame& frame) {
  Role current = scope();
  bool core = is_core(ns);
  if (core && (local == "item" || local == "entry")) {
    item_.emplace();
    if (const XmlAttribute* about = find_attribute(attributes, "about", kRdfNs)) {
      item_->rdf_about = trim_copy(about->value);
    }
    return Role::kItem;
  }
  if (core && local == "channel") {
    return Role::kFeed;
  }
  if (core && (local == "image" || local == "textinput" || local == "textInput")) {
    return Role::kSkip;
  }
  if (current == Role::kItem || current == Role::kAuthor) {
    return classify_item_field(ns, local, attributes, frame);
  }
  if (current == Role::kFeed && ns == kDcNs && local == "title") {
    begin_capture(Target::kFeedTitle, Mode::kHtml);
  } else if (current == Role::kFeed && ns == kSyNs &&
             (local == "updatePeriod" || local == "updateFrequency")) {
    begin_capture(local == "updatePeriod" ? Target::kUpdatePeriod : Target::kUpdateFrequency,
                  Mode::kPlain);
  } else if (current == Role::kFeed && core) {
    if (local == "title") {
      bool base64 = false;
      Mode mode = atom() ? text_construct_mode(attributes, base64) : Mode::kHtml;
      begin_capture(Target::kFeedTitle, mode, base64);
    } else if (local == "link" && (atom() || find_attribute(attributes, "href") != nullptr)) {
      atom_link(attributes, *frame.base, true);
    } else if (local == "link") {
      begin_capture(Target::kFeedLink, Mode::kPlain);
    } else if (local == "ttl" && !atom()) {
      begin_capture(Target::kTtl, Mode::kPlain);
    }
  }
  return Role::kOther;
}

FeedBuilder::Role FeedBuilder::classify_item_field(std::string_view ns, std::string_view local,
                                                   const std::vector<XmlAttribute>& attributes,
                                                   const Frame& frame) {
  if (scope() == Role::kAuthor) {
    if (is_core(ns) && local == "name") {
      begin_capture(Target::kAuthor, Mode::kText);
    }
    return Role::kOther;
  }
  if (is_core(ns)) {
    if (atom() && (local == "author" || local == "contributor")) {
      return local == "author" ? Role::kAuthor : Role::kSkip;
    }
    if (atom() && local == "source") {
      return Role::kSkip;
    }
    classify_core_item_field(local, attributes, frame);
  } else if (ns == kDcNs) {
    if (local == "title") {
      begin_capture(Target::kTitle, Mode::kHtml);
    } else if (local == "creator" || local == "author") {
      begin_capture(Target::kAuthor, Mode::kText);
    } else if (local == "date") {
      begin_capture(Target::kPublished, Mode::kPlain);
    } else if (local == "subject") {
      begin_capture(Target::kCategory, Mode::kText);
    } else if (local == "description") {
      begin_capture(Target::kSummary, Mode::kHtml);
    } else if (local == "identifier") {
      begin_capture(Target::kId, Mode::kPlain);
    }
  } else if (ns == kDcTermsNs) {
    if (local == "modified") {
      begin_capture(Target::kUpdated, Mode::kPlain);
    } else if (local == "issued" || local == "created") {
      begin_capture(Target::kPublished, Mode::kPlain);
    }
  } else if (ns == kContentNs && local == "encoded") {
    begin_capture(Target::kContent, Mode::kHtml);
  } else if (ns == kXhtmlNs && (local == "body" || local == "div")) {
    begin_capture(Target::kContent, Mode::kXhtml);
  } else if (is_media(ns) && local == "category") {
    begin_capture(Target::kCategory, Mode::kText);
  } else if (is_media(ns) && (local == "title" || local == "description")) {
    Mode mode = attribute_or(attributes, "type", "plain") == "html" ? Mode::kHtml : Mode::kText;
    begin_capture(local == "title" ? Target::kMediaTitle : Target::kMediaDescription, mode);
  }
  return Role::kOther;
}

bool FeedBuilder::classify_core_item_field(std::string_view local,
                                           const std::vector<XmlAttribute>& attributes,
                                           const Frame& frame) {
  bool base64 = false;
  if (local == "title" || local == "summary" || local == "content") {
    Mode mode = atom() ? text_construct_mode(attributes, base64) : Mode::kHtml;
    if (local == "content" && find_attribute(attributes, "src") != nullptr) {
      mode = Mode::kIgnore;
    }
    Target target = local == "title"     ? Target::kTitle
                    : local == "summary" ? Target::kSummary
                                         : Target::kContent;
    begin_capture(target, mode, base64);
  } else if (local == "description") {
    begin_capture(Target::kSummary, Mode::kHtml);
  } else if (local == "body" || local == "fullitem") {  // old RSS extensions
    begin_capture(Target::kContent, local == "body" ? Mode::kXhtml : Mode::kHtml);
  } else if (local == "link" && (atom() || find_attribute(attributes, "href") != nullptr)) {
    atom_link(attributes, *frame.base, false);
  } else if (local == "link") {
    begin_capture(Target::kLink, Mode::kPlain);
  } else if (local == "guid") {
    item_->guid_is_permalink =
        ascii_lower(attribute_or(attributes, "isPermaLink", "true")) != "false";
    begin_capture(Target::kGuid, Mode::kPlain);
  } else if (local == "id") {
    begin_capture(Target::kId, Mode::kPlain);
  } else if (local == "pubDate" || local == "published" || local == "issued" ||
             local == "created") {
    begin_capture(Target::kPublished, Mode::kPlain);
  } else if (local == "updated" || local == "modified") {
    begin_capture(Target::kUpdated, Mode::kPlain);
  } else if (local == "author") {
    begin_capture(Target::kAuthor, Mode::kText);
  } else if (local == "category") {
    if (const XmlAttribute* term = find_attribute(attributes, "term")) {
      store(Target::kCategory, collapse_whitespace(term->value), *frame.base);
    } else {
      begin_capture(Target::kCategory, Mode::kText);
    }
  } else {
    return false;
  }
  return true;
}

// Atom text constructs: type="text|html|xhtml" (1.0) or a MIME type plus
// mode="escaped|xml|base64" (0.3).
FeedBuilder::Mode FeedBuilder::text_construct_mode(const std::vector<XmlAttribute>& attributes,
                                                   bool& base64) const {
  std::string type = ascii_lower(trim_copy(attribute_or(attributes, "type", "text")));
  std::string mode = ascii_lower(attribute_or(attributes, "mode", ""));
  base64 = mode == "base64";
  if (type == "xhtml" || type == "application/xhtml+xml") {
    return mode == "escaped" || base64 ? Mode::kHtml : Mode::kXhtml;
  }
  if (type == "html" || type == "text/html") {
    return Mode::kHtml;
  }
  if (type == "text" || type == "text/plain" || type.rfind("text/", 0) == 0 || type.empty()) {
    return Mode::kText;
  }
  if (type.find("xml") != std::string::npos) {
    return Mode::kXhtml;
  }
  base64 = true;  // other MIME types are base64 (RFC 4287 4.1.3.3); keep them as text
  return Mode::kText;
}

void FeedBuilder::begin_capture(Target target, Mode mode, bool base64) {
  capture_ = Capture{target, mode, base64, stack_.size(), &bases_.front()};
  capture_text_.clear();
  capture_viewed_ = false;
}

void FeedBuilder::finish_capture() {
  Capture c = std::move(*capture_);
  capture_.reset();
  if (c.mode == Mode::kIgnore) {
    return;
  }
  std::string_view text = capture_viewed_ ? capture_view_ : std::string_view(capture_text_);
  capture_viewed_ = false;
  std::string decoded;
  if (c.base64) {
    decoded = decode_base64(text);
    if (c.mode != Mode::kHtml) {
      decoded = escape_html(decoded);
    }
  }
  std::string_view raw = c.base64 ? std::string_view(decoded) : text;
  if (c.target == Target::kPublished || c.target == Target::kUpdated) {
    store_date(c.target, raw);
  } else if (c.mode == Mode::kPlain) {
    store(c.target, valid_utf8(trim_view(raw)), *c.base);
  } else {
    store(c.target, html_to_text(raw), *c.base);
  }
}

void FeedBuilder::store_date(Target target, std::string_view value) {
  if (!item_) {
    return;
  }
  auto parsed = parse_feed_date(value, default_zone_);
  auto& slot = target == Target::kPublished ? item_->item.published : item_->item.updated;
  if (parsed) {
    slot = parsed;  // the last valid value wins, as in feedparser
  } else if (!parsed && !trim_copy(value).empty()) {
    feed_.warnings.push_back("unreadable date \"" + repair_utf8(trim_copy(value)) + "\" ignored");
  }
}

void FeedBuilder::store(Target target, std::string value, const std::string& base) {
  auto set_once = [&](std::string& slot) {
    if (slot.empty()) {
      slot = std::move(value);
    }
  };
  switch (target) {
    case Target::kFeedTitle:
      return set_once(feed_.title);
    case Target::kFeedLink:
      value = canonical_link(resolve_link(value, base));
      return set_once(feed_.link);
    case Target::kTtl:
      return set_once(refresh_.ttl);
    case Target::kUpdatePeriod:
      return set_once(refresh_.update_period);
    case Target::kUpdateFrequency:
      return set_once(refresh_.update_frequency);
    default:
      break;
  }
  if (!item_) {
    return;
  }
  Item& item = item_->item;
  switch (target) {
    case Target::kTitle:
      return set_once(item.title);
    case Target::kLink:
      value = canonical_link(resolve_link(value, base));
      return set_once(item.link);
    case Target::kGuid:
    case Target::kId:
      return set_once(item.id);
    case Target::kSummary:
      return set_once(item.summary);
    case Target::kContent:
      return set_once(item.content);
    case Target::kAuthor:
      if (!value.empty()) {
        item.authors.push_back(rss_author_name(std::move(value)));
      }
      return;
    case Target::kCategory:
      if (!value.empty()) {
        item.categories.push_back(std::move(value));
      }
      return;
    case Target::kMediaTitle:
      return set_once(item_->media_title);
    case Target::kMediaDescription:
      return set_once(item_->media_description);
    default:
      return;
  }
}

void FeedBuilder::atom_link(const std::vector<XmlAttribute>& attributes, const std::string& base,
                            bool feed_level) {
  std::string rel = trim_copy(attribute_or(attributes, "rel", "alternate"));
  const XmlAttribute* href = find_attribute(attributes, "href");
  if (rel != "alternate" || href == nullptr) {
    return;
  }
  std::string link = canonical_link(resolve_link(href->value, base));
  if (feed_level) {
    if (feed_.link.empty()) {
      feed_.link = link;
    }
  } else if (item_ && item_->item.link.empty()) {
    item_->item.link = link;
  }
}

void FeedBuilder::finish_item() {
  if (!item_) {
    return;
  }
  PendingItem pending = std::move(*item_);
  item_.reset();
  Item& item = pending.item;
  if (item.title.empty()) {
    item.title = std::move(pending.media_title);
  }
  if (item.summary.empty()) {
    item.summary = std::move(pending.media_description);
  }
  if (item.id.empty()) {
    item.id = std::move(pending.rdf_about);
  }
  // RSS: a permalink guid is the item's link when <link> is missing.
  if (item.link.empty() && pending.guid_is_permalink && !item.id.empty()) {
    std::string lower = ascii_lower(item.id.substr(0, 8));
    if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) {
      item.link = canonical_link(item.id);
    }
  }
  feed_.items.push_back(std::move(item));
}

ParsedFeed FeedBuilder::take() {
  if (capture_) {  // a document cut off inside a field: keep what was read
    while (!stack_.empty() && capture_) {
      end_element();
    }
  }
  while (!stack_.empty()) {
    end_element();
  }
  feed_.ttl = refresh_interval(refresh_, feed_.warnings);
  return std::move(feed_);
}

}  // namespace armwatch::feeds
