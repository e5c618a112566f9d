// The running system as staff with operations.read see it: the error tracker's causes with their counts, one
// cause's occurrences, the error rate per transaction per hour and per day, and the security events. Times are
// UTC, as in the logs.
#include <fmt/core.h>

#include <string>
#include <utility>

#include "admin/pages.hpp"
#include "core/time.hpp"
#include "ops/monitoring_service.hpp"

namespace jetway::admin {
namespace {

std::string Percent(const ops::ErrorRate& r) { return fmt::format("{:.2f} %", r.rate() * 100); }

web::ViewList RateRows(const std::vector<ops::ErrorRate>& rates, bool hourly) {
  web::ViewList rows;
  for (const auto& r : rates) {
    web::View row;
    const auto when = core::FormatUtc(r.period_start);
    row["period"] = web::Text(hourly ? when.substr(0, 16) : when.substr(0, 10));
    row["route"] = web::Text(r.route);
    row["listener"] = web::Text(r.listener);
    row["requests"] = web::Text(std::to_string(r.requests));
    row["errors"] = web::Text(std::to_string(r.errors));
    row["rate"] = web::Text(Percent(r));
    rows.push_back(std::move(row));
  }
  return rows;
}

web::View GroupView(const ops::ErrorGroup& g) {
  web::View row;
  row["fingerprint"] = web::Text(g.fingerprint);
  row["listener"] = web::Text(g.listener);
  row["route"] = web::Text(g.route);
  row["method"] = web::Text(g.method);
  row["status"] = web::Text(std::to_string(g.status));
  row["code"] = web::Text(g.code);
  row["error"] = web::Text(g.error);
  row["first_seen"] = web::Text(core::FormatUtc(g.first_seen));
  row["last_seen"] = web::Text(core::FormatUtc(g.last_seen));
  row["occurrences"] = web::Text(std::to_string(g.occurrences));
  row["request_id"] = web::Text(g.last_request_id);
  row["release"] = web::Text(g.last_release);
  return row;
}

http::Response GetErrors(const AdminContext& ctx, StaffRequest& r) {
  auto overview = ctx.monitoring.Errors(r.visit.actor);
  if (!overview) return Refused(ctx, r, overview.error());
  web::ViewList groups;
  for (const auto& g : overview->groups) groups.push_back(GroupView(g));
  web::View view;
  view["any"] = web::Flag(!groups.empty());
  view["groups"] = web::List(std::move(groups));
  view["overall"] = web::List(RateRows(overview->overall_daily, false));
  view["hourly"] = web::List(RateRows(overview->hourly, true));
  view["daily"] = web::List(RateRows(overview->daily, false));
  return RenderAdmin(ctx, r, 200, "admin/errors", std::move(view), web::T(ctx, r.visit, "admin_errors_title"));
}

http::Response GetError(const AdminContext& ctx, StaffRequest& r) {
  auto detail = ctx.monitoring.Error(r.visit.actor, r.visit.request.params.at("fingerprint"));
  if (!detail) return Refused(ctx, r, detail.error());
  web::ViewList rows;
  for (const auto& o : detail->occurrences) {
    web::View row;
    row["at"] = web::Text(core::FormatUtc(o.at));
    row["request_id"] = web::Text(o.request_id);
    row["method"] = web::Text(o.method);
    row["path"] = web::Text(o.path);
    row["status"] = web::Text(std::to_string(o.status));
    row["release"] = web::Text(o.release);
    row["node"] = web::Text(o.node);
    row["error"] = web::Text(o.error);
    rows.push_back(std::move(row));
  }
  web::View view = GroupView(detail->group);
  view["occurrence_list"] = web::List(std::move(rows));
  return RenderAdmin(ctx, r, 200, "admin/error_group", std::move(view), web::T(ctx, r.visit, "admin_error_title"));
}

http::Response GetSecurity(const AdminContext& ctx, StaffRequest& r) {
  auto events = ctx.monitoring.SecurityEvents(r.visit.actor);
  if (!events) return Refused(ctx, r, events.error());
  web::ViewList rows;
  for (const auto& e : *events) {
    web::View row;
    row["kind"] = web::Text(e.kind);
    row["label"] = web::Text(web::T(ctx, r.visit, "admin_security_kind_" + e.kind));
    row["source"] = web::Text(e.source);
    row["count"] = web::Text(std::to_string(e.occurrences));
    row["window"] = web::Text(core::FormatUtc(e.window_start));
    row["last_seen"] = web::Text(core::FormatUtc(e.last_seen));
    row["nodes"] = web::Text(e.nodes);
    rows.push_back(std::move(row));
  }
  web::View view;
  view["any"] = web::Flag(!rows.empty());
  view["events"] = web::List(std::move(rows));
  return RenderAdmin(ctx, r, 200, "admin/security", std::move(view), web::T(ctx, r.visit, "admin_security_title"));
}

}  // namespace

void AddOperationsRoutes(AdminRoutes& routes) {
  constexpr auto kRead = core::Permission::kOperationsRead;
  routes.Add({"GET", "/errors", Audience::kStaff, kRead, GetErrors});
  routes.Add({"GET", "/errors/:fingerprint", Audience::kStaff, kRead, GetError});
  routes.Add({"GET", "/security", Audience::kStaff, kRead, GetSecurity});
}

}  // namespace jetway::admin
