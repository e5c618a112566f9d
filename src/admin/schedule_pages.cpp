// Schedules (schedules.read to look, schedules.write to change): the airline's schedule lines; a new line; a line's
// period, days, times and aircraft changed in two steps, a preview of what happens to its dated flights (added,
// retimed, removed, rebuilt on the new aircraft, kept on the old one because seats are booked) with every booking
// touched, then the change applied with that preview's confirmation; and one dated flight cancelled the same way.
// ScheduleAdminService plans, checks and writes; the pages parse forms, show plans and audit what was done.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"
#include "web/format.hpp"

namespace jetway::admin {

namespace {

using schedule::ScheduleLine;

std::string Clock(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

// "09:10" as minutes after midnight; -1 (refused by the schedule's rules, naming the field) when unreadable.
int Minutes(const std::string& text) {
  const auto t = core::Trim(text);
  if (t.size() != 5 || t[2] != ':') return -1;
  const auto h = core::ParseInteger(t.substr(0, 2), 0, 23);
  const auto m = core::ParseInteger(t.substr(3, 2), 0, 59);
  return h && m ? static_cast<int>(*h * 60 + *m) : -1;
}

// SSIM days of operation from the day boxes: "1.3.5.7"; "......." when none is ticked (refused as no day).
std::string Days(const web::Form& form) {
  std::string days;
  for (int d = 1; d <= 7; ++d)
    days += web::FormValue(form, fmt::format("day{}", d)).empty() ? '.' : static_cast<char>('0' + d);
  return days;
}

ScheduleLine LineOf(const web::Form& form) {
  ScheduleLine line;
  line.airline = core::AsciiUpper(std::string(core::Trim(web::FormValue(form, "airline"))));
  line.flight_number = static_cast<int>(core::ParseInteger(core::Trim(web::FormValue(form, "flight_number")), 0, 99999)
                                            .value_or(0));
  line.origin = core::AsciiUpper(std::string(core::Trim(web::FormValue(form, "origin"))));
  line.destination = core::AsciiUpper(std::string(core::Trim(web::FormValue(form, "destination"))));
  line.departure_local_minutes = Minutes(web::FormValue(form, "departure"));
  line.arrival_local_minutes = Minutes(web::FormValue(form, "arrival"));
  line.arrival_day_offset = static_cast<int>(core::ParseInteger(web::FormValue(form, "arrival_day_offset"), -1, 2)
                                                 .value_or(9));
  line.days_of_operation = Days(form);
  line.valid_from = core::ParseIsoDate(core::Trim(web::FormValue(form, "valid_from"))).value_or(core::LocalDate{});
  line.valid_to = core::ParseIsoDate(core::Trim(web::FormValue(form, "valid_to"))).value_or(core::LocalDate{});
  line.config_id = core::ParseInteger(web::FormValue(form, "config_id"), 1, INT64_MAX).value_or(0);
  return line;
}

web::Form FormOf(const ScheduleLine& line) {
  web::Form form{{"airline", line.airline},
                 {"flight_number", std::to_string(line.flight_number)},
                 {"origin", line.origin},
                 {"destination", line.destination},
                 {"departure", Clock(line.departure_local_minutes)},
                 {"arrival", Clock(line.arrival_local_minutes)},
                 {"arrival_day_offset", std::to_string(line.arrival_day_offset)},
                 {"valid_from", core::FormatIsoDate(line.valid_from)},
                 {"valid_to", core::FormatIsoDate(line.valid_to)},
                 {"config_id", std::to_string(line.config_id)}};
  for (char c : line.days_of_operation)
    if (c >= '1' && c <= '7') form[fmt::format("day{}", c)] = "1";
  return form;
}

// The line's form fields as the page shows them: the typed values, the day boxes, the configurations to choose.
void FormView(const AdminContext& ctx, StaffRequest& r, const web::Form& form, const std::string& airline,
              web::View& view) {
  for (const char* name : {"airline", "flight_number", "origin", "destination", "departure", "arrival",
                           "valid_from", "valid_to"})
    view[name] = web::Text(web::FormValue(form, name));
  if (web::FormValue(form, "airline").empty()) view["airline"] = web::Text(airline);
  web::ViewList days;
  for (int d = 1; d <= 7; ++d) {
    web::View day;
    day["n"] = web::Text(std::to_string(d));
    day["name"] = web::Text(web::WeekdayName(ctx.locales, r.visit.language, d));
    day["checked"] = web::Flag(!web::FormValue(form, fmt::format("day{}", d)).empty());
    days.push_back(std::move(day));
  }
  view["days"] = web::List(std::move(days));
  web::ViewList offsets;
  const auto offset = web::FormValue(form, "arrival_day_offset");
  for (const char* value : {"0", "1", "2", "-1"}) {
    web::View option;
    option["value"] = web::Text(value);
    option["selected"] = web::Flag(offset == value || (offset.empty() && std::string_view(value) == "0"));
    offsets.push_back(std::move(option));
  }
  view["offsets"] = web::List(std::move(offsets));
  web::ViewList configs;
  auto known = ctx.reference.Configs(r.visit.actor, airline);
  for (const auto& c : known ? *known : std::vector<reference::CabinConfig>{}) {
    web::View option;
    option["id"] = web::Text(std::to_string(c.id));
    std::string cabins;
    for (const auto& cabin : c.cabins) cabins += fmt::format("{}{}{}", cabins.empty() ? "" : " ", cabin.cabin, cabin.seats);
    option["name"] = web::Text(fmt::format("{} · {} ({})", c.code, c.aircraft_type, cabins));
    option["selected"] = web::Flag(web::FormValue(form, "config_id") == std::to_string(c.id));
    configs.push_back(std::move(option));
  }
  view["configs"] = web::List(std::move(configs));
}



std::string LineName(const ScheduleLine& line) {
  return fmt::format("{}{} {}–{}", line.airline, line.flight_number, line.origin, line.destination);
}

std::string AuditLine(const ScheduleLine& l) {
  return fmt::format(R"({{"period":"{}..{}","days":"{}","departure":"{}","arrival":"{}","arrival_day_offset":{},)"
                     R"("config_id":{}}})",
                     core::FormatIsoDate(l.valid_from), core::FormatIsoDate(l.valid_to), l.days_of_operation,
                     Clock(l.departure_local_minutes), Clock(l.arrival_local_minutes), l.arrival_day_offset,
                     l.config_id);
}

http::Response GetSchedules(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                            const web::Form& form) {
  auto lines = ctx.schedules.Lines(r.visit.actor);
  if (!lines) return Refused(ctx, r, lines.error());
  web::ViewList rows;
  for (const auto& l : *lines) {
    web::View row;
    row["id"] = web::Text(std::to_string(l.id));
    row["flight"] = web::Text(fmt::format("{}{}", l.line.airline, l.line.flight_number));
    row["route"] = web::Text(fmt::format("{}–{}", l.line.origin, l.line.destination));
    row["days"] = web::Text(l.line.days_of_operation);
    row["times"] = web::Text(fmt::format("{}–{}{}", Clock(l.line.departure_local_minutes),
                                         Clock(l.line.arrival_local_minutes),
                                         l.line.arrival_day_offset ? fmt::format(" {:+}", l.line.arrival_day_offset) : ""));
    row["period"] = web::Text(fmt::format("{} – {}", core::FormatIsoDate(l.line.valid_from),
                                          core::FormatIsoDate(l.line.valid_to)));
    row["flights"] = web::Text(std::to_string(l.flights));
    rows.push_back(std::move(row));
  }
  view["lines"] = web::List(std::move(rows));
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kSchedulesWrite));
  FormView(ctx, r, form, ctx.Site().airline, view);
  return RenderAdmin(ctx, r, status, "admin/schedules", std::move(view), web::T(ctx, r.visit, "admin_schedules_title"));
}

http::Response ListSchedules(const AdminContext& ctx, StaffRequest& r) {
  return GetSchedules(ctx, r, 200, {}, {{"arrival_day_offset", "0"}});
}

http::Response PostSchedule(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  auto created = ctx.schedules.Create(r.visit.actor, LineOf(form));
  if (!created) {
    if (created.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, created.error());
    web::View view;
    ShowError(ctx, r, created.error(), view);
    return GetSchedules(ctx, r, FormStatus(created.error()), std::move(view), form);
  }
  ctx.staff.RecordAction(r.visit.actor, "schedule.create", "schedule line " + std::to_string(created->id), "",
                         AuditLine(created->line));
  return web::SeeOther(fmt::format("/schedules/{}?done=created", created->id));
}

http::Response LinePage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                        const std::optional<web::Form>& typed) {
  const auto id = PathId(r, "line_id");
  auto line = id ? ctx.schedules.Line(r.visit.actor, *id)
                 : core::Fail(core::ErrorKind::kNotFound, "LINE_NOT_FOUND", "no such schedule line");
  if (!line) return Refused(ctx, r, line.error());
  view["id"] = web::Text(std::to_string(line->id));
  view["name"] = web::Text(LineName(line->line));
  view["flight_count"] = web::Text(std::to_string(line->flights));
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kSchedulesWrite));
  ShowDone(r, view);
  FormView(ctx, r, typed ? *typed : FormOf(line->line), line->line.airline, view);
  return RenderAdmin(ctx, r, status, "admin/schedule", std::move(view), LineName(line->line));
}

