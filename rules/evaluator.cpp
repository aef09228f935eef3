#include "rules/evaluator.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <string>
#include <tuple>

#include "rules/condition.h"

namespace armwatch::rules::detail {
namespace {

constexpr std::size_t kMaxEvidence = 12;

bool in_text_field(int field) {
  return (field_bit(field) & kTextFields) != 0;
}

auto hit_key(const RawHit& h) {
  return std::make_tuple(h.field, h.begin, h.end, h.pattern);
}

}  // namespace

std::string_view field_name(int f) {
  static constexpr std::string_view kNames[] = {"title", "summary", "content", "source", "link"};
  return f >= 0 && f < kFieldCount ? kNames[f] : "";
}

const std::string& field_text(const Item& item, int field) {
  switch (field) {
    case kTitle:
      return item.title;
    case kSummary:
      return item.summary;
    case kContent:
      return item.content;
    case kSource:
      return item.source;
    default:
      return item.link;
  }
}

std::span<const RawHit> ItemScan::hits_of(int pattern) const {
  auto bit = static_cast<std::size_t>(pattern);
  std::size_t word = bit / 64;
  if (word >= hit_bits.size()) {
    return {};
  }
  std::uint64_t below = (1ull << (bit % 64)) - 1;
  std::uint64_t bits = hit_bits[word];
  if ((bits & (below + 1)) == 0) {
    return {};  // most patterns of most rules: no hit
  }
  std::size_t k = word_rank[word] + static_cast<std::size_t>(__builtin_popcountll(bits & below));
  return {hits.data() + hit_start[k], hits.data() + hit_start[k + 1]};
}

namespace {

// hit_bits and its rank index (ItemScan) from the sorted hits.
void index_hits(ItemScan& s) {
  s.hit_bits.clear();
  s.hit_start.clear();
  if (!s.hits.empty()) {
    s.hit_bits.resize(static_cast<std::size_t>(s.hits.back().pattern) / 64 + 1);
  }
  int last = -1;
  for (std::size_t i = 0; i < s.hits.size(); ++i) {
    auto bit = static_cast<std::size_t>(s.hits[i].pattern);
    if (s.hits[i].pattern != last) {
      s.hit_start.push_back(static_cast<std::uint32_t>(i));
      last = s.hits[i].pattern;
    }
    s.hit_bits[bit / 64] |= 1ull << (bit % 64);
  }
  s.hit_start.push_back(static_cast<std::uint32_t>(s.hits.size()));
  s.word_rank.resize(s.hit_bits.size());
  std::uint32_t rank = 0;
  for (std::size_t w = 0; w < s.hit_bits.size(); ++w) {
    s.word_rank[w] = rank;
    rank += static_cast<std::uint32_t>(__builtin_popcountll(s.hit_bits[w]));
  }
}

std::array<std::string_view, kFieldCount> texts_of(const ItemScan& s) {
  std::array<std::string_view, kFieldCount> texts;
  for (int f = 0; f < kFieldCount; ++f) {
    texts[f] = s.fields[f].text;
  }
  return texts;
}

}  // namespace

ItemScan scan_item(const Pack& pack, const Item& item, bool with_cues) {
  ItemScan s;
  scan_item_into(pack, item, with_cues, s);
  return s;
}

void ItemScan::reset() {
  for (int f = 0; f < kFieldCount; ++f) {
    fields[f].clear();
    sentences[f].clear();
    have_sentences[f] = false;
  }
  hits.clear();
  hit_bits.clear();
  word_rank.clear();
  hit_start.clear();
  year = 0;
}

void scan_item_into(const Pack& pack, const Item& item, bool with_cues, ItemScan& s) {
  s.reset();
  if (auto date = item.date()) {  // for the `past` modifier
    auto day = std::chrono::floor<std::chrono::days>(*date);
    s.year = static_cast<int>(std::chrono::year_month_day(day).year());
  }
  // Most fields need no normalising: they are scanned as they are, in one pass
  // that also finds the ones that do (Scanner::scan_raw), and only those are
  // normalised and scanned again.
  std::array<std::string_view, kFieldCount> raw;
  for (int f = 0; f < kFieldCount; ++f) {
    raw[f] = field_text(item, f);
    s.fields[f].text = raw[f];  // the identity map
  }
  unsigned abnormal = pack.scanner->scan_raw(raw, s.hits);
  if (abnormal != 0) {
    for (int f = 0; f < kFieldCount; ++f) {
      if ((abnormal & (1u << f)) != 0) {
        normalise_into(raw[f], s.fields[f]);
      }
    }
    pack.scanner->scan_fields(texts_of(s), abnormal, s.hits);
  }
  Scanner::sort_hits(s.hits);  // by pattern, field, begin
  if (with_cues) {
    pack.scanner->scan_deferred(texts_of(s), s.hits);
  }
  index_hits(s);
}

void scan_cues(const Pack& pack, ItemScan& s) {
  if (pack.scanner->has_deferred()) {
    pack.scanner->scan_deferred(texts_of(s), s.hits);
    index_hits(s);
  }
}

void add_sentences(ItemScan& s) {
  for (int f = 0; f < kFieldCount; ++f) {
    (void)s.sentences_of(f);
  }
}

const std::vector<std::size_t>& ItemScan::sentences_of(int field) const {
  auto f = static_cast<std::size_t>(field);
  if (!have_sentences[f]) {
    if (in_text_field(field)) {
      sentence_starts_into(fields[f].text, sentences[f]);
    } else {
      sentences[f].assign(1, 0);
    }
    have_sentences[f] = true;
  }
  return sentences[f];
}

Span to_span(const ItemScan& scan, const Item& item, const RawHit& hit) {
  auto [b, e] = scan.fields[hit.field].to_source(hit.begin, hit.end);
  const std::string& text = field_text(item, hit.field);
  return Span{std::string(field_name(hit.field)), b, e, text.substr(b, e - b)};
}

// A hit of clause `c`: in one of its fields, and for `past`, a year before the item's.
bool Evaluator::hit_counts(const Clause& c, const RawHit& h) const {
  if ((field_bit(h.field) & c.fields) == 0) {
    return false;
  }
  if (!c.past) {
    return true;
  }
  std::string_view text(scan_.fields[h.field].text);
  text = text.substr(h.begin, h.end - h.begin);
  // The last run of four digits in the hit: "2010", "Nov. 23, 2010", "in 2017".
  for (std::size_t i = text.size(); i >= 4; --i) {
    std::string_view four = text.substr(i - 4, 4);
    bool digits =
        std::all_of(four.begin(), four.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits) {
      int year = std::stoi(std::string(four));
      return scan_.year > 0 && year >= 1900 && year < scan_.year;
    }
  }
  return false;
}

Evaluator::Evaluator(const Pack& pack, const ItemScan& scan, std::vector<std::int8_t>* memo)
    : pack_(pack), scan_(scan), macro_memo_(memo != nullptr ? memo : &own_memo_) {
  macro_memo_->assign(pack.macros.size(), -1);
}

std::vector<PatternWord> pattern_words(const std::vector<int>& ids) {
  std::vector<PatternWord> out;
  for (int id : ids) {
    auto word = static_cast<std::uint32_t>(id) / 64;
    auto it =
        std::find_if(out.begin(), out.end(), [&](const PatternWord& w) { return w.word == word; });
    if (it == out.end()) {
      it = out.insert(out.end(), PatternWord{word, 0});
    }
    it->bits |= 1ull << (static_cast<std::uint32_t>(id) % 64);
  }
  return out;
}

bool Evaluator::group_hit(const Clause& c, std::size_t g) const {
  // Most groups of most candidate rules have no hit at all: a few word tests
  // say so before any hit is looked at.
  return scan_.find_hit(c.group_words[g], [&](const RawHit& h) { return hit_counts(c, h); });
}

// Any group (or, with `all`, every group) has a counted hit.
bool Evaluator::clause(const Clause& c) const {
  if (!scan_.any_hit(c.any_words)) {
    return false;  // no group has a hit (a clause has at least one group)
  }
  for (std::size_t g = 0; g < c.groups.size(); ++g) {
    bool hit = group_hit(c, g);
    if (hit != c.all) {
      return hit;  // the first hit of `any`, the first miss of `all`
    }
  }
  return c.all;
}

bool Evaluator::selection(const Predicate& p, int index) {
  const Selection& s = p.selections[static_cast<std::size_t>(index)];
  if (s.near) {
    return near(p, *s.near);
  }
  return std::all_of(s.clauses.begin(), s.clauses.end(),
                     [&](const Clause& c) { return clause(c); });
}

bool Evaluator::near(const Predicate& p, const Near& n) {
  if (!selection(p, n.a) || !selection(p, n.b)) {
    return false;
  }
  auto as = selection_hits(p, n.a);
  auto bs = selection_hits(p, n.b);
  auto close = [&](const RawHit& a, const RawHit& b) {
    if (a.field != b.field || !in_text_field(a.field)) {
      return false;
    }
    if (n.ordered && a.begin >= b.begin) {
      return false;
    }
    const auto& starts = scan_.sentences_of(a.field);
    if (sentence_of(starts, a.begin) != sentence_of(starts, b.begin)) {
      return false;
    }
    const RawHit& first = a.begin <= b.begin ? a : b;
    const RawHit& second = a.begin <= b.begin ? b : a;
    std::size_t gap_from = std::min<std::size_t>(first.end, second.begin);
    return words_between(scan_.fields[a.field].text, gap_from, second.begin) <= n.words;
  };
  auto has_close_a = [&](const RawHit& b) {
    return std::any_of(as.begin(), as.end(), [&](const RawHit& a) { return close(a, b); });
  };
  if (!n.every) {
    return std::any_of(bs.begin(), bs.end(), has_close_a);
  }
  bool any_text_hit = false;
  for (const RawHit& b : bs) {
    if (!in_text_field(b.field)) {
      continue;
    }
    any_text_hit = true;
    if (!has_close_a(b)) {
      return false;
    }
  }
  return any_text_hit;
}

bool Evaluator::macro(int index) {
  auto& memo = (*macro_memo_)[static_cast<std::size_t>(index)];
  if (memo < 0) {
    memo = 0;  // cycles are rejected at load; this only guards recursion
    memo = holds(pack_.macros[static_cast<std::size_t>(index)].predicate) ? 1 : 0;
  }
  return memo == 1;
}

bool Evaluator::holds(const Predicate& p) {
  return eval_condition(
      p.condition, [&](int s) { return selection(p, s); }, [&](int m) { return macro(m); });
}

std::vector<RawHit> Evaluator::selection_hits(const Predicate& p, int index) const {
  std::vector<RawHit> out;
  append_selection_hits(p, index, out);
  return out;
}

void Evaluator::append_selection_hits(const Predicate& p, int index,
                                      std::vector<RawHit>& out) const {
  const Selection& s = p.selections[static_cast<std::size_t>(index)];
  if (s.near) {
    append_selection_hits(p, s.near->a, out);
    append_selection_hits(p, s.near->b, out);
    return;
  }
  for (const Clause& c : s.clauses) {
    for (const auto& words : c.group_words) {
      scan_.find_hit(words, [&](const RawHit& h) {
        if (hit_counts(c, h)) {
          out.push_back(h);
        }
        return false;
      });
    }
  }
}

void Evaluator::add_evidence(const Predicate& p, std::vector<RawHit>* out, int depth) {
  for (int s : p.evidence_selections) {
    if (selection(p, s)) {
      append_selection_hits(p, s, *out);
    }
  }
  for (int m : p.evidence_macros) {
    if (depth < 16 && macro(m)) {
      add_evidence(pack_.macros[static_cast<std::size_t>(m)].predicate, out, depth + 1);
    }
  }
}

std::vector<RawHit> Evaluator::evidence(const Predicate& p) {
  std::vector<RawHit> out;
  add_evidence(p, &out, 0);
  std::sort(out.begin(), out.end(),
            [](const RawHit& a, const RawHit& b) { return hit_key(a) < hit_key(b); });
  // One span per stretch of text, even if several patterns hit it.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const RawHit& a, const RawHit& b) {
                          return a.field == b.field && a.begin == b.begin && a.end == b.end;
                        }),
            out.end());
  if (out.size() > kMaxEvidence) {
    out.resize(kMaxEvidence);
  }
  return out;
}

