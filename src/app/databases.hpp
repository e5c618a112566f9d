// The three database pools (data, web, mgmt) a jetway process opens, on SQLite or PostgreSQL as configured, and
// `migrate` for all three. Built once in main; the pools themselves are thread-safe.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/config.hpp"
#include "log/log.hpp"
#include "store/store.hpp"

namespace jetway::app {

// Who the process logs in as. The owner runs migrations and loads data; each application has its own
// least-privilege role on PostgreSQL. SQLite has no roles: every login opens the same files.
enum class Login { kOwner, kPublic, kAdmin, kAgent };

struct Databases {
  std::unique_ptr<store::ConnectionPool> data;
  std::unique_ptr<store::ConnectionPool> web;
  std::unique_ptr<store::ConnectionPool> mgmt;
  std::unique_ptr<store::ConnectionPool> data_replica;  // for searches; null without [database] data_replica

  // Each open pool with its name (data, web, mgmt, and data_replica when there is one): what the metrics and the
  // probes go through.
  std::vector<std::pair<std::string, store::ConnectionPool*>> Named() const;
};

bool UsesPostgres(const Config& config);
Databases OpenDatabases(const Config& config, Login login);
// File descriptors the databases and the rest of the process need besides client connections (sized for the pools).
std::size_t DescriptorsNeeded(const Config& config);

// What MigrateAll does on PostgreSQL besides the migrations: `migrate` and `demo` set the roles' passwords and
// grants every time (that is how an operator applies a changed password); the owner's other commands (user add,
// ssim import, ...) only when a migration ran, since ALTER ROLE and the grants took 0.12 s of each such command.
enum class RoleGrants { kAlways, kWhenMigrated };

// Creates missing PostgreSQL databases and application roles (as the owner), applies the migrations of all three
// databases, and grants each role what it needs. Idempotent.
void MigrateAll(const Config& config, Databases& owner, log::Logger& logger, RoleGrants grants);

// Throws, naming the database, when one is behind this jetway's migrations (so `serve` on PostgreSQL, which does
// not migrate, refuses to start on a schema it does not know instead of failing request by request).
void RequireMigrated(const Config& config, Databases& databases);

}  // namespace jetway::app