http::Response GetLine(const AdminContext& ctx, StaffRequest& r) { return LinePage(ctx, r, 200, {}, std::nullopt); }

web::ViewList TouchedView(const AdminContext& ctx, StaffRequest& r, const schedule::LinePreview& preview) {
  web::ViewList touched;
  for (const auto& t : preview.touched) {
    web::View flight;
    flight["id"] = web::Text(std::to_string(t.flight.id));
    flight["date"] = web::Text(web::FormatDate(ctx.locales, r.visit.language, t.flight.date));
    flight["change"] = web::Text(web::T(ctx, r.visit, "admin_change_" + t.change));
    web::ViewList locators;
    for (const auto& l : t.locators) locators.push_back(web::Text(l));
    flight["locators"] = web::List(std::move(locators));
    touched.push_back(std::move(flight));
  }
  return touched;
}

void PlanView(const AdminContext& ctx, StaffRequest& r, const schedule::LinePreview& preview, web::View& view) {
  const auto& plan = preview.plan;
  auto count = [&](const char* key, std::size_t n) {
    view[key] = web::Text(web::Plural(ctx.locales, r.visit.language, "admin_flights_count", static_cast<std::int64_t>(n)));
  };
  count("added", plan.added.size());
  count("retimed", plan.retimed.size());
  count("removed", plan.removed.size());
  count("reconfigured", plan.reconfigured.size());
  count("reequipped", plan.reequipped.size());
  count("kept_old", plan.kept_on_old_aircraft.size());
  count("kept", plan.kept.size());
  view["touched"] = web::List(TouchedView(ctx, r, preview));
  view["touches_bookings"] = web::Flag(!preview.touched.empty());
  view["fingerprint"] = web::Text(preview.fingerprint);
  view["nothing"] = web::Flag(plan.Empty());
}

