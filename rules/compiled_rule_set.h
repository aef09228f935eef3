// CompiledRuleSet: the RuleSet that the loader returns. Internal to rules/;
// explain() and run_rule_tests() reach it through dynamic_cast.
#pragma once

#include <memory>
#include <vector>

#include "rules/explain.h"
#include "rules/model.h"
#include "rules/rule_set.h"

namespace armwatch::rules::detail {

class CompiledRuleSet final : public RuleSet {
 public:
  explicit CompiledRuleSet(std::unique_ptr<Pack> pack) : pack_(std::move(pack)) {}

  std::vector<Event> match(const Item& item) const override;
  const std::vector<RuleInfo>& rules() const override { return pack_->infos; }

  // match() with a full trace of every rule (explain.h).
  Explanation explain(const Item& item) const;
  const Pack& pack() const { return *pack_; }

 private:
  std::unique_ptr<Pack> pack_;
};

}  // namespace armwatch::rules::detail
