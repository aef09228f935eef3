// Helpers shared by the rules tests: load inline YAML through a TempDir file,
// build Items, pick diagnostics and event categories.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/item.h"
#include "rules/rule_set.h"
#include "tests/support/temp_dir.h"

namespace armwatch::rules::testing {

// Writes `yaml` to <tmp>/rules.yaml and loads that directory.
inline LoadResult load_yaml(const std::string& yaml) {
  armwatch::testing::TempDir dir;
  dir.write("rules.yaml", yaml);
  return load_rule_pack({dir.path()});
}

inline Item make_item(std::string title, std::string summary = {}) {
  Item item;
  item.feed = "test";
  item.title = std::move(title);
  item.summary = std::move(summary);
  return item;
}

inline std::vector<std::string> categories(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) {
    out.push_back(e.category);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> rule_ids(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) {
    out.push_back(e.rule_id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The first diagnostic with `code`, or nullptr.
inline const Diagnostic* find_code(const LoadResult& r, const std::string& code) {
  for (const Diagnostic& d : r.diagnostics) {
    if (d.code == code) {
      return &d;
    }
  }
  return nullptr;
}

inline std::string dump(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) {
    out += format_diagnostic(d);
  }
  return out;
}

}  // namespace armwatch::rules::testing
