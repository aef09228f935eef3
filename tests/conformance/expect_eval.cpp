#include "tests/conformance/expect_eval.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <variant>
#include <vector>

#include "core/text.h"
#include "feeds/html_text.h"
#include "feeds/item_identity.h"

namespace armwatch::conformance {
namespace {

using feeds::ParsedFeed;

// A Python literal: a string or a tuple of integers (or a single integer).
using Literal = std::variant<std::string, std::vector<long>>;

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// Splits on " and " outside quotes and brackets.
std::vector<std::string> split_terms(const std::string& expr) {
  std::vector<std::string> terms;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < expr.size(); ++i) {
    char c = expr[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (depth == 0 && expr.compare(i, 5, " and ") == 0) {
      terms.push_back(trim(std::string_view(expr).substr(start, i - start)));
      start = i + 5;
      i += 4;
    }
  }
  terms.push_back(trim(std::string_view(expr).substr(start)));
  return terms;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Reads the escape after a backslash at s[i]; returns the index after it.
std::size_t read_escape(std::string_view s, std::size_t i, std::string& out) {
  char e = s[i];
  std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
  if (digits > 0) {
    char32_t cp = 0;
    for (std::size_t k = 1; k <= digits && i + k < s.size(); ++k) {
      cp = cp * 16 + static_cast<char32_t>(std::max(0, hex_value(s[i + k])));
    }
    append_utf8(out, cp);
    return i + 1 + digits;
  }
  switch (e) {
    case 'n':
      out += '\n';
      break;
    case 't':
      out += '\t';
      break;
    case 'r':
      out += '\r';
      break;
    case '0':
      out += '\0';
      break;
    default:
      out += e;
      break;  // \\ \' \" and anything else literally
  }
  return i + 1;
}

std::optional<Literal> parse_string(std::string_view s) {
  bool raw = false;
  while (!s.empty() && (s.front() == 'u' || s.front() == 'b' || s.front() == 'r')) {
    raw = raw || s.front() == 'r';
    s.remove_prefix(1);
  }
  if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front()) {
    return std::nullopt;
  }
  bool triple = false;
  if (s.size() >= 6 && (s.substr(0, 3) == R"(""")" || s.substr(0, 3) == R"(''')")) {
    s = s.substr(2, s.size() - 4);  // a triple-quoted string: keep one quote each side
    triple = true;
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size();) {
    if (s[i] == '\\' && !raw) {
      i = read_escape(s, i + 1, out);
    } else if (s[i] == s.front() && !triple) {
      return std::nullopt;  // 'a' + 'b': an expression, not one literal
    } else {
      out += s[i++];
    }
  }
  return Literal(out);
}

std::optional<Literal> parse_literal(std::string_view s) {
  if (s.empty()) {
    return std::nullopt;
  }
  if (s.front() == '(') {
    if (s.back() != ')') {
      return std::nullopt;
    }
    std::vector<long> values;
    std::string inner(s.substr(1, s.size() - 2));
    for (std::size_t at = 0; at < inner.size();) {
      std::size_t comma = inner.find(',', at);
      std::string part =
          trim(inner.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
      if (!part.empty()) {
        try {
          values.push_back(std::stol(part));
        } catch (...) {
          return std::nullopt;
        }
      }
      at = comma == std::string::npos ? inner.size() : comma + 1;
    }
    return Literal(values);
  }
  if (s.front() >= '0' && s.front() <= '9') {
    return Literal(std::vector<long>{std::stol(std::string(s))});
  }
  return parse_string(s);
}

// "feed['title']" / "entries[0].title" -> {root, index, key}.
struct Path {
  std::string root;
  int index = -1;
  std::string key;
};

std::optional<Path> parse_path(std::string_view s) {
  Path p;
  std::size_t i = 0;
  while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) != 0)) {
    ++i;
  }
  p.root = std::string(s.substr(0, i));
  p.root = p.root == "channel" ? "feed" : p.root == "items" ? "entries" : p.root;
  if (p.root == "entries") {
    if (i >= s.size() || s[i] != '[') {
      return std::nullopt;
    }
    std::size_t close = s.find(']', i);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    std::string n(s.substr(i + 1, close - i - 1));
    if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    p.index = std::stoi(n);
    i = close + 1;
  } else if (p.root != "feed") {
    return std::nullopt;
  }
  // Accessors: .name, ['name'] or [N]; joined as "content.0.value".
  std::string_view rest = s.substr(i);
  while (!rest.empty()) {
    std::string part;
    if (rest.front() == '.') {
      std::size_t n = 1;
      while (n < rest.size() &&
             (std::isalnum(static_cast<unsigned char>(rest[n])) != 0 || rest[n] == '_')) {
        ++n;
      }
      part = std::string(rest.substr(1, n - 1));
      rest.remove_prefix(n);
    } else if (rest.front() == '[') {
      std::size_t close = rest.find(']');
      if (close == std::string_view::npos) {
        return std::nullopt;
      }
      std::string_view inner = rest.substr(1, close - 1);
      auto lit = inner.find_first_not_of("0123456789") == std::string_view::npos
                     ? std::optional<Literal>(std::string(inner))
                     : parse_string(inner);
      if (!lit || !std::holds_alternative<std::string>(*lit)) {
        return std::nullopt;
      }
      part = std::get<std::string>(*lit);
      rest.remove_prefix(close + 1);
    } else {
      return std::nullopt;
    }
    if (part.empty()) {
      return std::nullopt;
    }
    p.key += (p.key.empty() ? "" : ".") + part;
  }
  // feedparser's detail structures that armwatch keeps as plain fields.
  static const std::pair<const char*, const char*> kAliases[] = {
      {"content.0.value", "content"},      {"title_detail.value", "title"},
      {"summary_detail.value", "summary"}, {"author_detail.name", "author"},
      {"authors.0.name", "author"},        {"tags.0.term", "category"},
  };
  for (const auto& [from, to] : kAliases) {
    if (p.key == from) {
      p.key = to;
    }
  }
  if (p.key.empty() || p.key.find('.') != std::string::npos) {
    return std::nullopt;
  }
  return p;
}

std::string text_norm(const std::string& s) {
  return collapse_whitespace(s);
}

bool text_matches(const std::string& ours, const std::string& expected) {
  return ours == text_norm(expected) || ours == feeds::html_to_text(expected);
}

std::optional<std::vector<long>> utc_fields(const std::optional<TimePoint>& t) {
  if (!t) {
    return std::nullopt;
  }
  auto days = std::chrono::floor<std::chrono::days>(*t);
  std::chrono::year_month_day ymd(days);
  std::chrono::hh_mm_ss hms(std::chrono::floor<std::chrono::seconds>(*t - days));
  return std::vector<long>{static_cast<int>(ymd.year()),
                           static_cast<long>(static_cast<unsigned>(ymd.month())),
                           static_cast<long>(static_cast<unsigned>(ymd.day())),
                           hms.hours().count(),
                           hms.minutes().count(),
                           static_cast<long>(hms.seconds().count())};
}

struct TermResult {
  Verdict verdict;
  std::string actual;
};

TermResult compare_date(const std::optional<TimePoint>& ours, const Literal& lit) {
  const auto* tuple = std::get_if<std::vector<long>>(&lit);
  if (tuple == nullptr || tuple->size() < 6) {
    return {Verdict::kUnsupported, ""};
  }
  auto fields = utc_fields(ours);
  if (!fields) {
    return {Verdict::kFail, "(no date)"};
  }
  bool same = std::equal(fields->begin(), fields->end(), tuple->begin());
  return {same ? Verdict::kPass : Verdict::kFail, format_rfc3339(*ours)};
}

TermResult compare_item(const Item& item, const std::string& key, const Literal& lit) {
  if (key.size() > 7 && key.substr(key.size() - 7) == "_parsed") {
    std::string base = key.substr(0, key.size() - 7);
    if (base == "published" || base == "issued") {
      return compare_date(item.published, lit);
    }
    if (base == "updated" || base == "modified" || base == "date") {
      return compare_date(item.updated ? item.updated : item.published, lit);
    }
    return {Verdict::kUnsupported, ""};
  }
  const auto* s = std::get_if<std::string>(&lit);
  if (s == nullptr) {
    return {Verdict::kUnsupported, ""};
  }
  if (key == "title" || key == "summary" || key == "description") {
    // feedparser fills a missing summary from the content; so do we, for comparing.
    const std::string& summary = item.summary.empty() ? item.content : item.summary;
    const std::string& ours = key == "title" ? item.title : summary;
    return {text_matches(ours, *s) ? Verdict::kPass : Verdict::kFail, ours};
  }
  if (key == "link") {
    bool same = item.link == *s || item.link == feeds::canonical_link(*s);
    return {same ? Verdict::kPass : Verdict::kFail, item.link};
  }
  if (key == "content") {
    return {text_matches(item.content, *s) ? Verdict::kPass : Verdict::kFail, item.content};
  }
  if (key == "author" || key == "category") {
    const auto& list = key == "author" ? item.authors : item.categories;
    std::string first = list.empty() ? "" : list.front();
    std::string expected = *s;
    // feedparser renders an Atom author as "Name (email)"; armwatch keeps the name.
    std::size_t paren = expected.rfind(" (");
    if (key == "author" && paren != std::string::npos &&
        expected.find('@', paren) != std::string::npos && expected.back() == ')') {
      expected.resize(paren);
    }
    return {text_matches(first, expected) ? Verdict::kPass : Verdict::kFail, first};
  }
  if (key == "id" || key == "guid") {
    return {item.id == trim(*s) ? Verdict::kPass : Verdict::kFail, item.id};
  }
  return {Verdict::kUnsupported, ""};
}

TermResult compare_feed(const ParsedFeed& feed, const std::string& key, const Literal& lit) {
  const auto* s = std::get_if<std::string>(&lit);
  if (s == nullptr) {
    return {Verdict::kUnsupported, ""};
  }
  if (key == "title") {
    return {text_matches(feed.title, *s) ? Verdict::kPass : Verdict::kFail, feed.title};
  }
  if (key == "link") {
    bool same = feed.link == *s || feed.link == feeds::canonical_link(*s);
    return {same ? Verdict::kPass : Verdict::kFail, feed.link};
  }
  return {Verdict::kUnsupported, ""};
}

TermResult version_term(const Result<ParsedFeed>& parsed, const Literal& lit) {
  const auto* s = std::get_if<std::string>(&lit);
  static const std::string kKnown[] = {"rss10", "rss20", "atom10", "atom03"};
  if (s == nullptr || std::find(std::begin(kKnown), std::end(kKnown), *s) == std::end(kKnown)) {
    return {Verdict::kUnsupported, ""};
  }
  std::string ours = parsed ? std::string(feeds::to_string(parsed->format)) : "(error)";
  return {ours == *s ? Verdict::kPass : Verdict::kFail, ours};
}

TermResult eval_term(const std::string& term, const Result<ParsedFeed>& parsed) {
  bool bozo = !parsed || parsed->broken;
  if (term == "bozo" || term == "not bozo") {
    bool want = term == "bozo";
    return {bozo == want ? Verdict::kPass : Verdict::kFail, bozo ? "bozo" : "not bozo"};
  }
  std::size_t eq = term.find(" == ");
  if (eq == std::string::npos) {
    return {Verdict::kUnsupported, ""};
  }
  std::string lhs = trim(std::string_view(term).substr(0, eq));
  auto lit = parse_literal(trim(std::string_view(term).substr(eq + 4)));
  if (!lit) {
    return {Verdict::kUnsupported, ""};
  }
  if (lhs == "version") {
    return version_term(parsed, *lit);
  }
  if (lhs == "len(entries)" || lhs == "len(items)") {
    const auto* n = std::get_if<std::vector<long>>(&*lit);
    if (n == nullptr || n->size() != 1) {
      return {Verdict::kUnsupported, ""};
    }
    long ours = parsed ? static_cast<long>(parsed->items.size()) : 0;
    return {ours == n->front() ? Verdict::kPass : Verdict::kFail, std::to_string(ours)};
  }
  auto path = parse_path(lhs);
  if (!path) {
    return {Verdict::kUnsupported, ""};
  }
  if (!parsed) {
    return {Verdict::kFail, "(parse error: " + parsed.error().to_string() + ")"};
  }
  if (path->root == "feed") {
    return compare_feed(*parsed, path->key, *lit);
  }
  if (static_cast<std::size_t>(path->index) >= parsed->items.size()) {
    TermResult probe = compare_item(Item{}, path->key, *lit);
    return {probe.verdict == Verdict::kUnsupported ? Verdict::kUnsupported : Verdict::kFail,
            "(no entry " + std::to_string(path->index) + ")"};
  }
  return compare_item(parsed->items[static_cast<std::size_t>(path->index)], path->key, *lit);
}

}  // namespace

Evaluation evaluate(const std::string& expect, const Result<ParsedFeed>& parsed) {
  if (expect.empty()) {
    return {Verdict::kUnsupported, "no Expect"};
  }
  Evaluation result{Verdict::kPass, ""};
  for (const std::string& term : split_terms(expect)) {
    TermResult r = eval_term(term, parsed);
    if (r.verdict == Verdict::kUnsupported) {
      return {Verdict::kUnsupported, term};
    }
    if (r.verdict == Verdict::kFail && result.verdict == Verdict::kPass) {
      result = {Verdict::kFail, term + "  -> got: " + r.actual};
    }
  }
  return result;
}

}  // namespace armwatch::conformance
