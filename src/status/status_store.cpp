#include "status/status_store.hpp"

#include <fmt/core.h>

namespace jetway::status {
namespace {

constexpr const char* kIncidentColumns = "id, title, impact, components, status, created_at, resolved_at";

std::vector<std::string> SplitComponents(const std::string& text) {
  std::vector<std::string> list;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) list.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return list;
}

Incident ReadRow(const store::Statement& s) {
  Incident i;
  i.id = s.Int(0);
  i.title = s.Text(1);
  i.impact = s.Text(2);
  i.components = SplitComponents(s.Text(3));
  i.status = s.Text(4);
  i.created_at = core::FromEpoch(s.Int(5));
  if (auto resolved = s.OptInt(6)) i.resolved_at = core::FromEpoch(*resolved);
  return i;
}

void ReadUpdates(store::Connection& mgmt, Incident& incident) {
  auto stmt = mgmt.Prepare(
      "SELECT at, status, message, author FROM status_updates WHERE incident_id = ? ORDER BY at DESC, id DESC");
  stmt.Bind(1, incident.id);
  while (stmt.Step())
    incident.updates.push_back({core::FromEpoch(stmt.Int(0)), stmt.Text(1), stmt.Text(2), stmt.Text(3)});
}

}  // namespace

void AddUptime(store::Connection& mgmt, const std::map<UptimeKey, UptimeCount>& counts) {
  for (const auto& [key, count] : counts)
    mgmt.Prepare(
            "INSERT INTO status_uptime (day, component, probes, up) VALUES (?, ?, ?, ?) ON CONFLICT (day, component) "
            "DO UPDATE SET probes = status_uptime.probes + excluded.probes, up = status_uptime.up + excluded.up")
        .Bind(1, key.first).Bind(2, key.second).Bind(3, count.probes).Bind(4, count.up)
        .Exec();
}

std::vector<std::pair<std::string, DayCount>> ReadUptime(store::Connection& mgmt, const std::string& since_day) {
  auto stmt = mgmt.Prepare("SELECT component, day, probes, up FROM status_uptime WHERE day >= ?");
  stmt.Bind(1, since_day);
  std::vector<std::pair<std::string, DayCount>> counts;
  while (stmt.Step()) counts.push_back({stmt.Text(0), {stmt.Text(1), stmt.Int(2), stmt.Int(3)}});
  return counts;
}

std::int64_t InsertIncident(store::Connection& mgmt, const NewIncident& incident, const std::string& author,
                            core::Instant now) {
  std::string components;
  for (const auto& c : incident.components) components += (components.empty() ? "" : ",") + c;
  auto insert = mgmt.Prepare(
      "INSERT INTO status_incidents (title, impact, components, status, created_at, updated_at, resolved_at, "
      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.Bind(1, incident.title).Bind(2, incident.impact).Bind(3, components).Bind(4, incident.status)
      .Bind(5, core::ToEpoch(now)).Bind(6, core::ToEpoch(now))
      .Bind(7, incident.status == "resolved" ? std::optional<std::int64_t>(core::ToEpoch(now)) : std::nullopt)
      .Bind(8, author);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Exec();
  mgmt.Prepare("INSERT INTO status_updates (incident_id, at, status, message, author) VALUES (?, ?, ?, ?, ?)")
      .Bind(1, id).Bind(2, core::ToEpoch(now)).Bind(3, incident.status).Bind(4, incident.message).Bind(5, author)
      .Exec();
  return id;
}

bool InsertUpdate(store::Connection& mgmt, std::int64_t incident_id, const std::string& status,
                  const std::string& message, const std::string& author, core::Instant now) {
  auto update = mgmt.Prepare(
      "UPDATE status_incidents SET status = ?, updated_at = ?, resolved_at = ? WHERE id = ? RETURNING id");
  update.Bind(1, status).Bind(2, core::ToEpoch(now))
      .Bind(3, status == "resolved" ? std::optional<std::int64_t>(core::ToEpoch(now)) : std::nullopt)
      .Bind(4, incident_id);
  if (!update.Step()) return false;
  update.Exec();
  mgmt.Prepare("INSERT INTO status_updates (incident_id, at, status, message, author) VALUES (?, ?, ?, ?, ?)")
      .Bind(1, incident_id).Bind(2, core::ToEpoch(now)).Bind(3, status).Bind(4, message).Bind(5, author)
      .Exec();
  return true;
}

std::vector<Incident> ReadIncidents(store::Connection& mgmt, core::Instant since) {
  auto stmt = mgmt.Prepare(fmt::format(
      "SELECT {} FROM status_incidents WHERE resolved_at IS NULL OR resolved_at >= ? ORDER BY created_at DESC, id DESC "
      "LIMIT 50",
      kIncidentColumns));
  stmt.Bind(1, core::ToEpoch(since));
  std::vector<Incident> incidents;
  while (stmt.Step()) incidents.push_back(ReadRow(stmt));
  for (auto& incident : incidents) ReadUpdates(mgmt, incident);
  return incidents;
}

std::optional<Incident> ReadIncident(store::Connection& mgmt, std::int64_t id) {
  auto stmt = mgmt.Prepare(fmt::format("SELECT {} FROM status_incidents WHERE id = ?", kIncidentColumns));
  stmt.Bind(1, id);
  if (!stmt.Step()) return std::nullopt;
  auto incident = ReadRow(stmt);
  stmt.Exec();
  ReadUpdates(mgmt, incident);
  return incident;
}

}  // namespace jetway::status
