// What the partner API reads of the airlines besides availability and bookings: the hosted airlines and the
// destinations a partner sees, and the flight and fare a partner names by the ids search gave it (flightid, fareid),
// resolved to the segment the booking service holds. Owns its read transactions on the data database; thread-safe
// (shares only the pool and the airport directory).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "booking/booking_service.hpp"
#include "booking/requests.hpp"
#include "pricing/fare.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "partners/partner.hpp"
#include "reference/reference_service.hpp"
#include "schedule/schedule_service.hpp"
#include "store/store.hpp"

namespace jetway::aerocrs {

struct Destination {
  const reference::Airport* airport = nullptr;
};

// A flight and fare a partner chose, as the booking service takes it.
struct ChosenSegment {
  booking::SegmentRequest segment;
  std::string airline;
  core::LocalDate departure_date;  // local, at the origin
  std::string brand;               // the fare's
};

class Catalog {
 public:
  Catalog(store::ConnectionPool& data, const reference::AirportDirectory& airports, const core::Clock& clock)
      : data_(data), airports_(airports), clock_(clock) {}

  // The hosted airlines the partner sees.
  std::vector<reference::Airline> Airlines(const partners::Partner& partner);
  // The aircraft type of each cabin configuration of the airlines the partner sees, by configuration id.
  std::map<std::int64_t, std::string> AircraftTypes(const partners::Partner& partner);
  // The routes flown from today on by the airlines the partner sees (or `airline` alone).
  std::vector<schedule::Route> Routes(const partners::Partner& partner, const std::string& airline);
  // The airports flown to or from, from today on, by the airlines the partner sees (or `airline` alone), by code.
  std::vector<const reference::Airport*> Destinations(const partners::Partner& partner, const std::string& airline);
  // The flight `flight_id` from `from` to `to` with the class of fare `fare_id`: "Wrong destinations input" when the
  // flight does not fly between them, "Unknown flight or fare" when either id is unknown, not the partner's to see,
  // or the fare does not apply to that flight.
  // Each segment's fare and taxes per passenger type, as filed now, in the booking's currency: the per-passenger
  // breakdown of each flight createBooking shows (the booking keeps its totals per type and per segment).
  std::vector<std::vector<pricing::PaxTypePrice>> SegmentFares(const booking::BookingView& booking);
  // The currency rates kept now.
  pricing::RateTable Rates();
  // The dated flight the partner names by number ("X9101", or "101" on any airline it sees), local departure date
  // and route; nullopt when there is none or more than one.
  std::optional<schedule::FlightRecord> DatedFlight(const partners::Partner& partner, const std::string& number,
                                                    core::LocalDate date, const std::string& from,
                                                    const std::string& to);
  // The dated flight `flight_id` if the partner sees its airline.
  std::optional<schedule::FlightRecord> Flight(const partners::Partner& partner, std::int64_t flight_id);
  // How many US dollars one unit of `currency` is, in millionths (AeroCRS's converttousd); nullopt when no rate is
  // kept.
  std::optional<std::int64_t> UsdRateMicros(const std::string& currency);
  core::Result<ChosenSegment> Choose(const partners::Partner& partner, std::int64_t flight_id, std::int64_t fare_id,
                                     const std::string& from, const std::string& to);

 private:
  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const core::Clock& clock_;
};

}  // namespace jetway::aerocrs
