// The back office's home page, and the first staff view: a flight's inventory as JSON (inventory.read), which the
// public API v1 served to its operator token before there was a back office.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "api/json_writer.hpp"
#include "api/render.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

http::Response GetHome(const AdminContext& ctx, StaffRequest& r) {
  web::View view;
  const auto& actor = r.visit.actor;
  view["password_changed"] = web::Flag(r.visit.request.Query("password").value_or("") == "changed");
  view["may_bookings"] = web::Flag(actor.May(core::Permission::kBookingsRead));
  view["may_inventory"] = web::Flag(actor.May(core::Permission::kInventoryRead));
  view["may_users"] = web::Flag(actor.May(core::Permission::kUsersManage));
  view["may_schedules"] = web::Flag(actor.May(core::Permission::kSchedulesRead));
  view["may_fares"] = web::Flag(actor.May(core::Permission::kFaresRead));
  view["may_settings"] = web::Flag(actor.May(core::Permission::kReferenceWrite));
  view["may_reports"] = web::Flag(actor.May(core::Permission::kReportsRead));
  view["may_audit"] = web::Flag(actor.May(core::Permission::kAuditRead));
  view["may_operations"] = web::Flag(actor.May(core::Permission::kOperationsRead));
  view["may_status"] = web::Flag(actor.May(core::Permission::kStatusWrite));
  view["may_agencies"] = web::Flag(actor.May(core::Permission::kAgenciesRead));
  view["may_partners"] = web::Flag(!ctx.agent_portal && actor.May(core::Permission::kAgenciesRead));
  view["may_unplaced"] = web::Flag(!ctx.agent_portal && actor.May(core::Permission::kBookingsRead));
  view["may_departures"] = web::Flag(!ctx.agent_portal && actor.May(core::Permission::kDepartureControl));
  view["may_book"] = web::Flag(ctx.agent_portal && actor.May(core::Permission::kBookingsWrite));
  view["role"] = web::Text(r.session->user.role);
  web::ViewList permissions;
  for (auto p : core::AllPermissions())
    if (actor.May(p)) permissions.push_back(web::Text(std::string(core::ToString(p))));
  view["permissions"] = web::List(std::move(permissions));
  return RenderAdmin(ctx, r, 200, "admin/home", std::move(view), web::T(ctx, r.visit, "admin_home_title"));
}

http::Response GetFlightInventory(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "flight_id");
  if (!id) return http::ErrorResponse(400, "INVALID_FLIGHT_ID", "flight id must be a positive integer", "flight_id");
  auto inventory = ctx.network.Inventory(r.visit.actor, *id);
  if (!inventory) return http::ErrorResponse(inventory.error());
  api::JsonWriter w;
  api::WriteInventory(w, *inventory);
  http::Response response;
  response.status = 200;
  response.body = w.Take();
  return response;
}

}  // namespace

void AddHomeRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/", Audience::kStaff, std::nullopt, GetHome});
  routes.Add({"GET", "/flights/:flight_id/inventory", Audience::kStaff, core::Permission::kInventoryRead,
              GetFlightInventory});
}

http::Response RenderAdmin(const AdminContext& ctx, const StaffRequest& request, int status, std::string_view page,
                           web::View view, const std::string& title) {
  if (request.session) {
    view["staff_name"] = web::Text(request.session->user.display_name);
    view["staff_email"] = web::Text(request.session->user.email);
  }
  view["agent_portal"] = web::Flag(ctx.agent_portal);
  return web::RenderPage(ctx, request.visit, status, page, std::move(view), title);
}

http::Response Refused(const AdminContext& ctx, StaffRequest& request, const core::Error& error) {
  return web::MessagePage(ctx, request.visit, http::StatusOf(error.kind), error.code,
                          web::ErrorText(ctx, request.visit, error));
}

void ShowError(const AdminContext& ctx, const StaffRequest& request, const core::Error& error, web::View& view) {
  const auto text = web::ErrorText(ctx, request.visit, error);
  view["error"] = web::Text(text);
  view["error_code"] = web::Text(error.code);
  if (text != error.message) view["error_detail"] = web::Text(error.message);
}

std::string Field(const web::Form& form, const char* name) {
  return std::string(core::Trim(web::FormValue(form, name)));
}

core::LocalDate Today(const AdminContext& ctx) { return core::LocalDate{date::floor<date::days>(ctx.clock.Now())}; }

std::optional<std::int64_t> PathId(const StaffRequest& request, const char* name) {
  return core::ParseInteger(request.visit.request.params.at(name), 1, INT64_MAX);
}

int FormStatus(const core::Error& error) {
  return error.kind == core::ErrorKind::kInvalid ? 422 : http::StatusOf(error.kind);
}

http::Response Download(std::string body, const char* type, const std::string& file) {
  http::Response response;
  response.status = 200;
  response.content_type = type;
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

void ShowDone(const StaffRequest& request, web::View& view) {
  if (auto done = request.visit.request.Query("done"); done && !done->empty()) view["done"] = web::Text(*done);
}

AdminRoutes BackOfficeRoutes() {
  AdminRoutes routes;
  AddSignInRoutes(routes);
  AddAccountRoutes(routes);
  AddHomeRoutes(routes);
  AddStaffRoutes(routes);
  AddBookingRoutes(routes);
  AddInventoryRoutes(routes);
  AddReportRoutes(routes);
  AddSsimRoutes(routes);  // before /schedules/:line_id
  AddScheduleRoutes(routes);
  AddReferenceRoutes(routes);
  AddFareRoutes(routes);
  AddSettingsRoutes(routes);
  AddOperationsRoutes(routes);
  AddIncidentRoutes(routes);
  AddAgencyRoutes(routes);
  AddAgencyPeopleRoutes(routes);
  AddPartnerRoutes(routes);
  AddDepartureRoutes(routes);
  AddReaccommodationRoutes(routes);
  return routes;
}

AdminRoutes AgentPortalRoutes() {
  AdminRoutes routes;
  AddSignInRoutes(routes);
  AddAccountRoutes(routes);
  AddHomeRoutes(routes);
  AddUserRoutes(routes);
  AddBookingRoutes(routes);
  AddAgentBookingRoutes(routes);
  AddAgencyRoutes(routes);
  return routes;
}

}  // namespace jetway::admin