namespace {

bool date_ok(const RuleInfo& info, const Item& item) {
  auto date = item.date();
  if (!date) {
    // Undated items are not held back by a validity window, unless the rule
    // asks (`match_undated: false`: its window is history).
    return info.match_undated;
  }
  return !(info.valid_from && *date < *info.valid_from) &&
         !(info.valid_to && *date >= *info.valid_to);
}

// Hits of `cues` that share a sentence with any evidence hit. The sentences
// of the evidence are looked up once, not once per cue hit.
std::vector<RawHit> cues_near(const std::vector<PatternWord>& cues, const ItemScan& scan,
                              const std::vector<RawHit>& evidence) {
  std::vector<RawHit> out;
  std::vector<std::pair<int, std::size_t>> evidence_sentences;  // (field, sentence)
  scan.find_hit(cues, [&](const RawHit& c) {
    if (!in_text_field(c.field)) {
      return false;
    }
    if (evidence_sentences.empty()) {
      for (const RawHit& e : evidence) {
        if (in_text_field(e.field)) {
          evidence_sentences.emplace_back(e.field,
                                          sentence_of(scan.sentences_of(e.field), e.begin));
        }
      }
      if (evidence_sentences.empty()) {
        return true;  // no evidence in a text field: no cue can be near it
      }
    }
    std::pair<int, std::size_t> key{c.field, sentence_of(scan.sentences_of(c.field), c.begin)};
    if (std::find(evidence_sentences.begin(), evidence_sentences.end(), key) !=
        evidence_sentences.end()) {
      out.push_back(c);
    }
    return false;
  });
  return out;
}

// The item's claim status for a rule: read from the lead field (the first of
// title, summary, content holding evidence), since the headline and lead say
// what an item reports. A negation cue in a sentence of that field's evidence
// makes it a denial, else a claim cue a claim, else it reports the act.
Claim claim_status(const Pack& pack, const ItemScan& scan, const std::vector<RawHit>& evidence) {
  int lead = kFieldCount;
  for (const RawHit& e : evidence) {
    if (in_text_field(e.field)) {
      lead = std::min(lead, e.field);
    }
  }
  std::vector<RawHit> in_lead;
  std::copy_if(evidence.begin(), evidence.end(), std::back_inserter(in_lead),
               [&](const RawHit& e) { return e.field == lead; });
  if (in_lead.empty()) {
    return Claim::kAct;
  }
  if (!cues_near(pack.negation_words, scan, in_lead).empty()) {
    return Claim::kDenial;
  }
  if (!cues_near(pack.claim_words, scan, in_lead).empty()) {
    return Claim::kClaim;
  }
  return Claim::kAct;
}

}  // namespace

