// Inventory (inventory.read to look, inventory.write to change): the flights of a day with their loads; one
// flight's cabins and classes with authorized, sold, held and available, and a form per cabin to open or close
// classes and change authorizations, capacity and overbooking; the same change over a period, days of the week and
// a route; and load factor by day and route. InventoryControlService checks the permission and the no-oversell
// rules; the pages parse forms, show its answer and audit what changed.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"
#include "reports/sales.hpp"
#include "web/format.hpp"

namespace jetway::admin {

namespace {

using schedule::FlightFilter;

// A number a form gave, or -1 when it is not one (the domain's range check then names the field).
std::optional<int> FormNumber(const web::Form& form, const std::string& name) {
  const auto text = std::string(core::Trim(web::FormValue(form, name)));
  if (text.empty()) return std::nullopt;
  return static_cast<int>(core::ParseInteger(text, -1, 1'000'000).value_or(-1));
}

std::string Upper(const web::Form& form, const std::string& name) {
  return core::AsciiUpper(std::string(core::Trim(web::FormValue(form, name))));
}

core::Result<core::LocalDate> FormDate(const web::Form& form, const std::string& name, core::LocalDate otherwise) {
  const auto text = std::string(core::Trim(web::FormValue(form, name)));
  if (text.empty()) return otherwise;
  if (auto date = core::ParseIsoDate(text)) return *date;
  return core::Fail(core::ErrorKind::kInvalid, "INVALID_DATE", "dates are written 2026-12-31", name);
}

unsigned WeekdaysOf(const web::Form& form) {
  unsigned days = 0;
  for (int d = 1; d <= 7; ++d)
    if (!web::FormValue(form, fmt::format("day{}", d)).empty()) days |= 1u << (d - 1);
  return form.count("days") || days ? days : 0x7fu;
}

// The selection a form gives: airline, flight (number), origin, destination, from, to and day1..day7. A form sends
// days=chosen beside its day boxes (no box ticked is then no day); a plain link without them covers every day.
core::Result<FlightFilter> FilterOf(const web::Form& form, core::LocalDate today, int default_days) {
  FlightFilter filter;
  filter.airline = Upper(form, "airline");
  filter.origin = Upper(form, "origin");
  filter.destination = Upper(form, "destination");
  if (auto number = FormNumber(form, "flight")) filter.flight_number = *number == -1 ? 0 : *number;
  auto from = FormDate(form, "from", today);
  if (!from) return std::unexpected(from.error());
  auto to = FormDate(form, "to", core::AddDays(*from, default_days - 1));
  if (!to) return std::unexpected(to.error());
  filter.from = *from;
  filter.to = *to;
  filter.weekdays = WeekdaysOf(form);
  if (auto ok = schedule::Validate(filter); !ok) return std::unexpected(ok.error());
  return filter;
}

// The form's own values back into the page, so that a refused form keeps what was typed.
void EchoFilter(const AdminContext& ctx, const web::Visit& visit, const web::Form& form, const FlightFilter* filter,
                web::View& view) {
  for (const char* name : {"airline", "flight", "origin", "destination", "from", "to"})
    view[name] = web::Text(web::FormValue(form, name));
  if (filter) {
    view["from"] = web::Text(core::FormatIsoDate(filter->from));
    view["to"] = web::Text(core::FormatIsoDate(filter->to));
  }
  web::ViewList days;
  for (int d = 1; d <= 7; ++d) {
    web::View day;
    day["n"] = web::Text(std::to_string(d));
    day["name"] = web::Text(web::WeekdayName(ctx.locales, visit.language, d));
    day["checked"] = web::Flag((WeekdaysOf(form) >> (d - 1)) & 1u);
    days.push_back(std::move(day));
  }
  view["days"] = web::List(std::move(days));
}



std::string LocalClock(const AdminContext& ctx, const std::string& airport, core::Instant at) {
  const auto* found = ctx.airports.Find(airport);
  return found ? core::LocalClockOf(core::FormatLocal(at, found->zone)) : core::FormatUtc(at);
}

// Rounded as every report rounds it (reports::LoadFactorPercent); a flight without seats shows a dash.
std::string Percent(int part, int whole) {
  return whole > 0 ? fmt::format("{}%", reports::LoadFactorPercent(part, whole)) : "–";
}

std::string FlightDesignator(const schedule::FlightRecord& f) {
  return fmt::format("{}{}", f.airline, f.flight_number);
}

web::View LoadRow(const AdminContext& ctx, const web::Visit& visit, const schedule::FlightLoad& load) {
  const auto& f = load.flight;
  web::View row;
  row["id"] = web::Text(std::to_string(f.id));
  row["flight"] = web::Text(FlightDesignator(f));
  row["date"] = web::Text(web::FormatDate(ctx.locales, visit.language, *core::ParseIsoDate(f.departure_date)));
  row["departure"] = web::Text(LocalClock(ctx, f.origin, f.departure_utc));
  row["route"] = web::Text(fmt::format("{}–{}", f.origin, f.destination));
  row["status"] = web::Text(f.status);
  row["capacity"] = web::Text(std::to_string(load.capacity));
  row["sold"] = web::Text(std::to_string(load.sold));
  row["held"] = web::Text(std::to_string(load.held));
  row["load_factor"] = web::Text(Percent(load.sold, load.capacity));
  return row;
}

http::Response GetFlights(const AdminContext& ctx, StaffRequest& r) {
  const auto& query = r.visit.request.query;
  web::View view;
  auto filter = FilterOf(query, Today(ctx), 1);
  int status = 200;
  if (!filter) {
    ShowError(ctx, r, filter.error(), view);
    status = 422;
  } else if (auto loads = ctx.inventory.Loads(r.visit.actor, *filter); !loads) {
    return Refused(ctx, r, loads.error());
  } else {
    web::ViewList rows;
    for (const auto& load : *loads) rows.push_back(LoadRow(ctx, r.visit, load));
    view["count"] = web::Text(web::Plural(ctx.locales, r.visit.language, "admin_flights_count", rows.size()));
    view["flights"] = web::List(std::move(rows));
  }
  EchoFilter(ctx, r.visit, query, filter ? &*filter : nullptr, view);
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kInventoryWrite));
  return RenderAdmin(ctx, r, status, "admin/flights", std::move(view), web::T(ctx, r.visit, "admin_flights_title"));
}

