#include "inventory/nesting.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace jetway::inventory {

using core::ErrorKind;
using core::Fail;

namespace {
ClassInventory* Find(CabinInventory& cabin, std::string_view booking_class) {
  for (auto& c : cabin.classes)
    if (c.booking_class == booking_class) return &c;
  return nullptr;
}
}  // namespace

int CabinInventory::Booked() const {
  int total = 0;
  for (const auto& c : classes) total += c.sold + c.held;
  return total;
}

std::vector<int> NestedAvailability(const CabinInventory& cabin) {
  const std::size_t n = cabin.classes.size();
  // booked_at_or_below[j]: seats taken in class j and every class below it.
  std::vector<int> booked_at_or_below(n + 1, 0);
  for (std::size_t j = n; j-- > 0;)
    booked_at_or_below[j] = booked_at_or_below[j + 1] + cabin.classes[j].sold + cabin.classes[j].held;
  std::vector<int> available(n, 0);
  int room = cabin.Limit() - booked_at_or_below[0];
  for (std::size_t i = 0; i < n; ++i) {
    room = std::min(room, cabin.classes[i].authorized - booked_at_or_below[i]);
    available[i] = cabin.classes[i].closed ? 0 : std::max(0, room);
  }
  return available;
}

int AvailableIn(const CabinInventory& cabin, std::string_view booking_class) {
  auto available = NestedAvailability(cabin);
  for (std::size_t i = 0; i < cabin.classes.size(); ++i)
    if (cabin.classes[i].booking_class == booking_class) return available[i];
  return -1;
}

core::Result<void> Hold(CabinInventory& cabin, std::string_view booking_class, int seats) {
  if (seats <= 0) return Fail(ErrorKind::kInvalid, "INVALID_SEATS", "seat count must be positive");
  const int available = AvailableIn(cabin, booking_class);
  if (available < 0)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_BOOKING_CLASS",
                fmt::format("booking class {} is not offered in this cabin", booking_class), "booking_class");
  if (available < seats)
    return Fail(ErrorKind::kConflict, "SEATS_UNAVAILABLE",
                fmt::format("{} seat(s) requested in class {}, {} available", seats, booking_class, available));
  Find(cabin, booking_class)->held += seats;
  return {};
}

int FreeSeats(const CabinInventory& cabin) { return std::max(0, cabin.capacity - cabin.Booked()); }

core::Result<void> Protect(CabinInventory& cabin, std::string_view booking_class, int seats) {
  if (seats <= 0) return Fail(ErrorKind::kInvalid, "INVALID_SEATS", "seat count must be positive");
  auto* c = Find(cabin, booking_class);
  if (!c)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_BOOKING_CLASS",
                fmt::format("booking class {} is not offered in this cabin", booking_class), "booking_class");
  if (FreeSeats(cabin) < seats)
    return Fail(ErrorKind::kConflict, "SEATS_UNAVAILABLE",
                fmt::format("{} seat(s) needed in cabin {}, {} free", seats, cabin.cabin, FreeSeats(cabin)));
  c->held += seats;
  return {};
}

CountChange SellingHeld(int seats) { return {-seats, seats}; }

CountChange Releasing(int seats, bool from_sold) { return from_sold ? CountChange{0, -seats} : CountChange{-seats, 0}; }

bool CanTake(int held, int sold, CountChange change) { return held + change.held >= 0 && sold + change.sold >= 0; }

namespace {

bool Take(CabinInventory& cabin, std::string_view booking_class, CountChange change) {
  auto* c = Find(cabin, booking_class);
  if (!c || !CanTake(c->held, c->sold, change)) return false;
  c->held += change.held;
  c->sold += change.sold;
  return true;
}

}  // namespace

core::Result<void> SellHeld(CabinInventory& cabin, std::string_view booking_class, int seats) {
  if (!Take(cabin, booking_class, SellingHeld(seats)))
    return Fail(ErrorKind::kConflict, "INVENTORY_MISMATCH", "fewer seats held than the booking holds");
  return {};
}

core::Result<void> Release(CabinInventory& cabin, std::string_view booking_class, int seats, bool from_sold) {
  if (!Take(cabin, booking_class, Releasing(seats, from_sold)))
    return Fail(ErrorKind::kConflict, "INVENTORY_MISMATCH", "fewer seats recorded than the booking gives back");
  return {};
}

}  // namespace jetway::inventory
