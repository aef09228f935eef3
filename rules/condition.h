// Parser for rule conditions: `a and (b or not c)`, `1 of sel_*`, `all of them`,
// macro names. Precedence: not > and > or. Internal to rules/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/model.h"

namespace armwatch::rules::detail {

struct ConditionError {
  std::string code;  // AW-R012 syntax, AW-R013 unknown name
  std::string message;
  std::size_t offset = 0;  // byte offset in the condition text
};

// Name lookups the parser needs: selections of the predicate (in order) and
// the pack's macros (nullopt when no macro has that name).
struct ConditionNames {
  const std::vector<std::string>* selections = nullptr;
  std::function<std::optional<int>(std::string_view)> macro;
};

// Parses `text`; on failure fills *error and returns nullopt.
std::optional<Expr> parse_condition(std::string_view text, const ConditionNames& names,
                                    ConditionError* error);

// Evaluates `e` with the given leaf values.
bool eval_condition(const Expr& e, const std::function<bool(int)>& selection,
                    const std::function<bool(int)>& macro);

// Selections and macros that appear under an even number of `not`s: the ones
// whose hits count as evidence.
void positive_leaves(const Expr& e, std::vector<int>* selections, std::vector<int>* macros,
                     bool positive = true);

// Every selection index mentioned anywhere in `e`.
void all_selection_leaves(const Expr& e, std::vector<int>* out);
void all_macro_leaves(const Expr& e, std::vector<int>* out);

}  // namespace armwatch::rules::detail
