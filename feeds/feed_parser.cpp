#include "feeds/feed_parser.h"

#include <cctype>
#include <chrono>
#include <climits>
#include <optional>

#include "core/text.h"
#include "feeds/charset.h"
#include "feeds/feed_zone.h"
#include "feeds/item_identity.h"
#include "feeds/json_feed_parser.h"
#include "feeds/xml_feed_parser.h"

namespace armwatch::feeds {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) {
    ++i;
  }
  return i;
}

// True when the first element, after any XML declaration, doctype, comments and
// processing instructions, is <html>.
bool looks_like_html(std::string_view s) {
  std::size_t i = skip_space(s, 0);
  for (int guard = 0; guard < 64 && i < s.size(); ++guard) {
    std::string_view rest = s.substr(i);
    std::string head = ascii_lower(rest.substr(0, 14));
    if (head.rfind("<!--", 0) == 0 || head.rfind("<?", 0) == 0) {
      std::size_t end = rest.find(head[1] == '!' ? "-->" : "?>");
      if (end == std::string_view::npos) {
        return false;
      }
      i = skip_space(s, i + end + (head[1] == '!' ? 3 : 2));
      continue;
    }
    if (head.rfind("<!doctype", 0) == 0) {  // the root element decides, not the doctype
      std::size_t end = rest.find('>');
      if (end == std::string_view::npos) {
        return false;
      }
      i = skip_space(s, i + end + 1);
      continue;
    }
    return head.rfind("<html", 0) == 0 && head.size() > 5 && (is_space(head[5]) || head[5] == '>');
  }
  return false;
}

// Removes characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF),
// which would otherwise stop libxml2 at the first one. Returns how many went.
std::size_t strip_forbidden_xml_chars(std::string& s) {
  std::size_t removed = 0;
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      ++removed;
      continue;
    }
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE ||
         static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      ++removed;
      i += 2;
      continue;
    }
    s[out++] = s[i];
  }
  s.resize(out);
  return removed;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

// True when s[i] ('&') starts "&name;", "&#123;" or "&#x1F;".
bool starts_reference(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    bool hex = j < s.size() && s[j] == 'x';  // "&#X41;" is not XML: escape it
    j += hex ? 1 : 0;
    std::size_t digits = j;
    while (j < s.size() && j - digits < 10 && std::isxdigit(static_cast<unsigned char>(s[j])) &&
           (hex || std::isdigit(static_cast<unsigned char>(s[j])))) {
      ++j;
    }
    return j > digits && j < s.size() && s[j] == ';';
  }
  std::size_t name = j;
  while (j < s.size() && j - name < 64 && is_name_char(s[j])) {
    ++j;
  }
  return j > name && j < s.size() && s[j] == ';';
}

// Escapes each '&' that does not start a reference ("AT&T", "?a=1&b=2") and
// lower-cases the X of "&#X41;", outside
// comments, CDATA sections and processing instructions. libxml2's recovery would
// drop them. Returns how many were repaired.
std::size_t escape_bare_ampersands(std::string& s) {
  std::string out;
  std::size_t fixed = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::string_view rest = std::string_view(s).substr(i);
    std::string_view closer;
    if (rest.rfind("<!--", 0) == 0) {
      closer = "-->";
    } else if (rest.rfind("<![CDATA[", 0) == 0) {
      closer = "]]>";
    } else if (rest.rfind("<?", 0) == 0) {
      closer = "?>";
    }
    if (!closer.empty()) {
      std::size_t end = s.find(closer, i);
      std::size_t stop = end == std::string::npos ? s.size() : end + closer.size();
      out.append(s, i, stop - i);
      i = stop;
      continue;
    }
    if (s[i] == '&' && i + 2 < s.size() && s[i + 1] == '#' && s[i + 2] == 'X') {
      std::string lowered = "&#x" + s.substr(i + 3, 12);
      if (starts_reference(lowered, 0)) {  // "&#X41;": clearly meant as "&#x41;"
        out += "&#x";
        i += 3;
        ++fixed;
        continue;
      }
    }
    if (s[i] == '&' && !starts_reference(s, i)) {
      out += "&amp;";
      ++fixed;
    } else {
      out += s[i];
    }
    ++i;
  }
  if (fixed > 0) {
    s = std::move(out);
  }
  return fixed;
}

// "" when `content_type` is empty (a file: nothing to judge) or a media type
// that fits the body: application/ or text/ with xml, *+xml, xml-dtd or
// xml-external-parsed-entity for XML; json or *+json for JSON (feedparser's
// list). Otherwise a warning naming it.
std::string content_type_problem(std::string_view content_type, bool json) {
  std::string media = ascii_lower(content_type.substr(0, content_type.find(';')));
  media.erase(0, skip_space(media, 0));
  while (!media.empty() && is_space(media.back())) {
    media.pop_back();
  }
  if (media.empty()) {
    return "";
  }
  std::size_t slash = media.find('/');
  std::string_view type = std::string_view(media).substr(0, slash);
  std::string_view sub =
      slash == std::string::npos ? std::string_view() : std::string_view(media).substr(slash + 1);
  auto ends_with = [&](std::string_view suffix) {
    return sub.size() >= suffix.size() && sub.substr(sub.size() - suffix.size()) == suffix;
  };
  bool fits = json ? sub == "json" || ends_with("+json")
                   : sub == "xml" || ends_with("+xml") || sub == "xml-dtd" ||
                         sub == "xml-external-parsed-entity";
  if ((type == "application" || type == "text") && fits) {
    return "";
  }
  return "served as " + media + ", which is not " + (json ? "a JSON" : "an XML") + " media type";
}

