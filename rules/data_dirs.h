#pragma once
// Where the reference texts live: provisions/ and history/ sit beside the rule
// pack, as in the source tree (rules/pack, rules/provisions, rules/history) and
// as installed (share/armwatch/rules, share/armwatch/provisions, ...).

#include <filesystem>
#include <string>
#include <vector>

namespace armwatch::rules {

// Each rule path's parent directory, in order, then `<exe>/../share/armwatch`.
std::vector<std::filesystem::path> reference_directories(
    const std::vector<std::string>& rule_paths);

}  // namespace armwatch::rules
