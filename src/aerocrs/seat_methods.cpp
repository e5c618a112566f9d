// Seats (§3.5): getSeatMap, a flight's seats with who holds them; makeSeatReservation, seats chosen for a partner's
// booking, seat by seat (the reference allows partial success). The seat rules are the booking service's
// (seating/seat_map.hpp); seats are free of charge until paid seats are sold (issue 15's ancillaries), so `fare` is
// 0 and a paid seat is refused (SEAT_NOT_PAID).
#include <fmt/core.h>

#include <algorithm>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "booking/pnr.hpp"
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
  auto found = ReadPartnerBooking(call, *id);
  if (!found) return std::unexpected(found.error());
  const auto* key = &found->key;
  const auto* b = &found->booking;
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

// getSeatMapFare: a flight named as the reference names it (companycode, flightnumber X9101 or 101, flightdate,
// fromcode, tocode) with its seats per cabin: the paid ones at the price of a seat with more room (in `currency`, the
// airline's own otherwise), the rest free of charge; each seat F free or T taken.
Answer GetSeatMapFare(const Call& call) {
  auto company = Text(call.parms, "companycode", 3);
  if (!company) return std::unexpected(company.error());
  auto number = Text(call.parms, "flightnumber", 10);
  if (!number) return std::unexpected(number.error());
  auto day = Date(call.parms, "flightdate", true);
  if (!day) return std::unexpected(day.error());
  auto from = Text(call.parms, "fromcode", 3);
  if (!from) return std::unexpected(from.error());
  auto to = Text(call.parms, "tocode", 3);
  if (!to) return std::unexpected(to.error());
  auto currency = OptText(call.parms, "currency", 3);
  if (!currency) return std::unexpected(currency.error());
  const auto airline = core::AsciiUpper(*company);
  auto digits = core::AsciiUpper(core::Trim(*number));
  if (digits.starts_with(airline)) digits = digits.substr(airline.size());
  const auto flight_number = core::ParseInteger(digits, 1, 9999);
  if (!flight_number)
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "flightnumber is X9101 or 101", "flightnumber");
  const auto flight_id = call.ctx.bookings.FlightNumbered(airline, static_cast<int>(*flight_number), **day,
                                                          core::AsciiUpper(*from));
  if (!flight_id) return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", "Flight not found", "flightnumber");
  auto seats = call.ctx.bookings.SeatsOfFlight(*flight_id, call.partner.airlines);
  if (!seats) return std::unexpected(seats.error());
  if (seats->segment.flight.destination != core::AsciiUpper(*to))
    return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", "Flight not found", "tocode");
  auto offers = call.ctx.bookings.ExtrasSold(call.actor, airline, core::AsciiUpper(currency->value_or("")));
  if (!offers) return std::unexpected(offers.error());
  const auto paid = std::find_if(offers->begin(), offers->end(), [](const auto& o) { return o.item.code == "SEAT"; });
  std::vector<std::string> cabins;
  for (const auto& s : seats->map.seats)
    if (std::find(cabins.begin(), cabins.end(), s.cabin) == cabins.end()) cabins.push_back(s.cabin);
  // One row's seats of one kind (paid or free) in one cabin, as {rownumber, seats[]}.
  const auto write_rows = [&](api::JsonWriter& w, const std::string& cabin, bool paid_rows) {
    int row = 0;
    for (const auto& s : seats->map.seats) {
      if (s.cabin != cabin || s.paid != paid_rows || s.blocked) continue;
      if (s.row != row) {
        if (row) w.EndArray().EndObject();
        row = s.row;
        w.BeginObject().Field("rownumber", row);
        if (paid_rows && paid != offers->end()) w.Field("brandname", "").Field("seatfare", Amount(paid->price));
        w.Key("seats").BeginArray();
      }
      w.BeginObject().Field("seat", s.Name()).Field("status", seats->taken.count(s.Name()) ? "T" : "F").EndObject();
    }
    if (row) w.EndArray().EndObject();
  };
  return Success([&](api::JsonWriter& w) {
    w.Key("seatmapfare").BeginObject().Field("flightid", *flight_id).Field("actype", "");
    w.Field("currency", paid != offers->end() ? paid->price.currency : currency->value_or(""));
    w.Key("classes").BeginArray();
    for (const auto& cabin : cabins) {
      w.BeginObject().Field("cabinclass", cabin).Key("paidSeats").BeginArray();
      if (paid != offers->end()) write_rows(w, cabin, true);
      w.EndArray().Key("freeSeats").BeginArray();
      write_rows(w, cabin, false);
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  });
}

namespace {

// confirmExtrasReservation's passenger: the booking's passenger of that name (1-based), or 0.
int PassengerNamed(const booking::BookingView& b, const nlohmann::json& pax) {
  auto first = Text(pax, "firstname", 60);
  auto last = Text(pax, "lastname", 60);
  if (!first || !last) return 0;
  for (std::size_t i = 0; i < b.passengers.size(); ++i)
    if (b.passengers[i].first_name == booking::NormalizeName(*first) &&
        b.passengers[i].last_name == booking::NormalizeName(*last))
      return static_cast<int>(i + 1);
  return 0;
}

// "BAG, MEAL" → the extras of one passenger on one flight.
std::vector<booking::Extra> Ancillaries(const nlohmann::json& pax, int passenger, int segment) {
  std::vector<booking::Extra> extras;
  auto list = OptText(pax, "ancillaries", 200);
  if (!list || !*list) return extras;
  std::string_view rest = **list;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto code = core::AsciiUpper(core::Trim(rest.substr(0, comma)));
    if (!code.empty()) extras.push_back({passenger, segment, code, ""});
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return extras;
}

struct PassengerOutcome {
  nlohmann::json request;
  std::string seat;
  std::vector<std::string> ancillaries;
  bool ok = false;
  std::string msg;
};

}  // namespace

