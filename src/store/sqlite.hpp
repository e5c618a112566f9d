// The SQLite engine behind store::Connection: one database file in WAL mode. Not thread-safe (one thread at a time,
// as every Connection).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/store.hpp"

namespace jetway::store {

// Opens (creating if needed) a database file in WAL mode; `durable` selects synchronous=FULL.
// `write_gate`, when given, is taken by every write transaction on this connection: writers of one process then
// queue on a mutex instead of in SQLite's busy handler, whose growing sleeps make a long latency tail.
std::unique_ptr<Connection> OpenSqlite(const std::string& path, bool durable, std::mutex* write_gate = nullptr);

}  // namespace jetway::store
