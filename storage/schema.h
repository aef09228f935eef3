// The event log's schema: an ordered list of migrations, each applied in its
// own transaction and recorded in the one-row table schema_version. Private to
// storage/ (tests use it to build old databases).
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "storage/sqlite_db.h"

namespace armwatch::storage {

// The schema this binary reads and writes.
inline constexpr int kSchemaVersion = 5;

// PRAGMA application_id of an armwatch database ("ARMW").
inline constexpr int kApplicationId = 0x41524D57;

struct Migration {
  int version;           // the schema version once applied
  std::string_view sql;  // one or more statements
  // Work SQL alone cannot do (data backfills), run after `sql` in the same
  // transaction, or nullptr.
  Status (*after)(Db& db);
};

// In order: migrations()[i].version == i + 1.
std::span<const Migration> migrations();

// The stored schema version; 0 for a database with no schema_version table.
Result<int> read_schema_version(Db& db);

// Brings the database up to `target` (normally kSchemaVersion), one migration
// per transaction (BEGIN IMMEDIATE, so two processes opening a fresh database
// cannot both migrate it). kUnsupported when the stored version is newer than
// this binary, or when the file belongs to another application.
Status migrate(Db& db, int target = kSchemaVersion);

// For read-only opens: ok when the stored version is exactly kSchemaVersion;
// otherwise kUnsupported saying whether armwatch or the database is too old.
Status check_schema_readable(Db& db);

}  // namespace armwatch::storage
