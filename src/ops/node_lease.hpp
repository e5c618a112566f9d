// A job that one node of the cluster does (taking backups, evaluating alerts) goes to whichever node holds its
// lease in the management database: the holder renews it at each tick, and when it stops renewing (the node died)
// another takes it once it has lapsed. Works on SQLite and PostgreSQL alike: one conditional UPDATE decides.
#pragma once

#include <chrono>
#include <string>

#include "core/time.hpp"
#include "store/store.hpp"

namespace jetway::ops {

// True when `holder` holds the lease `name` until now + ttl (it held it already, or the last holder's lapsed).
bool TakeLease(store::ConnectionPool& mgmt, const std::string& name, const std::string& holder, core::Instant now,
               std::chrono::seconds ttl);

// This process's name among the nodes: host name and process id.
std::string NodeName();

}  // namespace jetway::ops
