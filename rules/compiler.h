// Compiler stage: PackSpec -> Pack. Resolves list and macro names, turns terms
// into vectorscan patterns (the databases of rules/scanner.h), parses
// conditions and checks everything that can be checked before matching.
// Internal to rules/.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "rules/diagnostics.h"
#include "rules/model.h"
#include "rules/spec.h"

namespace armwatch::rules::detail {

// Builds the pack, or returns null after reporting at least one error.
std::unique_ptr<Pack> compile_pack(const PackSpec& spec, DiagSink* sink);

// The built-in cue lists; a pack extends them with `- list: negation_cues` (or
// hedging_cues) and `append: true`.
inline constexpr std::string_view kNegationList = "negation_cues";
inline constexpr std::string_view kHedgingList = "hedging_cues";
inline constexpr std::string_view kClaimList = "claim_cues";

// Terms, lists and conditions: the part of compilation shared by rules, macros,
// discards and exceptions.
class PredicateCompiler {
 public:
  explicit PredicateCompiler(DiagSink* sink);

  void add_list(const ListSpec& list);
  void set_macros(const std::vector<std::string>& names) { macros_ = names; }

  // nullopt after reporting an error.
  std::optional<Predicate> compile(const PredicateSpec& spec);

  // Patterns of a cue list (built-in items plus appended ones).
  std::vector<int> cue_patterns(std::string_view list);

  void warn_unused_lists();
  std::vector<Pattern> patterns() const { return patterns_; }
  const Loc& pattern_loc(int id) const { return pattern_locs_[static_cast<std::size_t>(id)]; }

  struct List {
    std::vector<Value> items;
    Loc loc;
    bool used = false;
  };

 private:
  bool compile_selection(const SelectionSpec& spec, const std::vector<std::string>& names,
                         Selection* out);
  bool expand(const Value& value, const TermMods& mods, std::vector<int>* group, int depth);
  int intern(const std::string& term, const TermMods& mods, const Loc& loc);
  bool resolve_suffixes(const std::string& list, const Loc& loc, Pattern* p);
  std::optional<Expr> compile_condition(const PredicateSpec& spec,
                                        const std::vector<std::string>& names);

  DiagSink* sink_;
  std::map<std::string, List, std::less<>> lists_;
  std::vector<std::string> macros_;
  std::vector<Pattern> patterns_;
  std::vector<Loc> pattern_locs_;
  std::map<std::tuple<std::string, unsigned, int>, int> pattern_ids_;
};

}  // namespace armwatch::rules::detail
