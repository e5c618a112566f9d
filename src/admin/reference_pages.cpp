// The airline's reference data (schedules.read to look, reference.write to change): the airports its network
// serves, with a form to add or edit any airport (every node's directory picks it up while serving), and its
// aircraft cabin configurations. ReferenceAdminService checks permissions and rules; the pages parse and audit.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "api/json_writer.hpp"
#include "core/text.hpp"

namespace jetway::admin {

namespace {

std::string Degrees(std::int64_t micro) {
  const bool negative = micro < 0;
  const auto value = negative ? -micro : micro;
  return fmt::format("{}{}.{:06}", negative ? "-" : "", value / 1'000'000, value % 1'000'000);
}



web::Form AirportForm(const reference::Airport& a) {
  return {{"code", a.code},         {"icao", a.icao},           {"name", a.name},
          {"city", a.city},         {"country", a.country},     {"time_zone", a.time_zone},
          {"latitude", Degrees(a.latitude_micro)}, {"longitude", Degrees(a.longitude_micro)}};
}

http::Response AirportsPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                            const web::Form& form) {
  auto served = ctx.reference.Served(r.visit.actor);
  if (!served) return Refused(ctx, r, served.error());
  web::ViewList rows;
  for (const auto& a : *served) {
    web::View row;
    row["code"] = web::Text(a.code);
    row["icao"] = web::Text(a.icao);
    row["name"] = web::Text(a.name);
    row["city"] = web::Text(a.city);
    row["country"] = web::Text(a.country);
    row["time_zone"] = web::Text(a.time_zone);
    rows.push_back(std::move(row));
  }
  view["airports"] = web::List(std::move(rows));
  for (const char* name : {"code", "icao", "name", "city", "country", "time_zone", "latitude", "longitude"})
    view[name] = web::Text(web::FormValue(form, name));
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kReferenceWrite));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/airports", std::move(view), web::T(ctx, r.visit, "admin_airports_title"));
}

http::Response GetAirports(const AdminContext& ctx, StaffRequest& r) {
  web::View view;
  web::Form form;
  if (auto code = r.visit.request.Query("code"); code && !code->empty()) {
    auto found = ctx.reference.FindAirport(r.visit.actor, core::AsciiUpper(*code));
    if (!found) return Refused(ctx, r, found.error());
    form = AirportForm(*found);
  }
  return AirportsPage(ctx, r, 200, std::move(view), form);
}

http::Response PostAirport(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  reference::Airport airport{core::AsciiUpper(Field(form, "code")), core::AsciiUpper(Field(form, "icao")),
                             Field(form, "name"), Field(form, "city"), Field(form, "country"),
                             Field(form, "time_zone"), 0, 0, nullptr};
  const auto lat = Field(form, "latitude"), lon = Field(form, "longitude");
  const auto number = [](const std::string& t) {
    return !t.empty() && t.find_first_not_of("-.0123456789") == std::string::npos;
  };
  airport.latitude_micro = number(lat) ? reference::ParseMicroDegrees(lat) : INT64_MAX;
  airport.longitude_micro = number(lon) ? reference::ParseMicroDegrees(lon) : INT64_MAX;
  auto before = ctx.reference.FindAirport(r.visit.actor, airport.code);
  auto saved = ctx.reference.SaveAirport(r.visit.actor, airport);
  if (!saved) {
    if (saved.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, saved.error());
    web::View view;
    ShowError(ctx, r, saved.error(), view);
    return AirportsPage(ctx, r, FormStatus(saved.error()), std::move(view), form);
  }
  const auto describe = [](const reference::Airport& a) {
    api::JsonWriter w;
    w.BeginObject().Field("code", a.code).Field("icao", a.icao).Field("name", a.name).Field("city", a.city)
        .Field("country", a.country).Field("time_zone", a.time_zone)
        .Field("latitude", Degrees(a.latitude_micro)).Field("longitude", Degrees(a.longitude_micro)).EndObject();
    return w.Take();
  };
  ctx.staff.RecordAction(r.visit.actor, before ? "airport.edit" : "airport.add", "airport " + airport.code,
                         before ? describe(*before) : "", describe(airport));
  return web::SeeOther(fmt::format("/airports?done={}&code={}", airport.code, airport.code));
}

