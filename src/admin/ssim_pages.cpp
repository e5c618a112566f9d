// The schedule as IATA SSIM files (schedules.read to download, schedules.write to import): the airline's data set
// downloaded; a data set uploaded and previewed (what it adds and changes, and the bookings each change touches,
// or every problem with its record and field); then applied, carrying the previewed text, with a confirmation when
// a change moves booked flights. schedule::SsimService plans and applies; the pages upload, show and audit.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

core::Error NotHere() {
  return core::MakeError(core::ErrorKind::kNotFound, "NOT_FOUND", "schedule files are the back office's");
}

http::Response SsimPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view) {
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kSchedulesWrite));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/ssim", std::move(view), web::T(ctx, r.visit, "admin_ssim_title"));
}

http::Response GetSsim(const AdminContext& ctx, StaffRequest& r) {
  if (!ctx.ssim) return Refused(ctx, r, NotHere());
  return SsimPage(ctx, r, 200, {});
}

http::Response GetExport(const AdminContext& ctx, StaffRequest& r) {
  if (!ctx.ssim) return Refused(ctx, r, NotHere());
  auto text = ctx.ssim->Export(r.visit.actor, {ctx.Site().airline});
  if (!text) return Refused(ctx, r, text.error());
  return Download(std::move(*text), "text/plain; charset=us-ascii", fmt::format("{}.ssim", ctx.Site().airline));
}

// What an import would do, or did, as the page lists it.
void ShowImport(const AdminContext& ctx, StaffRequest& r, const schedule::SsimImport& imported, web::View& view) {
  web::ViewList problems, actions;
  for (const auto& p : imported.problems) {
    web::View row;
    row["record"] = web::Text(std::to_string(p.line));
    row["field"] = web::Text(p.field);
    row["message"] = web::Text(p.message);
    problems.push_back(std::move(row));
  }
  bool touches = false;
  int changing = 0;
  for (const auto& a : imported.actions) {
    if (a.kind != schedule::SsimAction::Kind::kLineUnchanged) ++changing;
    web::View row;
    row["record"] = web::Text(std::to_string(a.record));
    row["kind"] = web::Text(std::string(schedule::ToString(a.kind)));
    row["kind_text"] = web::Text(web::T(ctx, r.visit, "admin_ssim_" + std::string(schedule::ToString(a.kind))));
    row["text"] = web::Text(a.text);
    std::string bookings;
    for (const auto& b : a.bookings) bookings += (bookings.empty() ? "" : " ") + b;
    row["bookings"] = web::Text(bookings);
    touches = touches || !a.bookings.empty();
    actions.push_back(std::move(row));
  }
  view["problems"] = web::List(std::move(problems));
  view["has_problems"] = web::Flag(!imported.problems.empty());
  view["actions"] = web::List(std::move(actions));
  view["has_actions"] = web::Flag(!imported.actions.empty());
  view["changes"] = web::Text(std::to_string(changing));
  view["has_segment_records"] = web::Flag(imported.segment_records > 0);
  view["segment_records"] = web::Text(std::to_string(imported.segment_records));
  view["touches_bookings"] = web::Flag(touches);
}

http::Response PostSsimPreview(const AdminContext& ctx, StaffRequest& r) {
  if (!ctx.ssim) return Refused(ctx, r, NotHere());
  const auto form = *web::ParseForm(r.visit.request);
  const auto text = web::FormValue(form, "file");
  web::View view;
  if (core::Trim(text).empty()) {
    ShowError(ctx, r, core::MakeError(core::ErrorKind::kInvalid, "SSIM_FILE_REQUIRED", "choose an SSIM file to upload",
                                      "file"),
              view);
    return SsimPage(ctx, r, 422, std::move(view));
  }
  const bool replace = web::FormValue(form, "replace") == "yes";
  auto preview = ctx.ssim->Import(r.visit.actor, text, {ctx.Site().airline, true, true, replace});
  if (!preview) return Refused(ctx, r, preview.error());
  ShowImport(ctx, r, *preview, view);
  if (preview->problems.empty()) view["ssim"] = web::Text(std::string(text));
  view["replace"] = web::Flag(replace);
  return SsimPage(ctx, r, preview->problems.empty() ? 200 : 422, std::move(view));
}

http::Response PostSsimApply(const AdminContext& ctx, StaffRequest& r) {
  if (!ctx.ssim) return Refused(ctx, r, NotHere());
  const auto form = *web::ParseForm(r.visit.request);
  const auto text = web::FormValue(form, "ssim");
  const bool confirmed = web::FormValue(form, "confirm_bookings") == "yes";
  const bool replace = web::FormValue(form, "replace") == "yes";
  auto applied = ctx.ssim->Import(r.visit.actor, text, {ctx.Site().airline, false, confirmed, replace});
  if (!applied) return Refused(ctx, r, applied.error());
  if (!applied->applied) {
    web::View view;
    ShowImport(ctx, r, *applied, view);
    // Refused only for want of the confirmation: the page keeps the data set ready to apply, the box to tick beside
    // the problems that ask for it.
    if (applied->awaiting_confirmation == applied->problems.size()) view["ssim"] = web::Text(std::string(text));
    view["replace"] = web::Flag(replace);
    return SsimPage(ctx, r, 422, std::move(view));
  }
  Reaccommodate(ctx);
  int added = 0, changed = 0, cancelled = 0;
  for (const auto& a : applied->actions) {
    added += a.kind == schedule::SsimAction::Kind::kLineAdded ? 1 : 0;
    changed += a.kind == schedule::SsimAction::Kind::kLineChanged ? 1 : 0;
    cancelled += a.kind == schedule::SsimAction::Kind::kFlightsCancelled ? 1 : 0;
  }
  ctx.staff.RecordAction(r.visit.actor, "schedule.ssim_import", "airline " + ctx.Site().airline, "",
                         fmt::format(R"({{"added":{},"changed":{},"lines_cancelled":{},"replace":{}}})", added,
                                     changed, cancelled, replace));
  return web::SeeOther("/schedules/ssim?done=imported");
}

}  // namespace

void AddSsimRoutes(AdminRoutes& routes) {
  using P = core::Permission;
  routes.Add({"GET", "/schedules/ssim", Audience::kStaff, P::kSchedulesRead, GetSsim});
  routes.Add({"GET", "/schedules/ssim/export", Audience::kStaff, P::kSchedulesRead, GetExport});
  routes.Add({"POST", "/schedules/ssim/preview", Audience::kStaff, P::kSchedulesWrite, PostSsimPreview});
  routes.Add({"POST", "/schedules/ssim/apply", Audience::kStaff, P::kSchedulesWrite, PostSsimApply});
}

}  // namespace jetway::admin
