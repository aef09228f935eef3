// SharedRuleSet: the slot that holds the current rule pack while a reload
// swaps it. Matching threads load() a shared_ptr and keep that pack alive
// until they drop it; a reload store()s the new one.
//
// Why not std::atomic<std::shared_ptr<const RuleSet>>: GCC 12's libstdc++
// implements it with a lock bit inside the control-block pointer and unlocks
// load() with a relaxed store, which ThreadSanitizer reports as a data race
// on every swap (google/sanitizers#1558). A mutex held only for a pointer
// copy costs nanoseconds per item, is plainly correct under TSan, and keeps
// the ci-tsan preset quiet.
#pragma once

#include <memory>
#include <mutex>
#include <utility>

#include "rules/rule_set.h"

namespace armwatch::rules {

class SharedRuleSet {
 public:
  SharedRuleSet() = default;
  explicit SharedRuleSet(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}
  SharedRuleSet(const SharedRuleSet&) = delete;
  SharedRuleSet& operator=(const SharedRuleSet&) = delete;

  // The current pack (may be null before the first store). Thread-safe.
  std::shared_ptr<const RuleSet> load() const {
    std::lock_guard<std::mutex> lock(mu_);
    return rules_;
  }

  // Replaces the pack. The old one is destroyed outside the lock, by whichever
  // thread drops the last reference. Thread-safe.
  void store(std::shared_ptr<const RuleSet> rules) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      rules_.swap(rules);
    }
    // `rules` (the old pack) is released here, after the lock.
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const RuleSet> rules_;
};

}  // namespace armwatch::rules
