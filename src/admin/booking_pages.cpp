// Bookings (bookings.read): search by reference, last name, e-mail or dated flight; one booking with its segments,
// passengers, payments and history; and the staff actions on it (bookings.write): cancel, send the confirmation
// again. The booking service opens any booking to staff by permission and records who acted in its history.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/text.hpp"
#include "web/format.hpp"

namespace jetway::admin {

namespace {

std::string Locator(const StaffRequest& r) { return core::AsciiUpper(r.visit.request.params.at("locator")); }

http::Response GetBookings(const AdminContext& ctx, StaffRequest& r) {
  const auto& request = r.visit.request;
  booking::BookingQuery query{request.Query("q").value_or(""), request.Query("flight").value_or(""), std::nullopt};
  if (auto date = request.Query("date"); date && !date->empty()) query.date = core::ParseIsoDate(*date);
  web::View view;
  view["q"] = web::Text(query.text);
  view["flight"] = web::Text(query.flight);
  view["date"] = web::Text(request.Query("date").value_or(""));
  const bool searched = !query.text.empty() || !query.flight.empty();
  int status = 200;
  if (searched) {
    auto found = ctx.bookings.Search(r.visit.actor, query);
    if (!found && found.error().kind != core::ErrorKind::kInvalid) return Refused(ctx, r, found.error());
    if (!found) {
      view["error"] = web::Text(web::ErrorText(ctx, r.visit, found.error()));
      status = 422;
    } else {
      web::ViewList rows;
      for (const auto& b : *found) {
        web::View row;
        row["locator"] = web::Text(b.locator);
        row["status"] = web::Text(std::string(booking::ToString(b.status)));
        row["passenger"] = web::Text(b.first_passenger);
        row["email"] = web::Text(b.contact_email);
        row["total"] = web::Text(web::FormatPrice(b.total, r.visit.language));
        row["created"] = web::Text(core::FormatUtc(b.created_at));
        rows.push_back(std::move(row));
      }
      view["searched"] = web::Flag(true);
      view["count"] = web::Text(std::to_string(rows.size()));
      view["results"] = web::List(std::move(rows));
    }
  }
  return RenderAdmin(ctx, r, status, "admin/bookings", std::move(view), web::T(ctx, r.visit, "admin_bookings_title"));
}

http::Response GetBooking(const AdminContext& ctx, StaffRequest& r) {
  const auto locator = Locator(r);
  auto found = ctx.bookings.Retrieve(r.visit.actor, locator, {});
  if (!found) return Refused(ctx, r, found.error());
  const auto& b = *found;
  const auto& actor = r.visit.actor;
  web::View view;
  view["locator"] = web::Text(b.locator);
  view["status"] = web::Text(std::string(booking::ToString(b.status)));
  view["channel"] = web::Text(b.channel);
  view["total"] = web::Text(web::FormatPrice(b.total, r.visit.language));
  if (b.contact) {
    view["email"] = web::Text(b.contact->email);
    view["phone"] = web::Text(b.contact->phone);
  }
  web::ViewList segments;
  for (const auto& s : b.segments) {
    web::View seg;
    seg["flight"] = web::Text(s.flight.airline + s.flight.flight_number);
    seg["date"] = web::Text(web::FormatLocalDay(ctx.locales, r.visit.language, s.flight.departure_local));
    seg["route"] = web::Text(fmt::format("{}–{}", s.flight.origin, s.flight.destination));
    seg["departure"] = web::Text(core::LocalClockOf(s.flight.departure_local));
    seg["class"] = web::Text(s.booking_class);
    seg["seats"] = web::Text(std::to_string(s.seats));
    segments.push_back(std::move(seg));
  }
  view["segments"] = web::List(std::move(segments));
  web::ViewList passengers;
  for (const auto& p : b.passengers) {
    web::View pax;
    pax["name"] = web::Text(fmt::format("{}/{} {}", p.last_name, p.first_name, p.title));
    pax["type"] = web::Text(std::string(core::ToString(p.pax_type)));
    passengers.push_back(std::move(pax));
  }
  view["passengers"] = web::List(std::move(passengers));
  web::ViewList payments;
  for (const auto& p : b.payments) {
    web::View pay;
    pay["method"] = web::Text(p.method);
    pay["amount"] = web::Text(web::FormatPrice(p.amount, r.visit.language));
    pay["status"] = web::Text(p.status);
    pay["reference"] = web::Text(p.reference);
    payments.push_back(std::move(pay));
  }
  view["payments"] = web::List(std::move(payments));
  web::ViewList history;
  for (const auto& h : b.history) {
    web::View entry;
    entry["at"] = web::Text(core::FormatUtc(h.at));
    entry["who"] = web::Text(h.channel);
    entry["action"] = web::Text(h.action);
    entry["detail"] = web::Text(h.detail);
    history.push_back(std::move(entry));
  }
  view["history"] = web::List(std::move(history));
  const bool may_change = actor.May(core::Permission::kBookingsWrite);
  view["may_cancel"] = web::Flag(may_change && (b.status == booking::BookingStatus::kHeld ||
                                                b.status == booking::BookingStatus::kConfirmed));
  view["may_resend"] = web::Flag(may_change && b.status == booking::BookingStatus::kConfirmed);
  view["done"] = web::Text(r.visit.request.Query("done").value_or(""));
  return RenderAdmin(ctx, r, 200, "admin/booking", std::move(view), b.locator);
}

http::Response PostCancel(const AdminContext& ctx, StaffRequest& r) {
  const auto locator = Locator(r);
  auto cancelled = ctx.bookings.Cancel(r.visit.actor, locator, {});
  if (!cancelled) return Refused(ctx, r, cancelled.error());
  ctx.staff.RecordAction(r.visit.actor, "booking.cancel", "booking " + locator, "",
                         fmt::format(R"({{"status":"{}"}})", booking::ToString(cancelled->status)));
  return web::SeeOther(fmt::format("/bookings/{}?done=cancelled", locator));
}

http::Response PostResend(const AdminContext& ctx, StaffRequest& r) {
  const auto locator = Locator(r);
  auto resent = ctx.bookings.ResendConfirmation(r.visit.actor, locator, {});
  if (!resent) return Refused(ctx, r, resent.error());
  ctx.staff.RecordAction(r.visit.actor, "booking.resend_confirmation", "booking " + locator, "", "");
  return web::SeeOther(fmt::format("/bookings/{}?done=resent", locator));
}

}  // namespace

void AddBookingRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/bookings", Audience::kStaff, core::Permission::kBookingsRead, GetBookings});
  routes.Add({"GET", "/bookings/:locator", Audience::kStaff, core::Permission::kBookingsRead, GetBooking});
  routes.Add({"POST", "/bookings/:locator/cancel", Audience::kStaff, core::Permission::kBookingsWrite, PostCancel});
  routes.Add({"POST", "/bookings/:locator/resend", Audience::kStaff, core::Permission::kBookingsWrite, PostResend});
}

}  // namespace jetway::admin
