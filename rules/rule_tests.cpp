#include "rules/rule_tests.h"

#include <algorithm>

#include "rules/compiled_rule_set.h"

namespace armwatch::rules {

bool RuleTestResult::passed() const {
  return std::all_of(examples.begin(), examples.end(),
                     [](const RuleExampleResult& e) { return e.passed; });
}

namespace {

std::string failure_reason(const detail::CompiledRuleSet& rules, const Item& item,
                           const std::string& id) {
  Explanation e = rules.explain(item);
  for (const RuleTrace& t : e.rules) {
    if (t.rule_id == id) {
      return t.reason;
    }
  }
  return {};
}

}  // namespace

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
      RuleExampleResult r{ex.expect_match, text, ex.line, fired == ex.expect_match, {}};
      if (!r.passed) {
        r.reason = failure_reason(*compiled, ex.item, rule.info.id);
      }
      result.examples.push_back(std::move(r));
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace armwatch::rules
