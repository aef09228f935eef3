// Running the examples embedded in rules (`tests: {match: [...], no_match:
// [...]}`), for `armwatch rules test` and for CI over the shipped pack.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "rules/rule_set.h"

namespace armwatch::rules {

struct RuleExampleResult {
  bool expect_match = true;
  std::string text;  // the example's title (and summary), for display
  int line = 0;      // where the example is in the rule file
  bool passed = false;
  // Appended: for a failed example, why the rule fired or not (an explain()
  // reason such as "condition false" or "exception 'x' matched").
  std::string reason;
};

struct RuleTestResult {
  std::string rule_id;
  std::string file;
  std::vector<RuleExampleResult> examples;
  bool passed() const;
};

// One result per rule that has examples, in pack order. An example passes when
// the rule fires (match) or does not (no_match) on it, with the whole pack
// loaded (global discards apply). kUnsupported for a RuleSet not built by the
// loader. Thread-safe.
Result<std::vector<RuleTestResult>> run_rule_tests(const RuleSet& rules);

}  // namespace armwatch::rules
