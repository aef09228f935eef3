// A stand-in rule set for the daemon tests: one missile-launch event (UNSCR
// 1718) for each item whose title mentions a missile. It counts the items it
// is asked about, so a test can tell a parsed-and-matched body from a
// skipped one.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/item.h"
#include "rules/rule_set.h"

namespace armwatch::testing {

class MissileRules final : public rules::RuleSet {
 public:
  std::vector<Event> match(const Item& item) const override {
    matched += 1;
    if (item.title.find("missile") == std::string::npos) {
      return {};
    }
    Event e;
    e.rule_id = "test-missile";
    e.category = "missile-launch";
    e.severity = Severity::kViolation;
    e.provisions = {"UNSCR-1718"};
    return {e};
  }
  const std::vector<rules::RuleInfo>& rules() const override { return infos_; }

  mutable std::atomic<int> matched{0};

 private:
  std::vector<rules::RuleInfo> infos_;
};

}  // namespace armwatch::testing
