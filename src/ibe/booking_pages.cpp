// A held booking's pages: passengers and contact, payment (a declined card gets a second chance while the hold
// lasts), and the booking itself (confirmation, or its state), plus cancelling. Reached by the signed booking link.
#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <map>
#include <variant>

#include "booking/pnr.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "web/format.hpp"
#include "booking/check_in.hpp"
#include "booking/receipt_pdf.hpp"
#include "booking/schedule_change_mail.hpp"
#include "ibe/booking_link.hpp"
#include "ibe/extras_form.hpp"
#include "ibe/page.hpp"
#include "ibe/routes.hpp"
#include "ticketing/ticket.hpp"
#include "ibe/selection.hpp"

namespace jetway::ibe {

namespace {

using Errors = std::map<std::string, std::string>;
constexpr const char* kPassengerFields[] = {"title",           "first_name",      "last_name",
                                           "date_of_birth",   "infant_of",       "nationality",
                                           "document_type",   "document_number", "document_issuing_country",
                                           "document_expiry", "place_of_birth"};

// "passengers[2].first_name" -> "p2_first_name", "contact.email" -> "email", "payment.card.cvc" -> "card_cvc".
std::string FormField(const std::string& api_field) {
  if (api_field.starts_with("passengers[")) {
    const auto close = api_field.find(']');
    if (close != std::string::npos && close + 2 <= api_field.size()) {
      auto rest = api_field.substr(std::min(close + 2, api_field.size()));
      std::replace(rest.begin(), rest.end(), '.', '_');  // document.number -> document_number
      return fmt::format("p{}_{}", api_field.substr(11, close - 11), rest);
    }
  }
  if (api_field.starts_with("contact.")) return api_field.substr(8);
  if (api_field.starts_with("payment.card.")) return "card_" + api_field.substr(13);
  return api_field;
}

std::vector<core::PaxType> PaxTypes(const pricing::PartyMix& party) {
  std::vector<core::PaxType> types(static_cast<std::size_t>(party.adults), core::PaxType::kAdult);
  types.insert(types.end(), static_cast<std::size_t>(party.children), core::PaxType::kChild);
  types.insert(types.end(), static_cast<std::size_t>(party.infants), core::PaxType::kInfant);
  return types;
}

web::View SummaryView(const IbeContext& ctx, const Visit& visit, const booking::BookingView& b) {
  web::View view;
  view["locator"] = web::Text(b.locator);
  view["status"] = web::Text(std::string(booking::ToString(b.status)));
  view["status_text"] = web::Text(T(ctx, visit, "status_" + std::string(booking::ToString(b.status))));
  view["held"] = web::Flag(b.status == booking::BookingStatus::kHeld);
  view["confirmed"] = web::Flag(b.status == booking::BookingStatus::kConfirmed);
  view["cancelled"] = web::Flag(b.status == booking::BookingStatus::kCancelled);
  view["expired"] = web::Flag(b.status == booking::BookingStatus::kExpired);
  view["total"] = web::Text(FormatPrice(b.total, visit.language));
  if (b.hold_expires_at && b.status == booking::BookingStatus::kHeld) {
    const auto left = std::chrono::duration_cast<std::chrono::minutes>(*b.hold_expires_at - ctx.clock.Now()).count();
    view["hold_until"] = web::Text(core::FormatUtc(*b.hold_expires_at).substr(11, 5) + " UTC");
    view["hold_minutes"] = web::Text(std::to_string(std::max<long>(0, left)));
    view["hold_expires_epoch"] = web::Text(std::to_string(core::ToEpoch(*b.hold_expires_at)));
  }
  web::ViewList segments;
  for (const auto& s : b.segments) {
    web::View seg;
    seg["flight_number"] = web::Text(s.flight.flight_number);
    seg["origin"] = web::Text(s.flight.origin);
    seg["destination"] = web::Text(s.flight.destination);
    seg["origin_name"] = web::Text(ctx.airports.CityOf(s.flight.origin));
    seg["destination_name"] = web::Text(ctx.airports.CityOf(s.flight.destination));
    seg["date"] = web::Text(web::FormatLocalDay(ctx.locales, visit.language, s.flight.departure_local));
    seg["date_iso"] = web::Text(core::LocalDayOf(s.flight.departure_local));
    seg["departure"] = web::Text(core::LocalClockOf(s.flight.departure_local));
    seg["arrival"] = web::Text(core::LocalClockOf(s.flight.arrival_local));
    seg["duration"] = web::Text(Duration(s.flight.departure_utc, s.flight.arrival_utc));
    seg["booking_class"] = web::Text(s.booking_class);
    if (s.terms) {
      seg["brand"] = web::Text(s.terms->brand);
      seg["bags_text"] = web::Text(web::Plural(ctx.locales, visit.language, "results_bags", s.terms->checked_bags));
      seg["refundable"] = web::Flag(s.terms->refundable);
      seg["changeable"] = web::Flag(s.terms->change_fee.has_value());
      if (s.terms->change_fee) seg["change_fee"] = web::Text(FormatPrice(*s.terms->change_fee, visit.language));
    }
    segments.push_back(std::move(seg));
  }
  view["segments"] = web::List(std::move(segments));
  web::ViewList lines;
  for (const auto& line : b.price_lines) {
    web::View row;
    row["count"] = web::Text(std::to_string(line.count));
    row["type"] = web::Text(T(ctx, visit, "pax_type_" + std::string(core::ToString(line.pax_type))));
    row["fare"] = web::Text(FormatPrice(line.fare_each, visit.language));
    row["taxes"] = web::Text(FormatPrice(line.taxes_each, visit.language));
    row["subtotal"] = web::Text(
        FormatPrice(core::Money{(line.fare_each.minor + line.taxes_each.minor) * line.count, line.fare_each.currency},
                    visit.language));
    lines.push_back(std::move(row));
  }
  view["has_price_lines"] = web::Flag(!lines.empty());
  view["price_lines"] = web::List(std::move(lines));
  web::ViewList passengers;
  int n = 0;
  for (const auto& p : b.passengers) {
    web::View pax;
    pax["name"] = web::Text(fmt::format("{} {} {}", p.title, p.first_name, p.last_name));
    pax["type"] = web::Text(T(ctx, visit, "pax_type_" + std::string(core::ToString(p.pax_type))));
    if (const auto* ticket = ticketing::CurrentTicket(b.tickets, ++n))
      pax["eticket"] = web::Text(ticketing::DisplayNumber(ticket->number));
    passengers.push_back(std::move(pax));
  }
  view["passengers"] = web::List(std::move(passengers));
  view["has_passengers"] = web::Flag(!b.passengers.empty());
  if (b.contact) view["email"] = web::Text(b.contact->email);
  return view;
}

// "Adult 1", "Adult 2", "Infant 1": how the form and its error summary name each passenger.
std::vector<std::string> PassengerHeadings(const IbeContext& ctx, const Visit& visit, const pricing::PartyMix& party) {
  std::vector<std::string> headings;
  std::map<core::PaxType, int> numbers;
  for (auto type : PaxTypes(party))
    headings.push_back(
        fmt::format("{} {}", T(ctx, visit, "pax_type_" + std::string(core::ToString(type))), ++numbers[type]));
  return headings;
}

// The passenger rows of the form, with the values typed so far and the errors next to their fields.
web::ViewList PassengerRows(const IbeContext& ctx, const Visit& visit, const pricing::PartyMix& party, const Form& form,
                            const Errors& errors, const core::PassengerRules& rules) {
  web::ViewList rows;
  const auto types = PaxTypes(party);
  const auto headings = PassengerHeadings(ctx, visit, party);
  int infant_number = 0;
  for (std::size_t i = 0; i < types.size(); ++i) {
    web::View row;
    const auto type = types[i];
    if (type == core::PaxType::kInfant) ++infant_number;
    row["index"] = web::Text(std::to_string(i));
    row["heading"] = web::Text(headings[i]);
    row["adult"] = web::Flag(type == core::PaxType::kAdult);
    row["infant"] = web::Flag(type == core::PaxType::kInfant);
    row["needs_dob"] = web::Flag(type != core::PaxType::kAdult || rules.date_of_birth);
    // The airline's travel data, asked only where it requires it.
    row["needs_nationality"] = web::Flag(rules.nationality);
    row["needs_document"] = web::Flag(rules.document || rules.document_expiry || rules.document_country);
    row["needs_place_of_birth"] = web::Flag(rules.place_of_birth);
    web::ViewList document_types;
    for (const char* code : {"P", "I"}) {
      web::View option;
      option["code"] = web::Text(code);
      option["label"] = web::Text(T(ctx, visit, fmt::format("document_type_{}", code)));
      option["selected"] = web::Flag(FormValue(form, fmt::format("p{}_document_type", i)) == code);
      document_types.push_back(std::move(option));
    }
    row["document_types"] = web::List(std::move(document_types));
    for (const char* field : kPassengerFields) {
      const auto name = fmt::format("p{}_{}", i, field);
      row[std::string("v_") + field] = web::Text(FormValue(form, name));
      if (auto e = errors.find(name); e != errors.end()) row[std::string("e_") + field] = web::Text(e->second);
    }
    const auto title = FormValue(form, fmt::format("p{}_title", i));
    web::ViewList titles;
    for (const auto t : booking::TitlesFor(type)) {
      web::View option;
      option["code"] = web::Text(std::string(t));
      option["label"] = web::Text(T(ctx, visit, fmt::format("title_{}", t)));
      option["selected"] = web::Flag(t == title);
      titles.push_back(std::move(option));
    }
    row["titles"] = web::List(std::move(titles));
    if (type == core::PaxType::kInfant) {
      web::ViewList adults;
      const auto with = FormValue(form, fmt::format("p{}_infant_of", i));
      for (int a = 1; a <= party.adults; ++a) {
        web::View option;
        option["value"] = web::Text(std::to_string(a));
        option["label"] = web::Text(fmt::format("{} {}", T(ctx, visit, "pax_type_ADT"), a));
        option["selected"] = web::Flag(with == std::to_string(a) || (with.empty() && a == infant_number));
        adults.push_back(std::move(option));
      }
      row["adults"] = web::List(std::move(adults));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

web::View ContactView(const Form& form, const Errors& errors) {
  web::View view;
  for (const char* field : {"email", "phone"}) {
    view[std::string("v_") + field] = web::Text(FormValue(form, field));
    if (auto e = errors.find(field); e != errors.end()) view[std::string("e_") + field] = web::Text(e->second);
  }
  return view;
}

// The error summary, in the order of the fields on the page; a passenger's error names the passenger, since
// several passengers can have the same mistake.
web::View ErrorList(const Errors& errors, const std::vector<std::string>& order,
                    const std::vector<std::string>& headings) {
  web::ViewList list;
  for (const auto& field : order)
    if (auto e = errors.find(field); e != errors.end()) {
      std::string message = e->second;
      if (field.size() > 1 && field[0] == 'p' && field[1] >= '0' && field[1] <= '9') {
        const auto index = static_cast<std::size_t>(std::stoul(field.substr(1, field.find('_') - 1)));
        if (index < headings.size()) message = headings[index] + ": " + message;
      }
      web::View item;
      item["field"] = web::Text(field);
      item["message"] = web::Text(message);
      list.push_back(std::move(item));
    }
  for (const auto& [field, message] : errors)
    if (std::find(order.begin(), order.end(), field) == order.end()) {
      web::View item;
      item["field"] = web::Text(field);
      item["message"] = web::Text(message);
      list.push_back(std::move(item));
    }
  return web::List(std::move(list));
}

std::vector<std::string> FieldOrder(const pricing::PartyMix& party) {
  std::vector<std::string> order;
  const auto n = static_cast<std::size_t>(party.adults + party.children + party.infants);
  for (std::size_t i = 0; i < n; ++i)
    for (const char* field : kPassengerFields) order.push_back(fmt::format("p{}_{}", i, field));
  order.push_back("email");
  order.push_back("phone");
  for (const char* f : {"card_number", "card_expiry_month", "card_expiry_year", "card_cvc", "card_holder"})
    order.push_back(f);
  return order;
}

// Reads the passengers and contact from the form and checks them all, so every mistake shows at once.
struct PassengerInput {
  core::PassengerRules rules;  // what the airline requires, as the passengers were checked against it
  std::vector<booking::Passenger> passengers;
  booking::Contact contact;
  Errors errors;
};

std::string Field(const Form& form, std::size_t i, const char* name) {
  return core::AsciiUpper(core::Trim(FormValue(form, fmt::format("p{}_{}", i, name))));
}

// The travel data a passenger's fieldset has (only where the airline asks for it), as the booking service takes it.
void ReadTravelData(const IbeContext& ctx, const Visit& visit, const Form& form, std::size_t i, booking::Passenger& p,
                    Errors& errors) {
  p.nationality = Field(form, i, "nationality");
  p.place_of_birth = std::string(core::Trim(FormValue(form, fmt::format("p{}_place_of_birth", i))));
  booking::TravelDocument d{Field(form, i, "document_type"), Field(form, i, "document_number"),
                            Field(form, i, "document_issuing_country"), std::nullopt};
  const auto expiry_field = fmt::format("p{}_document_expiry", i);
  if (const auto expiry = FormValue(form, expiry_field); !expiry.empty()) {
    d.expiry = core::ParseIsoDate(expiry);
    if (!d.expiry) errors[expiry_field] = T(ctx, visit, "error_INVALID_DATE");
  }
  if (!d.number.empty() || !d.issuing_country.empty() || d.expiry) p.document = std::move(d);
}

PassengerInput ReadPassengers(const IbeContext& ctx, const Visit& visit, const booking::BookingView& b,
                              const Form& form) {
  PassengerInput input;
  const auto types = PaxTypes(b.party);
  for (std::size_t i = 0; i < types.size(); ++i) {
    booking::Passenger p;
    p.pax_type = types[i];
    p.title = FormValue(form, fmt::format("p{}_title", i));
    p.first_name = std::string(core::Trim(FormValue(form, fmt::format("p{}_first_name", i))));
    p.last_name = std::string(core::Trim(FormValue(form, fmt::format("p{}_last_name", i))));
    const auto dob_field = fmt::format("p{}_date_of_birth", i);
    if (const auto dob = FormValue(form, dob_field); !dob.empty()) {
      p.date_of_birth = core::ParseIsoDate(dob);
      if (!p.date_of_birth) input.errors[dob_field] = T(ctx, visit, "error_INVALID_DATE");
    }
    if (p.pax_type == core::PaxType::kInfant)
      if (auto with = core::ParseInteger(FormValue(form, fmt::format("p{}_infant_of", i)), 1, 9))
        p.infant_of = static_cast<int>(*with);
    ReadTravelData(ctx, visit, form, i, p, input.errors);
    input.passengers.push_back(std::move(p));
  }
  input.contact = {std::string(core::Trim(FormValue(form, "email"))),
                   std::string(core::Trim(FormValue(form, "phone")))};
  const auto days = booking::TravelDaysOf(b, ctx.airports, ctx.clock.Now());
  input.rules = ctx.bookings.PassengerRulesOf(b.airline);
  for (const auto& problem :
       booking::PassengerProblems(input.passengers, b.party, days.first_travel, days.today, input.rules))
    input.errors.emplace(FormField(problem.field), ErrorText(ctx, visit, problem));
  if (auto ok = booking::ValidateContact(input.contact); !ok)
    input.errors.emplace(FormField(ok.error().field), ErrorText(ctx, visit, ok.error()));
  if (input.contact.email.empty()) input.errors["email"] = T(ctx, visit, "error_email_required");
  return input;
}

http::Response PassengersPage(const IbeContext& ctx, const Visit& visit, const Loaded& loaded, const std::string& token,
                              const Form& form, const Errors& errors, const core::PassengerRules& rules, int status) {
  web::View view = SummaryView(ctx, visit, loaded.booking);
  view["token"] = web::Text(token);
  view["rows"] = web::List(PassengerRows(ctx, visit, loaded.booking.party, form, errors, rules));
  view["contact"] = ContactView(form, errors);
  view["errors"] =
      ErrorList(errors, FieldOrder(loaded.booking.party), PassengerHeadings(ctx, visit, loaded.booking.party));
  view["has_errors"] = web::Flag(!errors.empty());
  view["price_changed"] = web::Flag(visit.request.Query("price_changed").has_value());
  return RenderPage(ctx, visit, status, "pages/passengers", std::move(view), T(ctx, visit, "passengers_title"));
}

// `passengers` as read from `form` (which the page carries on, hidden, to the payment's POST).
http::Response PaymentPage(const IbeContext& ctx, const Visit& visit, const Loaded& loaded, const std::string& token,
                           const Form& form, const std::vector<booking::Passenger>& passengers, const Errors& errors,
                           const std::string& declined, int status) {
  web::View view = SummaryView(ctx, visit, loaded.booking);
  view["token"] = web::Text(token);
  view["nonce"] = web::Text(web::NewToken());  // a new attempt after a decline is a new payment, not a replay
  web::ViewList hidden;
  for (const auto& name : FieldOrder(loaded.booking.party)) {
    auto value = form.find(name);
    if (name.starts_with("card_") || value == form.end()) continue;
    web::View field;
    field["name"] = web::Text(name);
    field["value"] = web::Text(value->second);
    hidden.push_back(std::move(field));
  }
  view["hidden"] = web::List(std::move(hidden));
  for (const char* field : {"card_holder", "card_expiry_month", "card_expiry_year"})
    view[std::string("v_") + field] = web::Text(FormValue(form, field));
  for (const auto& [field, message] : errors) view["e_" + field] = web::Text(message);
  view["errors"] =
      ErrorList(errors, FieldOrder(loaded.booking.party), PassengerHeadings(ctx, visit, loaded.booking.party));
  view["has_errors"] = web::Flag(!errors.empty());
  if (!declined.empty()) view["declined"] = web::Text(declined);
  web::ViewList names;
  for (const auto& p : passengers) {
    web::View pax;
    pax["name"] = web::Text(fmt::format("{} {} {}", p.title, p.first_name, p.last_name));
    names.push_back(std::move(pax));
  }
  view["passengers"] = web::List(std::move(names));
  view["has_passengers"] = web::Flag(true);
  // Extras bought with the booking, for the passengers as the form names them.
  if (auto offers = ctx.bookings.ExtrasOffered(visit.actor, loaded.locator, loaded.Proof()); offers) {
    auto named = loaded.booking;
    named.passengers = passengers;
    view["extra_rows"] = web::List(ExtraRows(ctx, visit, loaded, named, *offers, form, view));
  }
  return RenderPage(ctx, visit, status, "pages/payment", std::move(view), T(ctx, visit, "payment_title"));
}

http::Response GetPassengers(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  const auto token = request.Query("t").value_or("");
  auto loaded = LoadBooking(ctx, visit, token);
  if (auto* response = std::get_if<http::Response>(&loaded)) return std::move(*response);
  auto& l = std::get<Loaded>(loaded);
  if (l.booking.status != booking::BookingStatus::kHeld) return SeeOther(l.Link(ctx));
  return PassengersPage(ctx, visit, l, token, {}, {}, ctx.bookings.PassengerRulesOf(l.booking.airline), 200);
}

http::Response PostPassengers(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  if (l.booking.status != booking::BookingStatus::kHeld) return SeeOther(l.Link(ctx));
  auto input = ReadPassengers(ctx, visit, l.booking, form);
  if (!input.errors.empty()) return PassengersPage(ctx, visit, l, token, form, input.errors, input.rules, 422);
  // With names given, the hold runs its full time.
  auto extended = ctx.bookings.NamesGiven(visit.actor, l.locator, l.Proof());
  if (!extended) return MessagePage(ctx, visit, 409, extended.error().code, ErrorText(ctx, visit, extended.error()));
  l.booking.hold_expires_at = *extended;
  return PaymentPage(ctx, visit, l, token, form, input.passengers, {}, "", 200);
}

http::Response PostPayment(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  if (l.booking.status != booking::BookingStatus::kHeld) return SeeOther(l.Link(ctx));
  auto input = ReadPassengers(ctx, visit, l.booking, form);
  if (!input.errors.empty()) return PassengersPage(ctx, visit, l, token, form, input.errors, input.rules, 422);
  booking::ConfirmRequest confirm;
  confirm.passengers = std::move(input.passengers);
  confirm.contact = std::move(input.contact);
  confirm.method = booking::PaymentMethod::kTestCard;
  auto number = [&](const char* name) {
    return static_cast<int>(core::ParseInteger(std::string(core::Trim(FormValue(form, name))), 0, 9999).value_or(0));
  };
  int year = number("card_expiry_year");
  if (year > 0 && year < 100) year += 2000;
  confirm.card = {booking::CardDigits(FormValue(form, "card_number")), number("card_expiry_month"), year, std::string(core::Trim(FormValue(form, "card_cvc"))),
                  std::string(core::Trim(FormValue(form, "card_holder")))};
  confirm.hold_token = l.hold_token;
  confirm.language = visit.language.code;
  {
    auto named = l.booking;
    named.passengers = confirm.passengers;
    confirm.extras = ChosenExtras(named, form);
  }
  const auto nonce = FormValue(form, "nonce");
  if (!nonce.empty() && nonce.size() <= 64) confirm.idempotency_key = "ibe-pay-" + nonce;
  confirm.fingerprint = l.locator + "|" + nonce;
  auto outcome = ctx.bookings.Confirm(visit.actor, l.locator, confirm);
  if (outcome) return SeeOther(BookingPath(ctx, l.locator));  // paid: a fresh link to the confirmed booking
  const auto& error = outcome.error();
  if (error.kind == core::ErrorKind::kPaymentDeclined)
    return PaymentPage(ctx, visit, l, token, form, confirm.passengers, {}, ErrorText(ctx, visit, error), 402);
  // Too many declined cards: said where the decline was, so the visitor knows why the card was not tried.
  if (error.kind == core::ErrorKind::kTooManyRequests || error.code == "PAYMENT_ATTEMPTS_EXCEEDED")
    return PaymentPage(ctx, visit, l, token, form, confirm.passengers, {}, ErrorText(ctx, visit, error),
                       http::StatusOf(error.kind));
  // An extra refused (a seat just taken, one bag too many): said beside the extras, the rest of the form kept.
  if (error.field.starts_with("extras") || error.field.starts_with("seats"))
    return PaymentPage(ctx, visit, l, token, form, confirm.passengers,
                       {{"extras-heading", ErrorText(ctx, visit, error)}}, "", http::StatusOf(error.kind));
  if (error.kind == core::ErrorKind::kInvalid || error.kind == core::ErrorKind::kBadRequest)
    return PaymentPage(ctx, visit, l, token, form, confirm.passengers,
                       {{FormField(error.field), ErrorText(ctx, visit, error)}}, "", 422);
  return MessagePage(ctx, visit, 409, error.code, ErrorText(ctx, visit, error));
}

// A confirmed booking's flights with what each passenger may do there now: choose seats until check-in, check in
// while it is open, see the boarding passes once checked in.
web::ViewList FlightActions(const IbeContext& ctx, const Visit& visit, const Loaded& l) {
  web::ViewList flights;
  const auto now = ctx.clock.Now();
  for (const auto& s : l.booking.segments) {
    web::View f;
    f["segment"] = web::Text(std::to_string(s.seq));
    f["flight_number"] = web::Text(s.flight.flight_number);
    f["route"] = web::Text(fmt::format("{} → {}", s.flight.origin, s.flight.destination));
    web::ViewList seats;
    bool checked_in = false;
    for (int p = 1; p <= static_cast<int>(l.booking.passengers.size()); ++p) {
      const auto* held = l.booking.SeatOf(p, s.seq);
      if (!held || held->seat.empty()) continue;
      checked_in = checked_in || held->sequence > 0;
      const auto& pax = l.booking.passengers[static_cast<std::size_t>(p - 1)];
      web::View seat;
      seat["text"] = web::Text(fmt::format("{} {}: {}", pax.first_name, pax.last_name, held->seat));
      seats.push_back(std::move(seat));
    }
    if (!booking::BoardingPassesOf(l.booking, s.seq, ctx.airports).empty()) checked_in = true;
    f["seats"] = web::List(std::move(seats));
    const auto suffix = "&segment=" + std::to_string(s.seq);
    if (checked_in) {
      f["boarding_url"] = web::Text(l.Link(ctx, "/boarding-pass") + suffix);
    } else if (s.flight.departure_utc > now) {
      f["seats_url"] = web::Text(l.Link(ctx, "/seats") + suffix);
      const auto window = booking::CheckWindow(ctx.bookings.CheckInWindowAt(s.flight.airline, s.flight.origin),
                                               s.flight.departure_utc, now);
      if (window)
        f["check_in_url"] = web::Text(l.Link(ctx, "/check-in") + suffix);
      else
        f["check_in_text"] = web::Text(ErrorText(ctx, visit, window.error()));
    }
    flights.push_back(std::move(f));
  }
  return flights;
}

// What the airline's schedule changes did to the booking, and (while it is open) the answers the passenger may give.
void ScheduleChangesView(const IbeContext& ctx, const Visit& visit, const Loaded& l, web::View& view) {
  auto changes = ctx.bookings.ScheduleChanges(visit.actor, l.locator, l.Proof());
  if (!changes || changes->empty()) return;
  const bool open_booking = l.booking.status == booking::BookingStatus::kHeld ||
                            l.booking.status == booking::BookingStatus::kConfirmed;
  web::ViewList list;
  bool any_open = false;
  for (const auto& c : *changes) {
    auto v = booking::ScheduleChangeView(c);
    const bool open = c.answer.empty() && open_booking;
    v["open"] = web::Flag(open);
    v["acceptable"] = web::Flag(open && c.outcome != booking::ScheduleChangeOutcome::kUnplaced);
    any_open = any_open || open;
    list.push_back(std::move(v));
  }
  view["schedule_changes"] = web::List(std::move(list));
  view["has_schedule_changes"] = web::Flag(true);
  view["schedule_change_open"] = web::Flag(any_open);
}

http::Response GetBooking(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  const auto token = request.Query("t").value_or("");
  auto loaded = LoadBooking(ctx, visit, token);
  if (auto* response = std::get_if<http::Response>(&loaded)) return std::move(*response);
  auto& l = std::get<Loaded>(loaded);
  web::View view = SummaryView(ctx, visit, l.booking);
  view["token"] = web::Text(token);
  view["passengers_url"] = web::Text(l.Link(ctx, "/passengers"));
  if (!l.booking.tickets.empty()) view["receipt_url"] = web::Text(l.Link(ctx, "/receipt.pdf"));
  view["resent"] = web::Flag(request.Query("resent").has_value());
  const auto refund = std::string(booking::ToString(booking::RefundOnCancel(l.booking)));
  view["refund"] = web::Text(refund);
  view["refund_rule"] = web::Text(T(ctx, visit, "cancel_rule_" + refund));
  if (l.booking.status == booking::BookingStatus::kConfirmed) view["flights"] = web::List(FlightActions(ctx, visit, l));
  if (request.Query("seats")) view["seats_saved"] = web::Flag(true);
  if (request.Query("requests")) view["requests_saved"] = web::Flag(true);
  if (request.Query("extras")) view["extras_bought"] = web::Flag(true);
  if (l.booking.status == booking::BookingStatus::kConfirmed && !l.booking.tickets.empty())
    view["extras_url"] = web::Text(l.Link(ctx, "/extras"));
  web::ViewList emds;
  for (const auto& e : l.booking.emds) {
    const auto& p = l.booking.passengers[static_cast<std::size_t>(e.passenger - 1)];
    web::View line;
    line["text"] = web::Text(fmt::format("{} {} · {} {}: {}{} · {}", T(ctx, visit, "extras_emd"),
                                         ticketing::DisplayNumber(e.number), p.first_name, p.last_name,
                                         T(ctx, visit, "extras_kind_" + e.code), e.seat.empty() ? "" : " " + e.seat,
                                         FormatPrice(e.amount, visit.language)));
    line["status"] = web::Text(std::string(1, ticketing::Code(e.status)));
    emds.push_back(std::move(line));
  }
  view["emds"] = web::List(std::move(emds));
  const bool named = !l.booking.passengers.empty() && (l.booking.status == booking::BookingStatus::kConfirmed ||
                                                       l.booking.status == booking::BookingStatus::kHeld);
  if (named) view["requests_url"] = web::Text(l.Link(ctx, "/requests"));
  web::ViewList requests;
  for (const auto& r : l.booking.ssrs) {
    const auto& p = l.booking.passengers[static_cast<std::size_t>(r.passenger - 1)];
    web::View line;
    line["text"] = web::Text(fmt::format("{} {}: {} ({})", p.first_name, p.last_name,
                                         T(ctx, visit, "ssr_" + r.code), r.segment));
    requests.push_back(std::move(line));
  }
  view["requests"] = web::List(std::move(requests));
  view["cancellable"] = web::Flag(l.booking.status == booking::BookingStatus::kHeld ||
                                  l.booking.status == booking::BookingStatus::kConfirmed);
  ScheduleChangesView(ctx, visit, l, view);
  if (auto answered = request.Query("answered")) view["answered_" + std::string(*answered == "refund" ? "refund" : "accept")] = web::Flag(true);
  return RenderPage(ctx, visit, 200, "pages/booking", std::move(view),
                    fmt::format("{} {}", T(ctx, visit, "booking_title"), l.locator));
}

// The itinerary receipt (booking/receipt_pdf.hpp) of a ticketed booking, behind the same signed link as its page.
http::Response GetReceipt(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto loaded = LoadBooking(ctx, visit, request.Query("t").value_or(""));
  if (auto* response = std::get_if<http::Response>(&loaded)) return std::move(*response);
  const auto& l = std::get<Loaded>(loaded);
  if (l.booking.tickets.empty())
    return MessagePage(ctx, visit, 409, "RECEIPT_NOT_AVAILABLE", T(ctx, visit, "error_RECEIPT_NOT_AVAILABLE"));
  http::Response response;
  response.content_type = "application/pdf";
  response.body = booking::ReceiptPdf(l.booking, ctx.Site().name, ctx.airports, ctx.locales, visit.language.code);
  response.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"receipt-{}.pdf\"", l.locator));
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

// Cancelling takes two posts: the booking page's button asks first (with the refund rule), and only the answer
// (confirm=yes) cancels, so nothing that merely follows links or submits a form once can cancel a booking.
http::Response PostCancel(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  if (FormValue(form, "confirm") != "yes") {
    web::View view;
    view["locator"] = web::Text(l.locator);
    view["token"] = web::Text(token);
    view["booking_url"] = web::Text(l.Link(ctx));
    const auto refund = std::string(booking::ToString(booking::RefundOnCancel(l.booking)));
    view["refund"] = web::Text(refund);
    view["refund_rule"] = web::Text(T(ctx, visit, "cancel_rule_" + refund));
    return RenderPage(ctx, visit, 200, "pages/cancel", std::move(view),
                      fmt::format("{} {}", T(ctx, visit, "cancel_confirm_heading"), l.locator));
  }
  auto cancelled = ctx.bookings.Cancel(visit.actor, l.locator, l.Proof());
  if (!cancelled) return MessagePage(ctx, visit, 409, cancelled.error().code, ErrorText(ctx, visit, cancelled.error()));
  return SeeOther(l.Link(ctx));
}

// The passenger's answer to a schedule change: accept it, or cancel with everything refunded (the form's required
// box says so; without it nothing is cancelled).
http::Response PostScheduleChange(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  const auto id = core::ParseInteger(FormValue(form, "change"), 1, std::numeric_limits<std::int64_t>::max());
  const auto answer = FormValue(form, "answer");
  const auto parsed = booking::BookingService::ParseScheduleAnswer(answer);
  if (!id || !parsed) return MessagePage(ctx, visit, 422, "INVALID_ANSWER", T(ctx, visit, "error_INVALID_ANSWER"));
  if (*parsed == booking::BookingService::ScheduleAnswer::kRefund && FormValue(form, "confirm") != "yes")
    return MessagePage(ctx, visit, 422, "CONFIRMATION_REQUIRED", T(ctx, visit, "error_REFUND_NOT_CONFIRMED"));
  auto answered = ctx.bookings.AnswerScheduleChange(visit.actor, l.locator, l.Proof(), *id, *parsed);
  if (!answered)
    return MessagePage(ctx, visit, answered.error().kind == core::ErrorKind::kNotFound ? 404 : 409,
                       answered.error().code, ErrorText(ctx, visit, answered.error()));
  return SeeOther(l.Link(ctx) + "&answered=" + std::string(answer));
}

// Sends the confirmation e-mail again (queued; the mail sender delivers it), in the language of this page.
http::Response PostResend(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  auto resent = ctx.bookings.ResendConfirmation(visit.actor, l.locator, l.Proof(), visit.language.code);
  if (!resent) {
    const bool limited = resent.error().kind == core::ErrorKind::kTooManyRequests;
    auto refused = MessagePage(ctx, visit, limited ? 429 : 409, resent.error().code, ErrorText(ctx, visit, resent.error()));
    http::AddRetryAfter(refused, resent.error());
    return refused;
  }
  return SeeOther(l.Link(ctx) + "&resent=1");
}

}  // namespace

std::string BookingPath(const IbeContext& ctx, std::string_view locator, std::string_view suffix,
                        std::string_view hold_token, std::optional<core::Instant> expires_at) {
  const BookingGrant grant{std::string(hold_token), expires_at.value_or(ctx.clock.Now() + ctx.booking_link_lifetime)};
  return fmt::format("/booking/{}{}?t={}", locator, suffix, BookingToken(ctx.signer, locator, grant));
}

void AddBookingRoutes(http::Router& router, const IbeContext& ctx) {
  router.Add("GET", "/booking/:locator", [&ctx](const http::Request& r) { return GetBooking(ctx, r); });
  router.Add("GET", "/booking/:locator/passengers", [&ctx](const http::Request& r) { return GetPassengers(ctx, r); });
  router.Add("GET", "/booking/:locator/receipt.pdf", [&ctx](const http::Request& r) { return GetReceipt(ctx, r); });
  router.Add("POST", "/booking/:locator/passengers", [&ctx](const http::Request& r) { return PostPassengers(ctx, r); });
  router.Add("POST", "/booking/:locator/pay", [&ctx](const http::Request& r) { return PostPayment(ctx, r); });
  router.Add("POST", "/booking/:locator/cancel", [&ctx](const http::Request& r) { return PostCancel(ctx, r); });
  router.Add("POST", "/booking/:locator/resend", [&ctx](const http::Request& r) { return PostResend(ctx, r); });
  router.Add("POST", "/booking/:locator/schedule-change",
             [&ctx](const http::Request& r) { return PostScheduleChange(ctx, r); });
}

}  // namespace jetway::ibe
