// Trigger patterns: for each rule, a small set of patterns at least one of
// which must hit for its condition to hold (a "cut" of the condition). The
// matcher evaluates only rules with a trigger hit, so a hit of a pattern that
// many rules share (an actor such as "North Korea") wakes none of them unless
// their rarer selection (the weapon, the act) hit too. Internal to rules/.
#pragma once

#include <vector>

#include "rules/model.h"

namespace armwatch::rules::detail {

// pattern id -> rules (ascending) that it triggers. Needs pack.rules,
// pack.macros, pack.rules_by_pattern (every pattern -> the rules using it) and
// pack.scanner. A rule whose condition has no cut (impossible after AW-R016)
// is triggered by all of its patterns.
std::vector<std::vector<int>> trigger_index(const Pack& pack);

}  // namespace armwatch::rules::detail
