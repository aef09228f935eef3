// A small RAII layer over the SQLite C API, private to storage/: Db owns one
// connection (sqlite3*) and a cache of prepared statements; Query borrows one
// cached statement and resets it when it goes out of scope; Transaction rolls
// back unless committed. Every sqlite3 return code becomes a Status or Result
// here, with the database path as context.
//
// Not thread-safe: a Db (and everything borrowed from it) is used by one thread
// at a time, like the EventStore that owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "core/time.h"

struct sqlite3;
struct sqlite3_stmt;

namespace armwatch::storage {

// Maps a SQLite result code to an Error: kBusy for SQLITE_BUSY/SQLITE_LOCKED,
// kFull for SQLITE_FULL, kDatabase for everything else. `what` says what was
// being done; the message also carries `detail` (usually sqlite3_errmsg).
Error sqlite_error(int rc, std::string_view what, std::string_view detail, const std::string& path);

class Db;

// A cached prepared statement in use. Binds are 1-based, columns 0-based, as in
// SQLite. A bind failure is remembered and reported by the next step(). The
// statement is reset (and its bindings cleared) when the Query dies, so no read
// snapshot outlives it. Move-only; must not outlive its Db.
class Query {
 public:
  Query(Db& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();

  Query& bind(int index, std::int64_t value);
  Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, double value);
  Query& bind(int index, std::string_view text);  // copied by SQLite
  Query& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Query& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Query& bind(int index, std::optional<TimePoint> time);  // unix ms, or NULL
  Query& bind(int index, TimePoint time) { return bind(index, to_unix_ms(time)); }
  Query& bind_null(int index);
  // Binds NULL for an empty string, so optional text filters read `?N IS NULL`.
  Query& bind_or_null(int index, std::string_view text);

  // true: a row is ready; false: done. Errors carry sqlite3_errmsg.
  Result<bool> step();
  // Steps to completion, for statements that return no rows, then reset() so
  // the statement can be bound and run again.
  Status run();
  // Ends the current execution (keeping the bindings) so the statement can be
  // bound and stepped again.
  void reset();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;  // "" for NULL
  std::optional<TimePoint> time(int col) const;

 private:
  Db* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = 0;  // the first failing bind's code, 0 if all succeeded
};

// Runs `q` to the end, calling `read(q)` on each row.
template <typename F>
Status each_row(Query& q, F read) {
  for (;;) {
    auto row = q.step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return ok_status();
    }
    read(q);
  }
}

struct OpenFlags {
  bool read_only = false;
  bool create = true;
};

// One connection. Prepared statements are cached by their SQL text for the life
// of the connection (SQLITE_PREPARE_PERSISTENT) and finalised on close.
class Db {
 public:
  // Opens `path` (or ":memory:"). A connection is returned even if the
  // extended error codes cannot be enabled; errors name `path`.
  static Result<std::unique_ptr<Db>> open(const std::string& path, OpenFlags flags);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

  // Returns the cached statement for `sql`, preparing it on first use. `sql`
  // must be one statement.
  Result<Query> query(const std::string& sql);
  // Runs one or more statements that return no rows (not cached).
  Status exec(const std::string& sql);
  // Reads a PRAGMA or other one-value statement as text.
  Result<std::string> scalar_text(const std::string& sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  bool in_transaction() const;

  // An Error for the last failure on this connection: `rc` and sqlite3_errmsg.
  Error error(int rc, std::string_view what) const;

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE (or DEFERRED for readers) ... COMMIT. If the Transaction dies
// uncommitted, or commit() fails, it rolls back, so a failed batch leaves nothing.
class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };
  explicit Transaction(Db& db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // kBusy when another connection holds the write lock past busy_timeout.
  Status begin(Mode mode = Mode::kImmediate);
  Status commit();
  // Rolls back if a transaction is still open; reports a failed ROLLBACK.
  Status rollback();

 private:
  Db& db_;
  bool open_ = false;
};

}  // namespace armwatch::storage
