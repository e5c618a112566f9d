// Numbered, forward-only schema migrations for jetway's three databases (data, web, mgmt). Each migration runs
// in its own transaction and is recorded in schema_migrations, so `jetway migrate` is idempotent and upgrades
// an older file in place. Stateless functions.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace jetway::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  // What each engine runs after `sql`, where their DDL differs beyond ExpandDdl's tokens (triggers).
  std::string_view sqlite_sql = {};
  std::string_view postgres_sql = {};
  // A change SQL alone cannot make on SQLite (its schema's text rewritten), run after `sqlite_sql`.
  void (*sqlite_step)(Connection&) = nullptr;
};

std::span<const Migration> DataMigrations();
std::span<const Migration> WebMigrations();
std::span<const Migration> MgmtMigrations();

// Migration text is written once; `{id}` (an integer key the database assigns), `{serial}` (the same, never handed
// out again once deleted) and `{without_rowid}` (a SQLite storage hint) become each engine's own DDL. Every other
// integer column is BIGINT, 64-bit on both engines.
std::string ExpandDdl(Engine engine, std::string_view sql);

// Applies the migrations not yet recorded; returns how many ran.
int Migrate(Connection& connection, std::span<const Migration> migrations);
// Highest applied version (0 for a fresh database); creates the bookkeeping table, so the owner's call.
int SchemaVersion(Connection& connection);
// The same, read-only, for an application role: 0 when nothing was ever migrated.
int AppliedVersion(Connection& connection);

}  // namespace jetway::store
