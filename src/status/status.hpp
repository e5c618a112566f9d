// The public status page's model, pure: the components a passenger or partner cares about, each one's state as a
// node's probes see it (ops::Observations) made worse by any open incident staff declared on it, the days of
// uptime recorded from those probes, and the rules for incidents and their updates.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "ops/alert_rules.hpp"

namespace jetway::status {

// Ordered from best to worst, so the worse of two is the greater.
enum class State { kOperational, kMaintenance, kDegraded, kOutage, kUnknown };
std::string_view ToString(State state);

struct Component {
  std::string_view id;  // booking_site, api, back_office, database_data, ..., email, backups
};
std::span<const Component> Components();
bool IsComponent(std::string_view id);

// What the node is and has, besides what it observes.
struct NodeFacts {
  bool public_app = true;
  bool admin_app = true;
  bool mail_configured = false;
  std::chrono::seconds backup_max_age{900};
};

struct ComponentNow {
  std::string id;
  State state = State::kUnknown;
};
// Each component's state from the probes alone.
std::vector<ComponentNow> Probe(const ops::Observations& seen, const NodeFacts& facts);

// Incidents: what staff say, with its updates.
inline constexpr std::string_view kImpacts[] = {"minor", "major", "critical", "maintenance"};
inline constexpr std::string_view kIncidentStatuses[] = {"investigating", "identified", "monitoring", "resolved"};
inline constexpr std::size_t kMaxTitle = 120;
inline constexpr std::size_t kMaxMessage = 2000;

struct IncidentUpdate {
  core::Instant at;
  std::string status;
  std::string message;
  std::string author;
};

struct Incident {
  std::int64_t id = 0;
  std::string title;
  std::string impact;
  std::vector<std::string> components;
  std::string status;  // the latest update's
  core::Instant created_at;
  std::optional<core::Instant> resolved_at;
  std::vector<IncidentUpdate> updates;  // newest first
};

// The state an open incident's impact puts its components in.
State StateOf(std::string_view impact);
// The probe's state made worse by the open incidents on the same component (an unknown probe yields to them).
std::vector<ComponentNow> WithIncidents(std::vector<ComponentNow> probed, const std::vector<Incident>& incidents);

struct NewIncident {
  std::string title;
  std::string impact;
  std::vector<std::string> components;
  std::string status;
  std::string message;
};
// INVALID_INCIDENT_TITLE, INVALID_IMPACT, INVALID_COMPONENT, INVALID_STATUS, INVALID_MESSAGE (each 422 with its field).
core::Result<void> Check(const NewIncident& incident);
core::Result<void> CheckUpdate(std::string_view status, std::string_view message);

// Uptime: per component and UTC day, how many probes and how many found it up (not in outage).
struct DayCount {
  std::string day;  // YYYY-MM-DD
  std::int64_t probes = 0;
  std::int64_t up = 0;
};
struct History {
  std::string component;
  std::vector<std::optional<DayCount>> days;  // `days` entries, oldest first; nullopt: no probes that day
  std::optional<double> uptime;               // up ÷ probes over them all; nullopt: none
};
// Arranges the recorded counts into each component's last `days` days up to `today`.
std::vector<History> Histories(const std::vector<std::pair<std::string, DayCount>>& counts, core::Instant today,
                               int days);
std::string DayOf(core::Instant instant);

}  // namespace jetway::status
