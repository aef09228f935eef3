#include "bench/rules/bench_support.h"

#include <fstream>
#include <string_view>

#include <hs/hs.h>

namespace armwatch::bench {

Item item_from_line(std::string_view line) {
  Item item;
  item.feed = "bench";
  std::string* fields[] = {&item.title, &item.summary, &item.content, &item.source};
  std::size_t start = 0;
  for (std::string* f : fields) {
    std::size_t tab = line.find('\t', start);
    std::size_t end = tab == std::string_view::npos ? line.size() : tab;
    f->assign(line.substr(start, end - start));
    if (tab == std::string_view::npos) {
      break;
    }
    start = tab + 1;
  }
  return item;
}

std::vector<Item> read_corpus(const std::string& path) {
  std::vector<Item> items;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    items.push_back(item_from_line(line));
  }
  return items;
}

namespace {

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string convert(const std::string& e, std::string_view keep_escaped) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    char c = e[i];
    if (c == '\\' && i + 1 < e.size()) {
      char n = e[++i];
      if (is_alnum(n) || keep_escaped.find(n) != std::string_view::npos || (in_class && n == '-')) {
        out += '\\';
      }
      out += n;
      continue;
    }
    in_class = c == '[' ? true : c == ']' ? false : in_class;
    out += c;
  }
  return out;
}

}  // namespace

std::string rust_regex_of(const std::string& expression, bool user_regex) {
  return user_regex ? expression : convert(expression, "\\.+*?()|[]{}^$");
}

std::string ecmascript_of(const std::string& expression, bool user_regex) {
  return user_regex ? expression : convert(expression, "\\.+*?()|[]{}^$/");
}

// Every pattern, Hangul terms included: they are plain UTF-8 literals, which
// rg reads as they are. Under `rg -w` a Hangul term with a particle attached
// (북한이) is no whole word, unlike the engine's Korean boundary, so rg finds
// fewer Korean lines; it still scans for every term (bench/README.md, "Rules").
void write_rg_patterns(const rules::detail::Pack& pack, const std::string& path) {
  std::ofstream out(path);
  for (const auto& p : pack.scanner->patterns()) {
    out << rust_regex_of(p.expression, (p.flags & HS_FLAG_UCP) == 0) << "\n";
  }
}

PackCounts count_pack(const rules::detail::Pack& pack) {
  PackCounts c;
  const auto& patterns = pack.scanner->patterns();
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (pack.rules_by_pattern[i].empty()) {
      continue;  // cues only
    }
    ((patterns[i].flags & HS_FLAG_UCP) == 0 ? c.regexes : c.terms) += 1;
  }
  return c;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \n\t");
  std::size_t e = s.find_last_not_of(" \n\t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace armwatch::bench
