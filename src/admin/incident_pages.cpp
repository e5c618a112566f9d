// The status page's incidents (status.write): declared with the components they affect and their impact, then
// updated until resolved. What staff write here is what passengers read on /status.
#include <fmt/core.h>

#include <string>
#include <utility>

#include "admin/pages.hpp"
#include "core/text.hpp"
#include "status/status_service.hpp"

namespace jetway::admin {
namespace {

web::ViewList Choices(std::span<const std::string_view> values, const std::string& prefix, const AdminContext& ctx,
                      const StaffRequest& r, std::string_view chosen = {}) {
  web::ViewList list;
  for (auto value : values) {
    web::View item;
    item["value"] = web::Text(std::string(value));
    item["text"] = web::Text(web::T(ctx, r.visit, prefix + std::string(value)));
    item["chosen"] = web::Flag(value == chosen);
    list.push_back(std::move(item));
  }
  return list;
}

web::View IncidentView(const AdminContext& ctx, const StaffRequest& r, const status::Incident& i) {
  web::View view;
  view["id"] = web::Text(std::to_string(i.id));
  view["title"] = web::Text(i.title);
  view["impact"] = web::Text(web::T(ctx, r.visit, "status_impact_" + i.impact));
  view["status"] = web::Text(i.status);
  view["status_text"] = web::Text(web::T(ctx, r.visit, "status_incident_" + i.status));
  std::string components;
  for (const auto& c : i.components)
    components += (components.empty() ? "" : ", ") + web::T(ctx, r.visit, "status_component_" + c);
  view["components"] = web::Text(components);
  view["created_at"] = web::Text(core::FormatUtc(i.created_at));
  view["open"] = web::Flag(!i.resolved_at);
  web::ViewList updates;
  for (const auto& u : i.updates) {
    web::View update;
    update["at"] = web::Text(core::FormatUtc(u.at));
    update["status_text"] = web::Text(web::T(ctx, r.visit, "status_incident_" + u.status));
    update["message"] = web::Text(u.message);
    update["author"] = web::Text(u.author);
    updates.push_back(std::move(update));
  }
  view["updates"] = web::List(std::move(updates));
  return view;
}

std::vector<std::string_view> ComponentIds() {
  std::vector<std::string_view> ids;
  for (const auto& c : status::Components()) ids.push_back(c.id);
  return ids;
}

// A refused form comes back with its error and what was typed.
struct Refusal {
  const core::Error* error = nullptr;
  std::string title;
  std::string message;
};

void ShowRefusal(const AdminContext& ctx, const StaffRequest& r, const Refusal& refusal, web::View& view) {
  if (!refusal.error) return;
  ShowError(ctx, r, *refusal.error, view);
  view["title_value"] = web::Text(refusal.title);
  view["message_value"] = web::Text(refusal.message);
}

http::Response IncidentsPage(const AdminContext& ctx, StaffRequest& r, int code, const Refusal& refusal) {
  web::View view;
  ShowRefusal(ctx, r, refusal, view);
  auto incidents = ctx.incidents.Incidents(r.visit.actor);
  if (!incidents) return Refused(ctx, r, incidents.error());
  web::ViewList rows;
  for (const auto& i : *incidents) rows.push_back(IncidentView(ctx, r, i));
  view["incidents"] = web::List(std::move(rows));
  view["impacts"] = web::List(Choices(status::kImpacts, "status_impact_", ctx, r, "minor"));
  view["statuses"] = web::List(Choices(status::kIncidentStatuses, "status_incident_", ctx, r, "investigating"));
  const auto ids = ComponentIds();
  view["components"] = web::List(Choices(ids, "status_component_", ctx, r));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, code, "admin/incidents", std::move(view), web::T(ctx, r.visit, "admin_incidents_title"));
}

http::Response GetIncidents(const AdminContext& ctx, StaffRequest& r) { return IncidentsPage(ctx, r, 200, {}); }

http::Response PostIncidents(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  status::NewIncident incident;
  incident.title = std::string(core::Trim(web::FormValue(form, "title")));
  incident.impact = web::FormValue(form, "impact");
  for (const auto& c : status::Components())
    if (web::FormValue(form, "c_" + std::string(c.id)) == "on") incident.components.emplace_back(c.id);
  incident.status = web::FormValue(form, "status");
  incident.message = std::string(core::Trim(web::FormValue(form, "message")));
  auto id = ctx.incidents.Declare(r.visit.actor, incident);
  if (!id) {
    if (id.error().kind != core::ErrorKind::kInvalid) return Refused(ctx, r, id.error());
    return IncidentsPage(ctx, r, FormStatus(id.error()), {&id.error(), incident.title, incident.message});
  }
  return web::SeeOther(fmt::format("/incidents/{}?done=declared", *id));
}

// 0, which no incident has, for an id that does not parse: the service then answers its own INCIDENT_NOT_FOUND.
std::int64_t IncidentId(const StaffRequest& r) { return PathId(r, "incident_id").value_or(0); }

http::Response IncidentPage(const AdminContext& ctx, StaffRequest& r, int code, const Refusal& refusal) {
  auto incident = ctx.incidents.Find(r.visit.actor, IncidentId(r));
  if (!incident) return Refused(ctx, r, incident.error());
  auto view = IncidentView(ctx, r, *incident);
  ShowRefusal(ctx, r, refusal, view);
  view["statuses"] = web::List(Choices(status::kIncidentStatuses, "status_incident_", ctx, r, incident->status));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, code, "admin/incident", std::move(view), incident->title);
}

http::Response GetIncident(const AdminContext& ctx, StaffRequest& r) { return IncidentPage(ctx, r, 200, {}); }

http::Response PostIncidentUpdate(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto id = IncidentId(r);
  if (id == 0) return IncidentPage(ctx, r, 200, {});  // the service's 404 for an incident there is no such
  const std::string message(core::Trim(web::FormValue(form, "message")));
  auto updated = ctx.incidents.Update(r.visit.actor, id, web::FormValue(form, "status"), message);
  if (!updated) {
    if (updated.error().kind != core::ErrorKind::kInvalid) return Refused(ctx, r, updated.error());
    return IncidentPage(ctx, r, FormStatus(updated.error()), {&updated.error(), "", message});
  }
  return web::SeeOther(fmt::format("/incidents/{}?done=updated", id));
}

}  // namespace

void AddIncidentRoutes(AdminRoutes& routes) {
  constexpr auto kWrite = core::Permission::kStatusWrite;
  routes.Add({"GET", "/incidents", Audience::kStaff, kWrite, GetIncidents});
  routes.Add({"POST", "/incidents", Audience::kStaff, kWrite, PostIncidents});
  routes.Add({"GET", "/incidents/:incident_id", Audience::kStaff, kWrite, GetIncident});
  routes.Add({"POST", "/incidents/:incident_id/updates", Audience::kStaff, kWrite, PostIncidentUpdate});
}

}  // namespace jetway::admin