bool may_fire(const Rule& rule, const Item& item, Evaluator& ev) {
  return rule.info.enabled && date_ok(rule.info, item) && ev.holds(rule.predicate);
}

RuleOutcome evaluate_rule(const Pack& pack, const Rule& rule, const Item& item,
                          const ItemScan& scan, Evaluator& ev) {
  RuleOutcome out;
  if (!rule.info.enabled) {
    out.reason = "disabled";
    return out;
  }
  if (!date_ok(rule.info, item)) {
    out.reason = "outside valid_from/valid_to";
    return out;
  }
  if (!ev.holds(rule.predicate)) {
    out.reason = "condition false";
    return out;
  }
  return finish_rule(pack, rule, scan, ev);
}

RuleOutcome finish_rule(const Pack& pack, const Rule& rule, const ItemScan& scan, Evaluator& ev) {
  RuleOutcome out;
  for (const NamedPredicate& ex : rule.exceptions) {
    if (ev.holds(ex.predicate)) {
      out.exceptions.push_back(ex.name);
    }
  }
  if (!out.exceptions.empty()) {
    out.reason = "exception '" + out.exceptions.front() + "' matched";
    return out;
  }
  out.evidence = ev.evidence(rule.predicate);
  out.claim = claim_status(pack, scan, out.evidence);
  out.cues = cues_near(pack.negation_words, scan, out.evidence);
  bool negated = !out.cues.empty();
  auto hedges = cues_near(pack.hedging_words, scan, out.evidence);
  out.cues.insert(out.cues.end(), hedges.begin(), hedges.end());
  if (!out.cues.empty()) {
    out.confidence = kHedgedConfidence;
    if (rule.unless_hedged || (rule.unless_negated && negated)) {
      out.reason = negated ? "negated (unless_negated)" : "hedged (unless_hedged)";
      return out;
    }
  }
  out.fired = true;
  out.reason = out.cues.empty() ? "fired" : "fired (hedged)";
  return out;
}

