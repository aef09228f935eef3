#include "rules/compiled_rule_set.h"

#include <algorithm>
#include <tuple>

#include "rules/condition.h"
#include "rules/evaluator.h"

namespace armwatch::rules::detail {
namespace {

// What match() reuses from item to item on one thread: buffers only, nothing
// of one item's result survives into the next.
struct MatchScratch {
  ItemScan scan;
  std::vector<int> candidates;
  std::vector<std::uint8_t> seen;  // by rule index, all zero between calls
  std::vector<std::int8_t> macro_memo;
};

// Appends the rules that `index` (pattern -> rules) names for the item's hits
// to `out`, ascending. `seen` has one zero byte per rule, and is left so.
void candidate_rules(const std::vector<std::vector<int>>& index, const Pack& pack,
                     const ItemScan& scan, std::vector<std::uint8_t>& seen, std::vector<int>& out) {
  seen.resize(pack.rules.size());
  int last = -1;
  for (const RawHit& h : scan.hits) {
    if (h.pattern == last) {
      continue;
    }
    last = h.pattern;
    for (int r : index[static_cast<std::size_t>(h.pattern)]) {
      if (seen[static_cast<std::size_t>(r)] == 0) {
        seen[static_cast<std::size_t>(r)] = 1;
        out.push_back(r);
      }
    }
  }
  for (int r : out) {
    seen[static_cast<std::size_t>(r)] = 0;
  }
  std::sort(out.begin(), out.end());
}

std::vector<int> candidate_rules(const std::vector<std::vector<int>>& index, const Pack& pack,
                                 const ItemScan& scan) {
  std::vector<std::uint8_t> seen;
  std::vector<int> out;
  candidate_rules(index, pack, scan, seen, out);
  return out;
}

RuleTrace trace_rule(const Pack& pack, const Rule& rule, const Item& item, const ItemScan& scan,
                     Evaluator& ev, const RuleOutcome& outcome) {
  RuleTrace t;
  t.rule_id = rule.info.id;
  t.fired = outcome.fired;
  t.reason = outcome.reason;
  t.exceptions_matched = outcome.exceptions;
  t.confidence = outcome.fired ? outcome.confidence : 0.0;
  for (std::size_t i = 0; i < rule.predicate.selections.size(); ++i) {
    SelectionTrace s{
        rule.predicate.selections[i].name, ev.selection(rule.predicate, static_cast<int>(i)), {}};
    auto hits = ev.selection_hits(rule.predicate, static_cast<int>(i));
    std::sort(hits.begin(), hits.end(), [](const RawHit& a, const RawHit& b) {
      return std::tie(a.field, a.begin, a.end) < std::tie(b.field, b.begin, b.end);
    });
    // One span per stretch of text, even when several terms (or one term named
    // twice through a list) hit it.
    hits.erase(std::unique(hits.begin(), hits.end(),
                           [](const RawHit& a, const RawHit& b) {
                             return a.field == b.field && a.begin == b.begin && a.end == b.end;
                           }),
               hits.end());
    for (const RawHit& h : hits) {
      s.hits.push_back(to_span(scan, item, h));
    }
    t.selections.push_back(std::move(s));
  }
  std::vector<int> macros;
  std::vector<int> unused;
  positive_leaves(rule.predicate.condition, &unused, &macros);
  for (int m : macros) {
    if (ev.macro(m)) {
      t.macros_matched.push_back(pack.macros[static_cast<std::size_t>(m)].name);
    }
  }
  for (const RawHit& c : outcome.cues) {
    t.cues.push_back(to_span(scan, item, c));
  }
  return t;
}

}  // namespace

std::vector<Event> CompiledRuleSet::match(const Item& item) const {
  thread_local MatchScratch scratch;
  ItemScan& scan = scratch.scan;
  scan_item_into(*pack_, item, /*with_cues=*/false, scan);
  std::vector<Event> events;
  if (scan.hits.empty()) {
    return events;
  }
  // Only rules with a trigger hit can fire (rules/triggers.h); most items wake none.
  std::vector<int>& candidates = scratch.candidates;
  candidates.clear();
  candidate_rules(pack_->trigger_rules, *pack_, scan, scratch.seen, candidates);
  if (candidates.empty()) {
    return events;
  }
  Evaluator ev(*pack_, scan, &scratch.macro_memo);
  for (const NamedPredicate& d : pack_->discards) {
    if (ev.holds(d.predicate)) {
      return events;
    }
  }
  // Cue hits matter only once a rule's condition holds, and on many items that
  // wake a rule none does: the deferred cue database is scanned only for items
  // that keep one. Conditions never use cue-only patterns, so `ev` stays valid.
  std::erase_if(candidates, [&](int r) {
    return !may_fire(pack_->rules[static_cast<std::size_t>(r)], item, ev);
  });
  if (candidates.empty()) {
    return events;
  }
  scan_cues(*pack_, scan);
  for (int r : candidates) {
    const Rule& rule = pack_->rules[static_cast<std::size_t>(r)];
    RuleOutcome outcome = finish_rule(*pack_, rule, scan, ev);  // may_fire() held
    if (outcome.fired) {
      events.push_back(make_event(rule, item, scan, outcome));
    }
  }
  return events;
}

Explanation CompiledRuleSet::explain(const Item& item) const {
  Explanation out;
  ItemScan scan = scan_item(*pack_, item);
  Evaluator ev(*pack_, scan);
  for (int f = 0; f < kFieldCount; ++f) {
    if (!scan.fields[f].text.empty()) {
      out.normalised.emplace_back(std::string(field_name(f)), scan.fields[f].text);
    }
  }
  for (const NamedPredicate& d : pack_->discards) {
    if (ev.holds(d.predicate)) {
      out.discarded_by.push_back(d.name);
    }
  }
  std::vector<int> candidates = candidate_rules(pack_->rules_by_pattern, *pack_, scan);
  for (std::size_t i = 0; i < pack_->rules.size(); ++i) {
    const Rule& rule = pack_->rules[i];
    RuleOutcome outcome = evaluate_rule(*pack_, rule, item, scan, ev);
    if (rule.info.enabled &&
        !std::binary_search(candidates.begin(), candidates.end(), static_cast<int>(i))) {
      outcome = RuleOutcome{};
      outcome.reason = "no term hit";
    } else if (outcome.fired && !out.discarded_by.empty()) {
      outcome.fired = false;
      outcome.reason = "discarded by '" + out.discarded_by.front() + "'";
    }
    if (outcome.fired) {
      out.events.push_back(make_event(rule, item, scan, outcome));
    }
    out.rules.push_back(trace_rule(*pack_, rule, item, scan, ev, outcome));
  }
  return out;
}

}  // namespace armwatch::rules::detail

