// SQL owned by the schedule service.
#pragma once

namespace jetway::schedule::sql {

inline constexpr const char* kInsertSchedule =
    "INSERT INTO schedules (airline, flight_number, origin, destination, departure_local_minutes, "
    "arrival_local_minutes, arrival_day_offset, days_of_operation, valid_from, valid_to, config_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
inline constexpr const char* kInsertFlight =
    "INSERT INTO flights (schedule_id, airline, flight_number, departure_date, origin, destination, departure_utc, "
    "arrival_utc, config_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(airline, flight_number, departure_date, origin) DO NOTHING RETURNING id";
inline constexpr const char* kConfigExists = "SELECT 1 FROM cabin_configs WHERE id = ? AND airline = ?";
// A new schedule line's flights get their cabins and booking classes in two set-based statements rather than one
// INSERT per row (on PostgreSQL each row was a round trip: the demo load took 25 s). The class limit is the
// cabin's capacity with overbooking, times the class's authorization percentage, in integer arithmetic.
inline constexpr const char* kInsertScheduleCabins =
    "INSERT INTO flight_cabins (flight_id, cabin, capacity, overbooking_pct) "
    "SELECT f.id, c.cabin, c.seats, c.overbooking_pct FROM flights f "
    "JOIN cabin_config_cabins c ON c.config_id = f.config_id WHERE f.schedule_id = ?";
inline constexpr const char* kInsertScheduleClasses =
    "INSERT INTO flight_classes (flight_id, booking_class, cabin, nest_rank, authorized) "
    "SELECT f.id, k.booking_class, k.cabin, k.nest_rank, "
    "(c.seats * (100 + c.overbooking_pct) / 100) * k.authorization_pct / 100 FROM flights f "
    "JOIN cabin_config_cabins c ON c.config_id = f.config_id "
    "JOIN booking_classes k ON k.airline = f.airline AND k.cabin = c.cabin WHERE f.schedule_id = ?";
inline constexpr const char* kRoutes =
    "SELECT DISTINCT airline, origin, destination FROM schedules WHERE valid_to >= ? "
    "ORDER BY airline, origin, destination";
// The columns ReadFlight reads, in its order; one list so the queries and the reader cannot drift apart.
#define JETWAY_FLIGHT_COLUMNS \
  "id, airline, flight_number, departure_date, origin, destination, departure_utc, arrival_utc, status "
inline constexpr const char* kFindFlight = "SELECT " JETWAY_FLIGHT_COLUMNS "FROM flights WHERE id = ?";
inline constexpr const char* kAirlineFlights =
    "SELECT " JETWAY_FLIGHT_COLUMNS "FROM flights WHERE airline = ? ORDER BY departure_utc";
// Each flight with its seats: capacity over its cabins, sold and held over its classes. Departure dates are ISO
// text, so BETWEEN orders them as dates.
inline constexpr const char* kFlightLoads =
    "SELECT " JETWAY_FLIGHT_COLUMNS ", "
    "(SELECT COALESCE(SUM(c.capacity), 0) FROM flight_cabins c WHERE c.flight_id = flights.id), "
    "(SELECT COALESCE(SUM(k.sold), 0) FROM flight_classes k WHERE k.flight_id = flights.id), "
    "(SELECT COALESCE(SUM(k.held), 0) FROM flight_classes k WHERE k.flight_id = flights.id) "
    "FROM flights WHERE (? = '' OR airline = ?) AND departure_date BETWEEN ? AND ? "
    "ORDER BY departure_date, departure_utc, airline, flight_number";

}  // namespace jetway::schedule::sql
