#include "ops/monitoring_service.hpp"

#include <chrono>

namespace jetway::ops {

using namespace std::chrono_literals;

core::Result<ErrorsOverview> MonitoringService::Errors(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kOperationsRead)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  ErrorsOverview overview;
  overview.groups = RecentErrorGroups(*lease, now - 24h * 7, 100);
  overview.hourly = ErrorRates(*lease, now - 23h, RatePeriod::kHour);
  overview.daily = ErrorRates(*lease, now - 24h * 13, RatePeriod::kDay);
  overview.overall_daily = OverallErrorRates(*lease, now - 24h * 13, RatePeriod::kDay);
  return overview;
}

core::Result<ErrorDetail> MonitoringService::Error(const core::Actor& actor, const std::string& fingerprint) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kOperationsRead)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  auto group = FindErrorGroup(*lease, fingerprint);
  if (!group) return core::Fail(core::ErrorKind::kNotFound, "ERROR_NOT_FOUND", "there is no record of that error");
  return ErrorDetail{std::move(*group), OccurrencesOf(*lease, fingerprint, 50)};
}

core::Result<std::vector<SecurityEvent>> MonitoringService::SecurityEvents(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kOperationsRead)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  return RecentSecurityEvents(*lease, clock_.Now() - 24h * 14);
}

}  // namespace jetway::ops
