// A member of staff's own account: the sessions signed in as them, each of which they can end (ASVS 3.3.4). The
// password and authenticator forms are the sign-in steps' (sign_in_pages.cpp).
#include "admin/pages.hpp"

#include "core/time.hpp"
#include "web/page.hpp"

namespace jetway::admin {

namespace {

http::Response SessionsPage(const AdminContext& ctx, StaffRequest& r, int status, const std::string& error) {
  web::ViewList rows;
  for (const auto& s : ctx.staff.OwnSessions(r.session->user.id, r.token)) {
    web::View row;
    row["handle"] = web::Text(s.handle);
    row["created_at"] = web::Text(core::FormatUtc(s.created_at));
    row["last_seen_at"] = web::Text(core::FormatUtc(s.last_seen_at));
    row["client"] = web::Text(s.client);
    row["user_agent"] = web::Text(s.user_agent);
    row["current"] = web::Flag(s.current);
    rows.push_back(std::move(row));
  }
  web::View view;
  view["others"] = web::Flag(rows.size() > 1);
  view["rows"] = web::List(std::move(rows));
  if (!error.empty()) view["error"] = web::Text(error);
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/sessions", std::move(view), web::T(ctx, r.visit, "admin_sessions_title"));
}

http::Response GetSessions(const AdminContext& ctx, StaffRequest& r) { return SessionsPage(ctx, r, 200, ""); }

http::Response PostEndSession(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto ended = ctx.staff.EndOwnSession(r.session->user.id, web::FormValue(form, "session"), r.visit.request.remote);
  if (!ended) return SessionsPage(ctx, r, 404, web::ErrorText(ctx, r.visit, ended.error()));
  return web::SeeOther("/account/sessions?done=ended");
}

http::Response PostEndOtherSessions(const AdminContext& ctx, StaffRequest& r) {
  ctx.staff.EndOtherSessions(r.session->user.id, r.token, r.visit.request.remote);
  return web::SeeOther("/account/sessions?done=ended");
}

}  // namespace

void AddAccountRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/account/sessions", Audience::kStaff, std::nullopt, GetSessions});
  routes.Add({"POST", "/account/sessions/end", Audience::kStaff, std::nullopt, PostEndSession});
  routes.Add({"POST", "/account/sessions/end-others", Audience::kStaff, std::nullopt, PostEndOtherSessions});
}

}  // namespace jetway::admin
