// SQL owned by the inventory service.
#pragma once

namespace jetway::inventory::sql {

inline constexpr const char* kFlightInventory =
    "SELECT c.cabin, c.capacity, c.overbooking_pct, k.booking_class, k.nest_rank, k.authorized, k.sold, k.held, "
    "k.closed FROM flight_cabins c JOIN flight_classes k ON k.flight_id = c.flight_id AND k.cabin = c.cabin "
    "WHERE c.flight_id = ? ORDER BY c.cabin, k.nest_rank";
inline constexpr const char* kCabinOfClass =
    "SELECT c.cabin, c.capacity, c.overbooking_pct, k.booking_class, k.nest_rank, k.authorized, k.sold, k.held, "
    "k.closed FROM flight_cabins c JOIN flight_classes k ON k.flight_id = c.flight_id AND k.cabin = c.cabin "
    "WHERE c.flight_id = ?1 AND c.cabin = (SELECT cabin FROM flight_classes WHERE flight_id = ?1 AND booking_class = ?2) "
    "ORDER BY k.nest_rank";
// The flight's lock: every change to its counters or controls that reads the cabin happens while holding its class
// rows. A CountChange (kChangeCounts) reads nothing and locks its class's row only.
inline constexpr const char* kLockFlight =
    "SELECT booking_class FROM flight_classes WHERE flight_id = ? ORDER BY booking_class";
inline constexpr const char* kSaveCabin = "UPDATE flight_cabins SET capacity = ?, overbooking_pct = ? WHERE flight_id = ? AND cabin = ?";
inline constexpr const char* kSaveCounters =
    "UPDATE flight_classes SET sold = ?, held = ? WHERE flight_id = ? AND booking_class = ?";
// ?1 held change, ?2 sold change. The guard is nesting's CanTake (and the table's CHECKs): no count below zero.
inline constexpr const char* kChangeCounts =
    "UPDATE flight_classes SET held = held + ?1, sold = sold + ?2 WHERE flight_id = ?3 AND booking_class = ?4 "
    "AND held + ?1 >= 0 AND sold + ?2 >= 0";
inline constexpr const char* kSetControl =
    "UPDATE flight_classes SET authorized = ?, closed = ? WHERE flight_id = ? AND booking_class = ?";

}  // namespace jetway::inventory::sql
