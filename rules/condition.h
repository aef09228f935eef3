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

// Evaluates `e` with the given leaf values: selection(index) and macro(index)
// return bool. A template, so the matcher's hot loop calls no std::function.
template <typename SelectionFn, typename MacroFn>
bool eval_condition(const Expr& e, SelectionFn&& selection, MacroFn&& macro) {
  switch (e.kind) {
    case Expr::Kind::kSelection:
      return selection(e.index);
    case Expr::Kind::kMacro:
      return macro(e.index);
    case Expr::Kind::kNot:
      return !eval_condition(e.children[0], selection, macro);
    case Expr::Kind::kAnd:
    case Expr::Kind::kAllOf:
      for (const Expr& c : e.children) {
        if (!eval_condition(c, selection, macro)) {
          return false;
        }
      }
      return true;
    case Expr::Kind::kOr:
    case Expr::Kind::kOneOf:
      for (const Expr& c : e.children) {
        if (eval_condition(c, selection, macro)) {
          return true;
        }
      }
      return false;
  }
  return false;
}

// Selections and macros that appear under an even number of `not`s: the ones
// whose hits count as evidence.
void positive_leaves(const Expr& e, std::vector<int>* selections, std::vector<int>* macros,
                     bool positive = true);

// Every selection index mentioned anywhere in `e`.
void all_selection_leaves(const Expr& e, std::vector<int>* out);
void all_macro_leaves(const Expr& e, std::vector<int>* out);

}  // namespace armwatch::rules::detail
