// rules/: the YAML rule language, its staged loader (read -> collect -> compile),
// and the matcher (vectorscan databases over every term of every rule).
// It includes only core/, yaml-cpp and vectorscan: never feeds/, storage/,
// alerts/, config/, daemon/ or cli/. The language and every diagnostic code are
// documented in rules/README.md.
//
// This header: loading a rule pack and matching Items against it. See also
// rules/explain.h (why a rule fired or not) and rules/rule_tests.h (embedded
// examples, for `armwatch rules test`).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/item.h"
#include "core/time.h"

namespace armwatch::rules {

// The rule-language version this build implements; a pack that declares a
// higher `required_engine_version` is refused (AW-R015).
inline constexpr int kEngineVersion = 2;

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

// to_string(), then the snippet and a caret under the column (when known):
// what `armwatch rules lint` prints, one diagnostic per call.
std::string format_diagnostic(const Diagnostic& d);

// Metadata of one loaded rule, for listing and explaining.
struct RuleInfo {
  std::string id;
  std::string title;
  std::string category;
  Severity severity = Severity::kInfo;
  std::vector<std::string> provisions;
  std::string file;
  int line = 0;
  // Added in engine version 2 (appended, so existing aggregate uses still compile).
  int column = 0;
  std::string description;
  std::vector<std::string> precedents;
  std::vector<std::string> tags;
  std::string status = "stable";        // stable | test | experimental | deprecated
  bool enabled = true;                  // a disabled rule is loaded and checked, never matched
  std::optional<TimePoint> valid_from;  // items dated before do not match
  std::optional<TimePoint> valid_to;    // items dated at or after do not match
  std::vector<std::string> references;
  std::vector<std::string> falsepositives;
  std::size_t example_count = 0;  // embedded `tests:` examples
  // Appended in issue 5: `match_undated: false` keeps items without a date out
  // of a rule whose window has ended (an undated item is taken as current).
  bool match_undated = true;
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
  std::size_t error_count() const;
  std::size_t warning_count() const;
};

// Loads every *.yaml / *.yml file in each directory (sorted by name) and each
// plain file in `paths`. Never throws.
LoadResult load_rule_pack(const std::vector<std::filesystem::path>& paths);

// What load_rule_pack may check beyond the rule files (added in issue 5).
struct LoadOptions {
  // The history timeline (a directory such as rules/history, or one file; see
  // rules/history.h). When set, every rule's `precedents` must name an entry
  // of it (warning AW-W007 otherwise), and a timeline that does not load is an
  // error (AW-R023). Empty: precedents are not checked.
  std::filesystem::path history;
};

// load_rule_pack(paths) plus the checks `options` asks for. Never throws.
LoadResult load_rule_pack(const std::vector<std::filesystem::path>& paths,
                          const LoadOptions& options);

// Loads one YAML document held in memory; `name` stands for the file in
// diagnostics. For tests, `armwatch rules lint -` and embedded packs. Never throws.
LoadResult load_rule_text(std::string_view yaml, std::string_view name = "<text>");

}  // namespace armwatch::rules