// What every parse ends with: the Content-Type judgement and the item ids.
void finish_feed(ParsedFeed& feed, std::string_view content_type, bool json) {
  if (std::string label = content_type_problem(content_type, json); !label.empty()) {
    feed.broken = true;
    feed.warnings.push_back(std::move(label));
  }
  assign_item_ids(feed);
}

// The zone for the feed's zone-less dates, and the warning when the configured
// one does not resolve. A zone with DST gives each date the offset of its own day.
struct DateZone {
  std::optional<Zone> zone;
  std::string warning;
};

DateZone date_zone(const ParseOptions& options, bool korean) {
  DateZone zone;
  zone.zone = feed_default_zone(options.timezone, korean, &zone.warning);
  return zone;
}

void add_zone_warning(Result<ParsedFeed>& parsed, const DateZone& zone) {
  if (parsed && !zone.warning.empty()) {
    parsed->warnings.push_back(zone.warning);
  }
}

// The fast route: a UTF-8 XML document that needs no conversion and no repair,
// read without copying by the simple reader. nullopt sends the body down the
// general route (decode, repair, libxml2), which also reports every error.
std::optional<Result<ParsedFeed>> parse_clean_xml(std::string_view body,
                                                  std::string_view content_type,
                                                  std::string_view origin,
                                                  const ParseOptions& options) {
  std::size_t bom = 0;
  if (detect_encoding(body, content_type, &bom) != "UTF-8") {
    return std::nullopt;
  }
  std::string_view text = body.substr(bom);
  std::size_t start = skip_space(text, 0);
  if (start == text.size() || text[start] != '<' || looks_like_html(text) ||
      !is_xml_safe_utf8(text)) {
    return std::nullopt;
  }
  DateZone zone = date_zone(options, declares_korean(text));
  std::optional<Result<ParsedFeed>> parsed = parse_simple_xml_feed(text, origin, zone.zone);
  if (parsed && parsed->ok()) {
    add_zone_warning(*parsed, zone);
    finish_feed(**parsed, content_type, false);
  }
  return parsed;
}

}  // namespace

std::string_view to_string(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss20:
      return "rss20";
    case FeedFormat::kRss10:
      return "rss10";
    case FeedFormat::kAtom10:
      return "atom10";
    case FeedFormat::kAtom03:
      return "atom03";
    case FeedFormat::kJson:
      return "json";
    case FeedFormat::kUnknown:
      break;
  }
  return "unknown";
}

Result<ParsedFeed> parse_feed(std::string_view body, std::string_view content_type,
                              std::string_view origin, const ParseOptions& options) {
  std::string where(origin);
  if (body.size() > static_cast<std::size_t>(INT_MAX)) {
    return make_error(ErrorCode::kTooLarge, "document larger than 2 GiB", where);
  }
  if (auto clean = parse_clean_xml(body, content_type, origin, options)) {
    return std::move(*clean);
  }
  bool korean = declares_korean(body);
  DecodedBody decoded = decode_to_utf8(body, content_type, korean);
  std::size_t start = skip_space(decoded.utf8, 0);
  if (start == decoded.utf8.size()) {
    return make_error(ErrorCode::kParse, "empty document", where);
  }
  char first = decoded.utf8[start];
  if (first != '<' && first != '{') {
    return make_error(ErrorCode::kParse, "not an XML or JSON document", where);
  }
  if (first == '<' && looks_like_html(decoded.utf8)) {
    return make_error(ErrorCode::kParse, "is an HTML page, not a feed", where);
  }
  std::size_t stripped = first == '<' ? strip_forbidden_xml_chars(decoded.utf8) : 0;
  std::size_t ampersands = first == '<' ? escape_bare_ampersands(decoded.utf8) : 0;
  DateZone zone = date_zone(options, korean || decoded.encoding == "CP949");
  Result<ParsedFeed> parsed = first == '{' ? parse_json_feed(decoded.utf8, origin, zone.zone)
                                           : parse_xml_feed(decoded.utf8, origin, zone.zone);
  if (!parsed) {
    return parsed;
  }
  add_zone_warning(parsed, zone);
  ParsedFeed& feed = *parsed;
  if (decoded.had_errors || decoded.relabelled || stripped > 0 || ampersands > 0) {
    feed.broken = true;
  }
  if (ampersands > 0) {
    feed.warnings.push_back(std::to_string(ampersands) + " malformed '&' references repaired");
  }
  for (auto& w : decoded.warnings) {
    feed.warnings.push_back(std::move(w));
  }
  if (stripped > 0) {
    feed.warnings.push_back(std::to_string(stripped) + " characters not allowed in XML removed");
  }
  finish_feed(feed, content_type, first == '{');
  return parsed;
}

}  // namespace armwatch::feeds
