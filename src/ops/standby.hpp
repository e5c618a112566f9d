// A standby as the primary reports it (ops/replication.hpp reads them; the metrics and the alert rules use them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace jetway::ops {

struct Standby {
  std::string name;        // application_name: pg1, pg2
  std::string state;       // streaming, catchup, ...; empty when not visible to this role
  std::string sync_state;  // sync, quorum, async, potential
  std::optional<std::int64_t> lag_bytes;  // WAL written on the primary and not yet replayed there
  std::optional<double> lag_seconds;      // replay_lag; 0 when nothing is outstanding
};

}  // namespace jetway::ops
