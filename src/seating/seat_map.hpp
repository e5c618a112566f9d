// Seat maps: how an aircraft configuration's cabins are laid out in rows and seat letters, which rows are at the
// emergency exits, which seats are blocked (crew rest, broken, weight and balance) and which are sold as paid seats;
// and the rules for choosing seats on a flight (who may sit at an exit, which seats a party gets when it does not
// choose). Written by staff as one line per cabin block, e.g.
//   Y 4-12,14-28 AB.CD exit=12,14 paid=4-5 blocked=28C,28D
// (rows, the letters with '.' for an aisle, then optional lists). Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jetway::seating {

inline constexpr int kMaxRow = 99;
inline constexpr int kMaxSeatsAcross = 10;

// Where a seat is in its row, for passengers choosing and for the auto-assignment's preference.
enum class Position { kWindow, kMiddle, kAisle };

struct Seat {
  int row = 0;
  char letter = 'A';
  std::string cabin;  // F, J, W, Y
  Position position = Position::kMiddle;
  bool exit = false;     // an emergency exit row: adults without infants who can help only
  bool blocked = false;  // never sold
  bool paid = false;     // a paid seat (an ancillary), not given away by the auto-assignment
  int block = 0;         // which side of the aisle (0 left, 1 centre, 2 right): neighbours share it
  std::string Name() const;  // "12A"
};

struct SeatMap {
  std::vector<Seat> seats;  // by cabin line, row, letter
  std::string text;         // as staff wrote it, normalised
  const Seat* Find(std::string_view name) const;
  // Seats in `cabin` that may be sold (not blocked).
  int Sellable(std::string_view cabin) const;
  bool Empty() const { return seats.empty(); }
};

// The map `text` describes; INVALID_SEAT_MAP naming the line and what is wrong. An empty text is an empty map
// (the configuration has no seat map: passengers get no seat numbers).
core::Result<SeatMap> ParseSeatMap(std::string_view text);

// A map fits a configuration when it lays out exactly its cabins, each with as many unblocked seats as the cabin
// sells (`seats_by_cabin`); SEAT_MAP_MISMATCH saying which cabin differs. An empty map fits any configuration.
core::Result<void> CheckFitsCabins(const SeatMap& map, const std::map<std::string, int>& seats_by_cabin);

// A seat name "12A" in canonical form; nullopt when it is not one.
std::optional<std::string> NormaliseSeat(std::string_view name);

// Who is to sit: a passenger's number in the booking and what the seat rules need to know.
struct Sitter {
  int passenger = 0;
  bool child = false;          // CHD: not at an exit
  bool with_infant = false;    // an adult with an infant on the lap: not at an exit
};

// Whether `sitter` may take `seat` in `cabin` when `taken` holds the seats already given on the flight:
// SEAT_NOT_FOUND, SEAT_WRONG_CABIN, SEAT_BLOCKED, SEAT_TAKEN, EXIT_ROW_NOT_ALLOWED, SEAT_NOT_PAID (a paid seat,
// unless `paid_ok`).
core::Result<const Seat*> CheckSeat(const SeatMap& map, std::string_view cabin, std::string_view seat,
                                    const Sitter& sitter, const std::set<std::string>& taken, bool paid_ok);

// Seats for a party that did not choose, in `cabin`: free, unblocked, unpaid, no exit rows for those who may not sit
// there, side by side in one row when a row has room for all of them, else the front-most free seats, windows and
// aisles before middles. A passenger missing from the result gets no seat (the cabin is full).
std::map<int, std::string> AutoAssign(const SeatMap& map, std::string_view cabin, const std::vector<Sitter>& party,
                                      const std::set<std::string>& taken);

}  // namespace jetway::seating
