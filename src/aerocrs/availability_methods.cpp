// getAvailability, getFlight and getFlights (reference §3.2): seats per class by route or flight number, the price
// and seats of a chosen flight and fare again just before booking, and v4's one-call search. All are the one
// availability search (offers.hpp), written each the way AeroCRS writes it: keep each method's key casing.
#include <fmt/core.h>

#include <algorithm>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "aerocrs/offers.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using nlohmann::json;

namespace {

// A flight number without a route searches every route: a week at most.
constexpr int kMaxDaysByNumber = 7;

// "X9101", "X9 101", "101", "0101": a flight number with or without its airline.
bool SameFlightNumber(const std::string& flight_number, std::string wanted) {
  wanted.erase(std::remove(wanted.begin(), wanted.end(), ' '), wanted.end());
  wanted = core::AsciiUpper(wanted);
  if (wanted == flight_number) return true;
  const auto digits = core::ParseInteger(wanted, 1, 9999);
  return digits && flight_number.size() > 2 && flight_number.substr(2) == std::to_string(*digits);
}

std::int64_t Minutes(const shopping::Journey& journey) {
  return std::chrono::duration_cast<std::chrono::minutes>(journey.segments.back().arrival_utc -
                                                          journey.segments.front().departure_utc)
      .count();
}

// ---- getAvailability ----------------------------------------------------------------------------------------------

struct AvailabilityQuery {
  std::vector<schedule::Route> routes;
  std::optional<std::string> flight_number;
  Window window;
};

// from/to and start/end as parameters, or nested as destinations{from,to} and dates{start,end} (both are sent).
core::Result<AvailabilityQuery> ReadAvailability(const Call& call) {
  const json* nested_route = Object(call.parms, "destinations");
  const json* nested_dates = Object(call.parms, "dates");
  const json& where = nested_route ? *nested_route : call.parms;
  const json& when = nested_dates ? *nested_dates : call.parms;
  auto number = OptText(call.parms, "fltnum", 10);
  if (!number) return std::unexpected(number.error());
  AvailabilityQuery q;
  q.flight_number = *number;
  const bool has_route = where.contains("from") || where.contains("to");
  if (has_route) {
    auto from = AirportCode(call, where, "from");
    if (!from) return std::unexpected(from.error());
    auto to = AirportCode(call, where, "to");
    if (!to) return std::unexpected(to.error());
    q.routes.push_back({"", *from, *to});
  } else if (!q.flight_number) {
    return core::Fail(ErrorKind::kInvalid, "MISSING_PARAMETER", "Mandatory parameter missing: from and to, or fltnum",
                      "from");
  } else {
    const auto parsed = core::ParseFlightNumber(core::AsciiUpper(*q.flight_number));
    q.routes = call.ctx.catalog.Routes(call.partner, parsed ? parsed->airline : std::string());
  }
  auto window = ReadWindow(when, false, Today(call), has_route ? kMaxSearchDays : kMaxDaysByNumber);
  if (!window) return std::unexpected(window.error());
  q.window = *window;
  return q;
}

// Each class's seats for one passenger (capped at 9 as search caps them); brands of a class share its seats.
std::map<std::string, int> SeatsPerClass(const shopping::Journey& journey) {
  std::map<std::string, int> seats;
  for (const auto& offer : journey.offers) {
    auto& n = seats[offer.booking_class];
    n = std::max(n, offer.seats_available);
  }
  return seats;
}

void WriteAvailability(api::JsonWriter& w, const shopping::Journey& journey, const std::string& airline_name) {
  const auto& first = journey.segments.front();
  const auto& last = journey.segments.back();
  w.BeginObject()
      .Field("fltid", first.flight_id)
      .Field("airlineDesignator", first.airline)
      .Field("airlineICAOcode", "")
      .Field("airlinename", airline_name)
      .Field("fltnum", first.flight_number)
      .Field("fromCode", first.origin)
      .Field("toCode", last.destination)
      .Field("std", LocalDateTime(first.departure_local))
      .Field("sta", LocalDateTime(last.arrival_local))
      .Field("flighttype", journey.segments.size() == 1 ? "Direct" : "Connection")
      .Field("numberOfLegs", static_cast<std::int64_t>(journey.segments.size()));
  w.Key("classes").BeginObject();
  for (const auto& [booking_class, seats] : SeatsPerClass(journey)) w.Field(booking_class, seats);
  w.EndObject();
  WriteLegs(w, journey, &airline_name);
  w.EndObject();
}

// ---- getFlight and getFlights -------------------------------------------------------------------------------------

struct TripQuery {
  bool round_trip = false;
  std::string from;
  std::string to;
  pricing::PartyMix party;
  std::optional<std::string> currency;
  std::optional<agents::Agency> agency;
};

core::Result<TripQuery> ReadTrip(const Call& call) {
  TripQuery q;
  auto triptype = Text(call.parms, "triptype", 2);
  if (!triptype) return std::unexpected(triptype.error());
  if (*triptype != "OW" && *triptype != "RT")
    return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "triptype must be OW or RT", "triptype");
  q.round_trip = *triptype == "RT";
  auto from = AirportCode(call, call.parms, "fromcode");
  if (!from) return std::unexpected(from.error());
  auto to = AirportCode(call, call.parms, "tocode");
  if (!to) return std::unexpected(to.error());
  auto party = ReadParty(call.parms, true);
  if (!party) return std::unexpected(party.error());
  q.party = *party;
  auto agency = PartnerAgency(call);
  if (!agency) return std::unexpected(agency.error());
  auto currency = PartnerCurrency(call, *agency);
  if (!currency) return std::unexpected(currency.error());
  q.from = *from;
  q.to = *to;
  q.currency = *currency;
  q.agency = std::move(*agency);
  return q;
}

