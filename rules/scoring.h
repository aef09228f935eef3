// Scoring a replay against its labels: per-category precision, recall and F1,
// micro and macro F1, false alarms on items labelled "none", exact-severity
// accuracy, and the items the pack got wrong. For `armwatch replay --score`
// and the pack's score test (tests/rules/pack_score_test.cpp).
#pragma once

#include <string>
#include <vector>

#include "core/event.h"
#include "rules/replay.h"

namespace armwatch::rules {

struct CategoryScore {
  std::string category;
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;
  double precision = 0.0;  // 0 when nothing was predicted
  double recall = 0.0;     // 0 when nothing was expected
  double f1 = 0.0;
  int support() const { return true_positives + false_negatives; }
};

// An item whose predicted categories or severity differ from its labels.
struct ScoredMiss {
  std::string id;
  int line = 0;
  std::string title;
  std::vector<std::string> expected;   // sorted labels ("none" for none)
  std::vector<std::string> predicted;  // sorted categories ("none" for no match)
  std::string expected_severity;       // "violation"... or "none"; empty when not labelled
  std::string predicted_severity;      // of the most severe match, or "none"
  std::vector<std::string> rules;      // rule ids that fired
};

struct Score {
  int items = 0;     // items replayed
  int labelled = 0;  // items with "expected", the only ones scored
  // Every taxonomy category, in taxonomy order.
  std::vector<CategoryScore> categories;
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;
  double micro_precision = 0.0;
  double micro_recall = 0.0;
  double micro_f1 = 0.0;
  // Mean F1 of the categories that were expected or predicted at least once.
  double macro_f1 = 0.0;
  int none_items = 0;    // labelled items whose labels are {"none"}
  int false_alarms = 0;  // ... of which at least one rule matched
  double false_alarm_rate = 0.0;
  // Over items with a category label and an expected severity: the most
  // severe match equals the expected severity (no match counts as wrong).
  int severity_items = 0;
  int severity_exact = 0;
  double severity_accuracy = 0.0;
  std::vector<ScoredMiss> misses;  // in input order
};

// Scores `events` (as returned by replay()) against the labels of `items`.
// items.size() must equal events.size().
Score score_replay(const std::vector<ReplayItem>& items,
                   const std::vector<std::vector<Event>>& events);

// A report for people: the totals, a per-category table and the misses.
std::string to_text(const Score& score);

// The same as one JSON object (keys as in Score; "categories" an array).
std::string to_json(const Score& score);

}  // namespace armwatch::rules
