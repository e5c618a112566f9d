// SQL owned by the reference service.
#pragma once

namespace jetway::reference::sql {

inline constexpr const char* kAllAirports =
    "SELECT code, icao, name, city, country, time_zone, latitude_micro, longitude_micro FROM airports";
inline constexpr const char* kCountAirports = "SELECT COUNT(*) FROM airports";
inline constexpr const char* kUpsertAirport =
    "INSERT INTO airports (code, icao, name, city, country, time_zone, latitude_micro, longitude_micro) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET icao = excluded.icao, name = excluded.name, "
    "city = excluded.city, country = excluded.country, time_zone = excluded.time_zone, "
    "latitude_micro = excluded.latitude_micro, longitude_micro = excluded.longitude_micro";
inline constexpr const char* kUpsertAirline =
    "INSERT INTO airlines (designator, name, accounting_code, base_currency) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(designator) DO UPDATE SET name = excluded.name, accounting_code = excluded.accounting_code, "
    "base_currency = excluded.base_currency";
inline constexpr const char* kFindAirline =
    "SELECT designator, name, accounting_code, base_currency FROM airlines WHERE designator = ?";
inline constexpr const char* kUpsertConfig =
    "INSERT INTO cabin_configs (airline, code, aircraft_type) VALUES (?, ?, ?) "
    "ON CONFLICT(airline, code) DO UPDATE SET aircraft_type = excluded.aircraft_type RETURNING id";
inline constexpr const char* kDeleteConfigCabins = "DELETE FROM cabin_config_cabins WHERE config_id = ?";
inline constexpr const char* kInsertConfigCabin =
    "INSERT INTO cabin_config_cabins (config_id, cabin, seats, overbooking_pct) VALUES (?, ?, ?, ?)";
inline constexpr const char* kUpsertBookingClass =
    "INSERT INTO booking_classes (airline, booking_class, cabin, nest_rank, authorization_pct) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(airline, booking_class) DO UPDATE SET cabin = excluded.cabin, nest_rank = excluded.nest_rank, "
    "authorization_pct = excluded.authorization_pct";

inline constexpr const char* kUpsertMinConnection =
    "INSERT INTO min_connection_times (airline, airport, minutes) VALUES (?, ?, ?) "
    "ON CONFLICT(airline, airport) DO UPDATE SET minutes = excluded.minutes";

}  // namespace jetway::reference::sql