struct AirlineFacts {
  std::string name;
  std::int64_t id = 0;
};

std::map<std::string, AirlineFacts> AirlinesSeen(const Call& call) {
  std::map<std::string, AirlineFacts> seen;
  for (const auto& a : call.ctx.catalog.Airlines(call.partner))
    seen.emplace(a.designator, AirlineFacts{a.name, AirlineId(a)});
  return seen;
}

// The fields getFlight and getFlights give every flight (or connection), before its classes.
void WriteTripFlight(api::JsonWriter& w, const Call& call, const TripQuery& q, const shopping::Journey& journey,
                     const AirlineFacts& airline, bool inbound) {
  const auto& first = journey.segments.front();
  const auto& last = journey.segments.back();
  w.Field("airline", airline.name)
      .Field("airlineid", airline.id)
      .Field("airlinelogo", "")
      .Field("childagefrom", kChildAgeFrom)
      .Field("childageto", kChildAgeTo)
      .Field("chargetaxoninfant", false)
      .Field("from", call.ctx.airports.CityOf(first.origin))
      .Field("to", call.ctx.airports.CityOf(last.destination))
      .Field("fromcode", first.origin)
      .Field("tocode", last.destination)
      .Field("direction", inbound ? "inbound" : "outbound")
      .Field("flightdate", LocalDateTime(first.departure_local).substr(0, 10))
      .Field("depart", LocalClock(first.departure_local))
      .Field("arrive", LocalClock(last.arrival_local))
      .Field("number", first.flight_number)
      .Field("bookable", Bookable(call, q.agency, first.airline))
      .Field("via", ViaOf(journey))
      .Field("totalminutes", Minutes(journey))
      .Field("flightcode", first.flight_id);
  WriteLegs(w, journey);
}

struct ChosenOffer {
  shopping::Journey journey;  // the one flight, with the chosen offer only
  bool inbound = false;
};

// The chosen flight and fare as search prices it now for the party; nullopt when it no longer fits (sold out, sales
// closed, the fare withdrawn): getFlight leaves it out, as the reference says.
core::Result<std::optional<ChosenOffer>> Revalidate(const Call& call, const TripQuery& q, const char* flight_key,
                                                    const char* fare_key, bool inbound) {
  auto flight_id = Integer(call.parms, flight_key, 1, INT64_MAX);
  if (!flight_id) return std::unexpected(flight_id.error());
  auto fare_id = Integer(call.parms, fare_key, 1, INT64_MAX);
  if (!fare_id) return std::unexpected(fare_id.error());
  const auto& from = inbound ? q.to : q.from;
  const auto& to = inbound ? q.from : q.to;
  auto chosen = call.ctx.catalog.Choose(call.partner, *flight_id, *fare_id, from, to);
  if (!chosen) return std::unexpected(chosen.error());
  auto result = call.ctx.availability.Search({from, to, chosen->departure_date, std::nullopt, q.party, q.currency});
  if (!result) {
    if (result.error().code == "DATE_IN_PAST" || result.error().code == "DATE_TOO_FAR")
      return std::optional<ChosenOffer>{};
    return std::unexpected(result.error());
  }
  for (const auto& journey : result->outbound) {
    if (journey.segments.size() != 1 || journey.segments.front().flight_id != *flight_id) continue;
    for (const auto& offer : journey.offers)
      if (offer.booking_class == chosen->segment.booking_class && offer.brand == chosen->brand)
        return std::optional<ChosenOffer>(ChosenOffer{shopping::Journey{journey.segments, {offer}}, inbound});
  }
  return std::optional<ChosenOffer>{};
}

}  // namespace

