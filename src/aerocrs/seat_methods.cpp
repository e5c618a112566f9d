// Seats (§3.5): getSeatMap, a flight's seats with who holds them; makeSeatReservation, seats chosen for a partner's
// booking, seat by seat (the reference allows partial success). The seat rules are the booking service's
// (seating/seat_map.hpp); seats are free of charge until paid seats are sold (issue 15's ancillaries), so `fare` is
// 0 and a paid seat is refused (SEAT_NOT_PAID).
#include <fmt/core.h>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using core::Fail;

namespace {

void WriteSeat(api::JsonWriter& w, const booking::FlightSeats& seats, const seating::Seat& s) {
  const auto name = s.Name();
  w.BeginObject()
      .Field("seatname", name)
      .Field("seattype", "Seat")
      .Key("seatpref")
      .BeginObject()
      .Key("attributes")
      .BeginObject()
      .Field("window", s.position == seating::Position::kWindow)
      .Field("extralegroom", false)
      .Field("exitrow", s.exit)
      .Field("rearfacing", false)
      .Field("blocked", s.blocked)
      .Field("preferredseating", s.paid)
      .Field("wheelchair", false)
      .EndObject()
      .EndObject()
      .Field("seatclass", s.cabin)
      // F free, T taken: as getSeatMapFare marks seats (the reference's getSeatMap shows the occupant's DCS token).
      .Field("seatstatus", s.blocked || seats.taken.count(name) ? "T" : "F")
      .Field("seatpaxtoken", "")
      .Field("seatfromdestination", seats.segment.flight.origin)
      .Field("seattodestination", seats.segment.flight.destination)
      .Field("seatremark", s.paid ? "paid seat" : "")
      .EndObject();
}

// The booking's flight that a makeSeatReservation `flights` element names (flight number with or without the
// airline's designator, date, airports).
const booking::BookedSegment* FlightOf(const booking::BookingView& b, const nlohmann::json& item) {
  auto number = OptText(item, "flightnumber", 10);
  auto date = Date(item, "flightdate", false);
  auto from = OptText(item, "fromcode", 3);
  auto to = OptText(item, "tocode", 3);
  if (!number || !*number || !date || !from || !to) return nullptr;
  for (const auto& s : b.segments) {
    const auto& f = s.flight;
    const bool number_ok = core::AsciiUpper(**number) == f.flight_number ||
                           core::AsciiUpper(**number) == f.flight_number.substr(std::min(f.flight_number.size(), f.airline.size()));
    const bool date_ok = !*date || core::LocalDayOf(f.departure_local) == core::FormatIsoDate(**date);
    const bool from_ok = !*from || core::AsciiUpper(**from) == f.origin;
    const bool to_ok = !*to || core::AsciiUpper(**to) == f.destination;
    if (number_ok && date_ok && from_ok && to_ok) return &s;
  }
  return nullptr;
}

// The seat names of one `flights` element: `seat` as a list of names, one name, or {"seat": [...]}.
std::vector<std::string> SeatNames(const nlohmann::json& item) {
  std::vector<std::string> names;
  auto seat = item.find("seat");
  if (seat == item.end()) return names;
  const nlohmann::json* list = &*seat;
  if (seat->is_object() && seat->contains("seat")) list = &(*seat)["seat"];
  if (list->is_string()) names.push_back(list->get<std::string>());
  if (list->is_array())
    for (const auto& s : *list)
      if (s.is_string() && names.size() < 20) names.push_back(s.get<std::string>());
  return names;
}

}  // namespace

Answer GetSeatMap(const Call& call) {
  auto flight_id = Integer(call.parms, "flightid", 1, INT64_MAX);
  if (!flight_id) return std::unexpected(flight_id.error());
  auto seats = call.ctx.bookings.SeatsOfFlight(*flight_id, call.partner.airlines);
  if (!seats) return std::unexpected(seats.error());
  return Success([&](api::JsonWriter& w) {
    w.Key("seatmap").BeginObject().Field("flightid", *flight_id).Key("row").BeginArray();
    int row = 0;
    for (const auto& s : seats->map.seats) {
      if (s.row != row) {
        if (row) w.EndArray().EndObject().EndObject();
        row = s.row;
        w.BeginObject().Field("rownumber", row).Key("seats").BeginObject().Key("seat").BeginArray();
      }
      WriteSeat(w, *seats, s);
    }
    if (row) w.EndArray().EndObject().EndObject();
    w.EndArray().EndObject();
  });
}

Answer MakeSeatReservation(const Call& call) {
  auto id = Integer(call.parms, "bookingid", 0, INT64_MAX);
  if (!id) return std::unexpected(id.error());
  if (*id == 0)
    return Fail(ErrorKind::kInvalid, "BOOKING_REQUIRED",
                "Seats are reserved for a booking: create it first (createBooking) and give its bookingid",
                "bookingid");
  auto company = Text(call.parms, "companycode", 3);
  if (!company) return std::unexpected(company.error());
  auto flights = Items(call.parms, "flights", true);
  if (!flights) return std::unexpected(flights.error());
  auto key = PartnerBookingKey(call, *id);
  if (!key) return std::unexpected(key.error());
  auto b = call.ctx.bookings.Retrieve(call.actor, key->locator, key->proof);
  if (!b) return std::unexpected(b.error());
  // Seats go to the booking's passengers with a seat of their own, in the order they were named.
  std::vector<int> seated;
  for (std::size_t p = 0; p < b->passengers.size(); ++p)
    if (b->passengers[p].pax_type != core::PaxType::kInfant) seated.push_back(static_cast<int>(p + 1));
  struct Result {
    std::string seat;
    bool ok = false;
    std::string msg;
  };
  std::vector<std::pair<nlohmann::json, std::vector<Result>>> answered;
  for (const auto& item : *flights) {
    std::vector<Result> results;
    const auto* segment = FlightOf(*b, item);
    const auto names = SeatNames(item);
    for (std::size_t i = 0; i < names.size(); ++i) {
      Result r{names[i], false, ""};
      if (!segment) {
        r.msg = "This flight is not a flight of the booking";
      } else if (i >= seated.size()) {
        r.msg = "More seats than passengers with a seat of their own";
      } else {
        auto chosen = call.ctx.bookings.ChooseSeats(call.actor, key->locator, key->proof, segment->seq,
                                                    {{seated[i], names[i]}});
        r.ok = chosen.has_value();
        r.msg = chosen ? "Seat reserved" : chosen.error().message;
      }
      results.push_back(std::move(r));
    }
    answered.emplace_back(item, std::move(results));
  }
  return Success([&](api::JsonWriter& w) {
    w.Field("bookingid", *id).Field("companycode", *company).Key("flights").BeginArray();
    for (const auto& [item, results] : answered) {
      w.BeginObject();
      for (const char* field : {"flightnumber", "flightdate", "fromcode", "tocode", "class"})
        if (auto value = OptText(item, field, 20); value && *value) w.Field(field, **value);
      w.Key("seat").BeginArray();
      for (const auto& r : results)
        w.BeginObject()
            .Field("status", r.ok)
            .Field("seat", r.seat)
            .Field("msg", r.msg)
            .Field("fare", "0.00")
            .Field("currency", b->total.currency)
            .EndObject();
      w.EndArray().EndObject();
    }
    w.EndArray();
  });
}

}  // namespace jetway::aerocrs
