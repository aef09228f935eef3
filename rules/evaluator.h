// Evaluator: runs a compiled Pack over one Item. scan_item() normalises and
// scans each field once; Evaluator answers selections, macros and predicates
// from the hits; evaluate_rule() applies a rule's lifecycle, exceptions and
// hedging. Internal to rules/; used by match(), explain() and rule tests.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/item.h"
#include "rules/model.h"
#include "rules/normaliser.h"

namespace armwatch::rules::detail {

struct ItemScan {
  std::array<NormalText, kFieldCount> fields;
  // Sentence starts of the text fields, computed on first use by sentences_of().
  mutable std::array<std::vector<std::size_t>, kFieldCount> sentences;
  mutable std::array<bool, kFieldCount> have_sentences{};
  std::vector<RawHit> hits;             // sorted by pattern, field, begin
  std::vector<std::uint64_t> hit_bits;  // bit p: pattern p has a hit
  // The rank index of hit_bits, for hits_of() in constant time: word_rank[w]
  // is the number of patterns with hits below word w, and the hits of the
  // k-th such pattern are hits[hit_start[k], hit_start[k + 1]).
  std::vector<std::uint32_t> word_rank;
  std::vector<std::uint32_t> hit_start;
  int year = 0;  // of the item's date; 0 when undated

  // Back to the state of a new ItemScan, keeping the buffers' capacity.
  void reset();

  std::span<const RawHit> hits_of(int pattern) const;
  // Calls fn(hit) for each hit of each pattern of `words`, patterns ascending,
  // until fn returns true; returns whether it did.
  template <typename Fn>
  bool find_hit(const std::vector<PatternWord>& words, Fn&& fn) const {
    for (const PatternWord& w : words) {
      if (w.word >= hit_bits.size()) {
        continue;
      }
      for (std::uint64_t m = hit_bits[w.word] & w.bits; m != 0; m &= m - 1) {
        int pattern = static_cast<int>(w.word * 64 + static_cast<unsigned>(__builtin_ctzll(m)));
        for (const RawHit& h : hits_of(pattern)) {
          if (fn(h)) {
            return true;
          }
        }
      }
    }
    return false;
  }
  // True when any pattern of `words` has a hit.
  bool any_hit(const std::vector<PatternWord>& words) const {
    for (const PatternWord& w : words) {
      if (w.word < hit_bits.size() && (hit_bits[w.word] & w.bits) != 0) {
        return true;
      }
    }
    return false;
  }
  // sentence_starts() of a field, computed once (ItemScan is per call, not shared).
  const std::vector<std::size_t>& sentences_of(int field) const;
};

// Normalises and scans every field once against the term database and, when
// `with_cues`, against the deferred cue database (Scanner::scan_deferred).
// Sentence starts (for `near` and cues) are computed on first use.
ItemScan scan_item(const Pack& pack, const Item& item, bool with_cues = true);
// The same into `s` (reset first), reusing its buffers: match() keeps one per thread.
void scan_item_into(const Pack& pack, const Item& item, bool with_cues, ItemScan& s);
// The deferred cue scan of an ItemScan made without it: match() does it only
// for items that wake a rule.
void scan_cues(const Pack& pack, ItemScan& scan);
void add_sentences(ItemScan& scan);

// The original text of an item field (kTitle..kLink).
const std::string& field_text(const Item& item, int field);

// A hit as evidence: field name, offsets and text of the original field.
Span to_span(const ItemScan& scan, const Item& item, const RawHit& hit);

class Evaluator {
 public:
  // `memo`, when given, is the buffer for the macros' results (reused from
  // item to item by match()); else the Evaluator has its own.
  Evaluator(const Pack& pack, const ItemScan& scan, std::vector<std::int8_t>* memo = nullptr);
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  bool holds(const Predicate& p);
  bool selection(const Predicate& p, int index);
  bool macro(int index);

  // The hits of a selection's terms (all clauses, their fields only).
  std::vector<RawHit> selection_hits(const Predicate& p, int index) const;
  void append_selection_hits(const Predicate& p, int index, std::vector<RawHit>& out) const;
  // Hits behind the positive, holding leaves of `p`, sorted and de-duplicated.
  std::vector<RawHit> evidence(const Predicate& p);

 private:
  bool clause(const Clause& c) const;
  bool group_hit(const Clause& c, std::size_t g) const;
  bool hit_counts(const Clause& c, const RawHit& h) const;
  bool near(const Predicate& p, const Near& n);
  void add_evidence(const Predicate& p, std::vector<RawHit>* out, int depth);

  const Pack& pack_;
  const ItemScan& scan_;
  std::vector<std::int8_t> own_memo_;
  std::vector<std::int8_t>* macro_memo_;  // -1 unknown, 0 false, 1 true
};

struct RuleOutcome {
  bool fired = false;
  std::string reason;
  double confidence = 1.0;
  std::vector<RawHit> evidence;
  std::vector<RawHit> cues;
  std::vector<std::string> exceptions;
  Claim claim = Claim::kAct;  // from the cues in the lead field's evidence sentences
};

// True when `rule` is enabled, in force on the item's date and its condition
// holds: the steps of evaluate_rule() that need no cue hits.
bool may_fire(const Rule& rule, const Item& item, Evaluator& ev);

RuleOutcome evaluate_rule(const Pack& pack, const Rule& rule, const Item& item,
                          const ItemScan& scan, Evaluator& ev);
// The rest of evaluate_rule() once may_fire() holds: exceptions, evidence,
// claim status and cues (whose hits `scan` must hold by then).
RuleOutcome finish_rule(const Pack& pack, const Rule& rule, const ItemScan& scan, Evaluator& ev);

Event make_event(const Rule& rule, const Item& item, const ItemScan& scan,
                 const RuleOutcome& outcome);

}  // namespace armwatch::rules::detail
