#include "rules/condition.h"

#include <cctype>

namespace armwatch::rules::detail {
namespace {

struct Token {
  enum class Kind { kWord, kLParen, kRParen, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  std::size_t offset = 0;
};

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '*' ||
         c == '.';
}

std::vector<Token> tokenize(std::string_view s, ConditionError* error, bool* ok) {
  std::vector<Token> out;
  *ok = true;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Token::Kind::kLParen : Token::Kind::kRParen, std::string(1, c), i});
      ++i;
    } else if (is_name_char(c)) {
      std::size_t b = i;
      while (i < s.size() && is_name_char(s[i])) {
        ++i;
      }
      out.push_back({Token::Kind::kWord, std::string(s.substr(b, i - b)), b});
    } else {
      *error = {"AW-R012", "unexpected character '" + std::string(1, c) + "' in condition", i};
      *ok = false;
      return out;
    }
  }
  out.push_back({Token::Kind::kEnd, "", s.size()});
  return out;
}

bool glob_match(std::string_view pattern, std::string_view name) {
  std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    return pattern == name;
  }
  std::string_view head = pattern.substr(0, star);
  std::string_view tail = pattern.substr(star + 1);
  return name.size() >= head.size() + tail.size() && name.substr(0, head.size()) == head &&
         name.substr(name.size() - tail.size()) == tail;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ConditionNames& names, ConditionError* error)
      : tokens_(std::move(tokens)), names_(names), error_(error) {}

  std::optional<Expr> parse() {
    auto e = parse_or();
    if (e && peek().kind != Token::Kind::kEnd) {
      return fail("AW-R012", "unexpected '" + peek().text + "' after a complete condition");
    }
    return e;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool is_word(std::string_view w) const {
    return peek().kind == Token::Kind::kWord && peek().text == w;
  }
  std::nullopt_t fail(std::string code, std::string message) {
    *error_ = {std::move(code), std::move(message), peek().offset};
    return std::nullopt;
  }

  std::optional<Expr> parse_binary(Expr::Kind kind, std::string_view op,
                                   std::optional<Expr> (Parser::*sub)()) {
    auto first = (this->*sub)();
    if (!first || !is_word(op)) {
      return first;
    }
    Expr e{kind, -1, {std::move(*first)}};
    while (is_word(op)) {
      next();
      auto rhs = (this->*sub)();
      if (!rhs) {
        return std::nullopt;
      }
      e.children.push_back(std::move(*rhs));
    }
    return e;
  }
  std::optional<Expr> parse_or() { return parse_binary(Expr::Kind::kOr, "or", &Parser::parse_and); }
  std::optional<Expr> parse_and() {
    return parse_binary(Expr::Kind::kAnd, "and", &Parser::parse_unary);
  }

  std::optional<Expr> parse_unary() {
    if (is_word("not")) {
      next();
      auto inner = parse_unary();
      if (!inner) {
        return std::nullopt;
      }
      return Expr{Expr::Kind::kNot, -1, {std::move(*inner)}};
    }
    return parse_primary();
  }

  std::optional<Expr> parse_primary() {
    const Token& t = peek();
    if (t.kind == Token::Kind::kLParen) {
      next();
      auto e = parse_or();
      if (!e) {
        return std::nullopt;
      }
      if (peek().kind != Token::Kind::kRParen) {
        return fail("AW-R012", "expected ')'");
      }
      next();
      return e;
    }
    if (t.kind != Token::Kind::kWord || t.text == "and" || t.text == "or" || t.text == "of") {
      return fail("AW-R012", t.kind == Token::Kind::kEnd ? "condition ends too early"
                                                         : "unexpected '" + t.text + "'");
    }
    if ((t.text == "1" || t.text == "any" || t.text == "all") &&
        tokens_[pos_ + 1].kind == Token::Kind::kWord && tokens_[pos_ + 1].text == "of") {
      return parse_quantifier();
    }
    return parse_name();
  }

  std::optional<Expr> parse_quantifier() {
    bool all = next().text == "all";
    next();  // "of"
    if (peek().kind != Token::Kind::kWord) {
      return fail("AW-R012", "expected a selection pattern or 'them' after 'of'");
    }
    std::string pattern = peek().text == "them" ? "*" : peek().text;
    Expr e{all ? Expr::Kind::kAllOf : Expr::Kind::kOneOf, -1, {}};
    for (std::size_t i = 0; i < names_.selections->size(); ++i) {
      if (glob_match(pattern, (*names_.selections)[i])) {
        e.children.push_back(Expr{Expr::Kind::kSelection, static_cast<int>(i), {}});
      }
    }
    if (e.children.empty()) {
      return fail("AW-R013", "no selection matches '" + peek().text + "'");
    }
    next();
    return e;
  }

  std::optional<Expr> parse_name() {
    const std::string& name = peek().text;
    for (std::size_t i = 0; i < names_.selections->size(); ++i) {
      if ((*names_.selections)[i] == name) {
        next();
        return Expr{Expr::Kind::kSelection, static_cast<int>(i), {}};
      }
    }
    if (auto m = names_.macro ? names_.macro(name) : std::nullopt) {
      next();
      return Expr{Expr::Kind::kMacro, *m, {}};
    }
    return fail("AW-R013", "'" + name + "' is neither a selection of this rule nor a macro");
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  const ConditionNames& names_;
  ConditionError* error_;
};

}  // namespace

std::optional<Expr> parse_condition(std::string_view text, const ConditionNames& names,
                                    ConditionError* error) {
  bool ok = true;
  auto tokens = tokenize(text, error, &ok);
  if (!ok) {
    return std::nullopt;
  }
  return Parser(std::move(tokens), names, error).parse();
}

void positive_leaves(const Expr& e, std::vector<int>* selections, std::vector<int>* macros,
                     bool positive) {
  if (e.kind == Expr::Kind::kSelection && positive) {
    selections->push_back(e.index);
  } else if (e.kind == Expr::Kind::kMacro && positive) {
    macros->push_back(e.index);
  }
  bool child_positive = e.kind == Expr::Kind::kNot ? !positive : positive;
  for (const Expr& c : e.children) {
    positive_leaves(c, selections, macros, child_positive);
  }
}

void all_selection_leaves(const Expr& e, std::vector<int>* out) {
  if (e.kind == Expr::Kind::kSelection) {
    out->push_back(e.index);
  }
  for (const Expr& c : e.children) {
    all_selection_leaves(c, out);
  }
}

void all_macro_leaves(const Expr& e, std::vector<int>* out) {
  if (e.kind == Expr::Kind::kMacro) {
    out->push_back(e.index);
  }
  for (const Expr& c : e.children) {
    all_macro_leaves(c, out);
  }
}

}  // namespace armwatch::rules::detail
