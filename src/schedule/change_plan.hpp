// What editing a schedule line does to its dated flights, decided before anything is written so that staff see it
// first: dates the new line adds, flights whose times move, flights it no longer flies, and flights that stay as they
// are. Flights that have departed are history and never part of a plan. Pure: the caller supplies the line's
// existing flights (with their active bookings) and the new line's expansion.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "schedule/schedule.hpp"

namespace jetway::schedule {

struct ExistingFlight {
  std::int64_t id = 0;
  core::LocalDate date;
  core::Instant departure_utc;
  core::Instant arrival_utc;
  std::int64_t config_id = 0;
  int active_bookings = 0;  // HELD or CONFIRMED
  int booked_seats = 0;     // sold + held over every cabin
  bool any_segments = false;  // a booking of any status points at it: the row must stay (as CANCELLED)
};

struct Retime {
  ExistingFlight flight;
  DatedFlight to;
};

struct ChangePlan {
  std::vector<DatedFlight> added;
  std::vector<Retime> retimed;
  std::vector<ExistingFlight> removed;
  std::vector<ExistingFlight> kept;
  // Flights that stay on their old aircraft because seats are booked on them and the line's configuration changes:
  // staff move those passengers first (listed for re-accommodation), the seats they hold are never lost.
  std::vector<ExistingFlight> kept_on_old_aircraft;
  std::vector<ExistingFlight> reconfigured;  // no seats booked: rebuilt from the new configuration

  // Whether a passenger's flight moves or goes: staff must confirm having seen the bookings.
  bool TouchesBookings() const;
  bool Empty() const;
};

// `existing`: the line's flights that have not departed. `wanted`: the edited line's expansion from `not_before` on
// (earlier dates are not added). `config_id`: the edited line's configuration.
ChangePlan Plan(const std::vector<ExistingFlight>& existing, const std::vector<DatedFlight>& wanted,
                std::int64_t config_id, core::LocalDate not_before);

}  // namespace jetway::schedule
