// Least privilege on PostgreSQL: what each application's login role may do in each of the three databases.
// `jetway migrate` (as the owner) re-applies the whole set after every migration, so a new table is never left
// open or forgotten. Stateless.
#pragma once

#include <cstdint>
#include <string>

#include "store/store.hpp"

namespace jetway::store {

enum class DatabaseName { kData, kWeb, kMgmt };

struct AppRoles {
  std::string public_role;  // IBE and partner API: internet-facing
  std::string admin_role;   // back office
  std::string agent_role;   // agent portal
};

// Revokes everything the roles had here and grants exactly their set; also closes CONNECT to everyone else.
void ApplyPrivileges(Connection& owner, DatabaseName database, const std::string& database_name,
                     const AppRoles& roles);

// The agency whose rows the agent role's row-level security shows this connection (PostgreSQL: the session's
// jetway.agency_id; 0: none). Set on every connection an agency user's request takes, before its transaction, so a
// pooled connection never carries another agency's scope into it. SQLite has no roles: there the services filter.
void ScopeToAgency(Connection& db, std::int64_t agency_id);

}  // namespace jetway::store
