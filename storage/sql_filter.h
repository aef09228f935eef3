// SqlFilter: builds the WHERE clause of a query from the filters a caller set,
// so each combination gets its own SQL text (and cached statement) that SQLite
// can plan with the right index, instead of one "?1 IS NULL OR ..." statement
// that defeats indexes. Private to storage/.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "storage/sqlite_db.h"

namespace armwatch::storage {

class SqlFilter {
 public:
  using Value = std::variant<std::int64_t, std::string>;

  // `clause` holds exactly one anonymous "?" for `value`.
  void add(std::string clause, Value value) {
    clauses_.push_back(std::move(clause));
    values_.push_back(std::move(value));
  }

  // "" or " WHERE a AND b".
  std::string where() const {
    std::string sql;
    for (std::size_t i = 0; i < clauses_.size(); ++i) {
      sql += i == 0 ? " WHERE " : " AND ";
      sql += clauses_[i];
    }
    return sql;
  }

  // Binds the values to ?first, ?first+1, ...; returns the next free index.
  int bind(Query& q, int first) const {
    for (const Value& v : values_) {
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        q.bind(first++, *n);
      } else {
        q.bind(first++, std::get<std::string>(v));
      }
    }
    return first;
  }

 private:
  std::vector<std::string> clauses_;
  std::vector<Value> values_;
};

}  // namespace armwatch::storage
