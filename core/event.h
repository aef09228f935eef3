// Event: what a rule concluded about an item, with its evidence. storage/ keeps
// events without knowing the rule that made them; alerts/ sends them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace armwatch {

// Ordered: a higher value is more severe. Slugs come from shared taxonomy.md.
enum class Severity { kInfo = 0, kWarning = 1, kViolation = 2 };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view slug);

// What the item says happened, as far as the evidence goes: the act itself
// ("North Korea fired..."), one side's claim or accusation that the other
// acted ("KCNA accused Seoul of sending drones"), or a denial ("the JCS denied
// the report"). Slugs "act", "claim", "denial"; stored with the event.
enum class Claim { kAct = 0, kClaim = 1, kDenial = 2 };

std::string_view to_string(Claim c);
std::optional<Claim> parse_claim(std::string_view slug);

// One matched stretch of text: which field, byte offsets [begin, end) in that
// field's normalised text, and the matched text itself.
struct Span {
  std::string field;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
};

struct Event {
  std::string rule_id;
  std::string category;  // a taxonomy slug
  Severity severity = Severity::kInfo;
  std::vector<std::string> provisions;  // "AA-I-6", "CMA-1-1", "UNSCR-1718"
  std::vector<std::string> precedents;  // ids in the history timeline
  std::vector<Span> evidence;
  double confidence = 1.0;    // 0..1; hedging cues lower it
  std::string message;        // the rule's rendered output line
  TimePoint time;             // when armwatch detected it
  Claim claim = Claim::kAct;  // appended (issue 5): act, claim or denial
};

}  // namespace armwatch