namespace armwatch::rules {

Result<Explanation> explain(const RuleSet& rules, const Item& item) {
  const auto* compiled = dynamic_cast<const detail::CompiledRuleSet*>(&rules);
  if (compiled == nullptr) {
    return make_error(ErrorCode::kUnsupported, "explain needs a rule set built by the loader");
  }
  return compiled->explain(item);
}

namespace {

void append_spans(std::string& out, const std::vector<Span>& spans) {
  for (const Span& s : spans) {
    out += " " + s.field + "[" + std::to_string(s.begin) + "," + std::to_string(s.end) + ")=\"" +
           s.text + "\"";
  }
}

void append_rule(std::string& out, const RuleTrace& r) {
  out += (r.fired ? "FIRED   " : "no      ") + r.rule_id + ": " + r.reason;
  if (r.fired) {
    out += " (confidence " + std::to_string(r.confidence).substr(0, 4) + ")";
  }
  out += "\n";
  for (const SelectionTrace& s : r.selections) {
    out += "    " + std::string(s.matched ? "+ " : "- ") + s.name + ":";
    append_spans(out, s.hits);
    out += "\n";
  }
  for (const std::string& m : r.macros_matched) {
    out += "    + macro " + m + "\n";
  }
  if (!r.cues.empty()) {
    out += "    hedging cues:";
    append_spans(out, r.cues);
    out += "\n";
  }
}

}  // namespace

std::string to_text(const Explanation& e, bool all_rules) {
  std::string out;
  for (const auto& [field, text] : e.normalised) {
    out += field + ": " + text + "\n";
  }
  for (const std::string& d : e.discarded_by) {
    out += "discarded by '" + d + "': no rule can fire\n";
  }
  for (bool fired : {true, false}) {
    for (const RuleTrace& r : e.rules) {
      if (r.fired == fired && (all_rules || r.reason != "no term hit")) {
        append_rule(out, r);
      }
    }
  }
  return out;
}

}  // namespace armwatch::rules
