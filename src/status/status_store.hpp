// The status page's records in the management database: uptime counts per component and day, incidents and their
// updates. Callers own the transactions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "status/status.hpp"
#include "store/store.hpp"

namespace jetway::status {

using UptimeKey = std::pair<std::string, std::string>;  // day, component
struct UptimeCount {
  std::int64_t probes = 0;
  std::int64_t up = 0;
};
void AddUptime(store::Connection& mgmt, const std::map<UptimeKey, UptimeCount>& counts);
std::vector<std::pair<std::string, DayCount>> ReadUptime(store::Connection& mgmt, const std::string& since_day);

std::int64_t InsertIncident(store::Connection& mgmt, const NewIncident& incident, const std::string& author,
                            core::Instant now);
// False when there is no such incident.
bool InsertUpdate(store::Connection& mgmt, std::int64_t incident_id, const std::string& status,
                  const std::string& message, const std::string& author, core::Instant now);
// The open incidents and those resolved since `since`, newest first, each with its updates.
std::vector<Incident> ReadIncidents(store::Connection& mgmt, core::Instant since);
std::optional<Incident> ReadIncident(store::Connection& mgmt, std::int64_t id);

}  // namespace jetway::status
