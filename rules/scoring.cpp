#include "rules/scoring.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "core/taxonomy.h"

namespace armwatch::rules {
namespace {

double ratio(int num, int den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / den;
}

double f1_of(double p, double r) {
  return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

void finish(CategoryScore* c) {
  c->precision = ratio(c->true_positives, c->true_positives + c->false_positives);
  c->recall = ratio(c->true_positives, c->true_positives + c->false_negatives);
  c->f1 = f1_of(c->precision, c->recall);
}

std::optional<Severity> max_severity(const std::vector<Event>& events) {
  std::optional<Severity> out;
  for (const Event& e : events) {
    if (!out || e.severity > *out) {
      out = e.severity;
    }
  }
  return out;
}

std::string severity_name(const std::optional<Severity>& s) {
  return s ? std::string(to_string(*s)) : std::string(kNoneLabel);
}

std::set<std::string> predicted_of(const std::vector<Event>& events) {
  std::set<std::string> out;
  for (const Event& e : events) {
    out.insert(e.category);
  }
  return out;
}

// Adds one item's outcome to the per-category counts; true when its categories match.
bool count_categories(const std::set<std::string>& expected, const std::set<std::string>& predicted,
                      std::vector<CategoryScore>* cats) {
  for (CategoryScore& c : *cats) {
    bool want = expected.count(c.category) > 0;
    bool got = predicted.count(c.category) > 0;
    c.true_positives += want && got ? 1 : 0;
    c.false_positives += !want && got ? 1 : 0;
    c.false_negatives += want && !got ? 1 : 0;
  }
  return expected == predicted;
}

std::vector<std::string> or_none(const std::set<std::string>& s) {
  return s.empty() ? std::vector<std::string>{std::string(kNoneLabel)}
                   : std::vector<std::string>(s.begin(), s.end());
}

void totals(Score* s) {
  int macro_n = 0;
  double macro_sum = 0.0;
  for (CategoryScore& c : s->categories) {
    finish(&c);
    s->true_positives += c.true_positives;
    s->false_positives += c.false_positives;
    s->false_negatives += c.false_negatives;
    if (c.true_positives + c.false_positives + c.false_negatives > 0) {
      ++macro_n;
      macro_sum += c.f1;
    }
  }
  s->micro_precision = ratio(s->true_positives, s->true_positives + s->false_positives);
  s->micro_recall = ratio(s->true_positives, s->true_positives + s->false_negatives);
  s->micro_f1 = f1_of(s->micro_precision, s->micro_recall);
  s->macro_f1 = macro_n == 0 ? 0.0 : macro_sum / macro_n;
  s->false_alarm_rate = ratio(s->false_alarms, s->none_items);
  s->severity_accuracy = ratio(s->severity_exact, s->severity_items);
}

std::string fixed(double v, int decimals = 3) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += (out.empty() ? "" : ",") + s;
  }
  return out;
}

}  // namespace

Score score_replay(const std::vector<ReplayItem>& items,
                   const std::vector<std::vector<Event>>& events) {
  assert(items.size() == events.size());
  Score s;
  for (std::string_view slug : category_slugs()) {
    s.categories.push_back(CategoryScore{std::string(slug)});
  }
  s.items = static_cast<int>(items.size());
  for (std::size_t i = 0; i < items.size() && i < events.size(); ++i) {
    const ReplayItem& item = items[i];
    if (!item.expected) {
      continue;
    }
    ++s.labelled;
    std::set<std::string> expected;
    for (const std::string& l : item.expected->labels) {
      if (l != kNoneLabel) {
        expected.insert(l);
      }
    }
    std::set<std::string> predicted = predicted_of(events[i]);
    bool ok = count_categories(expected, predicted, &s.categories);
    std::optional<Severity> got = max_severity(events[i]);
    if (expected.empty()) {
      ++s.none_items;
      s.false_alarms += predicted.empty() ? 0 : 1;
    } else if (item.expected->severity) {
      ++s.severity_items;
      bool exact = got && *got == *item.expected->severity;
      s.severity_exact += exact ? 1 : 0;
      ok = ok && exact;
    }
    if (!ok) {
      ScoredMiss m{item.item.id,       item.line, item.item.title,    or_none(expected),
                   or_none(predicted), {},        severity_name(got), {}};
      if (expected.empty() || item.expected->severity) {
        m.expected_severity = severity_name(item.expected->severity);
      }
      for (const Event& e : events[i]) {
        m.rules.push_back(e.rule_id);
      }
      s.misses.push_back(std::move(m));
    }
  }
  totals(&s);
  return s;
}