namespace {

// Appends the value of an output placeholder ({title}, {rule}, ...; anything
// else is the first evidence text).
void append_placeholder(std::string& out, const std::string& name, const Rule& rule,
                        const Item& item, const std::vector<Span>& evidence) {
  if (name == "title") {
    out += rule.info.title;
  } else if (name == "rule") {
    out += rule.info.id;
  } else if (name == "category") {
    out += rule.info.category;
  } else if (name == "severity") {
    out += to_string(rule.info.severity);
  } else if (name == "link") {
    out += item.link;
  } else if (name == "source") {
    out += item.source;
  } else if (name == "feed") {
    out += item.feed;
  } else if (name == "item_title") {
    out += item.title;
  } else if (!evidence.empty()) {  // "evidence"
    out += evidence.front().text;
  }
}

}  // namespace

Event make_event(const Rule& rule, const Item& item, const ItemScan& scan,
                 const RuleOutcome& outcome) {
  Event e;
  e.rule_id = rule.info.id;
  e.category = rule.info.category;
  e.severity = rule.info.severity;
  if (outcome.claim == Claim::kClaim && rule.claim_severity) {
    e.severity = *rule.claim_severity;
  }
  // A denial never makes a violation event (taxonomy.md), even in a rule
  // without unless_negated.
  if (outcome.claim == Claim::kDenial && e.severity == Severity::kViolation) {
    e.severity = Severity::kWarning;
  }
  e.claim = outcome.claim;
  e.provisions = rule.info.provisions;
  e.precedents = rule.info.precedents;
  e.evidence.reserve(outcome.evidence.size());
  for (const RawHit& h : outcome.evidence) {
    e.evidence.push_back(to_span(scan, item, h));
  }
  e.confidence = outcome.confidence;
  e.message.reserve(160);
  for (const Template::Part& part : rule.output.parts) {
    if (part.placeholder) {
      append_placeholder(e.message, part.text, rule, item, e.evidence);
    } else {
      e.message += part.text;
    }
  }
  return e;
}

}  // namespace armwatch::rules::detail
