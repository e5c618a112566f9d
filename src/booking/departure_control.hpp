// Departure control at the airport, for staff with departure.control: a flight's passenger list (checked in or not,
// seats, infants, bags, documents), boarding by a scanned boarding pass (its coupon becomes lifted, L; a second scan
// is refused), offloading a checked-in passenger, and closing the flight: the boarded have flown (F), the rest are
// no-shows whose coupons follow their fare's no-show rule (booking/departure.hpp), and the flight sells and checks in
// no more. Desk check-in is the booking service's CheckIn with a departure-control actor. Each step is one
// transaction that locks the booking before the flight, as the booking service does; every change is in the
// bookings' histories.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "booking/booking_service.hpp"
#include "booking/departure.hpp"
#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "reference/reference_service.hpp"
#include "schedule/schedule_service.hpp"
#include "store/store.hpp"

namespace jetway::booking {

struct DeparturePassenger {
  std::int64_t booking_id = 0;
  std::string locator;
  int passenger = 0;  // 1-based, as the booking lists them
  int segment = 0;
  Passenger details;
  std::string infant_of;  // the adult's name, for an infant on a lap
  std::string cabin;
  std::string seat;
  int sequence = 0;       // 0: not checked in
  std::optional<ticketing::CouponStatus> coupon;  // nullopt: not ticketed
  std::string ticket;
  int bags = 0;
  bool refundable = false;  // the fare's terms as sold: its no-show rule
  bool changeable = false;
  std::optional<NoShowOutcome> no_show;
  std::vector<std::string> ssrs;  // the codes of their special service requests on this flight
  std::string Status() const;  // BOARDED, CHECKED_IN, NOT_CHECKED_IN, NO_SHOW, FLOWN
};

struct FlightDeparture {
  schedule::FlightRecord flight;
  std::string departure_local;  // at the origin, as FormatLocal writes it
  bool closed = false;
  std::vector<DeparturePassenger> passengers;  // by name
  int Count(std::string_view status) const;
  GateFlight Gate() const;
  std::vector<ManifestLine> Manifest() const;
};

struct BoardedPassenger {
  std::string locator;
  std::string name;
  std::string seat;
  int sequence = 0;
};

struct FlightClosing {
  int flown = 0;
  int no_shows = 0;
  int coupons_closed = 0;
};

class DepartureControl {
 public:
  DepartureControl(store::ConnectionPool& data, const reference::AirportDirectory& airports, const core::Clock& clock)
      : data_(data), airports_(airports), clock_(clock) {}

  // The airline's flights departing on `date` (local), by departure.
  core::Result<std::vector<schedule::FlightRecord>> FlightsOn(const core::Actor& actor, const std::string& airline,
                                                              core::LocalDate date);
  // The airline flying `flight_id` (nullopt: no such flight): for callers that name a flight by its id alone.
  std::optional<std::string> AirlineOf(std::int64_t flight_id);
  // NOT_FOUND for a flight of another airline than `airline` or none.
  core::Result<FlightDeparture> Flight(const core::Actor& actor, const std::string& airline, std::int64_t flight_id);
  // The pass's barcode text (as a gate scanner types it, or read from an image): INVALID_BARCODE, WRONG_FLIGHT,
  // FLIGHT_CLOSED, NOT_CHECKED_IN, ALREADY_BOARDED, PASSENGER_NOT_FOUND.
  core::Result<BoardedPassenger> Board(const core::Actor& actor, const std::string& airline, std::int64_t flight_id,
                                       std::string_view bcbp);
  // A checked-in passenger off the flight: coupon back to open, seat and sequence given up (the sequence is never
  // given again). ALREADY_BOARDED, NOT_CHECKED_IN, FLIGHT_CLOSED.
  core::Result<void> Offload(const core::Actor& actor, const std::string& airline, std::int64_t flight_id,
                             const std::string& locator, int passenger);
  // FLIGHT_CLOSED when it is already.
  core::Result<FlightClosing> Close(const core::Actor& actor, const std::string& airline, std::int64_t flight_id);

 private:
  core::Result<schedule::FlightRecord> OwnFlight(store::Connection& db, const core::Actor& actor,
                                                 const std::string& airline, std::int64_t flight_id);
  FlightDeparture Load(store::Connection& db, const schedule::FlightRecord& flight);

  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const core::Clock& clock_;
};

}  // namespace jetway::booking
