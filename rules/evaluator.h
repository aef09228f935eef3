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
  int year = 0;                         // of the item's date; 0 when undated

  std::span<const RawHit> hits_of(int pattern) const;
  // True when any pattern of `words` has a hit (any field).
  bool any_hit(const std::vector<PatternWord>& words) const;
  // sentence_starts() of a field, computed once (ItemScan is per call, not shared).
  const std::vector<std::size_t>& sentences_of(int field) const;
};

// Normalises and scans every field once against the term database and, when
// `with_cues`, against the deferred cue database (Scanner::scan_deferred).
// Sentence starts (for `near` and cues) are computed on first use.
ItemScan scan_item(const Pack& pack, const Item& item, bool with_cues = true);
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
  Evaluator(const Pack& pack, const ItemScan& scan);

  bool holds(const Predicate& p);
  bool selection(const Predicate& p, int index);
  bool macro(int index);

  // The hits of a selection's terms (all clauses, their fields only).
  std::vector<RawHit> selection_hits(const Predicate& p, int index) const;
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
  std::vector<std::int8_t> macro_memo_;  // -1 unknown, 0 false, 1 true
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