http::Response AircraftPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                            const web::Form& form) {
  auto configs = ctx.reference.Configs(r.visit.actor, ctx.Site().airline);
  if (!configs) return Refused(ctx, r, configs.error());
  web::ViewList rows;
  for (const auto& c : *configs) {
    web::View row;
    row["code"] = web::Text(c.code);
    row["type"] = web::Text(c.aircraft_type);
    std::string cabins;
    int seats = 0;
    for (const auto& cabin : c.cabins) {
      cabins += fmt::format("{}{} {} (+{}%)", cabins.empty() ? "" : ", ", cabin.cabin, cabin.seats, cabin.overbooking_pct);
      seats += cabin.seats;
    }
    row["cabins"] = web::Text(cabins);
    row["seats"] = web::Text(std::to_string(seats));
    row["seat_map"] = web::Text(c.seat_map);
    rows.push_back(std::move(row));
  }
  view["configs"] = web::List(std::move(rows));
  for (const char* name : {"code", "aircraft_type", "seat_map"}) view[name] = web::Text(web::FormValue(form, name));
  web::ViewList cabins;
  for (const char* cabin : {"F", "J", "W", "Y"}) {
    web::View c;
    c["cabin"] = web::Text(cabin);
    c["seats"] = web::Text(web::FormValue(form, std::string("seats_") + cabin));
    c["overbooking"] = web::Text(web::FormValue(form, std::string("overbooking_") + cabin));
    cabins.push_back(std::move(c));
  }
  view["cabins"] = web::List(std::move(cabins));
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kReferenceWrite));
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/aircraft", std::move(view), web::T(ctx, r.visit, "admin_aircraft_title"));
}

http::Response GetAircraft(const AdminContext& ctx, StaffRequest& r) { return AircraftPage(ctx, r, 200, {}, {}); }

http::Response PostAircraft(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  reference::CabinConfig config{0, core::AsciiUpper(Field(form, "code")), Field(form, "aircraft_type"), {},
                                Field(form, "seat_map")};
  for (const char* cabin : {"F", "J", "W", "Y"}) {
    const auto seats = Field(form, (std::string("seats_") + cabin).c_str());
    if (seats.empty() || seats == "0") continue;
    const auto overbooking = Field(form, (std::string("overbooking_") + cabin).c_str());
    config.cabins.push_back(reference::CabinSpec{
        cabin, static_cast<int>(core::ParseInteger(seats, -1, 100000).value_or(-1)),
        overbooking.empty() ? 0 : static_cast<int>(core::ParseInteger(overbooking, -1, 1000).value_or(-1))});
  }
  auto saved = ctx.reference.SaveConfig(r.visit.actor, ctx.Site().airline, config);
  if (!saved) {
    if (saved.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, saved.error());
    web::View view;
    ShowError(ctx, r, saved.error(), view);
    return AircraftPage(ctx, r, FormStatus(saved.error()), std::move(view), form);
  }
  api::JsonWriter w;
  w.BeginObject().Field("code", config.code).Field("aircraft_type", config.aircraft_type).Key("cabins").BeginObject();
  for (const auto& c : config.cabins)
    w.Key(c.cabin).BeginObject().Field("seats", c.seats).Field("overbooking_pct", c.overbooking_pct).EndObject();
  w.EndObject().Field("seat_map", config.seat_map).EndObject();
  ctx.staff.RecordAction(r.visit.actor, "aircraft.save", "cabin configuration " + config.code, "", w.Take());
  return web::SeeOther("/aircraft?done=" + config.code);
}

}  // namespace

void AddReferenceRoutes(AdminRoutes& routes) {
  using P = core::Permission;
  routes.Add({"GET", "/airports", Audience::kStaff, P::kSchedulesRead, GetAirports});
  routes.Add({"POST", "/airports", Audience::kStaff, P::kReferenceWrite, PostAirport});
  routes.Add({"GET", "/aircraft", Audience::kStaff, P::kSchedulesRead, GetAircraft});
  routes.Add({"POST", "/aircraft", Audience::kStaff, P::kReferenceWrite, PostAircraft});
}

}  // namespace jetway::admin
