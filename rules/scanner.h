// Scanner: every term of every rule compiled into vectorscan: the term
// database (text fields), the side database (source, link) and the deferred
// cue database. Each field is read in one pass.
// Internal to rules/; only scanner.cpp and pattern.cpp see <hs/hs.h>.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
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
  bool exact = false;     // whole word: no Korean particles or endings after it
  std::string suffixes;   // `suffixes=LIST`: the list of allowed Korean tails
};

// One vectorscan expression with its flags and the boundary check of its hits.
struct Pattern {
  std::string expression;
  unsigned flags = 0;
  Boundary boundary = Boundary::kWord;
  std::vector<std::string> suffixes;  // the allowed tails of Boundary::kSuffixes
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

// What each pattern is for, from the compiled rules (rules/compiler.cpp).
struct PatternRoles {
  // Cue-only patterns ("would", "denied"...): the second, deferred database.
  std::vector<bool> deferred;
  // Patterns only disabled rules use: in no database; they keep their id but
  // never hit.
  std::vector<bool> inactive;
  // The fields each pattern is looked for in (bit f: field f); empty: all.
  std::vector<unsigned> fields;
  // Fields (bit f) scanned with a database of only the patterns looked for in
  // them: `source` and `link` are short and few rules look there, so most of
  // the term database would only cost time on them (hits of a pattern in a
  // field none of its clauses names can never count).
  unsigned side_fields = 0;
};

class Scanner {
 public:
  // Compiles all patterns (id = index) into the term database, and the
  // side-field database of roles.side_fields; deferred patterns go to a third
  // database that only scan_deferred() reads, inactive ones to none. On
  // failure, *bad is the failing pattern index (or -1) and the Error carries
  // vectorscan's message.
  static Result<std::unique_ptr<Scanner>> build(std::vector<Pattern> patterns, int* bad,
                                                PatternRoles roles = {});
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Appends the accepted hits of `text` to `out`, tagged with `field`.
  // Thread-safe: scratch space comes from a mutex-protected pool.
  void scan(std::string_view text, int field, std::vector<RawHit>& out) const;

  // Scans texts[f] as field f with one scratch space and appends the accepted
  // hits sorted by (pattern, field, begin), overlapping reports of one pattern
  // merged into one hit. Thread-safe.
  void scan(std::span<const std::string_view> texts, std::vector<RawHit>& out) const;

  // The fast path of scan_item(): scans the fields as they came, before any
  // normalisation. Three sentinel patterns in the same database fire on the
  // first byte that normalise() would change (a byte outside printable ASCII,
  // two spaces, "N. Korea" or "S. Korea": is_normal_text()); a field with a sentinel hit,
  // or with a space at either end, stops there and keeps no hits. The result
  // has bit (1 << f) set for each such field: the caller normalises those and
  // scans them again with scan_fields(). Hits are appended unsorted; call
  // sort_hits() when done. Most feed text is normal, so most items are read once.
  unsigned scan_raw(std::span<const std::string_view> texts, std::vector<RawHit>& out) const;
  // Appends the hits of texts[f] for each f whose bit is set in `fields`
  // (normalised text: the sentinels are ignored), unsorted.
  void scan_fields(std::span<const std::string_view> texts, unsigned fields,
                   std::vector<RawHit>& out) const;
  // Sorts hits by (pattern, field, begin) and merges the overlapping reports of
  // one pattern into one hit, as scan() leaves them.
  static void sort_hits(std::vector<RawHit>& hits);

  // Adds the hits of the deferred database to `out` (hits of scan() on the
  // same texts), keeping it sorted and merged. Thread-safe.
  void scan_deferred(std::span<const std::string_view> texts, std::vector<RawHit>& out) const;
  bool has_deferred() const { return deferred_db_ != nullptr; }

  // The compiled patterns (id = index), and the bytes of the database plus one
  // scratch space: for benchmarks and `rules list`-style reports.
  const std::vector<Pattern>& patterns() const { return patterns_; }
  bool is_deferred(int id) const {
    return static_cast<std::size_t>(id) < roles_.deferred.size() &&
           roles_.deferred[static_cast<std::size_t>(id)];
  }
  // True when the pattern is in no database (used by disabled rules only).
  bool is_inactive(int id) const {
    return static_cast<std::size_t>(id) < roles_.inactive.size() &&
           roles_.inactive[static_cast<std::size_t>(id)];
  }
  std::size_t memory_bytes() const;

 private:
  Scanner() = default;
  hs_scratch* borrow() const;
  void give_back(hs_scratch* s) const;

  // Scans texts[f] for each f in `fields` (the deferred database, or the term
  // database and the side one for side fields); returns the fields a sentinel
  // stopped (only when `stop_on_sentinel`; their hits are dropped).
  unsigned scan_db(bool deferred, std::span<const std::string_view> texts, unsigned fields,
                   bool stop_on_sentinel, std::vector<RawHit>& out) const;
  const hs_database* db_for(bool deferred, std::size_t field) const;
  static constexpr unsigned kAllFields = ~0u;

  std::vector<Pattern> patterns_;
  PatternRoles roles_;
  hs_database* db_ = nullptr;
  hs_database* side_db_ = nullptr;
  hs_database* deferred_db_ = nullptr;
  hs_scratch* prototype_ = nullptr;
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch*> pool_;
};

}  // namespace armwatch::rules::detail
