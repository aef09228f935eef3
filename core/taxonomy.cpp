#include "core/taxonomy.h"

#include <algorithm>
#include <array>

namespace armwatch {
namespace {

constexpr std::array<std::string_view, 12> kCategories = {
    "mdl-crossing",        "dmz-hostile-act",    "dmz-militarization",
    "naval-nll-clash",     "airspace-incursion", "artillery-fire-near-border",
    "missile-launch",      "nuclear-test",       "armistice-repudiation",
    "commission-activity", "reinforcement",      "diplomacy-talks",
};

}  // namespace

std::span<const std::string_view> category_slugs() {
  return kCategories;
}

bool is_category(std::string_view slug) {
  return std::find(kCategories.begin(), kCategories.end(), slug) != kCategories.end();
}

}  // namespace armwatch
