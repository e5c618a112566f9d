// SQL owned by the reference service.
#pragma once

namespace jetway::reference::sql {

inline constexpr const char* kAllAirports =
    "SELECT code, icao, name, city, country, time_zone, latitude_micro, longitude_micro FROM airports";
inline constexpr const char* kFindAirport =
    "SELECT code, icao, name, city, country, time_zone, latitude_micro, longitude_micro FROM airports WHERE code = ?";
inline constexpr const char* kServedAirports =
    "SELECT code, icao, name, city, country, time_zone, latitude_micro, longitude_micro FROM airports "
    "WHERE code IN (SELECT origin FROM schedules UNION SELECT destination FROM schedules) ORDER BY code";
inline constexpr const char* kCountAirports = "SELECT COUNT(*) FROM airports";
// A row that changes gets a new updated_at (what AirportDirectory::Refresh watches); the same row again changes
// nothing, so re-importing the file does not make every node reload.
inline constexpr const char* kUpsertAirport =
    "INSERT INTO airports (code, icao, name, city, country, time_zone, latitude_micro, longitude_micro, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(code) DO UPDATE SET icao = excluded.icao, "
    "name = excluded.name, city = excluded.city, country = excluded.country, time_zone = excluded.time_zone, "
    "latitude_micro = excluded.latitude_micro, longitude_micro = excluded.longitude_micro, "
    "updated_at = excluded.updated_at WHERE airports.icao IS DISTINCT FROM excluded.icao OR "
    "airports.name <> excluded.name OR airports.city <> excluded.city OR airports.country <> excluded.country OR "
    "airports.time_zone <> excluded.time_zone OR airports.latitude_micro <> excluded.latitude_micro OR "
    "airports.longitude_micro <> excluded.longitude_micro";
inline constexpr const char* kAirportsVersion = "SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM airports";
inline constexpr const char* kUpsertAirline =
    "INSERT INTO airlines (designator, name, accounting_code, base_currency) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(designator) DO UPDATE SET name = excluded.name, accounting_code = excluded.accounting_code, "
    "base_currency = excluded.base_currency";
inline constexpr const char* kFindAirline =
    "SELECT designator, name, accounting_code, base_currency, hold_minutes, sales_cutoff_minutes, country, logo_url, "
    "passenger_rules FROM airlines WHERE designator = ?";
inline constexpr const char* kAirlines =
    "SELECT designator, name, accounting_code, base_currency, hold_minutes, sales_cutoff_minutes, country, logo_url, "
    "passenger_rules FROM airlines ORDER BY designator";
inline constexpr const char* kSetAirlineProfile =
    "UPDATE airlines SET country = ?, logo_url = ?, passenger_rules = ? WHERE designator = ?";
inline constexpr const char* kSetSalesPolicy =
    "UPDATE airlines SET hold_minutes = ?, sales_cutoff_minutes = ? WHERE designator = ?";
inline constexpr const char* kUpsertConfig =
    "INSERT INTO cabin_configs (airline, code, aircraft_type, seat_map) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(airline, code) DO UPDATE SET aircraft_type = excluded.aircraft_type, seat_map = excluded.seat_map "
    "RETURNING id";
inline constexpr const char* kConfigCabins =
    "SELECT c.id, c.code, c.aircraft_type, k.cabin, k.seats, k.overbooking_pct, c.seat_map FROM cabin_configs c "
    "JOIN cabin_config_cabins k ON k.config_id = c.id WHERE c.airline = ? ORDER BY c.code, c.id, k.cabin";
inline constexpr const char* kDeleteConfigCabins = "DELETE FROM cabin_config_cabins WHERE config_id = ?";
inline constexpr const char* kInsertConfigCabin =
    "INSERT INTO cabin_config_cabins (config_id, cabin, seats, overbooking_pct) VALUES (?, ?, ?, ?)";
inline constexpr const char* kUpsertBookingClass =
    "INSERT INTO booking_classes (airline, booking_class, cabin, nest_rank, authorization_pct) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(airline, booking_class) DO UPDATE SET cabin = excluded.cabin, nest_rank = excluded.nest_rank, "
    "authorization_pct = excluded.authorization_pct";

inline constexpr const char* kMinConnection =
    "SELECT minutes FROM min_connection_times WHERE airline = ? AND airport = ?";
inline constexpr const char* kUpsertMinConnection =
    "INSERT INTO min_connection_times (airline, airport, minutes) VALUES (?, ?, ?) "
    "ON CONFLICT(airline, airport) DO UPDATE SET minutes = excluded.minutes";
inline constexpr const char* kCheckInTimes =
    "SELECT opens_minutes, closes_minutes FROM check_in_windows WHERE airline = ? AND airport = ?";
inline constexpr const char* kListCheckInTimes =
    "SELECT airport, opens_minutes, closes_minutes FROM check_in_windows WHERE airline = ? ORDER BY airport";
inline constexpr const char* kUpsertCheckInTimes =
    "INSERT INTO check_in_windows (airline, airport, opens_minutes, closes_minutes) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(airline, airport) DO UPDATE SET opens_minutes = excluded.opens_minutes, "
    "closes_minutes = excluded.closes_minutes";
inline constexpr const char* kDeleteCheckInTimes = "DELETE FROM check_in_windows WHERE airline = ? AND airport = ?";
inline constexpr const char* kExtraPrices =
    "SELECT code, amount, currency FROM extra_prices WHERE airline = ? ORDER BY code";
inline constexpr const char* kDeleteExtraPrice = "DELETE FROM extra_prices WHERE airline = ? AND code = ?";
inline constexpr const char* kUpsertExtraPrice =
    "INSERT INTO extra_prices (airline, code, amount, currency) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(airline, code) DO UPDATE SET amount = excluded.amount, currency = excluded.currency";

}  // namespace jetway::reference::sql
