// Bookings (bookings.read): search by reference, last name, e-mail or dated flight; one booking with its segments,
// passengers, payments, remarks and history; and the staff actions on it (bookings.write): take cash at the office
// for a held booking (payments.cash too: the reservations desk, not finance, which may not change bookings), correct a name within the airline's rule, add a remark, cancel, send the
// confirmation again. The booking service opens any booking to staff by permission, applies the rules and records
// who acted in the booking's history; each action also goes to the audit log.
#include <fmt/core.h>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "booking/docs.hpp"
#include "booking/receipt_pdf.hpp"
#include "core/text.hpp"
#include "ticketing/ticket.hpp"
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

// A held booking's passengers as the cash form asks for them: one slot per booked passenger, adults first, each
// infant on the lap of the adult with its number.
std::vector<core::PaxType> Slots(const pricing::PartyMix& party) {
  std::vector<core::PaxType> slots(static_cast<std::size_t>(party.adults), core::PaxType::kAdult);
  slots.insert(slots.end(), static_cast<std::size_t>(party.children), core::PaxType::kChild);
  slots.insert(slots.end(), static_cast<std::size_t>(party.infants), core::PaxType::kInfant);
  return slots;
}

web::ViewList TitleChoices(core::PaxType type, const std::string& chosen) {
  web::ViewList titles;
  for (auto title : booking::TitlesFor(type)) {
    web::View option;
    option["value"] = web::Text(std::string(title));
    option["selected"] = web::Flag(title == chosen);
    titles.push_back(std::move(option));
  }
  return titles;
}

web::ViewList CashSlots(const booking::BookingView& b, const web::Form& form) {
  web::ViewList slots;
  const auto types = Slots(b.party);
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto n = std::to_string(i + 1);
    web::View slot;
    slot["n"] = web::Text(n);
    slot["type"] = web::Text(std::string(core::ToString(types[i])));
    slot["titles"] = web::List(TitleChoices(types[i], web::FormValue(form, "title_" + n)));
    slot["first_name"] = web::Text(web::FormValue(form, "first_" + n));
    slot["last_name"] = web::Text(web::FormValue(form, "last_" + n));
    slot["date_of_birth"] = web::Text(web::FormValue(form, "dob_" + n));
    slot["needs_birth_date"] = web::Flag(types[i] != core::PaxType::kAdult);
    slots.push_back(std::move(slot));
  }
  return slots;
}

// The desk's extras form: which passenger, which flight still to fly, which extra at what price.
void SellExtrasView(const AdminContext& ctx, StaffRequest& r, const booking::BookingView& b, web::View& view) {
  auto offers = ctx.bookings.ExtrasOffered(r.visit.actor, b.locator, {});
  if (!offers || offers->empty()) return;
  web::ViewList passengers, flights, kinds;
  for (std::size_t i = 0; i < b.passengers.size(); ++i) {
    web::View p;
    p["value"] = web::Text(std::to_string(i + 1));
    p["text"] = web::Text(fmt::format("{} {}/{}", i + 1, b.passengers[i].last_name, b.passengers[i].first_name));
    passengers.push_back(std::move(p));
  }
  const auto now = ctx.clock.Now();
  for (const auto& s : b.segments) {
    if (s.flight.departure_utc <= now) continue;
    web::View f;
    f["value"] = web::Text(std::to_string(s.seq));
    f["text"] = web::Text(fmt::format("{} {}{} {}–{}", s.seq, s.flight.airline, s.flight.flight_number,
                                      s.flight.origin, s.flight.destination));
    flights.push_back(std::move(f));
  }
  for (const auto& o : *offers) {
    web::View k;
    k["value"] = web::Text(o.item.code);
    k["text"] = web::Text(fmt::format("{} · {}", web::T(ctx, r.visit, "extras_kind_" + o.item.code),
                                      web::FormatPrice(o.price, r.visit.language)));
    kinds.push_back(std::move(k));
  }
  if (flights.empty()) return;
  view["may_sell_extras"] = web::Flag(true);
  view["extra_passengers"] = web::List(std::move(passengers));
  view["extra_flights"] = web::List(std::move(flights));
  view["extra_kinds"] = web::List(std::move(kinds));
}