std::string to_text(const Score& s) {
  std::string out;
  out += "items " + std::to_string(s.items) + ", labelled " + std::to_string(s.labelled) + "\n";
  out += "micro precision " + fixed(s.micro_precision) + "  recall " + fixed(s.micro_recall) +
         "  F1 " + fixed(s.micro_f1) + "\n";
  out += "macro F1 " + fixed(s.macro_f1) + "\n";
  out += "false alarms on none items " + std::to_string(s.false_alarms) + "/" +
         std::to_string(s.none_items) + " (" + fixed(100.0 * s.false_alarm_rate, 1) + "%)\n";
  out += "severity exact " + std::to_string(s.severity_exact) + "/" +
         std::to_string(s.severity_items) + " (" + fixed(100.0 * s.severity_accuracy, 1) + "%)\n\n";
  char row[160];
  std::snprintf(row, sizeof row, "%-28s %5s %5s %5s %9s %7s %6s %7s\n", "category", "tp", "fp",
                "fn", "precision", "recall", "f1", "support");
  out += row;
  for (const CategoryScore& c : s.categories) {
    std::snprintf(row, sizeof row, "%-28s %5d %5d %5d %9s %7s %6s %7d\n", c.category.c_str(),
                  c.true_positives, c.false_positives, c.false_negatives,
                  fixed(c.precision).c_str(), fixed(c.recall).c_str(), fixed(c.f1).c_str(),
                  c.support());
    out += row;
  }
  out += "\nmisses: " + std::to_string(s.misses.size()) + "\n";
  for (const ScoredMiss& m : s.misses) {
    out += "  line " + std::to_string(m.line) + " " + m.id + ": expected " + join(m.expected) +
           (m.expected_severity.empty() ? "" : "/" + m.expected_severity) + ", got " +
           join(m.predicted) + "/" + m.predicted_severity +
           (m.rules.empty() ? "" : " [" + join(m.rules) + "]") + "\n    " + m.title + "\n";
  }
  return out;
}

std::string to_json(const Score& s) {
  nlohmann::json j;
  j["items"] = s.items;
  j["labelled"] = s.labelled;
  j["micro_precision"] = s.micro_precision;
  j["micro_recall"] = s.micro_recall;
  j["micro_f1"] = s.micro_f1;
  j["macro_f1"] = s.macro_f1;
  j["none_items"] = s.none_items;
  j["false_alarms"] = s.false_alarms;
  j["false_alarm_rate"] = s.false_alarm_rate;
  j["severity_items"] = s.severity_items;
  j["severity_exact"] = s.severity_exact;
  j["severity_accuracy"] = s.severity_accuracy;
  j["categories"] = nlohmann::json::array();
  for (const CategoryScore& c : s.categories) {
    j["categories"].push_back({{"category", c.category},
                               {"true_positives", c.true_positives},
                               {"false_positives", c.false_positives},
                               {"false_negatives", c.false_negatives},
                               {"precision", c.precision},
                               {"recall", c.recall},
                               {"f1", c.f1},
                               {"support", c.support()}});
  }
  j["misses"] = nlohmann::json::array();
  for (const ScoredMiss& m : s.misses) {
    j["misses"].push_back({{"id", m.id},
                           {"line", m.line},
                           {"title", m.title},
                           {"expected", m.expected},
                           {"predicted", m.predicted},
                           {"expected_severity", m.expected_severity},
                           {"predicted_severity", m.predicted_severity},
                           {"rules", m.rules}});
  }
  return j.dump();
}

}  // namespace armwatch::rules
