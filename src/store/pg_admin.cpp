#include "store/pg_admin.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

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

constexpr int kRoleAttempts = 10;

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
  // ALTER ROLE takes no parameters; the password is quoted as a literal and never logged. Roles are the cluster's:
  // two `jetway` commands on one cluster at once (a migrate beside a `user add`, on any of its databases) update the
  // same row, and PostgreSQL fails the second with "tuple concurrently updated"; setting it again then succeeds.
  const auto alter = fmt::format("ALTER ROLE {} LOGIN PASSWORD {}", QuoteIdentifier(role), QuoteLiteral(password));
  for (int attempt = 1;; ++attempt) {
    try {
      owner.ExecScript(alter);
      return;
    } catch (const StoreError&) {
      if (attempt >= kRoleAttempts) throw;
      // Spread apart, so that processes started together do not retry in step.
      std::this_thread::sleep_for(std::chrono::milliseconds{20 * attempt + ::getpid() % 23});
    }
  }
}

}  // namespace jetway::store
