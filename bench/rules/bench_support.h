// Helpers of rules_bench: the corpus format, pattern conversion for the peers
// (ripgrep's Rust regex syntax, std::regex's ECMAScript) and pack counts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "rules/model.h"

namespace armwatch::bench {

// One corpus line: title TAB summary TAB content TAB source.
Item item_from_line(std::string_view line);
std::vector<Item> read_corpus(const std::string& path);

// A vectorscan expression of the engine as a pattern for another engine:
// escapes that the other syntax does not know are dropped ("\'" -> "'"). A
// user regex (`re`) is kept as written.
std::string rust_regex_of(const std::string& expression, bool user_regex);
std::string ecmascript_of(const std::string& expression, bool user_regex);

// Every pattern of the pack's database, one per line, for `rg -f`.
void write_rg_patterns(const rules::detail::Pack& pack, const std::string& path);

struct PackCounts {
  std::size_t terms = 0;    // word and phrase terms that some rule uses
  std::size_t regexes = 0;  // `re` terms that some rule uses
};
PackCounts count_pack(const rules::detail::Pack& pack);

std::string trim(const std::string& s);

}  // namespace armwatch::bench
