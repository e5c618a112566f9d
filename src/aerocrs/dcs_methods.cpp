// Departure control (§3.8), the airline's own: getPassengersByFlight, getPassengerIdentifiersByBookingReference,
// getPassengerDetail and updatePassenger, for a credential granted the `dcs` group on the back office's listener.
// The flight's passengers come from departure control (booking/departure_control.hpp) and what they change goes
// through the booking service as the airport desk's does (the credential acts as a desk: departure.control, any
// booking on the airline's flights). A passenger is named by a token of jetway's own: `LOCATOR-n` (the n-th name of
// the booking), the same on every call.
#include <fmt/core.h>

#include <algorithm>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "booking/docs.hpp"
#include "core/countries.hpp"
#include "core/locator.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using core::Fail;

namespace {

// The credential as the airport's desk: departure control over every booking of the airline's flights (a partner's
// own scope would show it only the bookings it made).
core::Actor DeskActor(const Call& call) {
  core::Actor desk = call.actor;
  desk.partner_id = 0;
  desk.agency_id = 0;
  return desk;
}

bool Flies(const Call& call, const std::string& airline) {
  const auto& own = call.partner.airlines;
  return own.empty() || std::binary_search(own.begin(), own.end(), airline);
}

core::Error FlightNotFound() {
  return core::MakeError(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", "Flight not found", "flightid");
}

core::Result<booking::FlightDeparture> FlightById(const Call& call, std::int64_t flight_id) {
  auto airline = call.ctx.departures->AirlineOf(flight_id);
  if (!airline || !Flies(call, *airline)) return std::unexpected(FlightNotFound());
  return call.ctx.departures->Flight(DeskActor(call), *airline, flight_id);
}

// "X9101" (designator and number) or "101" (for a credential of one airline), on a day.
core::Result<booking::FlightDeparture> FlightByNumber(const Call& call, const nlohmann::json& item) {
  auto number = Text(item, "flightnumber", 10);
  if (!number) return std::unexpected(number.error());
  auto day = Date(item, "flightdate", true);
  if (!day) return std::unexpected(day.error());
  auto text = core::AsciiUpper(core::Trim(*number));
  std::string airline;
  if (text.size() > 2 && !(text[0] >= '0' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9')) {
    airline = text.substr(0, 2);
    text = text.substr(2);
  } else if (call.partner.airlines.size() == 1) {
    airline = call.partner.airlines.front();
  }
  const auto flight_number = core::ParseInteger(text, 1, 9999);
  if (airline.empty() || !flight_number)
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "flightnumber is the airline's designator and number, as X9101",
                "flightnumber");
  if (!Flies(call, airline)) return std::unexpected(FlightNotFound());
  auto flights = call.ctx.departures->FlightsOn(DeskActor(call), airline, **day);
  if (!flights) return std::unexpected(flights.error());
  for (const auto& f : *flights)
    if (f.flight_number == *flight_number) return call.ctx.departures->Flight(DeskActor(call), airline, f.id);
  return std::unexpected(FlightNotFound());
}

std::string PaxToken(const booking::DeparturePassenger& p) { return fmt::format("{}-{}", p.locator, p.passenger); }

// The passenger a token names on the flight; PASSENGER_NOT_FOUND otherwise.
core::Result<const booking::DeparturePassenger*> ByToken(const booking::FlightDeparture& f, std::string_view token) {
  for (const auto& p : f.passengers)
    if (PaxToken(p) == core::AsciiUpper(core::Trim(token))) return &p;
  return Fail(ErrorKind::kNotFound, "PASSENGER_NOT_FOUND", "No passenger with that paxtoken on this flight",
              "paxtoken");
}

bool HasInfant(const booking::FlightDeparture& f, const booking::DeparturePassenger& adult) {
  return std::any_of(f.passengers.begin(), f.passengers.end(), [&](const booking::DeparturePassenger& q) {
    return q.locator == adult.locator && q.details.pax_type == core::PaxType::kInfant &&
           q.details.infant_of == adult.passenger;
  });
}

std::string Age(const booking::Passenger& p, const booking::FlightDeparture& f) {
  const auto day = core::ParseIsoDate(f.flight.departure_date);
  if (!p.date_of_birth || !day) return "";
  return std::to_string(booking::AgeOn(*p.date_of_birth, *day));
}

// The fields getPassengersByFlight and getPassengerDetail share.
void WritePassenger(api::JsonWriter& w, const booking::FlightDeparture& f, const booking::DeparturePassenger& p) {
  const auto& d = p.details;
  w.Field("paxtoken", PaxToken(p))
      .Field("firstname", d.first_name)
      .Field("lastname", d.last_name)
      .Field("age", Age(d, f))
      .Field("paxtitle", d.title)
      .Field("paxtype", std::string(core::ToString(d.pax_type)))
      .Field("paxwithinfant", HasInfant(f, p))
      .Field("seat", p.seat)
      .Field("sequencenumber", p.sequence)
      .Field("status", p.Status());
}

bool ShowsInfants(const Call& call, const nlohmann::json& item) {
  auto flag = Flag(item, "showinfants", false);
  if (!flag || !*flag) flag = Flag(call.parms, "showinfants", false);
  return flag && *flag;
}

std::string PnrStatus(const booking::DeparturePassenger& p) { return p.Status() == "NO_SHOW" ? "NS" : "OK"; }

}  // namespace

Answer GetPassengersByFlight(const Call& call) {
  auto items = Items(call.parms, "flights", true);
  if (!items) return std::unexpected(items.error());
  if (items->empty() || items->size() > 10)
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "Give 1 to 10 flights", "flights");
  auto bags_flag = Flag(call.parms, "showbaggages", false);
  const bool bags = bags_flag && *bags_flag;
  std::vector<std::pair<booking::FlightDeparture, bool>> flights;
  for (const auto& item : *items) {
    auto flight = FlightByNumber(call, item);
    if (!flight) return std::unexpected(flight.error());
    flights.emplace_back(std::move(*flight), ShowsInfants(call, item));
  }
  return Success([&](api::JsonWriter& w) {
    w.Key("flight").BeginArray();
    for (const auto& [f, infants] : flights) {
      w.BeginObject()
          .Field("flightid", f.flight.id)
          .Field("flightnumber", fmt::format("{}{}", f.flight.airline, f.flight.flight_number))
          .Field("flightdate", f.flight.departure_date)
          .Field("serviceload", static_cast<std::int64_t>(f.passengers.size()))
          .Field("opsremark", f.closed ? "CLOSED" : "")
          .Key("paxDetails")
          .BeginArray();
      for (const auto& p : f.passengers) {
        if (!infants && p.details.pax_type == core::PaxType::kInfant) continue;
        w.BeginObject();
        WritePassenger(w, f, p);
        w.Field("paxcountry", p.details.nationality)
            .Field("paxcountryiso", p.details.nationality)
            .Field("fromdestination", f.flight.origin)
            .Field("todestination", f.flight.destination)
            .Field("pnrref", p.locator)
            .Field("pnrstatus", PnrStatus(p))
            .Field("pnrname", fmt::format("{}/{}", p.details.last_name, p.details.first_name))
            .Field("servicestatus", p.Status())
            .Field("ticketnumber", p.ticket);
        if (bags) w.Field("baggages", p.bags);
        w.EndObject();
      }
      w.EndArray().EndObject();
    }
    w.EndArray();
  });
}

