// The SQLite engine behind store::Connection: one database file in WAL mode. Not thread-safe (one thread at a time,
// as every Connection).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "store/sqlite_writer.hpp"
#include "store/store.hpp"

namespace jetway::store {

// Process-wide SQLite settings, made before anything opens a database (main's first step); false when SQLite was
// already in use, and nothing changed. It turns off SQLite's count of the memory it holds: kept under one global
// mutex in every sqlite3_malloc and sqlite3_free, which every connection of every thread calls many times a
// statement, and read by nothing in jetway. Measured under callgrind on three booking statements in a savepoint
// (bench/sqlite/statements.sh): 13.5 % fewer instructions, before any wait for that mutex.
bool ConfigureSqliteProcess();

// Opens (creating if needed) a database file in WAL mode; `durable` selects synchronous=FULL.
// With a `writer`, write transactions run on the writer's handle and commit in its groups (sqlite_writer.hpp): the
// writers of one process take turns there instead of queueing in SQLite's busy handler, whose growing sleeps make a
// long latency tail. Without one, a write transaction is the connection's own BEGIN IMMEDIATE ... COMMIT.
std::unique_ptr<Connection> OpenSqlite(const std::string& path, bool durable,
                                       std::shared_ptr<SqliteWriter> writer = nullptr);

// A pool of connections to one file that share one writer.
std::unique_ptr<ConnectionPool> OpenSqlitePool(const std::string& name, const std::string& path, bool durable,
                                               std::size_t size,
                                               std::chrono::milliseconds acquire_timeout = std::chrono::seconds{5});

}  // namespace jetway::store
