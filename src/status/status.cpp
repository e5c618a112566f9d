#include "status/status.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>

namespace jetway::status {
namespace {

constexpr Component kComponents[] = {{"booking_site"},  {"api"},           {"back_office"}, {"database_data"},
                                     {"database_web"},  {"database_mgmt"}, {"email"},       {"backups"}};

bool Up(const ops::Observations& seen, std::string_view name) {
  for (const auto& [db, up] : seen.databases)
    if (db == name) return up;
  return false;
}

State UpOrOutage(bool up) { return up ? State::kOperational : State::kOutage; }

template <std::size_t N>
bool OneOf(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

std::size_t Chars(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::string_view ToString(State state) {
  switch (state) {
    case State::kOperational: return "operational";
    case State::kMaintenance: return "maintenance";
    case State::kDegraded: return "degraded";
    case State::kOutage: return "outage";
    case State::kUnknown: return "unknown";
  }
  return "unknown";
}

std::span<const Component> Components() { return kComponents; }

bool IsComponent(std::string_view id) {
  return std::any_of(std::begin(kComponents), std::end(kComponents), [&](const Component& c) { return c.id == id; });
}

std::vector<ComponentNow> Probe(const ops::Observations& seen, const NodeFacts& facts) {
  const bool data = Up(seen, "data"), web = Up(seen, "web"), mgmt = Up(seen, "mgmt");
  std::vector<ComponentNow> now;
  now.push_back({"booking_site", facts.public_app ? UpOrOutage(data && web) : State::kUnknown});
  now.push_back({"api", facts.public_app ? UpOrOutage(data) : State::kUnknown});
  now.push_back({"back_office", facts.admin_app ? UpOrOutage(data && web && mgmt) : State::kUnknown});
  now.push_back({"database_data", UpOrOutage(data)});
  now.push_back({"database_web", UpOrOutage(web)});
  now.push_back({"database_mgmt", UpOrOutage(mgmt)});
  State mail = State::kUnknown;
  if (facts.mail_configured && seen.mail_failures) mail = *seen.mail_failures > 0 ? State::kDegraded : State::kOperational;
  now.push_back({"email", mail});
  State backups = State::kUnknown;
  if (seen.backups_expected && seen.last_backup)
    backups = seen.now - *seen.last_backup <= facts.backup_max_age ? State::kOperational : State::kDegraded;
  else if (seen.backups_expected && seen.watching_since && seen.now - *seen.watching_since > facts.backup_max_age)
    backups = State::kDegraded;
  now.push_back({"backups", backups});
  return now;
}

State StateOf(std::string_view impact) {
  if (impact == "critical") return State::kOutage;
  if (impact == "major" || impact == "minor") return State::kDegraded;
  return State::kMaintenance;
}

std::vector<ComponentNow> WithIncidents(std::vector<ComponentNow> probed, const std::vector<Incident>& incidents) {
  for (auto& c : probed)
    for (const auto& incident : incidents) {
      if (incident.resolved_at) continue;
      if (std::find(incident.components.begin(), incident.components.end(), c.id) == incident.components.end())
        continue;
      const auto declared = StateOf(incident.impact);
      if (c.state == State::kUnknown || declared > c.state) c.state = declared;
    }
  return probed;
}

core::Result<void> CheckUpdate(std::string_view status, std::string_view message) {
  if (!OneOf(kIncidentStatuses, status))
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_STATUS",
                      "choose investigating, identified, monitoring or resolved", "status");
  const auto n = Chars(message);
  if (n == 0 || n > kMaxMessage)
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_MESSAGE",
                      fmt::format("write the update, at most {} characters", kMaxMessage), "message");
  return {};
}

core::Result<void> Check(const NewIncident& incident) {
  const auto n = Chars(incident.title);
  if (n < 3 || n > kMaxTitle)
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_INCIDENT_TITLE",
                      fmt::format("give the incident a title of 3-{} characters", kMaxTitle), "title");
  if (!OneOf(kImpacts, incident.impact))
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_IMPACT", "choose minor, major, critical or maintenance",
                      "impact");
  if (incident.components.empty() ||
      !std::all_of(incident.components.begin(), incident.components.end(), [](const auto& c) { return IsComponent(c); }))
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_COMPONENT", "choose the components it affects",
                      "components");
  return CheckUpdate(incident.status, incident.message);
}

std::string DayOf(core::Instant instant) { return core::FormatUtc(instant).substr(0, 10); }

std::vector<History> Histories(const std::vector<std::pair<std::string, DayCount>>& counts, core::Instant today,
                               int days) {
  std::map<std::pair<std::string, std::string>, DayCount> by;
  for (const auto& [component, count] : counts) by[{component, count.day}] = count;
  std::vector<History> histories;
  for (const auto& c : Components()) {
    History h{std::string(c.id), {}, std::nullopt};
    std::int64_t probes = 0, up = 0;
    for (int i = days - 1; i >= 0; --i) {
      const auto day = DayOf(today - std::chrono::days{i});
      if (auto it = by.find({std::string(c.id), day}); it != by.end() && it->second.probes > 0) {
        h.days.emplace_back(it->second);
        probes += it->second.probes;
        up += it->second.up;
      } else {
        h.days.emplace_back(std::nullopt);
      }
    }
    if (probes > 0) h.uptime = static_cast<double>(up) / static_cast<double>(probes);
    histories.push_back(std::move(h));
  }
  return histories;
}

}  // namespace jetway::status