http::Response BookingPage(const AdminContext& ctx, StaffRequest& r, int status, web::View view,
                           const web::Form& form = {}) {
  const auto locator = Locator(r);
  auto found = ctx.bookings.Retrieve(r.visit.actor, locator, {});
  if (!found) return Refused(ctx, r, found.error());
  const auto& b = *found;
  const auto& actor = r.visit.actor;
  view["locator"] = web::Text(b.locator);
  view["status"] = web::Text(std::string(booking::ToString(b.status)));
  view["channel"] = web::Text(b.channel);
  view["total"] = web::Text(web::FormatPrice(b.total, r.visit.language));
  if (b.agency_id != 0) {  // sold by an agency: what it earned, and the net
    std::int64_t commission = 0;
    for (const auto& s : b.segments) commission += s.commission;
    view["agency_sale"] = web::Flag(true);
    view["commission"] = web::Text(web::FormatPrice({commission, b.total.currency}, r.visit.language));
    view["net"] = web::Text(web::FormatPrice({b.total.minor - commission, b.total.currency}, r.visit.language));
  }
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
  for (std::size_t i = 0; i < b.passengers.size(); ++i) {
    const auto& p = b.passengers[i];
    web::View pax;
    pax["n"] = web::Text(std::to_string(i + 1));
    pax["name"] = web::Text(fmt::format("{}/{} {}", p.last_name, p.first_name, p.title));
    pax["type"] = web::Text(std::string(core::ToString(p.pax_type)));
    pax["title"] = web::Text(p.title);
    pax["titles"] = web::List(TitleChoices(p.pax_type, p.title));
    pax["first_name"] = web::Text(p.first_name);
    pax["last_name"] = web::Text(p.last_name);
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
  web::ViewList tickets;
  for (const auto& t : b.tickets) {
    web::View ticket;
    ticket["number"] = web::Text(ticketing::DisplayNumber(t.number));
    ticket["passenger"] = web::Text(std::to_string(t.passenger));
    std::string coupons;
    for (const auto& c : t.coupons)
      coupons += fmt::format("{}{}: {} {} ({})", coupons.empty() ? "" : " · ", c.number, c.booking_class,
                             ticketing::Code(c.status), ticketing::Name(c.status));
    ticket["coupons"] = web::Text(coupons);
    tickets.push_back(std::move(ticket));
  }
  view["has_tickets"] = web::Flag(!b.tickets.empty());
  view["tickets"] = web::List(std::move(tickets));
  // What else the passengers have: seats and check-ins, special service requests, extras (EMDs).
  web::ViewList extras;
  for (const auto& s : b.seats) {
    web::View row;
    row["text"] = web::Text(fmt::format("P{} · {} {}{}", s.passenger, s.segment, s.seat.empty() ? "—" : s.seat,
                                        s.sequence ? fmt::format(" · {} {:03d}", web::T(ctx, r.visit, "bp_sequence"),
                                                                 s.sequence)
                                                   : ""));
    extras.push_back(std::move(row));
  }
  for (const auto& x : b.ssrs) {
    web::View row;
    row["text"] = web::Text(booking::SsrElement(x, b.airline));
    extras.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < b.passengers.size(); ++i)
    if (auto docs = booking::DocsElement(b.passengers[i], b.airline)) {
      web::View row;
      row["text"] = web::Text(fmt::format("{} /P{}", *docs, i + 1));
      extras.push_back(std::move(row));
    }
  for (const auto& e : b.emds) {
    web::View row;
    row["text"] = web::Text(fmt::format("EMD {} · P{} · {} {}{} · {} {} · {}", ticketing::DisplayNumber(e.number),
                                        e.passenger, e.segment_seq, e.code, e.seat.empty() ? "" : " " + e.seat,
                                        core::FormatAmount(e.amount), e.amount.currency, ticketing::Code(e.status)));
    extras.push_back(std::move(row));
  }
  view["has_services"] = web::Flag(!extras.empty());
  view["services"] = web::List(std::move(extras));
  web::ViewList history, remarks;
  for (const auto& h : b.history) {
    if (h.action == "REMARK") {
      web::View remark;
      remark["at"] = web::Text(core::FormatUtc(h.at));
      remark["who"] = web::Text(h.channel);
      remark["text"] = web::Text(h.detail);
      remarks.push_back(std::move(remark));
    }
    web::View entry;
    entry["at"] = web::Text(core::FormatUtc(h.at));
    entry["who"] = web::Text(h.channel);
    entry["action"] = web::Text(h.action);
    entry["detail"] = web::Text(h.detail);
    history.push_back(std::move(entry));
  }
  view["history"] = web::List(std::move(history));
  view["remarks"] = web::List(std::move(remarks));
  const bool may_change = actor.May(core::Permission::kBookingsWrite);
  view["may_remark"] = web::Flag(may_change);
  view["may_correct"] = web::Flag(may_change && b.status == booking::BookingStatus::kConfirmed);
  // Taking the money confirms the booking: a change (bookings.write), and at the office in cash (payments.cash);
  // an agency's people pay on its account or by card.
  const bool agency = actor.agency_id != 0;
  const bool may_pay = may_change && (agency || actor.May(core::Permission::kPaymentsCash)) &&
                       b.status == booking::BookingStatus::kHeld;
  view["may_pay"] = web::Flag(may_pay);
  view["agency_pay"] = web::Flag(agency);
  view["pay_action"] = web::Text(agency ? "pay" : "cash");
  if (may_pay) {
    view["slots"] = web::List(CashSlots(b, form));
    view["contact_email"] = web::Text(web::FormValue(form, "email"));
    view["contact_phone"] = web::Text(web::FormValue(form, "phone"));
  }
  // Extras sold at the desk for a paid booking: in cash at the office; an agency's on its account or by card.
  const bool may_sell = may_change && (agency || actor.May(core::Permission::kPaymentsCash)) &&
                        b.status == booking::BookingStatus::kConfirmed && !b.tickets.empty();
  if (may_sell) SellExtrasView(ctx, r, b, view);
  view["may_cancel"] = web::Flag(may_change && (b.status == booking::BookingStatus::kHeld ||
                                                b.status == booking::BookingStatus::kConfirmed));
  view["may_resend"] = web::Flag(may_change && b.status == booking::BookingStatus::kConfirmed);
  ShowDone(r, view);
  return RenderAdmin(ctx, r, status, "admin/booking", std::move(view), b.locator);
}

http::Response GetBooking(const AdminContext& ctx, StaffRequest& r) { return BookingPage(ctx, r, 200, {}); }

// The itinerary receipt (booking/receipt_pdf.hpp) of a ticketed booking, in the reader's language.
http::Response GetReceipt(const AdminContext& ctx, StaffRequest& r) {
  auto found = ctx.bookings.Retrieve(r.visit.actor, Locator(r), {});
  if (!found) return Refused(ctx, r, found.error());
  if (found->tickets.empty())
    return Refused(ctx, r, core::MakeError(core::ErrorKind::kConflict, "RECEIPT_NOT_AVAILABLE",
                                           "the receipt is ready once the booking is paid"));
  auto airline = ctx.reference.FindAirline(r.visit.actor, found->airline);
  const auto name = airline ? airline->name : found->airline == ctx.Site().airline ? ctx.Site().name : found->airline;
  return Download(booking::ReceiptPdf(*found, name, ctx.airports, ctx.locales, r.visit.language.code),
                  "application/pdf", fmt::format("receipt-{}.pdf", found->locator));
}

// A refused staff action shown on the booking's page, with the form's values kept.
http::Response ActionRefused(const AdminContext& ctx, StaffRequest& r, const core::Error& error,
                             const web::Form& form) {
  if (error.kind == core::ErrorKind::kNotFound || error.kind == core::ErrorKind::kForbidden ||
      error.kind == core::ErrorKind::kUnauthorized)
    return Refused(ctx, r, error);
  web::View view;
  ShowError(ctx, r, error, view);
  return BookingPage(ctx, r, FormStatus(error), std::move(view), form);
}

// "12/29" or "12/2029": a card's expiry month and year.
std::pair<int, int> CardExpiry(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return {0, 0};
  const auto month = core::ParseInteger(core::Trim(text.substr(0, slash)), 1, 12);
  auto year = core::ParseInteger(core::Trim(text.substr(slash + 1)), 0, 9999);
  if (!month || !year) return {0, 0};
  return {static_cast<int>(*month), static_cast<int>(*year < 100 ? 2000 + *year : *year)};
}

// How the form pays: cash at the office; an agency's people on its account or by card.
booking::ConfirmRequest PaymentOf(const core::Actor& actor, const web::Form& form) {
  booking::ConfirmRequest request;
  request.method = booking::PaymentMethod::kCash;
  if (actor.agency_id == 0) return request;
  if (web::FormValue(form, "method") != "test_card") {
    request.method = booking::PaymentMethod::kOnAccount;
    return request;
  }
  request.method = booking::PaymentMethod::kTestCard;
  const auto [month, year] = CardExpiry(web::FormValue(form, "card_expiry"));
  std::string number;  // as printed on the card, in groups
  for (char c : web::FormValue(form, "card_number"))
    if (c != ' ' && c != '-') number += c;
  request.card = {number, month, year,
                  std::string(core::Trim(web::FormValue(form, "card_cvc"))),
                  std::string(core::Trim(web::FormValue(form, "card_holder")))};
  return request;
}

http::Response PostCash(const AdminContext& ctx, StaffRequest& r) {
  const auto locator = Locator(r);
  const auto form = *web::ParseForm(r.visit.request);
  auto found = ctx.bookings.Retrieve(r.visit.actor, locator, {});
  if (!found) return Refused(ctx, r, found.error());
  auto request = PaymentOf(r.visit.actor, form);
  request.language = r.visit.language.code;
  request.contact = {std::string(core::Trim(web::FormValue(form, "email"))),
                     std::string(core::Trim(web::FormValue(form, "phone")))};
  const auto types = Slots(found->party);
  int adult = 0;
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto n = std::to_string(i + 1);
    booking::Passenger p{types[i], web::FormValue(form, "title_" + n),
                         std::string(core::Trim(web::FormValue(form, "first_" + n))),
                         std::string(core::Trim(web::FormValue(form, "last_" + n))), std::nullopt, std::nullopt};
    if (auto dob = core::ParseIsoDate(core::Trim(web::FormValue(form, "dob_" + n)))) p.date_of_birth = *dob;
    if (types[i] == core::PaxType::kInfant) p.infant_of = ++adult;
    request.passengers.push_back(std::move(p));
  }
  auto confirmed = ctx.bookings.Confirm(r.visit.actor, locator, request);
  if (!confirmed) return ActionRefused(ctx, r, confirmed.error(), form);
  const char* action = request.method == booking::PaymentMethod::kCash ? "booking.cash_payment" : "booking.payment";
  ctx.staff.RecordAction(r.visit.actor, action, "booking " + locator, R"({"status":"HELD"})",
                         fmt::format(R"({{"status":"{}","amount":"{}","currency":"{}"}})",
                                     booking::ToString(confirmed->booking.status),
                                     core::FormatAmount(confirmed->booking.total), confirmed->booking.total.currency));
  return web::SeeOther(fmt::format("/bookings/{}?done=paid", locator));
}

