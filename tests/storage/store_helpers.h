// Helpers shared by the storage tests: items and events to record, a store
// opened or the test fails, and a raw SQLite connection to inspect, lock or
// tamper with a database behind the store's back.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "core/time.h"
#include "storage/event_store.h"

namespace armwatch::storage::testing {

inline TimePoint at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t);
  return *t;
}

inline Item make_item(const std::string& feed, const std::string& id, const std::string& title,
                      const std::string& summary = "") {
  Item item;
  item.feed = feed;
  item.id = id;
  item.title = title;
  item.summary = summary;
  item.link = "https://example.org/" + id;
  item.source = feed;
  return item;
}

inline Event make_event(const std::string& rule, const std::string& category, Severity severity,
                        TimePoint time) {
  Event e;
  e.rule_id = rule;
  e.category = category;
  e.severity = severity;
  e.time = time;
  e.message = rule + " matched";
  return e;
}

inline std::unique_ptr<EventStore> open_store(const std::string& path,
                                              const StoreOptions& options = {}) {
  auto store = open_sqlite_store(path, options);
  INFO((store ? std::string() : store.error().to_string()));
  REQUIRE(store);
  return std::move(*store);
}

template <typename T>
void require_ok(const Result<T>& r) {
  INFO((r ? std::string() : r.error().to_string()));
  REQUIRE(r.ok());
}

// A plain connection to the same file, as another process would have.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
    REQUIRE(sqlite3_busy_timeout(db_, 5000) == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs SQL that must succeed.
  void exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << ": " << (err != nullptr ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  }
  // The first column of the first row, as an integer.
  std::int64_t scalar(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    INFO(sql << ": " << sqlite3_errmsg(db_));
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    int rc = sqlite3_step(stmt);
    std::int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    REQUIRE(rc == SQLITE_ROW);
    return value;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace armwatch::storage::testing
