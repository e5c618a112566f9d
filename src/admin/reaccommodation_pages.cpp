// Re-accommodation after schedule changes: the pages that change the schedule run it at once (Reaccommodate), and
// staff see the bookings no flight could take (bookings.read) and mark each one seen to (bookings.write, audited).
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "booking/schedule_change_mail.hpp"
#include "core/text.hpp"

namespace jetway::admin {

void Reaccommodate(const AdminContext& ctx) {
  // Failures stay pending: the back office node's sweep tries them again and logs why.
  if (ctx.schedule_changes) (void)ctx.schedule_changes->ProcessPending();
}

namespace {

core::Error NotHere() { return core::MakeError(core::ErrorKind::kNotFound, "NOT_FOUND", "not here"); }

http::Response GetUnplaced(const AdminContext& ctx, StaffRequest& r) {
  if (!ctx.schedule_changes) return Refused(ctx, r, NotHere());
  auto changes = ctx.schedule_changes->Unplaced(r.visit.actor);
  if (!changes) return Refused(ctx, r, changes.error());
  web::ViewList rows;
  for (const auto& c : *changes) {
    auto row = booking::ScheduleChangeView(c);
    row["locator"] = web::Text(c.locator);
    rows.push_back(std::move(row));
  }
  web::View view;
  ShowDone(r, view);
  view["changes"] = web::List(std::move(rows));
  view["has_changes"] = web::Flag(!changes->empty());
  return RenderAdmin(ctx, r, 200, "admin/schedule_changes", std::move(view),
                     web::T(ctx, r.visit, "admin_unplaced_title"));
}

http::Response PostResolve(const AdminContext& ctx, StaffRequest& r) {
  if (!ctx.schedule_changes) return Refused(ctx, r, NotHere());
  const auto id = PathId(r, "change_id");
  if (!id) return Refused(ctx, r, core::MakeError(core::ErrorKind::kNotFound, "CHANGE_NOT_FOUND", "no such change"));
  if (auto ok = ctx.schedule_changes->Resolve(r.visit.actor, *id); !ok) return Refused(ctx, r, ok.error());
  ctx.staff.RecordAction(r.visit.actor, "schedule_change.resolve", "schedule change " + std::to_string(*id),
                         R"({"answer":null})", R"({"answer":"RESOLVED"})");
  return web::SeeOther("/schedule-changes?done=resolved");
}

}  // namespace

void AddReaccommodationRoutes(AdminRoutes& routes) {
  using P = core::Permission;
  routes.Add({"GET", "/schedule-changes", Audience::kStaff, P::kBookingsRead, GetUnplaced});
  routes.Add({"POST", "/schedule-changes/:change_id/resolve", Audience::kStaff, P::kBookingsWrite, PostResolve});
}

}  // namespace jetway::admin
