// Reload: one thread swaps the shared RuleSet while others keep matching.
#include <atomic>
#include <memory>
#include <thread>

#include <catch2/catch.hpp>

#include "rules/rule_set.h"
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

TEST_CASE("Swapping a shared_ptr<const RuleSet> while other threads match", "[rules][reload]") {
  auto a = pack_with("nuclear test", "pack-a");
  auto b = pack_with("nuclear test", "pack-b");
  std::atomic<std::shared_ptr<const RuleSet>> current(a);
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
  std::thread reloader([&] {
    for (int i = 0; i < 40; ++i) {
      // A fresh pack each time: the old one dies when its last matcher lets go.
      current.store(i % 2 == 0 ? pack_with("nuclear test", "pack-b") : a);
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
