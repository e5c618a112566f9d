#include "ops/replication.hpp"

namespace jetway::ops {

std::vector<Standby> ReadStandbys(store::ConnectionPool& data) {
  auto lease = data.Acquire();
  if (lease->engine() != store::Engine::kPostgres) return {};
  auto stmt = lease->Prepare(
      "SELECT application_name, COALESCE(state, ''), COALESCE(sync_state, ''), "
      "CAST(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS BIGINT), "
      "CAST(EXTRACT(EPOCH FROM replay_lag) * 1000 AS BIGINT) FROM pg_stat_replication ORDER BY application_name");
  std::vector<Standby> standbys;
  while (stmt.Step()) {
    Standby s{stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.OptInt(3), std::nullopt};
    if (auto ms = stmt.OptInt(4)) s.lag_seconds = static_cast<double>(*ms) / 1000.0;
    else if (s.lag_bytes && *s.lag_bytes == 0) s.lag_seconds = 0;  // caught up and idle: PostgreSQL shows no lag
    standbys.push_back(std::move(s));
  }
  return standbys;
}

}  // namespace jetway::ops
