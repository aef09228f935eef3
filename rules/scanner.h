// Scanner: every term of every rule compiled into ONE vectorscan database.
// Internal to rules/; only scanner.cpp and pattern.cpp see <hs/hs.h>.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "rules/boundary.h"

struct hs_database;
struct hs_scratch;

namespace armwatch::rules::detail {

struct TermMods {
  bool phrase = false;    // separators between words also match '-' and '/'
  bool prefix = false;    // no word boundary at the end
  bool cased = false;     // case-sensitive
  bool regex = false;     // the term is a vectorscan regex (no boundaries)
  bool contains = false;  // no word boundaries at all
};

// One vectorscan expression with its flags and the boundary check of its hits.
struct Pattern {
  std::string expression;
  unsigned flags = 0;
  Boundary boundary = Boundary::kWord;
  bool operator==(const Pattern&) const = default;
};

// The expression for a term that has already been through normalise_term().
Pattern make_pattern(std::string_view term, const TermMods& mods);

// Compiles `p` alone; nullopt when it compiles, else vectorscan's message.
std::optional<std::string> check_pattern(const Pattern& p);

// One accepted hit: pattern id, field index, normalised byte range.
struct RawHit {
  int pattern = 0;
  int field = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

class Scanner {
 public:
  // Compiles all patterns (id = index). On failure, *bad is the failing
  // pattern index (or -1) and the Error carries vectorscan's message.
  static Result<std::unique_ptr<Scanner>> build(std::vector<Pattern> patterns, int* bad);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Appends the accepted hits of `text` to `out`, tagged with `field`.
  // Thread-safe: scratch space comes from a mutex-protected pool.
  void scan(std::string_view text, int field, std::vector<RawHit>& out) const;

 private:
  Scanner() = default;
  hs_scratch* borrow() const;
  void give_back(hs_scratch* s) const;

  std::vector<Pattern> patterns_;
  hs_database* db_ = nullptr;
  hs_scratch* prototype_ = nullptr;
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch*> pool_;
};

}  // namespace armwatch::rules::detail