http::Response PostPreview(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto id = PathId(r, "line_id").value_or(0);
  auto preview = ctx.schedules.Preview(r.visit.actor, id, LineOf(form));
  web::View view;
  if (!preview) {
    if (preview.error().kind == core::ErrorKind::kNotFound || preview.error().kind == core::ErrorKind::kForbidden)
      return Refused(ctx, r, preview.error());
    ShowError(ctx, r, preview.error(), view);
    return LinePage(ctx, r, FormStatus(preview.error()), std::move(view), form);
  }
  PlanView(ctx, r, *preview, view);
  view["previewed"] = web::Flag(true);
  return LinePage(ctx, r, 200, std::move(view), form);
}

http::Response PostApply(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto id = PathId(r, "line_id").value_or(0);
  auto before = ctx.schedules.Line(r.visit.actor, id);
  auto applied = ctx.schedules.Apply(r.visit.actor, id, LineOf(form), web::FormValue(form, "confirmation"));
  if (!applied) {
    if (applied.error().kind == core::ErrorKind::kNotFound || applied.error().kind == core::ErrorKind::kForbidden)
      return Refused(ctx, r, applied.error());
    web::View view;
    ShowError(ctx, r, applied.error(), view);
    if (applied.error().code == "CONFIRMATION_REQUIRED")  // bookings changed since the preview: show it again
      if (auto again = ctx.schedules.Preview(r.visit.actor, id, LineOf(form))) {
        PlanView(ctx, r, *again, view);
        view["previewed"] = web::Flag(true);
      }
    return LinePage(ctx, r, FormStatus(applied.error()), std::move(view), form);
  }
  const auto& plan = applied->plan;
  Reaccommodate(ctx);
  auto after = ctx.schedules.Line(r.visit.actor, id);
  ctx.staff.RecordAction(
      r.visit.actor, "schedule.change", "schedule line " + std::to_string(id),
      before ? AuditLine(before->line) : "",
      fmt::format(R"({{"line":{},"added":{},"retimed":{},"removed":{},"reconfigured":{},"reequipped":{},)"
                  R"("kept_on_old_aircraft":{}}})",
                  after ? AuditLine(after->line) : "null", plan.added.size(), plan.retimed.size(), plan.removed.size(),
                  plan.reconfigured.size(), plan.reequipped.size(), plan.kept_on_old_aircraft.size()));
  return web::SeeOther(fmt::format("/schedules/{}?done=applied", id));
}

