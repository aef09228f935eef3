// Reload: one thread swaps the shared RuleSet while others keep matching
// (run under the ci-tsan preset). The matchers walk the whole match path.
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

// A pack that walks the whole match path: lists, a near test, the deferred cue
// database (`would`), an exception and a global discard. `id` names its rule.
std::shared_ptr<const RuleSet> pack_with(const std::string& id) {
  LoadResult r = load_rule_text(R"(
- list: dprk_actors
  items: [North Korea, DPRK, KPA]
- discard: network-dmz
  any: [firewall]
  all: [DMZ]
- rule: )" + id + R"(
  title: T
  category: mdl-crossing
  severity: violation
  detection:
    who: [dprk_actors]
    crossed: [crossed, crossing]
    close:
      near: {a: who, b: crossed, words: 4}
    place: [MDL, DMZ]
    condition: close and place
  exceptions:
    - name: summit
      any: [summit]
)",
                                id + ".yaml");
  REQUIRE(r.ok());
  return r.rules;
}

// One probe of a matcher thread: the item and what every pack must say.
struct Probe {
  Item item;
  std::size_t events = 0;
  double confidence = 0;
};

std::vector<Probe> probes() {
  // Curly quotes and a non-breaking space: the normaliser copies this one.
  Probe curly{make_item("KPA soldiers \xe2\x80\x9c"
                        "crossed\xe2\x80\x9d\xc2\xa0the MDL"),
              1, 1.0};
  Probe hedged{make_item("North Korea would be crossing the MDL, Seoul says"), 1, 0.5};
  Probe summit{make_item("DPRK leader crossed the MDL for a summit"), 0, 0};
  Probe discarded{make_item("KPA crossed the DMZ", "The DMZ behind the firewall"), 0, 0};
  return {curly, hedged, summit, discarded};
}

// Counts events that are not what the probe expects, and which pack answered.
void match_until(const SharedRuleSet& current, const std::atomic<bool>& stop,
                 std::atomic<long>* seen_a, std::atomic<long>* seen_b, std::atomic<long>* bad) {
  const std::vector<Probe> all = probes();
  for (std::size_t i = 0; !stop.load(); ++i) {
    const Probe& p = all[i % all.size()];
    std::shared_ptr<const RuleSet> rules = current.load();
    auto events = rules->match(p.item);
    if (events.size() != p.events || (!events.empty() && events[0].confidence != p.confidence)) {
      ++*bad;
    } else if (!events.empty()) {
      ++*(events[0].rule_id == "pack-a" ? seen_a : seen_b);
    }
  }
}

}  // namespace

TEST_CASE("Swapping the shared RuleSet while other threads match", "[rules][reload]") {
  auto a = pack_with("pack-a");
  auto b = pack_with("pack-b");
  // The probes hold on each pack alone, before any thread runs.
  for (const Probe& p : probes()) {
    INFO(p.item.title);
    CHECK(a->match(p.item).size() == p.events);
  }
  SharedRuleSet current(a);
  std::atomic<bool> stop{false};
  std::atomic<long> seen_a{0};
  std::atomic<long> seen_b{0};
  std::atomic<long> bad{0};
  std::vector<std::thread> matchers;
  for (int t = 0; t < 3; ++t) {
    matchers.emplace_back(match_until, std::cref(current), std::cref(stop), &seen_a, &seen_b, &bad);
  }
  // Fresh packs, built here because Catch2 assertions are not thread-safe. The
  // slot holds the only reference, so each dies when its last matcher lets go.
  std::vector<std::shared_ptr<const RuleSet>> fresh;
  for (int i = 0; i < 20; ++i) {
    fresh.push_back(pack_with("pack-b"));
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
