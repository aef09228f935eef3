#include "storage/sqlite_db.h"

#include <utility>

#include <sqlite3.h>

namespace armwatch::storage {

Error sqlite_error(int rc, std::string_view what, std::string_view detail,
                   const std::string& path) {
  ErrorCode code = ErrorCode::kDatabase;
  switch (rc & 0xff) {  // the primary code of an extended result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = ErrorCode::kBusy;
      break;
    case SQLITE_FULL:
      code = ErrorCode::kFull;
      break;
    default:
      break;
  }
  std::string message(what);
  message += ": ";
  message += detail.empty() ? std::string_view(sqlite3_errstr(rc)) : detail;
  return make_error(code, std::move(message), path);
}

// ---- Query ----------------------------------------------------------------

Query::Query(Query&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}

Query::~Query() {
  if (stmt_ != nullptr) {
    // sqlite3_reset repeats the last step's error code, already reported by
    // step(); clearing bindings cannot fail. Neither needs handling here.
    (void)sqlite3_reset(stmt_);
    (void)sqlite3_clear_bindings(stmt_);
  }
}

namespace {
int keep_first(int previous, int rc) {
  return previous != SQLITE_OK ? previous : rc;
}
}  // namespace

Query& Query::bind(int index, std::int64_t value) {
  bind_rc_ = keep_first(bind_rc_, sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Query& Query::bind(int index, double value) {
  bind_rc_ = keep_first(bind_rc_, sqlite3_bind_double(stmt_, index, value));
  return *this;
}

Query& Query::bind(int index, std::string_view text) {
  // A non-null pointer even for "", so an empty string stays '' and not NULL.
  const char* data = text.data() != nullptr ? text.data() : "";
  bind_rc_ = keep_first(bind_rc_, sqlite3_bind_text64(stmt_, index, data, text.size(),
                                                      SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Query& Query::bind(int index, std::optional<TimePoint> time) {
  return time ? bind(index, to_unix_ms(*time)) : bind_null(index);
}

Query& Query::bind_null(int index) {
  bind_rc_ = keep_first(bind_rc_, sqlite3_bind_null(stmt_, index));
  return *this;
}

Query& Query::bind_or_null(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

Result<bool> Query::step() {
  if (bind_rc_ != SQLITE_OK) {
    return sqlite_error(bind_rc_, "binding a parameter", sqlite3_errmsg(db_->handle()),
                        db_->path());
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return db_->error(rc, "running a statement");
}

Status Query::run() {
  for (;;) {
    auto row = step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      reset();
      return ok_status();
    }
  }
}

void Query::reset() {
  // sqlite3_reset repeats the last step's error code, which step() reported.
  (void)sqlite3_reset(stmt_);
  bind_rc_ = SQLITE_OK;
}

bool Query::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::int64_t Query::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

double Query::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}

std::string Query::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) {
    return {};
  }
  auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col));
  return std::string(reinterpret_cast<const char*>(p), n);
}

std::optional<TimePoint> Query::time(int col) const {
  if (is_null(col)) {
    return std::nullopt;
  }
  return from_unix_ms(int64(col));
}

// ---- Db -------------------------------------------------------------------

Result<std::unique_ptr<Db>> Db::open(const std::string& path, OpenFlags flags) {
  int mode = flags.read_only ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | (flags.create ? SQLITE_OPEN_CREATE : 0);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, mode, nullptr);
  if (rc != SQLITE_OK) {
    // Even on failure SQLite usually hands back a handle that holds the message.
    std::string detail = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    (void)sqlite3_close(raw);  // closing a failed handle only frees it
    return sqlite_error(rc, "cannot open database", detail, path);
  }
  std::unique_ptr<Db> db(new Db(raw, path));
  rc = sqlite3_extended_result_codes(raw, 1);
  if (rc != SQLITE_OK) {
    return db->error(rc, "enabling extended result codes");
  }
  return db;
}

Db::~Db() {
  for (auto& entry : cache_) {
    // Finalize returns the statement's last error, already reported.
    (void)sqlite3_finalize(entry.second);
  }
  // With every statement finalised, close only fails on a misuse (a bug); there
  // is nothing left to do with the error in a destructor.
  (void)sqlite3_close(db_);
}

Result<Query> Db::query(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()) + 1,
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return error(rc, "preparing a statement");
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return Query(*this, it->second);
}

Status Db::exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return sqlite_error(rc, "running SQL", detail, path_);
  }
  return ok_status();
}

Result<std::string> Db::scalar_text(const std::string& sql) {
  auto q = query(sql);
  if (!q) {
    return q.error();
  }
  auto row = q->step();
  if (!row) {
    return row.error();
  }
  return *row ? q->text(0) : std::string();
}

std::int64_t Db::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int Db::changes() const {
  return sqlite3_changes(db_);
}

bool Db::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

Error Db::error(int rc, std::string_view what) const {
  return sqlite_error(rc, what, sqlite3_errmsg(db_), path_);
}

// ---- Transaction ----------------------------------------------------------

Transaction::~Transaction() {
  // The caller already saw the error that left the transaction open; a failed
  // ROLLBACK here is retried by the next begin().
  (void)rollback();
}

Status Transaction::begin(Mode mode) {
  if (db_.in_transaction()) {
    // A ROLLBACK that failed earlier left a transaction open: end it first.
    if (auto st = db_.exec("ROLLBACK"); !st) {
      return st;
    }
  }
  auto st = db_.exec(mode == Mode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  open_ = st.ok();
  return st;
}

Status Transaction::commit() {
  auto st = db_.exec("COMMIT");
  if (!st) {
    // A failed COMMIT (busy, full) may leave the transaction open; roll it back
    // so that nothing of it is kept, and report the COMMIT's error.
    (void)rollback();
    return st;
  }
  open_ = false;
  return ok_status();
}

Status Transaction::rollback() {
  if (!open_) {
    return ok_status();
  }
  open_ = false;
  // SQLite rolls back by itself after some errors (SQLITE_FULL, IOERR, NOMEM).
  if (!db_.in_transaction()) {
    return ok_status();
  }
  return db_.exec("ROLLBACK");
}

}  // namespace armwatch::storage