web::View CabinView(const inventory::CabinInventory& cabin) {
  web::View view;
  view["cabin"] = web::Text(cabin.cabin);
  view["capacity"] = web::Text(std::to_string(cabin.capacity));
  view["overbooking_pct"] = web::Text(std::to_string(cabin.overbooking_pct));
  view["limit"] = web::Text(std::to_string(cabin.Limit()));
  view["booked"] = web::Text(std::to_string(cabin.Booked()));
  const auto available = inventory::NestedAvailability(cabin);
  web::ViewList classes;
  for (std::size_t i = 0; i < cabin.classes.size(); ++i) {
    const auto& c = cabin.classes[i];
    web::View row;
    row["class"] = web::Text(c.booking_class);
    row["rank"] = web::Text(std::to_string(c.nest_rank));
    row["authorized"] = web::Text(std::to_string(c.authorized));
    row["sold"] = web::Text(std::to_string(c.sold));
    row["held"] = web::Text(std::to_string(c.held));
    row["available"] = web::Text(std::to_string(available[i]));
    row["closed"] = web::Flag(c.closed);
    classes.push_back(std::move(row));
  }
  view["classes"] = web::List(std::move(classes));
  return view;
}

http::Response FlightPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view) {
  const auto id = PathId(r, "flight_id");
  auto inventory = id ? ctx.network.Inventory(r.visit.actor, *id)
                      : core::Fail(core::ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", "no such flight", "flight_id");
  if (!inventory) return Refused(ctx, r, inventory.error());
  const auto& f = inventory->flight;
  view["id"] = web::Text(std::to_string(f.id));
  view["flight"] = web::Text(FlightDesignator(f));
  view["date"] = web::Text(web::FormatDate(ctx.locales, r.visit.language, *core::ParseIsoDate(f.departure_date)));
  view["iso_date"] = web::Text(f.departure_date);
  view["departure"] = web::Text(LocalClock(ctx, f.origin, f.departure_utc));
  view["route"] = web::Text(fmt::format("{}–{}", f.origin, f.destination));
  view["status"] = web::Text(f.status);
  web::ViewList cabins;
  for (const auto& cabin : inventory->cabins) cabins.push_back(CabinView(cabin));
  view["cabins"] = web::List(std::move(cabins));
  view["may_change"] = web::Flag(r.visit.actor.May(core::Permission::kInventoryWrite) &&
                                 f.departure_utc > ctx.clock.Now());
  view["done"] = web::Flag(r.visit.request.Query("done").value_or("") == "saved");
  view["cancelled"] = web::Flag(r.visit.request.Query("done").value_or("") == "cancelled");
  view["may_cancel"] = web::Flag(r.visit.actor.May(core::Permission::kSchedulesWrite) && f.status == "SCHEDULED" &&
                                 f.departure_utc > ctx.clock.Now());
  const auto title = fmt::format("{} {}", FlightDesignator(f), f.departure_date);
  return RenderAdmin(ctx, r, status, "admin/flight", std::move(view), title);
}

http::Response GetFlight(const AdminContext& ctx, StaffRequest& r) { return FlightPage(ctx, r, 200, {}); }

// The cabin form sends every field with the value the page showed beside it (was_*): only what staff changed is
// applied, so a form left open does not undo a colleague's change to another class.
inventory::CabinControl ChangedControls(const web::Form& form) {
  inventory::CabinControl change;
  auto changed = [&](const std::string& name) {
    return core::Trim(web::FormValue(form, name)) != core::Trim(web::FormValue(form, "was_" + name));
  };
  if (changed("capacity")) change.capacity = FormNumber(form, "capacity").value_or(-1);
  if (changed("overbooking_pct")) change.overbooking_pct = FormNumber(form, "overbooking_pct").value_or(-1);
  for (const auto& [name, value] : form) {
    if (!name.starts_with("was_closed_")) continue;
    const auto booking_class = name.substr(std::string_view("was_closed_").size());
    inventory::ClassControl control{booking_class, std::nullopt, std::nullopt};
    if (changed("authorized_" + booking_class))
      control.authorized = FormNumber(form, "authorized_" + booking_class).value_or(-1);
    const bool closed = !web::FormValue(form, "closed_" + booking_class).empty();
    if (closed != (value == "1")) control.closed = closed;
    if (control.authorized || control.closed) change.classes.push_back(std::move(control));
  }
  return change;
}

void Audit(const AdminContext& ctx, StaffRequest& r, const std::string& target,
           const schedule::ControlOutcome& outcome) {
  if (outcome.changed.empty()) return;
  ctx.staff.RecordAction(r.visit.actor, "inventory.change", target, outcome.AuditBefore(), outcome.AuditAfter());
}

http::Response PostCabin(const AdminContext& ctx, StaffRequest& r) {
  const auto id = PathId(r, "flight_id");
  const auto form = *web::ParseForm(r.visit.request);
  const auto cabin = core::AsciiUpper(r.visit.request.params.at("cabin"));
  auto outcome = id ? ctx.inventory.ChangeFlight(r.visit.actor, *id, cabin, ChangedControls(form))
                    : core::Fail(core::ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", "no such flight", "flight_id");
  if (!outcome) {
    if (outcome.error().kind == core::ErrorKind::kNotFound || outcome.error().kind == core::ErrorKind::kForbidden)
      return Refused(ctx, r, outcome.error());
    web::View view;
    ShowError(ctx, r, outcome.error(), view);
    view["error_cabin"] = web::Text(cabin);
    return FlightPage(ctx, r, FormStatus(outcome.error()), std::move(view));
  }
  Audit(ctx, r, fmt::format("flight {} cabin {}", *id, cabin), *outcome);
  return web::SeeOther(fmt::format("/flights/{}?done=saved", *id));
}

http::Response ChangePage(const AdminContext& ctx, StaffRequest& r, int status, const web::Form& form,
                          web::View view) {
  auto filter = FilterOf(form, Today(ctx), 7);
  EchoFilter(ctx, r.visit, form, filter ? &*filter : nullptr, view);
  for (const char* name : {"cabin", "capacity", "overbooking_pct", "class", "authorized", "class_action"})
    view[name] = web::Text(web::FormValue(form, name));
  if (web::FormValue(form, "cabin").empty()) view["cabin"] = web::Text("Y");
  const auto action = web::FormValue(form, "class_action");
  view["action_keep"] = web::Flag(action != "open" && action != "close");
  view["action_open"] = web::Flag(action == "open");
  view["action_close"] = web::Flag(action == "close");
  return RenderAdmin(ctx, r, status, "admin/inventory_change", std::move(view),
                     web::T(ctx, r.visit, "admin_inventory_change_title"));
}

http::Response GetChange(const AdminContext& ctx, StaffRequest& r) {
  return ChangePage(ctx, r, 200, r.visit.request.query, {});
}

inventory::CabinControl BulkControls(const web::Form& form) {
  inventory::CabinControl change;
  change.capacity = FormNumber(form, "capacity");
  change.overbooking_pct = FormNumber(form, "overbooking_pct");
  const auto booking_class = Upper(form, "class");
  const auto action = web::FormValue(form, "class_action");
  inventory::ClassControl control{booking_class, FormNumber(form, "authorized"), std::nullopt};
  if (action == "open" || action == "close") control.closed = action == "close";
  if (!booking_class.empty() || control.authorized || control.closed) change.classes.push_back(std::move(control));
  return change;
}

// The selection as the audit log names it: "X9101 CPH-HAM 2026-12-01..2026-12-31 days 1.3.5.7".
std::string Describe(const FlightFilter& filter) {
  std::string days;
  for (int d = 1; d <= 7; ++d) days += ((filter.weekdays >> (d - 1)) & 1u) ? static_cast<char>('0' + d) : '.';
  return fmt::format("{}{} {}-{} {}..{} days {}", filter.airline.empty() ? "*" : filter.airline,
                     filter.flight_number ? std::to_string(*filter.flight_number) : "",
                     filter.origin.empty() ? "*" : filter.origin, filter.destination.empty() ? "*" : filter.destination,
                     core::FormatIsoDate(filter.from), core::FormatIsoDate(filter.to), days);
}

http::Response PostChange(const AdminContext& ctx, StaffRequest& r) {
  const auto form = *web::ParseForm(r.visit.request);
  web::View view;
  auto filter = FilterOf(form, Today(ctx), 7);
  if (!filter) {
    ShowError(ctx, r, filter.error(), view);
    return ChangePage(ctx, r, 422, form, std::move(view));
  }
  const auto cabin = Upper(form, "cabin");
  auto outcome = ctx.inventory.ChangeFlights(r.visit.actor, *filter, cabin, BulkControls(form));
  if (!outcome) {
    if (outcome.error().kind == core::ErrorKind::kForbidden) return Refused(ctx, r, outcome.error());
    ShowError(ctx, r, outcome.error(), view);
    return ChangePage(ctx, r, FormStatus(outcome.error()), form, std::move(view));
  }
  Audit(ctx, r, fmt::format("flights {} cabin {}", Describe(*filter), cabin), *outcome);
  web::ViewList changed;
  for (const auto& c : outcome->changed) {
    web::View row;
    row["id"] = web::Text(std::to_string(c.flight.id));
    row["flight"] = web::Text(FlightDesignator(c.flight));
    row["date"] = web::Text(c.flight.departure_date);
    changed.push_back(std::move(row));
  }
  view["changed_count"] = web::Text(web::Plural(ctx.locales, r.visit.language, "admin_flights_changed",
                                                static_cast<std::int64_t>(changed.size())));
  view["changed"] = web::List(std::move(changed));
  view["departed"] = web::Text(std::to_string(outcome->departed));
  view["without_cabin"] = web::Text(std::to_string(outcome->without_cabin));
  view["applied"] = web::Flag(true);
  return ChangePage(ctx, r, 200, form, std::move(view));
}

http::Response GetLoadFactor(const AdminContext& ctx, StaffRequest& r) {
  const auto& query = r.visit.request.query;
  web::View view;
  int status = 200;
  auto filter = FilterOf(query, Today(ctx), 7);
  if (!filter) {
    ShowError(ctx, r, filter.error(), view);
    status = 422;
  } else if (auto loads = ctx.inventory.Loads(r.visit.actor, *filter); !loads) {
    return Refused(ctx, r, loads.error());
  } else {
    web::ViewList rows;
    int capacity = 0, sold = 0;
    for (const auto& day : schedule::ByDayAndRoute(*loads)) {
      web::View row;
      row["date"] = web::Text(web::FormatDate(ctx.locales, r.visit.language, day.date));
      row["iso_date"] = web::Text(core::FormatIsoDate(day.date));
      row["route"] = web::Text(fmt::format("{}–{}", day.origin, day.destination));
      row["flights"] = web::Text(std::to_string(day.flights));
      row["capacity"] = web::Text(std::to_string(day.capacity));
      row["sold"] = web::Text(std::to_string(day.sold));
      row["held"] = web::Text(std::to_string(day.held));
      row["load_factor"] = web::Text(Percent(day.sold, day.capacity));
      capacity += day.capacity;
      sold += day.sold;
      rows.push_back(std::move(row));
    }
    view["rows"] = web::List(std::move(rows));
    view["total_capacity"] = web::Text(std::to_string(capacity));
    view["total_sold"] = web::Text(std::to_string(sold));
    view["total_load_factor"] = web::Text(Percent(sold, capacity));
    view["shown"] = web::Flag(true);
  }
  EchoFilter(ctx, r.visit, query, filter ? &*filter : nullptr, view);
  return RenderAdmin(ctx, r, status, "admin/load_factor", std::move(view),
                     web::T(ctx, r.visit, "admin_load_factor_title"));
}

}  // namespace

void AddInventoryRoutes(AdminRoutes& routes) {
  using P = core::Permission;
  routes.Add({"GET", "/flights", Audience::kStaff, P::kInventoryRead, GetFlights});
  routes.Add({"GET", "/flights/:flight_id", Audience::kStaff, P::kInventoryRead, GetFlight});
  routes.Add({"POST", "/flights/:flight_id/cabins/:cabin", Audience::kStaff, P::kInventoryWrite, PostCabin});
  routes.Add({"GET", "/inventory/change", Audience::kStaff, P::kInventoryWrite, GetChange});
  routes.Add({"POST", "/inventory/change", Audience::kStaff, P::kInventoryWrite, PostChange});
  routes.Add({"GET", "/inventory/load-factor", Audience::kStaff, P::kInventoryRead, GetLoadFactor});
}

}  // namespace jetway::admin
