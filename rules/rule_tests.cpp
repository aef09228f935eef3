#include "rules/rule_tests.h"

#include <algorithm>

#include "rules/compiled_rule_set.h"

namespace armwatch::rules {

bool RuleTestResult::passed() const {
  return std::all_of(examples.begin(), examples.end(),
                     [](const RuleExampleResult& e) { return e.passed; });
}

Result<std::vector<RuleTestResult>> run_rule_tests(const RuleSet& rules) {
  const auto* compiled = dynamic_cast<const detail::CompiledRuleSet*>(&rules);
  if (compiled == nullptr) {
    return make_error(ErrorCode::kUnsupported, "rule tests need a rule set built by the loader");
  }
  std::vector<RuleTestResult> out;
  for (const detail::Rule& rule : compiled->pack().rules) {
    if (rule.examples.empty()) {
      continue;
    }
    RuleTestResult result{rule.info.id, rule.info.file, {}};
    for (const detail::Example& ex : rule.examples) {
      auto events = compiled->match(ex.item);
      bool fired = std::any_of(events.begin(), events.end(),
                               [&](const Event& e) { return e.rule_id == rule.info.id; });
      std::string text = ex.item.title;
      if (!ex.item.summary.empty()) {
        text += (text.empty() ? "" : " / ") + ex.item.summary;
      }
      result.examples.push_back({ex.expect_match, text, ex.line, fired == ex.expect_match});
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace armwatch::rules
