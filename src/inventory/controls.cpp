#include "inventory/controls.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/codes.hpp"

namespace jetway::inventory {

using core::ErrorKind;
using core::Fail;

namespace {

ClassInventory* FindClass(CabinInventory& cabin, const std::string& booking_class) {
  for (auto& c : cabin.classes)
    if (c.booking_class == booking_class) return &c;
  return nullptr;
}

// Seats taken in class i and every class below it (the nest's view of class i).
int BookedAtOrBelow(const CabinInventory& cabin, std::size_t i) {
  int booked = 0;
  for (std::size_t j = i; j < cabin.classes.size(); ++j) booked += cabin.classes[j].sold + cabin.classes[j].held;
  return booked;
}

core::Error Refusal(const CabinInventory& before, const CabinInventory& after, std::size_t level) {
  if (level == 0)
    return core::Error{ErrorKind::kConflict, "CAPACITY_BELOW_BOOKED",
                       fmt::format("cabin {}: {} seats are booked, but a capacity of {} with {}% overbooking allows "
                                   "only {}; the capacity can go down to {} at the least",
                                   after.cabin, after.Booked(), after.capacity, after.overbooking_pct, after.Limit(),
                                   (after.Booked() * 100 + 99 + after.overbooking_pct) / (100 + after.overbooking_pct)),
                       before.capacity != after.capacity ? "capacity" : "overbooking_pct"};
  const auto& c = after.classes[level - 1];
  const int booked = BookedAtOrBelow(after, level - 1);
  return core::Error{ErrorKind::kConflict, "AUTHORIZATION_BELOW_BOOKED",
                     fmt::format("class {}: {} seats are booked in {} and the classes below it, so its authorization "
                                 "cannot go below {}; close the class to stop its sales",
                                 c.booking_class, booked, c.booking_class, booked),
                     "authorized"};
}

}  // namespace

bool CabinControl::Empty() const {
  if (capacity || overbooking_pct) return false;
  return std::all_of(classes.begin(), classes.end(),
                     [](const auto& c) { return !c.authorized && !c.closed && !c.free_seats; });
}

core::Result<void> ValidateControl(const CabinControl& change) {
  if (change.capacity && (*change.capacity < 0 || *change.capacity > kMaxCabinSeats))
    return Fail(ErrorKind::kInvalid, "INVALID_CAPACITY",
                fmt::format("capacity must be a whole number of seats from 0 to {}", kMaxCabinSeats), "capacity");
  if (change.overbooking_pct && (*change.overbooking_pct < 0 || *change.overbooking_pct > kMaxOverbookingPct))
    return Fail(ErrorKind::kInvalid, "INVALID_OVERBOOKING",
                fmt::format("overbooking must be from 0 to {} per cent", kMaxOverbookingPct), "overbooking_pct");
  for (const auto& c : change.classes) {
    if (!core::IsBookingClass(c.booking_class))
      return Fail(ErrorKind::kInvalid, "INVALID_BOOKING_CLASS", "a booking class is one letter A-Z", "booking_class");
    if (c.free_seats && (*c.free_seats < 0 || *c.free_seats > kMaxAuthorization || c.authorized))
      return Fail(ErrorKind::kInvalid, "INVALID_FREE_SEATS",
                  fmt::format("class {}: free seats must be from 0 to {}, and not with an authorization",
                              c.booking_class, kMaxAuthorization),
                  "free_seats");
    if (c.authorized && (*c.authorized < 0 || *c.authorized > kMaxAuthorization))
      return Fail(ErrorKind::kInvalid, "INVALID_AUTHORIZATION",
                  fmt::format("class {}: authorization must be from 0 to {} seats", c.booking_class, kMaxAuthorization),
                  "authorized");
  }
  if (change.Empty()) return Fail(ErrorKind::kInvalid, "NOTHING_TO_CHANGE", "the change changes nothing");
  return {};
}

std::vector<int> Excess(const CabinInventory& cabin) {
  std::vector<int> excess{std::max(0, cabin.Booked() - cabin.Limit())};
  for (std::size_t i = 0; i < cabin.classes.size(); ++i)
    excess.push_back(std::max(0, BookedAtOrBelow(cabin, i) - cabin.classes[i].authorized));
  return excess;
}

core::Result<void> ApplyControl(CabinInventory& cabin, const CabinControl& change) {
  CabinInventory after = cabin;
  if (change.capacity) after.capacity = *change.capacity;
  if (change.overbooking_pct) after.overbooking_pct = *change.overbooking_pct;
  for (const auto& c : change.classes) {
    auto* target = FindClass(after, c.booking_class);
    if (!target)
      return Fail(ErrorKind::kInvalid, "UNKNOWN_BOOKING_CLASS",
                  fmt::format("class {} is not sold in cabin {}", c.booking_class, cabin.cabin), "booking_class");
    if (c.authorized) target->authorized = *c.authorized;
    if (c.free_seats)
      target->authorized = std::min(kMaxAuthorization, BookedAtOrBelow(after, static_cast<std::size_t>(
                                                                                   target - after.classes.data())) +
                                                            *c.free_seats);
    if (c.closed) target->closed = *c.closed;
  }
  // A level already beyond its limit (data from before these rules) may be changed, but not pushed further.
  const auto was = Excess(cabin);
  const auto now = Excess(after);
  for (std::size_t level = 0; level < now.size(); ++level)
    if (now[level] > was[level]) return std::unexpected(Refusal(cabin, after, level));
  cabin = std::move(after);
  return {};
}

}  // namespace jetway::inventory