// confirmExtrasReservation: seats and ancillaries for the named passengers of a partner's booking, flight by flight
// and passenger by passenger (partial success, as the reference allows). A free seat is chosen; a paid seat and the
// ancillaries are extras, kept with a held booking to pay with it or charged to the agency's account of a paid one.
Answer ConfirmExtrasReservation(const Call& call) {
  auto id = Integer(call.parms, "bookingid", 1, INT64_MAX);
  if (!id) return std::unexpected(id.error());
  auto pnr = Text(call.parms, "pnrref", 6);
  if (!pnr) return std::unexpected(pnr.error());
  auto company = Text(call.parms, "companycode", 3);
  if (!company) return std::unexpected(company.error());
  auto email = Text(call.parms, "confirmationemail", 200);
  if (!email) return std::unexpected(email.error());
  auto flights = Items(call.parms, "flights", true);
  if (!flights) return std::unexpected(flights.error());
  auto found = ReadPartnerBooking(call, *id);
  if (!found) return std::unexpected(found.error());
  const auto* key = &found->key;
  const auto* b = &found->booking;
  if (core::AsciiUpper(*pnr) != b->locator)
    return Fail(ErrorKind::kNotFound, "BOOKING_NOT_FOUND", "No booking with that bookingid and pnrref", "pnrref");
  std::vector<std::pair<nlohmann::json, std::vector<PassengerOutcome>>> answered;
  for (const auto& flight : *flights) {
    std::vector<PassengerOutcome> outcomes;
    const auto* segment = FlightOf(*b, flight);
    auto passengers = Items(flight, "passengers", false);
    for (const auto& pax : passengers ? *passengers : std::vector<nlohmann::json>{}) {
      PassengerOutcome o{pax, std::string(core::AsciiUpper(OptText(pax, "seat", 4).value_or(std::nullopt).value_or(""))),
                         {}, false, ""};
      const int passenger = PassengerNamed(*b, pax);
      if (!segment) {
        o.msg = "This flight is not a flight of the booking";
      } else if (passenger == 0) {
        o.msg = "No passenger of that name in this booking";
      } else {
        booking::ExtrasRequest request;
        request.method = booking::PaymentMethod::kOnAccount;
        request.extras = Ancillaries(pax, passenger, segment->seq);
        for (const auto& e : request.extras) o.ancillaries.push_back(e.code);
        auto map = call.ctx.bookings.SeatsOfFlight(segment->flight.flight_id, call.partner.airlines);
        const auto* seat = map && !o.seat.empty() ? map->map.Find(o.seat) : nullptr;
        if (seat && seat->paid) request.extras.push_back({passenger, segment->seq, "SEAT", o.seat});
        o.ok = true;
        o.msg = "Confirmed";
        if (!o.seat.empty() && !(seat && seat->paid))
          if (auto chosen = call.ctx.bookings.ChooseSeats(call.actor, key->locator, key->proof, segment->seq,
                                                          {{passenger, o.seat}});
              !chosen)
            o = {pax, o.seat, o.ancillaries, false, chosen.error().message};
        if (o.ok && !request.extras.empty())
          if (auto bought = call.ctx.bookings.BuyExtras(call.actor, key->locator, key->proof, request); !bought)
            o = {pax, o.seat, o.ancillaries, false, bought.error().message};
      }
      outcomes.push_back(std::move(o));
    }
    answered.emplace_back(flight, std::move(outcomes));
  }
  auto after = call.ctx.bookings.Retrieve(call.actor, key->locator, key->proof);
  if (!after) return std::unexpected(after.error());
  const bool held = after->status == booking::BookingStatus::kHeld;
  return Success([&](api::JsonWriter& w) {
    w.Key("flights").BeginArray();
    for (const auto& [flight, outcomes] : answered) {
      w.BeginObject();
      for (const char* field : {"flightnumber", "flightdate"})
        if (auto value = OptText(flight, field, 20); value && *value) w.Field(field, **value);
      w.Key("passengers").BeginArray();
      for (const auto& o : outcomes) {
        w.BeginObject();
        for (const char* field : {"type", "firstname", "lastname"})
          if (auto value = OptText(o.request, field, 60); value && *value) w.Field(field, **value);
        w.Key("seat").BeginArray();
        if (!o.seat.empty()) w.String(o.seat);
        w.EndArray().Key("ancillaries").BeginArray();
        for (const auto& a : o.ancillaries) w.String(a);
        w.EndArray().Field("status", o.ok).Field("msg", o.msg).EndObject();
      }
      w.EndArray().EndObject();
    }
    w.EndArray()
        .Field("reference", after->locator)
        .Field("bookingid", *id)
        .Field("bookingconfirmation", after->confirmation_id)
        .Field("amount", Amount(held ? booking::AmountDue(*after) : core::Money{0, after->total.currency}))
        .Field("currency", after->total.currency)
        .Field("pnrptl", "");
  });
}

}  // namespace jetway::aerocrs