Answer GetPassengerIdentifiers(const Call& call) {
  auto flight_id = Integer(call.parms, "flightid", 1, INT64_MAX);
  if (!flight_id) return std::unexpected(flight_id.error());
  auto reference = Text(call.parms, "bookingref", 6);
  if (!reference) return std::unexpected(reference.error());
  auto f = FlightById(call, *flight_id);
  if (!f) return std::unexpected(f.error());
  const auto locator = core::AsciiUpper(core::Trim(*reference));
  std::vector<const booking::DeparturePassenger*> found;
  for (const auto& p : f->passengers)
    if (p.locator == locator) found.push_back(&p);
  if (found.empty())
    return Fail(ErrorKind::kNotFound, "BOOKING_NOT_FOUND", "No booking with that reference on this flight",
                "bookingref");
  return Success([&](api::JsonWriter& w) {
    w.Field("errcode", 0).Field("errdescription", "").Key("pax").BeginArray();
    for (const auto* p : found) w.BeginObject().Field("paxtoken", PaxToken(*p)).Field("fltid", *flight_id).EndObject();
    w.EndArray();
  });
}

Answer GetPassengerDetail(const Call& call) {
  auto requests = Items(call.parms, "requestdetails", true);
  if (!requests) return std::unexpected(requests.error());
  if (requests->empty() || requests->size() > 50)
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "Give 1 to 50 requestdetails", "requestdetails");
  struct Found {
    booking::FlightDeparture flight;
    const booking::DeparturePassenger* passenger;
    std::optional<booking::BookingView> booking;
  };
  std::vector<Found> found;
  found.reserve(requests->size());  // the passenger pointers point into each element's own flight
  for (const auto& item : *requests) {
    auto flight_id = Integer(item, "flightid", 1, INT64_MAX);
    if (!flight_id) return std::unexpected(flight_id.error());
    auto token = Text(item, "paxtoken", 20);
    if (!token) return std::unexpected(token.error());
    auto f = FlightById(call, *flight_id);
    if (!f) return std::unexpected(f.error());
    found.push_back({std::move(*f), nullptr, std::nullopt});
    auto p = ByToken(found.back().flight, *token);
    if (!p) return std::unexpected(p.error());
    found.back().passenger = *p;
    const booking::BookingProof proof{std::nullopt, (*p)->details.last_name, false};
    if (auto b = call.ctx.bookings.Retrieve(DeskActor(call), (*p)->locator, proof)) found.back().booking = std::move(*b);
  }
  return Success([&](api::JsonWriter& w) {
    w.Key("paxdetails").BeginArray();
    for (const auto& [f, p, b] : found) {
      const auto& d = p->details;
      w.BeginObject();
      WritePassenger(w, f, *p);
      w.Field("carrierclass", p->cabin)
          .Field("origin", f.flight.origin)
          .Field("destination", f.flight.destination)
          .Field("tailnumber", "")
          .Field("ffnumber", "")
          .Field("phonenumber", b && b->contact ? b->contact->phone : "")
          .Field("email", b && b->contact ? b->contact->email : "")
          .Field("notes", "")
          .Field("ticketnumber", p->ticket);
      w.Key("ssrs").BeginObject().Key("ssr").BeginArray();
      for (const auto& code : p->ssrs) w.String(code);
      w.EndArray().EndObject();
      w.Key("allowances").BeginObject().Field("bags", p->bags).EndObject();
      w.Key("ancillaries").BeginObject().Key("ancillary").BeginArray();
      if (b)
        for (const auto& e : b->emds)
          if (e.passenger == p->passenger && e.segment_seq == p->segment &&
              e.status == ticketing::CouponStatus::kOpen)
            w.BeginObject().Field("code", e.code).Field("emd", e.number).Field("seat", e.seat).EndObject();
      w.EndArray().EndObject();
      w.Key("apisdata").BeginObject().Field("nationality", d.nationality);
      if (d.document)
        w.Field("type", d.document->type == "P" ? "PP" : "ID")
            .Field("documentnumber", d.document->number)
            .Field("issuer", d.document->issuing_country)
            .Field("expiry", d.document->expiry ? core::FormatIsoDate(*d.document->expiry) : "");
      w.Field("dateofbirth", d.date_of_birth ? core::FormatIsoDate(*d.date_of_birth) : "")
          .Field("gender", booking::GenderOf(d))
          .Field("docs", booking::DocsElement(d, f.flight.airline).value_or(""))
          .EndObject();
      w.EndObject();
    }
    w.EndArray();
  });
}