http::Response CancelPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view) {
  const auto id = PathId(r, "flight_id").value_or(0);
  auto preview = ctx.schedules.PreviewCancel(r.visit.actor, id);
  if (!preview) return Refused(ctx, r, preview.error());
  auto flight = ctx.network.Inventory(r.visit.actor, id);
  if (!flight) return Refused(ctx, r, flight.error());
  const auto& f = flight->flight;
  view["id"] = web::Text(std::to_string(id));
  view["flight"] = web::Text(fmt::format("{}{}", f.airline, f.flight_number));
  view["date"] = web::Text(web::FormatDate(ctx.locales, r.visit.language, *core::ParseIsoDate(f.departure_date)));
  view["route"] = web::Text(fmt::format("{}–{}", f.origin, f.destination));
  view["touched"] = web::List(TouchedView(ctx, r, *preview));
  view["touches_bookings"] = web::Flag(!preview->touched.empty());
  view["fingerprint"] = web::Text(preview->fingerprint);
  return RenderAdmin(ctx, r, status, "admin/flight_cancel", std::move(view),
                     web::T(ctx, r.visit, "admin_cancel_flight_title"));
}

http::Response GetCancel(const AdminContext& ctx, StaffRequest& r) { return CancelPage(ctx, r, 200, {}); }

http::Response PostCancelFlight(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  const auto id = PathId(r, "flight_id").value_or(0);
  auto cancelled = ctx.schedules.CancelFlight(r.visit.actor, id, web::FormValue(form, "confirmation"));
  if (!cancelled) {
    if (cancelled.error().code != "CONFIRMATION_REQUIRED") return Refused(ctx, r, cancelled.error());
    web::View view;
    ShowError(ctx, r, cancelled.error(), view);
    return CancelPage(ctx, r, 409, std::move(view));
  }
  Reaccommodate(ctx);
  std::size_t bookings = 0;
  for (const auto& t : cancelled->touched) bookings += t.locators.size();
  ctx.staff.RecordAction(r.visit.actor, "flight.cancel", "flight " + std::to_string(id), R"({"status":"SCHEDULED"})",
                         fmt::format(R"({{"status":"CANCELLED","bookings_to_reaccommodate":{}}})", bookings));
  return web::SeeOther(fmt::format("/flights/{}?done=cancelled", id));
}

}  // namespace

void AddScheduleRoutes(AdminRoutes& routes) {
  using P = core::Permission;
  routes.Add({"GET", "/schedules", Audience::kStaff, P::kSchedulesRead, ListSchedules});
  routes.Add({"POST", "/schedules", Audience::kStaff, P::kSchedulesWrite, PostSchedule});
  routes.Add({"GET", "/schedules/:line_id", Audience::kStaff, P::kSchedulesRead, GetLine});
  routes.Add({"POST", "/schedules/:line_id/preview", Audience::kStaff, P::kSchedulesWrite, PostPreview});
  routes.Add({"POST", "/schedules/:line_id/apply", Audience::kStaff, P::kSchedulesWrite, PostApply});
  routes.Add({"GET", "/flights/:flight_id/cancel", Audience::kStaff, P::kSchedulesWrite, GetCancel});
  routes.Add({"POST", "/flights/:flight_id/cancel", Audience::kStaff, P::kSchedulesWrite, PostCancelFlight});
}

}  // namespace jetway::admin