// One extra sold at the desk (a bag, a meal, a paid seat), paid as the booking's payment form says, issued as an EMD.
http::Response PostExtras(const AdminContext& ctx, StaffRequest& r) {
  const auto locator = Locator(r);
  const auto form = *web::ParseForm(r.visit.request);
  const auto payment = PaymentOf(r.visit.actor, form);
  booking::ExtrasRequest request;
  request.method = payment.method;
  request.card = payment.card;
  const auto number = [&](const char* field) {
    return static_cast<int>(core::ParseInteger(core::Trim(web::FormValue(form, field)), 0, 99).value_or(0));
  };
  request.extras.push_back({number("passenger"), number("segment"),
                            core::AsciiUpper(core::Trim(web::FormValue(form, "code"))).substr(0, 8),
                            std::string(core::Trim(web::FormValue(form, "seat"))).substr(0, 4)});
  auto sold = ctx.bookings.BuyExtras(r.visit.actor, locator, {}, request);
  if (!sold) return ActionRefused(ctx, r, sold.error(), form);
  const auto& emd = sold->emds.back();
  ctx.staff.RecordAction(r.visit.actor, "booking.extras", "booking " + locator, "",
                         fmt::format(R"({{"emd":"{}","code":"{}","passenger":{},"segment":{},"amount":"{}","currency":"{}"}})",
                                     emd.number, emd.code, emd.passenger, emd.segment_seq,
                                     core::FormatAmount(emd.amount), emd.amount.currency));
  return web::SeeOther(fmt::format("/bookings/{}?done=extras", locator));
}

