// Where a booked passenger goes when the schedule changes under them (issue 16, part 2): a flight retimed, put on a
// smaller aircraft, or cancelled. The rule: the same flight while it still works (not cancelled, seats for the
// party, the journey still in order); else the flight nearest in time the same day on the same route, in the same
// cabin with seats for the whole party, that keeps every connection at or above the minimum connecting times; else
// none, and staff are told. Pure; thread-safe. booking/schedule_change_service moves the seats and writes to
// passengers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "booking/change.hpp"
#include "core/error.hpp"

namespace jetway::booking {

// A flight the party might fly instead (or the disrupted flight itself, as it is now).
struct Option {
  std::int64_t flight_id = 0;
  Leg leg;
  bool cancelled = false;
  int seats_free = 0;  // in the party's cabin
};

struct Disruption {
  std::vector<Leg> legs;  // the booking's journey as sold, in order
  std::size_t index = 0;  // the disrupted leg
  Option now;             // the disrupted flight as the schedule has it now
  int seats = 0;          // the party's seats (infants on a lap take none)
  std::chrono::minutes connection_before{45};  // the minimum connecting time at its origin
  std::chrono::minutes connection_after{45};   // and at its destination
};

struct Reaccommodation {
  enum class Outcome { kStays, kMoved, kUnplaced };
  Outcome outcome = Outcome::kUnplaced;
  Option flight;       // kStays: the flight itself; kMoved: the one chosen
  std::string reason;  // kUnplaced: why no flight would do, for staff
};

// `alternatives`: the same route's other flights departing the same local day as the disrupted one, with their free
// seats in the party's cabin (the caller reads them under the flights' locks).
Reaccommodation Reaccommodate(const Disruption& d, const std::vector<Option>& alternatives);

}  // namespace jetway::booking
