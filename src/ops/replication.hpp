// The standbys a PostgreSQL primary streams to, as pg_stat_replication shows them: for the metrics and the alerts.
// Their state and lag are visible only to roles with pg_read_all_stats (deploy/postgresql/pg_node.sh grants it to
// the application's role); without it they read as unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ops/standby.hpp"
#include "store/store.hpp"

namespace jetway::ops {

// The standbys of the primary `data` is on; empty when there are none (or it is SQLite, which has none).
std::vector<Standby> ReadStandbys(store::ConnectionPool& data);

}  // namespace jetway::ops