http::Response PostName(const AdminContext& ctx, StaffRequest& r) {
  const auto locator = Locator(r);
  const auto form = *web::ParseForm(r.visit.request);
  const auto passenger = core::ParseInteger(r.visit.request.params.at("passenger"), 1, 99).value_or(0);
  booking::Passenger corrected{core::PaxType::kAdult, web::FormValue(form, "title"),
                               std::string(core::Trim(web::FormValue(form, "first_name"))),
                               std::string(core::Trim(web::FormValue(form, "last_name"))), std::nullopt, std::nullopt};
  auto before = ctx.bookings.Retrieve(r.visit.actor, locator, {});
  auto corrected_booking = ctx.bookings.CorrectName(r.visit.actor, locator, static_cast<int>(passenger), corrected);
  if (!corrected_booking) return ActionRefused(ctx, r, corrected_booking.error(), form);
  const auto name = [&](const booking::BookingView& b) {
    const auto& p = b.passengers.at(static_cast<std::size_t>(passenger - 1));
    return fmt::format(R"({{"passenger":{},"name":"{}/{} {}"}})", passenger, p.last_name, p.first_name, p.title);
  };
  ctx.staff.RecordAction(r.visit.actor, "booking.name_correction", "booking " + locator,
                         before ? name(*before) : "", name(*corrected_booking));
  return web::SeeOther(fmt::format("/bookings/{}?done=name", locator));
}

