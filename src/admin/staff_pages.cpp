// Users and roles (users.manage) and the audit log (audit.read). The pages parse the form, call one StaffService
// method with the signed-in actor, and show its answer; the service checks the permission, keeps at least one
// administrator, and audits every change.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"
#include "identity/roles.hpp"

namespace jetway::admin {

namespace {

http::Response NoSuchUser(const AdminContext& ctx, StaffRequest& r) {
  return web::MessagePage(ctx, r.visit, 404, "USER_NOT_FOUND", web::T(ctx, r.visit, "admin_user_not_found"));
}

web::ViewList RoleChoices(const std::vector<identity::StaffService::RoleView>& roles, const std::string& current) {
  web::ViewList list;
  for (const auto& role : roles) {
    web::View item;
    item["name"] = web::Text(role.name);
    item["selected"] = web::Flag(role.name == current);
    list.push_back(std::move(item));
  }
  return list;
}

http::Response GetUsers(const AdminContext& ctx, StaffRequest& r) {
  auto users = ctx.staff.ListUsers(r.visit.actor);
  if (!users) return Refused(ctx, r, users.error());
  web::ViewList rows;
  for (const auto& u : *users) {
    web::View row;
    row["id"] = web::Text(std::to_string(u.id));
    row["email"] = web::Text(u.email);
    row["name"] = web::Text(u.display_name);
    row["role"] = web::Text(u.role);
    row["active"] = web::Flag(u.active);
    row["totp"] = web::Flag(u.totp_enrolled);
    rows.push_back(std::move(row));
  }
  web::View view;
  view["users"] = web::List(std::move(rows));
  auto roles = ctx.staff.ListRoles(r.visit.actor);
  view["roles"] = web::List(RoleChoices(roles ? *roles : std::vector<identity::StaffService::RoleView>{}, "read_only"));
  return RenderAdmin(ctx, r, 200, "admin/users", std::move(view),
                     web::T(ctx, r.visit, ctx.agent_portal ? "agent_users_title" : "admin_users_title"));
}

http::Response PostUsers(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto added = ctx.staff.AddUser(r.visit.actor, web::FormValue(form, "email"), web::FormValue(form, "name"),
                                 web::FormValue(form, "role"), std::nullopt);
  if (!added) return Refused(ctx, r, added.error());
  web::View view;
  view["email"] = web::Text(added->user.email);
  view["id"] = web::Text(std::to_string(added->user.id));
  view["one_time_password"] = web::Text(added->one_time_password.value_or(""));
  return RenderAdmin(ctx, r, 201, "admin/user_created", std::move(view), web::T(ctx, r.visit, "admin_user_created"));
}

http::Response GetUser(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "user_id");
  auto users = ctx.staff.ListUsers(r.visit.actor);
  if (!users) return Refused(ctx, r, users.error());
  const auto user = std::find_if(users->begin(), users->end(), [&](const auto& u) { return id && u.id == *id; });
  if (user == users->end()) return NoSuchUser(ctx, r);
  auto roles = ctx.staff.ListRoles(r.visit.actor);
  web::View view;
  view["id"] = web::Text(std::to_string(user->id));
  view["email"] = web::Text(user->email);
  view["name"] = web::Text(user->display_name);
  view["role"] = web::Text(user->role);
  view["active"] = web::Flag(user->active);
  view["totp"] = web::Flag(user->totp_enrolled);
  view["roles"] = web::List(RoleChoices(roles ? *roles : std::vector<identity::StaffService::RoleView>{}, user->role));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, 200, "admin/user", std::move(view), user->email);
}

// A user action's answer: back to the user's page, saying what was done; or the service's refusal.
http::Response AfterUserAction(const AdminContext& ctx, StaffRequest& r, const core::Result<void>& done,
                               const char* what) {
  if (!done) return Refused(ctx, r, done.error());
  return web::SeeOther(fmt::format("/users/{}?done={}", *PathId(r, "user_id"), what));
}

http::Response PostUserRole(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto id = PathId(r, "user_id");
  if (!id) return NoSuchUser(ctx, r);
  return AfterUserAction(ctx, r, ctx.staff.SetRole(r.visit.actor, *id, web::FormValue(form, "role")), "role");
}

http::Response PostUserStatus(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto id = PathId(r, "user_id");
  if (!id) return NoSuchUser(ctx, r);
  const bool active = web::FormValue(form, "status") == "active";
  return AfterUserAction(ctx, r, ctx.staff.SetActive(r.visit.actor, *id, active), active ? "enabled" : "disabled");
}

