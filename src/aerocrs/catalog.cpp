#include "aerocrs/catalog.hpp"

#include <fmt/core.h>

#include <set>

#include "core/codes.hpp"
#include "core/text.hpp"
#include "pricing/pricing_service.hpp"
#include "schedule/schedule_service.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;

namespace {

core::Error UnknownChoice(std::int64_t flight_id, std::int64_t fare_id) {
  return core::MakeError(ErrorKind::kNotFound, "FLIGHT_OR_FARE_NOT_FOUND",
                         fmt::format("Unknown flight or fare: flightid {} with fareid {} cannot be booked", flight_id,
                                     fare_id),
                         "bookflight");
}

}  // namespace

std::vector<reference::Airline> Catalog::Airlines(const partners::Partner& partner) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<reference::Airline> seen;
  for (auto& airline : reference::ListAirlines(*lease))
    if (partners::MaySee(partner, airline.designator)) seen.push_back(std::move(airline));
  return seen;
}

std::map<std::int64_t, std::string> Catalog::AircraftTypes(const partners::Partner& partner) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::map<std::int64_t, std::string> types;
  for (const auto& airline : reference::ListAirlines(*lease))
    if (partners::MaySee(partner, airline.designator))
      for (const auto& config : reference::ListCabinConfigs(*lease, airline.designator))
        types.emplace(config.id, config.aircraft_type);
  return types;
}

std::vector<schedule::Route> Catalog::Routes(const partners::Partner& partner, const std::string& airline) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  const auto today = core::LocalDate{date::floor<date::days>(clock_.Now())};
  std::vector<schedule::Route> routes;
  for (auto& route : schedule::ListRoutes(*lease, today))
    if (partners::MaySee(partner, route.airline) && (airline.empty() || route.airline == airline))
      routes.push_back(std::move(route));
  return routes;
}

std::vector<const reference::Airport*> Catalog::Destinations(const partners::Partner& partner,
                                                             const std::string& airline) {
  std::set<std::string> codes;
  for (const auto& route : Routes(partner, airline)) {
    codes.insert(route.origin);
    codes.insert(route.destination);
  }
  std::vector<const reference::Airport*> airports;
  for (const auto& code : codes)
    if (const auto* airport = airports_.Find(code)) airports.push_back(airport);
  return airports;
}

std::vector<std::vector<pricing::PaxTypePrice>> Catalog::SegmentFares(const booking::BookingView& booking) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  const auto rates = pricing::LoadRates(*lease);
  std::vector<std::vector<pricing::PaxTypePrice>> fares;
  for (const auto& segment : booking.segments) {
    const auto& f = segment.flight;
    const auto* origin = airports_.Find(f.origin);
    const auto day = origin ? core::LocalDateOf(f.departure_utc, origin->zone) : core::LocalDate{};
    auto by_class = pricing::LoadSegmentPricing(*lease, f.airline, f.origin, f.destination, day);
    auto it = by_class.find(segment.booking_class);
    std::optional<pricing::PartyPrice> price;
    if (it != by_class.end())
      if (auto priced = pricing::PriceParty(booking.party, {it->second}, rates, booking.total.currency)) price = *priced;
    fares.push_back(price ? price->per_pax_type : std::vector<pricing::PaxTypePrice>{});
  }
  return fares;
}

std::optional<schedule::FlightRecord> Catalog::DatedFlight(const partners::Partner& partner, const std::string& number,
                                                           core::LocalDate date, const std::string& from,
                                                           const std::string& to) {
  const auto parsed = core::ParseFlightNumber(number);
  const auto digits = parsed ? std::optional<std::int64_t>(parsed->number) : core::ParseInteger(number, 1, 9999);
  if (!digits) return std::nullopt;
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::optional<schedule::FlightRecord> found;
  for (auto& load : schedule::ListFlightLoads(*lease, parsed ? parsed->airline : std::string(), date, date)) {
    auto& f = load.flight;
    if (f.flight_number != *digits || f.origin != from || f.destination != to || !partners::MaySee(partner, f.airline))
      continue;
    if (found) return std::nullopt;  // "101" on two airlines: not one flight
    found = std::move(f);
  }
  return found;
}

pricing::RateTable Catalog::Rates() {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  return pricing::LoadRates(*lease);
}

std::optional<schedule::FlightRecord> Catalog::Flight(const partners::Partner& partner, std::int64_t flight_id) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto flight = schedule::FindFlight(*lease, flight_id);
  if (!flight || !partners::MaySee(partner, flight->airline)) return std::nullopt;
  return flight;
}

std::optional<std::int64_t> Catalog::UsdRateMicros(const std::string& currency) {
  if (currency == "USD") return 1'000'000;
  auto lease = data_.Acquire();
  const auto rates = pricing::LoadRates(*lease);
  // A million units (minor units scaled back), so the rate keeps six decimals.
  const int digits = core::MinorUnitDigits(currency);
  std::int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  auto usd = rates.Convert(core::Money{1'000'000 * scale, currency}, "USD");
  if (!usd) return std::nullopt;
  return usd->minor / 100;  // USD has two decimals: cents per million units -> micro-dollars per unit
}

core::Result<ChosenSegment> Catalog::Choose(const partners::Partner& partner, std::int64_t flight_id,
                                            std::int64_t fare_id, const std::string& from, const std::string& to) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  const auto flight = schedule::FindFlight(*lease, flight_id);
  if (!flight || !partners::MaySee(partner, flight->airline)) return std::unexpected(UnknownChoice(flight_id, fare_id));
  if (flight->origin != from || flight->destination != to)
    return core::Fail(ErrorKind::kInvalid, "WRONG_DESTINATIONS",
                      fmt::format("Wrong destinations input: flightid {} flies {}-{}, not {}-{}", flight_id,
                                  flight->origin, flight->destination, from, to),
                      "bookflight");
  const auto fare = pricing::FindFare(*lease, fare_id);
  const auto day = core::ParseIsoDate(flight->departure_date);
  if (!fare || !day || !pricing::FareApplies(*fare, flight->airline, flight->origin, flight->destination, *day))
    return std::unexpected(UnknownChoice(flight_id, fare_id));
  return ChosenSegment{booking::SegmentRequest{flight_id, fare->fare.booking_class}, flight->airline, *day,
                       fare->fare.brand};
}

}  // namespace jetway::aerocrs