http::Response PostRemark(const AdminContext& ctx, StaffRequest& r) {
  const auto locator = Locator(r);
  const auto form = *web::ParseForm(r.visit.request);
  auto added = ctx.bookings.AddRemark(r.visit.actor, locator, web::FormValue(form, "remark"));
  if (!added) return ActionRefused(ctx, r, added.error(), form);
  ctx.staff.RecordAction(r.visit.actor, "booking.remark", "booking " + locator, "", "");
  return web::SeeOther(fmt::format("/bookings/{}?done=remark", locator));
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
  routes.Add({"GET", "/bookings/:locator/receipt.pdf", Audience::kStaff, core::Permission::kBookingsRead, GetReceipt});
  routes.Add({"POST", "/bookings/:locator/cancel", Audience::kStaff, core::Permission::kBookingsWrite, PostCancel});
  // The service also requires payments.cash (403 PAYMENT_METHOD_NOT_ALLOWED without it).
  routes.Add({"POST", "/bookings/:locator/cash", Audience::kStaff, core::Permission::kBookingsWrite, PostCash});
  // An agency's: on its account or by card (the same form; the service refuses those methods to staff).
  routes.Add({"POST", "/bookings/:locator/pay", Audience::kStaff, core::Permission::kBookingsWrite, PostCash});
  // The service also requires payments.cash of staff (an agency's people: on its account or by card).
  routes.Add({"POST", "/bookings/:locator/extras", Audience::kStaff, core::Permission::kBookingsWrite, PostExtras});
  routes.Add({"POST", "/bookings/:locator/passengers/:passenger/name", Audience::kStaff,
              core::Permission::kBookingsWrite, PostName});
  routes.Add({"POST", "/bookings/:locator/remarks", Audience::kStaff, core::Permission::kBookingsWrite, PostRemark});
  routes.Add({"POST", "/bookings/:locator/resend", Audience::kStaff, core::Permission::kBookingsWrite, PostResend});
}

}  // namespace jetway::admin
