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
inline constexpr const char* kConfigCabins =
    "SELECT cabin, seats, overbooking_pct FROM cabin_config_cabins WHERE config_id = ?";
inline constexpr const char* kConfigExists = "SELECT 1 FROM cabin_configs WHERE id = ? AND airline = ?";
inline constexpr const char* kAirlineClasses =
    "SELECT booking_class, cabin, nest_rank, authorization_pct FROM booking_classes WHERE airline = ? "
    "ORDER BY cabin, nest_rank";
inline constexpr const char* kInsertFlightCabin =
    "INSERT INTO flight_cabins (flight_id, cabin, capacity, overbooking_pct) VALUES (?, ?, ?, ?)";
inline constexpr const char* kInsertFlightClass =
    "INSERT INTO flight_classes (flight_id, booking_class, cabin, nest_rank, authorized) VALUES (?, ?, ?, ?, ?)";
inline constexpr const char* kRoutes =
    "SELECT DISTINCT airline, origin, destination FROM schedules WHERE valid_to >= ? "
    "ORDER BY airline, origin, destination";
// The columns ReadFlight reads, in its order; one list so the queries and the reader cannot drift apart.
#define JETWAY_FLIGHT_COLUMNS \
  "id, airline, flight_number, departure_date, origin, destination, departure_utc, arrival_utc, status "
inline constexpr const char* kFindFlight = "SELECT " JETWAY_FLIGHT_COLUMNS "FROM flights WHERE id = ?";
inline constexpr const char* kAirlineFlights =
    "SELECT " JETWAY_FLIGHT_COLUMNS "FROM flights WHERE airline = ? ORDER BY departure_utc";

}  // namespace jetway::schedule::sql