http::Response PostUserSessions(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "user_id");
  if (!id) return NoSuchUser(ctx, r);
  return AfterUserAction(ctx, r, ctx.staff.RevokeSessions(r.visit.actor, *id), "sessions");
}

http::Response PostUserTotpReset(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "user_id");
  if (!id) return NoSuchUser(ctx, r);
  return AfterUserAction(ctx, r, ctx.staff.ResetTotp(r.visit.actor, *id), "totp");
}

http::Response GetRoles(const AdminContext& ctx, StaffRequest& r) {
  auto roles = ctx.staff.ListRoles(r.visit.actor);
  if (!roles) return Refused(ctx, r, roles.error());
  web::ViewList rows;
  for (const auto& role : *roles) {
    web::View row;
    row["name"] = web::Text(role.name);
    row["builtin"] = web::Flag(role.builtin);
    row["permissions"] = web::Text(identity::FormatPermissions(role.permissions));
    rows.push_back(std::move(row));
  }
  web::ViewList permissions;
  for (auto p : core::AllPermissions()) permissions.push_back(web::Text(std::string(core::ToString(p))));
  web::View view;
  view["roles"] = web::List(std::move(rows));
  view["all_permissions"] = web::List(std::move(permissions));
  return RenderAdmin(ctx, r, 200, "admin/roles", std::move(view), web::T(ctx, r.visit, "admin_roles_title"));
}

http::Response PostRoles(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  core::Permissions permissions;
  for (auto p : core::AllPermissions())
    if (web::FormValue(form, "p_" + std::string(core::ToString(p))) == "on") permissions.Grant(p);
  auto saved = ctx.staff.SaveRole(r.visit.actor, std::string(core::Trim(web::FormValue(form, "name"))), permissions);
  if (!saved) return Refused(ctx, r, saved.error());
  return web::SeeOther("/roles");
}

http::Response GetAudit(const AdminContext& ctx, StaffRequest& r) {
  auto page = ctx.staff.Audit(r.visit.actor, 100);
  if (!page) return Refused(ctx, r, page.error());
  web::ViewList rows;
  for (const auto& e : page->rows) {
    web::View row;
    row["seq"] = web::Text(std::to_string(e.seq));
    row["at"] = web::Text(core::FormatUtc(core::FromEpoch(e.at)));
    row["actor"] = web::Text(e.actor);
    row["client"] = web::Text(e.client);
    row["action"] = web::Text(e.action);
    row["target"] = web::Text(e.target);
    row["before"] = web::Text(e.before);
    row["after"] = web::Text(e.after);
    rows.push_back(std::move(row));
  }
  web::View view;
  view["rows"] = web::List(std::move(rows));
  view["intact"] = web::Flag(!page->verdict.broken);
  view["count"] = web::Text(std::to_string(page->verdict.rows));
  if (page->verdict.broken)
    view["broken"] = web::Text(fmt::format("{}: {}", page->verdict.broken->seq, page->verdict.broken->reason));
  return RenderAdmin(ctx, r, 200, "admin/audit", std::move(view), web::T(ctx, r.visit, "admin_audit_title"));
}

}  // namespace

void AddUserRoutes(AdminRoutes& routes) {
  constexpr auto kUsers = core::Permission::kUsersManage;
  routes.Add({"GET", "/users", Audience::kStaff, kUsers, GetUsers});
  routes.Add({"POST", "/users", Audience::kStaff, kUsers, PostUsers});
  routes.Add({"GET", "/users/:user_id", Audience::kStaff, kUsers, GetUser});
  routes.Add({"POST", "/users/:user_id/role", Audience::kStaff, kUsers, PostUserRole});
  routes.Add({"POST", "/users/:user_id/status", Audience::kStaff, kUsers, PostUserStatus});
  routes.Add({"POST", "/users/:user_id/sessions", Audience::kStaff, kUsers, PostUserSessions});
  routes.Add({"POST", "/users/:user_id/totp-reset", Audience::kStaff, kUsers, PostUserTotpReset});
}

void AddStaffRoutes(AdminRoutes& routes) {
  constexpr auto kUsers = core::Permission::kUsersManage;
  AddUserRoutes(routes);
  routes.Add({"GET", "/roles", Audience::kStaff, kUsers, GetRoles});
  routes.Add({"POST", "/roles", Audience::kStaff, kUsers, PostRoles});
  routes.Add({"GET", "/audit", Audience::kStaff, core::Permission::kAuditRead, GetAudit});
}

}  // namespace jetway::admin
