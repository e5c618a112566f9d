// The back office's view of the running system: the error tracker's causes, one cause's occurrences, the error
// rate per transaction per hour and per day, and the security events (operations.read). Reads the management
// database.
#pragma once

#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "ops/error_reports.hpp"
#include "ops/security_events.hpp"
#include "store/store.hpp"

namespace jetway::ops {

struct ErrorsOverview {
  std::vector<ErrorGroup> groups;        // seen in the last 7 days, latest first
  std::vector<ErrorRate> hourly;         // the last 24 hours, transactions with errors
  std::vector<ErrorRate> daily;          // the last 14 days, transactions with errors
  std::vector<ErrorRate> overall_daily;  // the last 14 days, all transactions together
};

struct ErrorDetail {
  ErrorGroup group;
  std::vector<ErrorOccurrence> occurrences;  // the latest 50
};

class MonitoringService {
 public:
  MonitoringService(store::ConnectionPool& mgmt, const core::Clock& clock) : mgmt_(mgmt), clock_(clock) {}

  core::Result<ErrorsOverview> Errors(const core::Actor& actor);
  // ERROR_NOT_FOUND (404) for a cause there is no record of.
  core::Result<ErrorDetail> Error(const core::Actor& actor, const std::string& fingerprint);
  // The security events of the last 14 days, latest first.
  core::Result<std::vector<SecurityEvent>> SecurityEvents(const core::Actor& actor);

 private:
  store::ConnectionPool& mgmt_;
  const core::Clock& clock_;
};

}  // namespace jetway::ops