Answer GetAvailability(const Call& call) {
  auto q = ReadAvailability(call);
  if (!q) return std::unexpected(q.error());
  const auto names = AirlineNames(call);
  std::vector<shopping::Journey> flights;
  for (const auto& route : q->routes) {
    auto found = SearchWindow(call, {route.origin, route.destination, q->window, {1, 0, 0}, std::nullopt}, names, true);
    if (!found) return std::unexpected(found.error());
    for (auto& journey : *found) {
      if (q->flight_number) {
        // By number: that flight alone, not the connections that begin with it.
        if (journey.segments.size() != 1 || !SameFlightNumber(journey.segments.front().flight_number, *q->flight_number))
          continue;
      }
      flights.push_back(std::move(journey));
    }
  }
  std::stable_sort(flights.begin(), flights.end(), [](const auto& a, const auto& b) {
    return a.segments.front().departure_utc < b.segments.front().departure_utc;
  });
  return Success([&](api::JsonWriter& w) {
    w.Field("count", static_cast<std::int64_t>(flights.size())).Key("flight").BeginArray();
    for (const auto& journey : flights) WriteAvailability(w, journey, names.at(journey.segments.front().airline));
    w.EndArray();
  });
}

Answer GetFlight(const Call& call) {
  auto q = ReadTrip(call);
  if (!q) return std::unexpected(q.error());
  std::vector<ChosenOffer> chosen;
  auto outbound = Revalidate(call, *q, "flightid1", "fareid1", false);
  if (!outbound) return std::unexpected(outbound.error());
  if (*outbound) chosen.push_back(std::move(**outbound));
  if (q->round_trip) {
    auto inbound = Revalidate(call, *q, "flightid2", "fareid2", true);
    if (!inbound) return std::unexpected(inbound.error());
    if (*inbound) chosen.push_back(std::move(**inbound));
  }
  const auto airlines = AirlinesSeen(call);
  return Success([&](api::JsonWriter& w) {
    w.Key("flights").BeginObject().Key("flight").BeginArray();
    for (const auto& c : chosen) {
      const auto& offer = c.journey.offers.front();
      w.BeginObject();
      WriteTripFlight(w, call, *q, c.journey, airlines.at(c.journey.segments.front().airline), c.inbound);
      w.Field("flightid", c.journey.segments.front().flight_id)
          .Field("fareid", offer.fare_ids.empty() ? 0 : offer.fare_ids.front())
          .Field("class", ClassKey(offer))
          .Key("classes")
          .BeginObject();
      WriteClass(w, c.journey, offer);
      w.EndObject().EndObject();
    }
    w.EndArray().EndObject();
  });
}

Answer GetFlights(const Call& call) {
  auto q = ReadTrip(call);
  if (!q) return std::unexpected(q.error());
  auto day1 = Date(call.parms, "flightdate1", true);
  if (!day1) return std::unexpected(day1.error());
  auto day2 = Date(call.parms, "flightdate2", q->round_trip);
  if (!day2) return std::unexpected(day2.error());
  if (q->round_trip && **day2 < **day1)
    return core::Fail(ErrorKind::kInvalid, "INVALID_DATES", "flightdate2 must be on or after flightdate1",
                      "flightdate2");
  const auto names = AirlineNames(call);
  auto out = SearchWindow(call, {q->from, q->to, {**day1, **day1}, q->party, q->currency}, names, false);
  if (!out) return std::unexpected(out.error());
  std::vector<shopping::Journey> back;
  if (q->round_trip) {
    auto found = SearchWindow(call, {q->to, q->from, {**day2, **day2}, q->party, q->currency}, names, false);
    if (!found) return std::unexpected(found.error());
    back = std::move(*found);
  }
  const auto airlines = AirlinesSeen(call);
  const auto link = fmt::format("{}/search?{}&origin={}&destination={}&date={}&adults={}&children={}&infants={}",
                                SiteBase(call.request),
                                q->round_trip ? "trip=return&return_date=" + core::FormatIsoDate(**day2)
                                              : std::string("trip=oneway"),
                                q->from, q->to, core::FormatIsoDate(**day1),
                                q->party.adults, q->party.children, q->party.infants);
  return Success([&](api::JsonWriter& w) {
    w.Key("flights").BeginObject().Key("flight").BeginArray();
    for (const auto* journeys : {&*out, &back})
      for (const auto& journey : *journeys) {
        w.BeginObject();
        WriteTripFlight(w, call, *q, journey, airlines.at(journey.segments.front().airline), journeys == &back);
        w.Field("linktowebsite", link).Key("classes").BeginObject();
        for (const auto& offer : journey.offers) WriteClass(w, journey, offer);
        w.EndObject().EndObject();
      }
    w.EndArray().EndObject();
  });
}

}  // namespace jetway::aerocrs