namespace {

// A country as AeroCRS sends it (alpha-2) or as the standards write it (alpha-3), kept as alpha-2.
std::string CountryOf(std::string_view given) {
  const auto code = core::AsciiUpper(core::Trim(given));
  if (code.size() == 3)
    if (auto two = core::Alpha2(code)) return std::string(*two);
  return code;
}

// updatePassenger's travel data: nationality and the document (PP passport, ID identity card), when given.
core::Result<std::optional<booking::TravelData>> TravelDataOf(const nlohmann::json& parms, int passenger) {
  auto nationality = OptText(parms, "nationality", 3);
  auto type = OptText(parms, "doctype", 2);
  auto number = OptText(parms, "docnumber", 20);
  auto issuer = OptText(parms, "passportissuer", 3);
  auto expiry = Date(parms, "passportexpiry", false);
  for (auto* r : {&nationality, &type, &number, &issuer})
    if (!*r) return std::unexpected(r->error());
  if (!expiry) return std::unexpected(expiry.error());
  if (!*nationality && !*number) return std::nullopt;
  booking::TravelData data;
  data.passenger = passenger;
  data.nationality = CountryOf(nationality->value_or(""));
  if (*number) {
    const auto kind = core::AsciiUpper(type->value_or("PP"));
    if (kind != "PP" && kind != "ID")
      return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "doctype is PP (passport) or ID (identity card)",
                  "doctype");
    data.document = booking::TravelDocument{kind == "PP" ? "P" : "I", core::AsciiUpper(**number),
                                            CountryOf(issuer->value_or("")), *expiry};
  }
  return data;
}

}  // namespace

