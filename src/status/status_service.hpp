// Staff's side of the status page: the incidents, declared and updated in the back office (status.write), each
// change in the audit log in the same transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "status/status.hpp"
#include "store/store.hpp"

namespace jetway::status {

class StatusService {
 public:
  StatusService(store::ConnectionPool& mgmt, const core::Clock& clock) : mgmt_(mgmt), clock_(clock) {}

  // The open incidents and those resolved in the last 90 days.
  core::Result<std::vector<Incident>> Incidents(const core::Actor& actor);
  // INCIDENT_NOT_FOUND (404).
  core::Result<Incident> Find(const core::Actor& actor, std::int64_t id);
  core::Result<std::int64_t> Declare(const core::Actor& actor, const NewIncident& incident);
  core::Result<void> Update(const core::Actor& actor, std::int64_t id, const std::string& status,
                            const std::string& message);

 private:
  store::ConnectionPool& mgmt_;
  const core::Clock& clock_;
};

}  // namespace jetway::status
