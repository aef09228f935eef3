// rules/: the YAML rule language, its staged loader (read -> collect -> compile),
// and the matcher (one vectorscan database for every term of every rule).
// It includes only core/, yaml-cpp and vectorscan: never feeds/, storage/,
// alerts/, config/, daemon/ or cli/.
//
// This header: loading a rule pack and matching Items against it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/item.h"

namespace armwatch::rules {

// One loader finding, with a stable code ("AW-R001"), its place and the offending line.
struct Diagnostic {
  enum class Level { kError, kWarning };
  Level level = Level::kError;
  std::string code;
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string message;
  std::string snippet;

  // "file:line:col: error AW-R001: message"
  std::string to_string() const;
};

// Metadata of one loaded rule, for listing and explaining.
struct RuleInfo {
  std::string id;
  std::string title;
  std::string category;
  Severity severity = Severity::kInfo;
  std::vector<std::string> provisions;
  std::string file;
  int line = 0;
};

// An immutable compiled rule pack. Share it through shared_ptr<const RuleSet>:
// a reload builds a new one and swaps the pointer while matching goes on.
class RuleSet {
 public:
  virtual ~RuleSet() = default;
  // Every rule is evaluated; one item may yield several events (one per rule at
  // most). Event::time is left for the caller to set. Thread-safe.
  virtual std::vector<Event> match(const Item& item) const = 0;
  virtual const std::vector<RuleInfo>& rules() const = 0;
};

struct LoadResult {
  std::shared_ptr<const RuleSet> rules;  // null when any error was found
  std::vector<Diagnostic> diagnostics;   // errors and warnings, in file order
  bool ok() const { return rules != nullptr; }
};

// Loads every *.yaml / *.yml file in each directory (sorted by name) and each
// plain file in `paths`. Never throws.
LoadResult load_rule_pack(const std::vector<std::filesystem::path>& paths);

}  // namespace armwatch::rules