// What jetway changes of a passenger: travel data, seat, and check-in (`status` CHECKED_IN: the booking's passengers
// on the flight, as the desk checks in) or offloading (`status` OFFLOADED). A field not given is left as it is (the
// reference's "omitted fields are cleared" would erase a passport with every seat change); boarding is by the pass's
// barcode at the gate.
Answer UpdatePassenger(const Call& call) {
  auto flight_id = Integer(call.parms, "flightid", 1, INT64_MAX);
  if (!flight_id) return std::unexpected(flight_id.error());
  auto token = Text(call.parms, "paxtoken", 20);
  if (!token) return std::unexpected(token.error());
  auto seat = OptText(call.parms, "seat", 4);
  if (!seat) return std::unexpected(seat.error());
  auto status = OptText(call.parms, "status", 20);
  if (!status) return std::unexpected(status.error());
  auto f = FlightById(call, *flight_id);
  if (!f) return std::unexpected(f.error());
  auto found = ByToken(*f, *token);
  if (!found) return std::unexpected(found.error());
  const auto p = **found;  // a copy: the flight is not read again
  const auto desk = DeskActor(call);
  const booking::BookingProof proof{std::nullopt, p.details.last_name, false};
  auto travel = TravelDataOf(call.parms, p.passenger);
  if (!travel) return std::unexpected(travel.error());
  if (*travel)
    if (auto given = call.ctx.bookings.GiveTravelData(desk, p.locator, proof, {**travel}); !given)
      return std::unexpected(given.error());
  if (*seat && !(*seat)->empty())
    if (auto seated = call.ctx.bookings.ChooseSeats(desk, p.locator, proof, p.segment, {{p.passenger, **seat}});
        !seated)
      return std::unexpected(seated.error());
  const auto wanted = core::AsciiUpper(status->value_or(""));
  if (wanted == "CHECKED_IN" || wanted == "CHECKEDIN") {
    if (p.sequence == 0)
      if (auto checked = call.ctx.bookings.CheckIn(desk, p.locator, proof, p.segment); !checked)
        return std::unexpected(checked.error());
  } else if (wanted == "OFFLOADED" || wanted == "OFFLOAD") {
    if (auto off = call.ctx.departures->Offload(desk, f->flight.airline, *flight_id, p.locator, p.passenger); !off)
      return std::unexpected(off.error());
  } else if (!wanted.empty()) {
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "status is CHECKED_IN or OFFLOADED", "status");
  }
  auto after = FlightById(call, *flight_id);
  if (!after) return std::unexpected(after.error());
  auto now = ByToken(*after, *token);
  if (!now) return std::unexpected(now.error());
  return Success([&](api::JsonWriter& w) {
    w.Key("passenger").BeginObject();
    WritePassenger(w, *after, **now);
    w.EndObject();
  });
}

}  // namespace jetway::aerocrs
