#include "store/pg_admin.hpp"

#include <fmt/core.h>

namespace jetway::store {

namespace {
bool DatabaseExists(Connection& maintenance, const std::string& name) {
  auto stmt = maintenance.Prepare("SELECT 1 FROM pg_database WHERE datname = ?");
  stmt.Bind(1, name);
  return stmt.Step();
}

bool RoleExists(Connection& db, const std::string& name) {
  auto stmt = db.Prepare("SELECT 1 FROM pg_roles WHERE rolname = ?");
  stmt.Bind(1, name);
  return stmt.Step();
}
}  // namespace

bool EnsurePgDatabase(const PgTarget& owner) {
  const std::string name = owner.Get("dbname");
  if (name.empty()) throw StoreError(StoreErrorKind::kOther, "the PostgreSQL URL names no database");
  auto maintenance = OpenPostgres(owner.With("dbname", "postgres"));
  if (DatabaseExists(*maintenance, name)) return false;
  try {
    // UTF8 whatever the cluster's default; template0 so that the encoding may differ from template1's.
    maintenance->ExecScript(
        fmt::format("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0", QuoteIdentifier(name)));
  } catch (const StoreError&) {
    if (DatabaseExists(*maintenance, name)) return false;  // another migrate created it first
    throw;
  }
  return true;
}

void EnsureLoginRole(Connection& owner, const std::string& role, const std::string& password) {
  if (!RoleExists(owner, role)) {
    try {
      owner.ExecScript(fmt::format("CREATE ROLE {} LOGIN", QuoteIdentifier(role)));
    } catch (const StoreError&) {
      if (!RoleExists(owner, role)) throw;  // another migrate created it first
    }
  }
  if (password.empty()) return;  // left for the DBA to set
  // ALTER ROLE takes no parameters; the password is quoted as a literal and never logged.
  owner.ExecScript(fmt::format("ALTER ROLE {} LOGIN PASSWORD {}", QuoteIdentifier(role), QuoteLiteral(password)));
}

}  // namespace jetway::store
