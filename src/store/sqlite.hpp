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
