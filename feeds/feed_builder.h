// FeedBuilder: turns a stream of XML events (element start/end, text) into a
// ParsedFeed, knowing RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and the dc:,
// dcterms:, content:, media:, sy: and xhtml: extensions. It knows nothing of libxml2,
// so the SAX driver (xml_feed_parser.cpp) stays small and this stays testable.
// Internal to feeds/. Not thread-safe: one builder per document.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_parser.h"
#include "feeds/refresh_hint.h"
#include "feeds/zone.h"

namespace armwatch::feeds {

struct XmlAttribute {
  std::string_view ns;  // namespace URI, "" for none
  std::string_view local;
  std::string value;  // entity references already decoded
};

class FeedBuilder {
 public:
  // `origin` is the document URL (used as the first xml:base when it is http(s)).
  // `default_zone`: the zone of dates written without one (parse_feed_date).
  explicit FeedBuilder(std::string_view origin,
                       const std::optional<Zone>& default_zone = std::nullopt);

  void start_element(std::string_view ns, std::string_view local,
                     const std::vector<XmlAttribute>& attributes);
  void end_element();
  // Character data (text or CDATA), already decoded by the XML parser. `stable`:
  // `utf8` stays valid until take() (a view into the document), so a field made
  // of one such piece is read in place instead of copied.
  void text(std::string_view utf8, bool stable = false);
  // An entity the document never declared ("eacute"): HTML's meaning is used.
  void undeclared_entity(std::string_view name);

  bool saw_root() const { return !root_.empty(); }
  const std::string& root_name() const { return root_; }
  bool is_html_page() const { return html_page_; }
  bool is_feed() const { return feed_.format != FeedFormat::kUnknown; }

  // The feed as read so far (items closed so far). Call once, at the end.
  ParsedFeed take();

 private:
  enum class Role { kOther, kFeed, kItem, kAuthor, kSkip };
  enum class Mode { kPlain, kText, kHtml, kXhtml, kIgnore };
  enum class Target {
    kFeedTitle,
    kFeedLink,
    kTitle,
    kLink,
    kGuid,
    kId,
    kSummary,
    kContent,
    kPublished,
    kUpdated,
    kAuthor,
    kCategory,
    kMediaTitle,
    kMediaDescription,
    kTtl,
    kUpdatePeriod,
    kUpdateFrequency
  };
  struct Frame {
    Role role = Role::kOther;
    const std::string* base = nullptr;  // xml:base in effect here, in bases_
    std::string local;                  // for closing tags inside a capture
  };
  struct Capture {
    Target target;
    Mode mode;
    bool base64 = false;
    std::size_t depth = 0;              // stack size when it began
    const std::string* base = nullptr;  // xml:base of the captured element, in bases_
  };
  struct PendingItem {
    Item item;
    std::string media_title;
    std::string media_description;
    std::string rdf_about;  // RSS 1.0: the item's URI, an id when there is no guid
    bool guid_is_permalink = false;
  };

  void start_root(std::string_view ns, std::string_view local,
                  const std::vector<XmlAttribute>& attributes, Frame& frame);
  bool is_core(std::string_view ns) const;
  Role classify(std::string_view ns, std::string_view local,
                const std::vector<XmlAttribute>& attributes, const Frame& frame);
  Role classify_item_field(std::string_view ns, std::string_view local,
                           const std::vector<XmlAttribute>& attributes, const Frame& frame);
  bool classify_core_item_field(std::string_view local, const std::vector<XmlAttribute>& attributes,
                                const Frame& frame);
  void begin_capture(Target target, Mode mode, bool base64 = false);
  void finish_capture();
  void store(Target target, std::string value, const std::string& base);
  void store_date(Target target, std::string_view value);
  std::string& capture_buffer();
  void atom_link(const std::vector<XmlAttribute>& attributes, const std::string& base,
                 bool feed_level);
  void finish_item();
  Role scope() const;
  bool atom() const;
  Mode text_construct_mode(const std::vector<XmlAttribute>& attributes, bool& base64) const;

  // Every xml:base seen, the origin first; a deque so that Frame and Capture can
  // point into it (copying the base into each element's frame cost an allocation
  // per element).
  std::deque<std::string> bases_;
  std::optional<Zone> default_zone_;
  std::string root_;
  std::string root_ns_;  // an unknown namespace on <feed> still means Atom
  bool html_page_ = false;
  ParsedFeed feed_;
  RefreshHintText refresh_;  // feed-level ttl / sy:update*, read at take()
  std::vector<Frame> stack_;
  std::size_t skip_depth_ = 0;  // > 0 while inside a skipped subtree
  std::optional<Capture> capture_;
  std::string capture_text_;       // the capture's text so far; reused from one capture to the next
  std::string_view capture_view_;  // ...or, while capture_viewed_, its one stable piece
  bool capture_viewed_ = false;
  std::optional<PendingItem> item_;
};

}  // namespace armwatch::feeds
