// What the SQLite engine's connections and its shared writer (sqlite_writer.hpp) both need of a raw sqlite3 handle:
// opening one the way jetway runs every SQLite file, and SQLite's errors as StoreErrors.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "store/store.hpp"

namespace jetway::store {

StoreErrorKind SqliteErrorKind(int rc);

// The handle's last error as a StoreError, naming `context` (the statement, cut short).
StoreError SqliteError(sqlite3* db, int rc, std::string_view context);
[[noreturn]] void ThrowSqlite(sqlite3* db, int rc, std::string_view context);

// Runs statements without parameters; throws on the first error.
void ExecSqlite(sqlite3* db, const std::string& sql);

// Opens (creating if needed) `path` in WAL mode with foreign keys on; `durable` selects synchronous=FULL.
// `thread_safe` opens it in SQLite's serialized mode, for a handle that several threads call.
sqlite3* OpenSqliteHandle(const std::string& path, bool durable, bool thread_safe);

}  // namespace jetway::store
