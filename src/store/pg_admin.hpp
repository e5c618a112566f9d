// Cluster-level PostgreSQL chores that `jetway migrate` does as the owner before and after the migrations:
// creating a missing database, and the application login roles with their grants. Stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "store/postgres.hpp"
#include "store/store.hpp"

namespace jetway::store {

// Creates the database named in `owner` when it does not exist, logging in to the maintenance database "postgres"
// with the owner's credentials (the owner needs CREATEDB). Returns true when it created it.
bool EnsurePgDatabase(const PgTarget& owner);

// Creates the login role when missing and sets its password unless it is empty (the owner needs CREATEROLE).
void EnsureLoginRole(Connection& owner, const std::string& role, const std::string& password);

}  // namespace jetway::store
