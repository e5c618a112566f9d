// Revenue management's changes to one cabin of a dated flight: a class opened or closed, its authorization moved,
// the cabin's capacity or overbooking changed. A change may stop future sales but never un-sells a seat: it is
// refused when it would leave the cabin, or any nest level, with more seats booked than it allows, so the
// no-oversell invariant (booked <= limit in the cabin; booked at or below a class <= its authorization) still holds
// after every change staff make while passengers book. Pure; the caller holds the flight's write lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "inventory/nesting.hpp"

namespace jetway::inventory {

// The largest cabin any aircraft a small or regional airline flies has (an A321's single cabin is 240 seats).
inline constexpr int kMaxCabinSeats = 999;
// Beyond this, overbooking is a typing error: airlines overbook a few per cent, rarely over 15.
inline constexpr int kMaxOverbookingPct = 25;
inline constexpr int kMaxAuthorization = 9999;

struct ClassControl {
  std::string booking_class;
  std::optional<int> authorized;
  std::optional<bool> closed;
  // Leave this many seats free in the class: its authorization becomes the seats already taken at and below it plus
  // these (AeroCRS's updateClass qty: "4 booked, target 10, send 6"). Not with `authorized`.
  std::optional<int> free_seats = {};
};

struct CabinControl {
  std::optional<int> capacity;
  std::optional<int> overbooking_pct;
  std::vector<ClassControl> classes;

  bool Empty() const;
};

// Ranges and codes alone, before any flight is looked at (400-class errors naming the field).
core::Result<void> ValidateControl(const CabinControl& change);

// Applies `change` to `cabin`, or refuses and leaves it as it was: UNKNOWN_BOOKING_CLASS, CAPACITY_BELOW_BOOKED,
// AUTHORIZATION_BELOW_BOOKED (409, the message says how many seats are booked and the least that is allowed).
core::Result<void> ApplyControl(CabinInventory& cabin, const CabinControl& change);

// Seats booked beyond what a level allows: [0] is the cabin's limit, [1 + i] class i's authorization. All zero in
// a cabin that obeys the invariant.
std::vector<int> Excess(const CabinInventory& cabin);

}  // namespace jetway::inventory
