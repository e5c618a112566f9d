// Seat inventory of one cabin on one dated flight: capacity, overbooking and booking classes in serial nesting
// order (index 0 is the top class). A seat sold or held in a lower class counts against the authorization of
// every class above it, so the availability shown for a class is the smallest remaining room over itself and all
// classes above it, and never more than the cabin's room. Pure arithmetic; not thread-safe (callers serialize
// through the flight's write transaction).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jetway::inventory {

struct ClassInventory {
  std::string booking_class;
  int nest_rank = 0;   // 0 = top of the nest
  int authorized = 0;  // seats sellable in this class and every class below it
  int sold = 0;
  int held = 0;
  bool closed = false;
};

struct CabinInventory {
  std::string cabin;
  int capacity = 0;
  int overbooking_pct = 0;
  std::vector<ClassInventory> classes;  // sorted by nest_rank

  // The most seats the cabin may have sold + held: capacity x (1 + overbooking).
  int Limit() const { return capacity * (100 + overbooking_pct) / 100; }
  int Booked() const;
};

// Seats shown to shoppers are capped, as every GDS does.
inline constexpr int kMaxDisplayedSeats = 9;

// Nested availability per class, in the cabin's class order; never negative; 0 for closed classes.
std::vector<int> NestedAvailability(const CabinInventory& cabin);
// -1 when the class is not in this cabin.
int AvailableIn(const CabinInventory& cabin, std::string_view booking_class);

// Takes `seats` into held in `booking_class` if the nest allows it.
core::Result<void> Hold(CabinInventory& cabin, std::string_view booking_class, int seats);
// Takes `seats` into held in `booking_class` for passengers the airline moves off a flight it changed
// (re-accommodation): against the cabin's physical seats only, since class authorizations and closures govern
// sale, not protection. SEATS_UNAVAILABLE when fewer seats are free than `seats`.
core::Result<void> Protect(CabinInventory& cabin, std::string_view booking_class, int seats);
// Seats no one holds in the cabin: its capacity less what is sold and held (overbooking not counted).
int FreeSeats(const CabinInventory& cabin);
// A change to one class's held and sold counts that neither the cabin's room nor any other class bounds: selling
// seats already held, giving seats back. Such a change needs no look at the cabin, so the inventory service can
// apply it where the counts are stored, locking the class's row only (inventory_service.hpp, ChangeCounts).
struct CountChange {
  int held = 0;
  int sold = 0;
};
// Held seats become sold (on confirmation).
CountChange SellingHeld(int seats);
// Seats given back (expiry or cancellation); from_sold selects which count.
CountChange Releasing(int seats, bool from_sold);
// Whether counts of `held` and `sold` can take the change: none may go below zero.
bool CanTake(int held, int sold, CountChange change);

// Moves held seats to sold (on confirmation).
core::Result<void> SellHeld(CabinInventory& cabin, std::string_view booking_class, int seats);
// Gives seats back (expiry or cancellation); from_sold selects which counter.
core::Result<void> Release(CabinInventory& cabin, std::string_view booking_class, int seats, bool from_sold);

}  // namespace jetway::inventory
