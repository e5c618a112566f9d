// SQL owned by the availability search.
#pragma once

namespace jetway::shopping::sql {

// Every flight of the day, departed or not (the search leaves out what is past its sales cut-off): one piece of the
// snapshot serves the whole day. ?1 origin, ?2 local date, ?3 destination.
inline constexpr const char* kDirect =
    "SELECT id, airline, flight_number, origin, destination, departure_utc, arrival_utc FROM flights "
    "WHERE origin = ?1 AND departure_date = ?2 AND destination = ?3 AND status = 'SCHEDULED' "
    "ORDER BY departure_utc";
// One stop on the same airline, the whole day likewise. ?1 origin, ?2 date, ?3 destination, ?4 next date,
// ?5 default minimum connection minutes, ?6 maximum connection minutes.
inline constexpr const char* kConnections =
    "SELECT f1.id, f1.airline, f1.flight_number, f1.origin, f1.destination, f1.departure_utc, f1.arrival_utc, "
    "f2.id, f2.flight_number, f2.destination, f2.departure_utc, f2.arrival_utc "
    "FROM flights f1 JOIN flights f2 ON f2.origin = f1.destination AND f2.airline = f1.airline "
    "AND f2.departure_date IN (?2, ?4) "
    "LEFT JOIN min_connection_times m ON m.airline = f1.airline AND m.airport = f1.destination "
    "WHERE f1.origin = ?1 AND f1.departure_date = ?2 AND f1.destination <> ?3 AND f2.destination = ?3 "
    "AND f1.status = 'SCHEDULED' AND f2.status = 'SCHEDULED' "
    "AND f2.departure_utc >= f1.arrival_utc + 60 * COALESCE(m.minutes, ?5) "
    "AND f2.departure_utc <= f1.arrival_utc + 60 * ?6 "
    "ORDER BY f1.departure_utc, f2.arrival_utc";

// The search snapshot's feed (data migration 31), in one statement (one round trip, one consistent read): first the
// catalogue's version (kind 0), then the changes after ?1 (kind 1), at most ?2.
inline constexpr const char* kFeedSince =
    "SELECT 0, 0, version FROM catalogue_version WHERE id = 1 "
    "UNION ALL SELECT 1, seq, flight_id FROM "
    "(SELECT seq, flight_id FROM inventory_changes WHERE seq > ?1 ORDER BY seq LIMIT ?2) AS feed "
    "ORDER BY 1, 2";
inline constexpr const char* kFeedEnd = "SELECT COALESCE(MAX(seq), 0) FROM inventory_changes";
inline constexpr const char* kCatalogueVersion = "SELECT version FROM catalogue_version WHERE id = 1";
inline constexpr const char* kPruneFeed = "DELETE FROM inventory_changes WHERE changed_at < ?";

}  // namespace jetway::shopping::sql
