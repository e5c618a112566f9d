// An agency's users as the airline's back office sees them (agencies.manage): the list, adding one (the agency's
// first administrator, who then manages the rest in the agent portal) with a one-time password, and disabling or
// enabling one (someone who left, an agency whose administrator cannot be reached). Staff act for the agency:
// identity's agency realm scopes every change to it and audits it under the member of staff's name.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

using P = core::Permission;

// The member of staff as the agency realm sees them: managing this agency's users, and no other's.
core::Actor ActingFor(const core::Actor& staff, std::int64_t agency_id) {
  core::Actor actor = staff;
  actor.agency_id = agency_id;
  actor.permissions = core::Permissions{P::kUsersManage};
  return actor;
}

http::Response PeoplePage(const AdminContext& ctx, StaffRequest& r, int status, web::View view) {
  auto found = AgencyOf(ctx, r);
  if (!found) return Refused(ctx, r, found.error());
  const auto id = found->agency.id;
  auto users = ctx.agency_people->ListUsers(ActingFor(r.visit.actor, id));
  if (!users) return Refused(ctx, r, users.error());
  web::ViewList rows;
  for (const auto& u : *users) {
    web::View row;
    row["user_id"] = web::Text(std::to_string(u.id));
    row["email"] = web::Text(u.email);
    row["name"] = web::Text(u.display_name);
    row["role"] = web::Text(u.role);
    row["active"] = web::Flag(u.active);
    rows.push_back(std::move(row));
  }
  web::ViewList roles;
  for (const auto& role : identity::AgencyRoles()) roles.push_back(web::Text(std::string(role.name)));
  view["id"] = web::Text(std::to_string(id));
  view["agency_name"] = web::Text(found->agency.name);
  view["users"] = web::List(std::move(rows));
  view["roles"] = web::List(std::move(roles));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/agency_users", std::move(view),
                     fmt::format("{} · {}", found->agency.name, web::T(ctx, r.visit, "admin_agency_users")));
}

http::Response GetPeople(const AdminContext& ctx, StaffRequest& r) { return PeoplePage(ctx, r, 200, {}); }

http::Response PostPeople(const AdminContext& ctx, StaffRequest& r) {
  const auto id = AgencyId(r);
  if (!id || !ctx.agencies.Find(r.visit.actor, *id)) return Refused(ctx, r, BadAgencyId());
  const auto form = *web::ParseForm(r.visit.request);
  auto added = ctx.agency_people->AddUser(ActingFor(r.visit.actor, *id), web::FormValue(form, "email"),
                                          web::FormValue(form, "name"), web::FormValue(form, "role"), std::nullopt);
  web::View view;
  if (!added) {
    ShowError(ctx, r, added.error(), view);
    return PeoplePage(ctx, r, FormStatus(added.error()), std::move(view));
  }
  view["created_email"] = web::Text(added->user.email);
  view["one_time_password"] = web::Text(added->one_time_password.value_or(""));
  return PeoplePage(ctx, r, 201, std::move(view));
}

http::Response PostPersonStatus(const AdminContext& ctx, StaffRequest& r) {
  const auto id = AgencyId(r), user = PathId(r, "user_id");
  if (!id || !user || !ctx.agencies.Find(r.visit.actor, *id))
    return Refused(ctx, r, core::MakeError(core::ErrorKind::kNotFound, "USER_NOT_FOUND", "there is no such user"));
  const auto form = *web::ParseForm(r.visit.request);
  const bool active = web::FormValue(form, "status") == "active";
  auto done = ctx.agency_people->SetActive(ActingFor(r.visit.actor, *id), *user, active);
  if (!done) return Refused(ctx, r, done.error());
  return web::SeeOther(fmt::format("/agencies/{}/users?done={}", *id, active ? "enabled" : "disabled"));
}

}  // namespace

void AddAgencyPeopleRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/agencies/:agency_id/users", Audience::kStaff, P::kAgenciesManage, GetPeople});
  routes.Add({"POST", "/agencies/:agency_id/users", Audience::kStaff, P::kAgenciesManage, PostPeople});
  routes.Add({"POST", "/agencies/:agency_id/users/:user_id/status", Audience::kStaff, P::kAgenciesManage,
              PostPersonStatus});
}

}  // namespace jetway::admin
