// Reload: one thread swaps the shared RuleSet while others keep matching.
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/rule_set.h"
#include "rules/shared_rule_set.h"
#include "tests/rules/rules_test_util.h"

using namespace armwatch;
using namespace armwatch::rules;
using namespace armwatch::rules::testing;

namespace {

std::shared_ptr<const RuleSet> pack_with(const std::string& term, const std::string& id) {
  LoadResult r = load_rule_text("- rule: " + id +
                                    "\n  title: T\n  category: nuclear-test\n"
                                    "  severity: violation\n  any: [" +
                                    term + "]\n",
                                id + ".yaml");
  REQUIRE(r.ok());
  return r.rules;
}

}  // namespace

TEST_CASE("Swapping the shared RuleSet while other threads match", "[rules][reload]") {
  auto a = pack_with("nuclear test", "pack-a");
  auto b = pack_with("nuclear test", "pack-b");
  SharedRuleSet current(a);
  std::atomic<bool> stop{false};
  std::atomic<long> seen_a{0};
  std::atomic<long> seen_b{0};
  std::atomic<long> bad{0};
  std::vector<std::thread> matchers;
  for (int t = 0; t < 3; ++t) {
    matchers.emplace_back([&] {
      Item item = make_item("DPRK nuclear test");
      while (!stop.load()) {
        std::shared_ptr<const RuleSet> rules = current.load();
        auto events = rules->match(item);
        if (events.size() != 1) {
          ++bad;
        } else if (events[0].rule_id == "pack-a") {
          ++seen_a;
        } else {
          ++seen_b;
        }
      }
    });
  }
  // Fresh packs, built here because Catch2 assertions are not thread-safe. The
  // slot holds the only reference, so each dies when its last matcher lets go.
  std::vector<std::shared_ptr<const RuleSet>> fresh;
  for (int i = 0; i < 20; ++i) {
    fresh.push_back(pack_with("nuclear test", "pack-b"));
  }
  std::thread reloader([&] {
    for (int i = 0; i < 40; ++i) {
      current.store(i % 2 == 0 ? std::move(fresh[static_cast<std::size_t>(i / 2)]) : a);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    current.store(b);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop = true;
  });
  reloader.join();
  for (auto& t : matchers) {
    t.join();
  }
  CHECK(bad == 0);
  CHECK(seen_a > 0);
  CHECK(seen_b > 0);
}
