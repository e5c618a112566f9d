// SQL owned by the schedule service.
#pragma once

namespace jetway::schedule::sql {

inline constexpr const char* kInsertSchedule =
    "INSERT INTO schedules (airline, flight_number, origin, destination, departure_local_minutes, "
    "arrival_local_minutes, arrival_day_offset, days_of_operation, valid_from, valid_to, config_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
#define JETWAY_INSERT_FLIGHT                                                                                  \
  "INSERT INTO flights (schedule_id, airline, flight_number, departure_date, origin, destination, departure_utc, " \
  "arrival_utc, config_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "                                                   \
  "ON CONFLICT(airline, flight_number, departure_date, origin) DO NOTHING"
inline constexpr const char* kInsertFlight = JETWAY_INSERT_FLIGHT " RETURNING id";
// A new line's flights, sent through the pipeline without waiting: no row to send back.
inline constexpr const char* kInsertLineFlight = JETWAY_INSERT_FLIGHT;
#undef JETWAY_INSERT_FLIGHT
inline constexpr const char* kLineFlightCount = "SELECT COUNT(*) FROM flights WHERE schedule_id = ?";
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
// Schedule lines for the back office, with how many of their flights are scheduled.
#define JETWAY_LINE_COLUMNS                                                                                      \
  "s.id, s.airline, s.flight_number, s.origin, s.destination, s.departure_local_minutes, s.arrival_local_minutes, " \
  "s.arrival_day_offset, s.days_of_operation, s.valid_from, s.valid_to, s.config_id, "                             \
  "(SELECT COUNT(*) FROM flights f WHERE f.schedule_id = s.id AND f.status = 'SCHEDULED') "
inline constexpr const char* kLines =
    "SELECT " JETWAY_LINE_COLUMNS "FROM schedules s ORDER BY s.airline, s.flight_number, s.valid_from, s.id";
inline constexpr const char* kLine = "SELECT " JETWAY_LINE_COLUMNS "FROM schedules s WHERE s.id = ?";
#undef JETWAY_LINE_COLUMNS
inline constexpr const char* kUpdateLine =
    "UPDATE schedules SET departure_local_minutes = ?, arrival_local_minutes = ?, arrival_day_offset = ?, "
    "days_of_operation = ?, valid_from = ?, valid_to = ?, config_id = ? WHERE id = ?";
// A line's scheduled flights that have not departed, with what a plan needs to know about their bookings.
inline constexpr const char* kLineFlights =
    "SELECT f.id, f.departure_date, f.departure_utc, f.arrival_utc, f.config_id, "
    "(SELECT COUNT(DISTINCT s.booking_id) FROM booking_segments s JOIN bookings b ON b.id = s.booking_id "
    "WHERE s.flight_id = f.id AND b.status IN ('HELD', 'CONFIRMED')), "
    "(SELECT COALESCE(SUM(k.sold + k.held), 0) FROM flight_classes k WHERE k.flight_id = f.id), "
    "(SELECT COUNT(*) FROM booking_segments s WHERE s.flight_id = f.id) "
    "FROM flights f WHERE f.schedule_id = ? AND f.status = 'SCHEDULED' AND f.departure_utc > ? ORDER BY f.departure_date";
// What a booked flight's change of aircraft depends on (change_plan's Reequippable) and carries over.
inline constexpr const char* kBookedCabins =
    "SELECT DISTINCT cabin FROM flight_classes WHERE flight_id = ? AND sold + held > 0 ORDER BY cabin";
inline constexpr const char* kSeatsAssigned = "SELECT COUNT(*) FROM seat_assignments WHERE flight_id = ?";
inline constexpr const char* kConfigCabins = "SELECT cabin FROM cabin_config_cabins WHERE config_id = ? ORDER BY cabin";
inline constexpr const char* kClassCounters =
    "SELECT booking_class, sold, held FROM flight_classes WHERE flight_id = ? AND sold + held > 0";
inline constexpr const char* kSetClassCounters =
    "UPDATE flight_classes SET sold = ?, held = ? WHERE flight_id = ? AND booking_class = ?";
inline constexpr const char* kCabinsOverCapacity =
    "SELECT COUNT(*) FROM flight_cabins c WHERE c.flight_id = ? AND c.capacity < "
    "(SELECT COALESCE(SUM(k.sold + k.held), 0) FROM flight_classes k WHERE k.flight_id = c.flight_id AND "
    "k.cabin = c.cabin)";
inline constexpr const char* kFlightBookings =
    "SELECT DISTINCT b.id, b.locator FROM booking_segments s JOIN bookings b ON b.id = s.booking_id "
    "WHERE s.flight_id = ? AND b.status IN ('HELD', 'CONFIRMED') ORDER BY b.id";
// A flight with passengers the change moves or takes away, as they were sold it (booking::ScheduleChangeService).
inline constexpr const char* kInsertDisruption =
    "INSERT INTO disruptions (flight_id, kind, old_departure_utc, old_arrival_utc, actor, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
// A line's flights of some days, cancelled ones too, to another line (a line cut in two).
inline constexpr const char* kMoveFlights =
    "UPDATE flights SET schedule_id = ? WHERE schedule_id = ? AND departure_date >= ? AND departure_date <= ?";
inline constexpr const char* kRetime = "UPDATE flights SET departure_utc = ?, arrival_utc = ? WHERE id = ?";
inline constexpr const char* kCancelFlight = "UPDATE flights SET status = 'CANCELLED' WHERE id = ?";
inline constexpr const char* kDeleteFlightClasses = "DELETE FROM flight_classes WHERE flight_id = ?";
inline constexpr const char* kDeleteFlightCabins = "DELETE FROM flight_cabins WHERE flight_id = ?";
inline constexpr const char* kDeleteFlight = "DELETE FROM flights WHERE id = ?";
inline constexpr const char* kSetFlightConfig = "UPDATE flights SET config_id = ? WHERE id = ?";
// One flight's cabins and classes from its configuration, as kInsertScheduleCabins/Classes do for a whole line.
inline constexpr const char* kInsertFlightCabins =
    "INSERT INTO flight_cabins (flight_id, cabin, capacity, overbooking_pct) "
    "SELECT f.id, c.cabin, c.seats, c.overbooking_pct FROM flights f "
    "JOIN cabin_config_cabins c ON c.config_id = f.config_id WHERE f.id = ?";
inline constexpr const char* kInsertFlightClasses =
    "INSERT INTO flight_classes (flight_id, booking_class, cabin, nest_rank, authorized) "
    "SELECT f.id, k.booking_class, k.cabin, k.nest_rank, "
    "(c.seats * (100 + c.overbooking_pct) / 100) * k.authorization_pct / 100 FROM flights f "
    "JOIN cabin_config_cabins c ON c.config_id = f.config_id "
    "JOIN booking_classes k ON k.airline = f.airline AND k.cabin = c.cabin WHERE f.id = ?";

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
