#include "app/databases.hpp"

#include <fmt/core.h>

#include <array>
#include <filesystem>
#include <span>

#include "identity/staff_service.hpp"
#include "reference/reference_service.hpp"
#include "store/migrations.hpp"
#include "store/pg_admin.hpp"
#include "store/postgres.hpp"
#include "store/privileges.hpp"
#include "store/sqlite.hpp"
#include "web/site.hpp"

namespace jetway::app {

namespace {

struct DatabaseSpec {
  const char* name;
  const std::string* url;
  bool durable;
  std::size_t pool_size;
};

std::string RoleName(const Config& config, Login login) {
  switch (login) {
    case Login::kPublic:
      return config.database.role_prefix + "_public";
    case Login::kAdmin:
      return config.database.role_prefix + "_admin";
    case Login::kAgent:
      return config.database.role_prefix + "_agent";
    case Login::kOwner:
      break;
  }
  return {};
}

const std::string& RolePassword(const Config& config, Login login) {
  switch (login) {
    case Login::kPublic:
      return config.database.public_password;
    case Login::kAdmin:
      return config.database.admin_password;
    case Login::kAgent:
      return config.database.agent_password;
    case Login::kOwner:
      break;
  }
  static const std::string none;
  return none;
}

std::unique_ptr<store::ConnectionPool> OpenPool(const Config& config, const DatabaseSpec& spec, Login login) {
  const auto timeout = std::chrono::milliseconds{config.database.acquire_timeout_ms};
  if (spec.url->empty()) {
    std::filesystem::create_directories(config.data_dir);
    const std::string path = (std::filesystem::path(config.data_dir) / fmt::format("{}.db", spec.name)).string();
    return store::OpenSqlitePool(spec.name, path, spec.durable, spec.pool_size, timeout);
  }
  if (!store::IsPostgresUrl(*spec.url))
    throw std::runtime_error(fmt::format("database.{} must be a postgresql:// URL", spec.name));
  auto target = store::PgTarget::Parse(*spec.url);
  if (login != Login::kOwner) {
    const auto& password = RolePassword(config, login);
    if (password.empty())
      throw std::runtime_error(
          fmt::format("no password configured for the PostgreSQL role {} (database.roles)", RoleName(config, login)));
    target = target.With("user", RoleName(config, login)).With("password", password);
  }
  return std::make_unique<store::ConnectionPool>(
      spec.name, store::Engine::kPostgres, [target] { return store::OpenPostgres(target); }, spec.pool_size, timeout);
}

}  // namespace

bool UsesPostgres(const Config& config) { return !config.database.data.empty(); }

std::vector<std::pair<std::string, store::ConnectionPool*>> Databases::Named() const {
  std::vector<std::pair<std::string, store::ConnectionPool*>> pools{
      {"data", data.get()}, {"web", web.get()}, {"mgmt", mgmt.get()}};
  if (data_replica) pools.emplace_back("data_replica", data_replica.get());
  return pools;
}

namespace {
std::size_t DataPoolSize(const Config& config) {
  const auto& db = config.database;
  if (db.pool_size > 0) return static_cast<std::size_t>(db.pool_size);
  return static_cast<std::size_t>(config.threads + config.write_threads) + 2;
}
std::size_t SmallPoolSize(const Config& config) { return std::min<std::size_t>(DataPoolSize(config), 4); }
}  // namespace

std::size_t DescriptorsNeeded(const Config& config) {
  // A SQLite connection holds its database, WAL and shared-memory files, and each of the three SQLite pools has
  // one more connection, its writer (store/sqlite_writer.hpp); a PostgreSQL connection holds a socket. The rest is
  // for files read at run time, the SMTP connection, the log and some slack.
  const bool postgres = UsesPostgres(config);
  const std::size_t per_connection = postgres ? 1 : 3;
  const std::size_t writers = postgres ? 0 : 3;
  const std::size_t replica = config.database.data_replica.empty() ? 0 : DataPoolSize(config);
  return (DataPoolSize(config) + replica + 2 * SmallPoolSize(config) + writers) * per_connection + 64;
}

Databases OpenDatabases(const Config& config, Login login) {
  const auto& db = config.database;
  const std::size_t data_pool = DataPoolSize(config);
  const std::size_t small_pool = SmallPoolSize(config);
  Databases dbs;
  dbs.data = OpenPool(config, {"data", &db.data, true, data_pool}, login);
  dbs.web = OpenPool(config, {"web", &db.web, false, small_pool}, login);
  dbs.mgmt = OpenPool(config, {"mgmt", &db.mgmt, true, small_pool}, login);
  // The owner migrates the primary only; a standby follows it.
  if (!db.data_replica.empty() && login != Login::kOwner)
    dbs.data_replica = OpenPool(config, {"data_replica", &db.data_replica, false, data_pool}, login);
  return dbs;
}

namespace {

// What jetway knows about each of the three databases, in one place for migrate and the schema check.
struct DatabaseParts {
  store::ConnectionPool* pool;
  const std::string* url;  // empty on SQLite
  store::DatabaseName name;
  std::span<const store::Migration> migrations;
};

std::array<DatabaseParts, 3> PartsOf(const Config& config, Databases& databases) {
  return {{{databases.data.get(), &config.database.data, store::DatabaseName::kData, store::DataMigrations()},
           {databases.web.get(), &config.database.web, store::DatabaseName::kWeb, store::WebMigrations()},
           {databases.mgmt.get(), &config.database.mgmt, store::DatabaseName::kMgmt, store::MgmtMigrations()}}};
}

}  // namespace

void MigrateAll(const Config& config, Databases& owner, log::Logger& logger, RoleGrants grants) {
  const auto parts = PartsOf(config, owner);
  if (UsesPostgres(config)) {
    for (const auto& part : parts) {
      const auto target = store::PgTarget::Parse(*part.url);
      if (store::EnsurePgDatabase(target)) logger.Info("created database", {log::Str("database", target.Describe())});
    }
  }
  int applied = 0;
  for (const auto& [pool, url, name, migrations] : parts) {
    auto lease = pool->Acquire();
    const int ran = store::Migrate(*lease, migrations);
    applied += ran;
    logger.Info("migrated", {log::Str("database", pool->name()), log::Num("applied", ran),
                             log::Num("version", store::SchemaVersion(*lease))});
  }
  if (UsesPostgres(config) && (grants == RoleGrants::kAlways || applied > 0)) {
    const store::AppRoles roles{RoleName(config, Login::kPublic), RoleName(config, Login::kAdmin),
                                RoleName(config, Login::kAgent)};
    for (const auto& part : parts) {
      auto lease = part.pool->Acquire();
      // Roles belong to a cluster, and the three databases may be on different ones.
      for (auto login : {Login::kPublic, Login::kAdmin, Login::kAgent})
        store::EnsureLoginRole(*lease, RoleName(config, login), RolePassword(config, login));
      store::ApplyPrivileges(*lease, part.name, store::PgTarget::Parse(*part.url).Get("dbname"), roles);
    }
    logger.Info("granted privileges", {log::Str("public", roles.public_role), log::Str("admin", roles.admin_role),
                                       log::Str("agent", roles.agent_role)});
  }
  {
    auto web = owner.web->Acquire();
    web::EnsureSiteKey(*web);
  }
  {
    auto mgmt = owner.mgmt->Acquire();
    identity::EnsureBuiltinRoles(*mgmt, core::SystemClock().Now());
  }
  auto lease = owner.data->Acquire();
  if (reference::CountAirports(*lease) == 0) {
    store::Transaction tx(*lease);
    const int count = reference::ImportAirportsCsv(*lease, config.airports_csv);
    tx.Commit();
    store::RefreshStatistics(*lease);
    logger.Info("imported airports", {log::Str("file", config.airports_csv), log::Num("count", count)});
  }
}

void RequireMigrated(const Config& config, Databases& databases) {
  for (const auto& [pool, url, name, migrations] : PartsOf(config, databases)) {
    auto lease = pool->Acquire();
    const int have = store::AppliedVersion(*lease);
    const int want = migrations.back().version;
    if (have < want)
      throw std::runtime_error(
          fmt::format("the {} database is at schema version {} and this jetway needs {}; run "
                      "`jetway migrate` as the database owner first",
                      pool->name(), have, want));
  }
}

}  // namespace jetway::app
