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
  // Read only for booked flights whose aircraft changes: the cabins with seats sold or held, and whether any
  // passenger has a seat number (a seat map the new aircraft may not have).
  std::vector<std::string> booked_cabins = {};
  bool seats_assigned = false;
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
  // Booked flights put on the new aircraft with the seats sold and held carried over, cabin by cabin: passengers
  // beyond the new cabins' seats are re-accommodated (the earliest bookings keep theirs).
  std::vector<ExistingFlight> reequipped;
  // Booked flights that stay on their old aircraft because the new one lacks a cabin that is booked, or passengers
  // hold seat numbers: staff move those passengers first; the seats they hold are never lost.
  std::vector<ExistingFlight> kept_on_old_aircraft;
  std::vector<ExistingFlight> reconfigured;  // no seats booked: rebuilt from the new configuration

  // Whether a passenger's flight moves or goes: staff must confirm having seen the bookings.
  bool TouchesBookings() const;
  bool Empty() const;
};

// `existing`: the line's flights that have not departed. `wanted`: the edited line's expansion from `not_before` on
// (earlier dates are not added). `config_id`: the edited line's configuration, with `cabins` its cabins.
ChangePlan Plan(const std::vector<ExistingFlight>& existing, const std::vector<DatedFlight>& wanted,
                std::int64_t config_id, const std::vector<std::string>& cabins, core::LocalDate not_before);

}  // namespace jetway::schedule
