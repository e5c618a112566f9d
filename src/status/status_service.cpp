#include "status/status_service.hpp"

#include <fmt/core.h>

#include "core/text.hpp"
#include "identity/audit_log.hpp"
#include "status/status_store.hpp"

namespace jetway::status {
namespace {

std::unexpected<core::Error> NotFound() {
  return core::Fail(core::ErrorKind::kNotFound, "INCIDENT_NOT_FOUND", "there is no such incident");
}

}  // namespace

core::Result<std::vector<Incident>> StatusService::Incidents(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kStatusWrite)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  return ReadIncidents(*lease, clock_.Now() - std::chrono::days{90});
}

core::Result<Incident> StatusService::Find(const core::Actor& actor, std::int64_t id) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kStatusWrite)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  auto incident = ReadIncident(*lease, id);
  if (!incident) return NotFound();
  return *incident;
}

core::Result<std::int64_t> StatusService::Declare(const core::Actor& actor, const NewIncident& incident) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kStatusWrite)) return std::unexpected(*refused);
  if (auto checked = Check(incident); !checked) return std::unexpected(checked.error());
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  const auto id = InsertIncident(*lease, incident, actor.id, now);
  identity::AppendAudit(*lease,
                        {actor.id, actor.client, "status.incident_declare", fmt::format("incident {}", id), "",
                         fmt::format(R"({{"title":{},"impact":"{}","status":"{}"}})", core::JsonQuote(incident.title),
                                     incident.impact, incident.status)},
                        now);
  tx.Commit();
  return id;
}

core::Result<void> StatusService::Update(const core::Actor& actor, std::int64_t id, const std::string& status,
                                         const std::string& message) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kStatusWrite)) return std::unexpected(*refused);
  if (auto checked = CheckUpdate(status, message); !checked) return std::unexpected(checked.error());
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  auto before = ReadIncident(*lease, id);
  if (!before || !InsertUpdate(*lease, id, status, message, actor.id, now)) return NotFound();
  identity::AppendAudit(*lease,
                        {actor.id, actor.client, "status.incident_update", fmt::format("incident {}", id),
                         fmt::format(R"({{"status":"{}"}})", before->status),
                         fmt::format(R"({{"status":"{}"}})", status)},
                        now);
  tx.Commit();
  return {};
}

}  // namespace jetway::status
