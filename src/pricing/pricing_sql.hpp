// SQL owned by the pricing service.
#pragma once

namespace jetway::pricing::sql {

inline constexpr const char* kInsertFare =
    "INSERT INTO fares (airline, origin, destination, both_directions, booking_class, pax_type, brand, amount, "
    "currency, refundable, change_fee, checked_bags, valid_from, valid_to) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
#define JETWAY_FARE_COLUMNS                                                                                       \
  "id, airline, origin, destination, both_directions, booking_class, pax_type, brand, amount, currency, refundable, " \
  "change_fee, checked_bags, valid_from, valid_to "
inline constexpr const char* kRouteFares =
    "SELECT " JETWAY_FARE_COLUMNS "FROM fares WHERE airline = ?1 AND origin IN (?2, ?3) AND destination IN (?2, ?3) "
    "AND origin <> destination AND (origin = ?2 OR both_directions = 1) "
    "ORDER BY origin <> ?2, booking_class, pax_type, valid_from, id";
inline constexpr const char* kFare = "SELECT " JETWAY_FARE_COLUMNS "FROM fares WHERE id = ?";
#undef JETWAY_FARE_COLUMNS
inline constexpr const char* kUpdateFare =
    "UPDATE fares SET brand = ?, amount = ?, currency = ?, refundable = ?, change_fee = ?, checked_bags = ?, "
    "valid_from = ?, valid_to = ?, both_directions = ? WHERE id = ?";
inline constexpr const char* kInsertFareHistory =
    "INSERT INTO fare_history (fare_id, at, actor, action, before, after) VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr const char* kFareHistory =
    "SELECT at, actor, action, before, after FROM fare_history WHERE fare_id = ? ORDER BY id DESC";
inline constexpr const char* kAllTaxes =
    "SELECT id, airport, code, name, amount, currency, applies_to_infants FROM taxes ORDER BY airport, code, id";
inline constexpr const char* kInsertTax =
    "INSERT INTO taxes (airport, code, name, amount, currency, applies_to_infants) VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr const char* kUpsertRate =
    "INSERT INTO currency_rates (from_currency, to_currency, rate_micros) VALUES (?, ?, ?) "
    "ON CONFLICT(from_currency, to_currency) DO UPDATE SET rate_micros = excluded.rate_micros";
inline constexpr const char* kRates =
    "SELECT from_currency, to_currency, rate_micros FROM currency_rates ORDER BY from_currency, to_currency";
// ?1 airline, ?2 origin, ?3 destination, ?4 travel date: the fares valid on a segment's travel day, those filed in
// its direction and those filed the other way for both directions, the second kind first. Read in this order, a
// fare filed for the direction replaces one filed for both, and a later fare an earlier one (LoadSegmentPricing).
// Two branches, each an equality look-up on fares_by_route (airline, origin, destination): one filter with
// `origin IN (...) AND destination IN (...)` read every fare of the demo airlines on PostgreSQL (a sequential scan:
// 57 us of the server's time a hold, against 10-28 us), and an OR of the two routes made SQLite scan every fare.
#define JETWAY_SEGMENT_FARES(AND_MORE)                                                                             \
  "SELECT booking_class, pax_type, brand, amount, currency, refundable, change_fee, checked_bags, id, 1 AS forward " \
  "FROM fares WHERE airline = ?1 AND origin = ?2 AND destination = ?3 AND origin <> destination "                  \
  "AND valid_from <= ?4 AND valid_to >= ?4 " AND_MORE                                                              \
  "UNION ALL "                                                                                                      \
  "SELECT booking_class, pax_type, brand, amount, currency, refundable, change_fee, checked_bags, id, 0 "           \
  "FROM fares WHERE airline = ?1 AND origin = ?3 AND destination = ?2 AND origin <> destination "                  \
  "AND both_directions = 1 AND valid_from <= ?4 AND valid_to >= ?4 " AND_MORE                                      \
  "ORDER BY 10, 9"
inline constexpr const char* kSegmentFares = JETWAY_SEGMENT_FARES("");
// The same for one booking class (a hold prices only the class it holds).
inline constexpr const char* kClassFares = JETWAY_SEGMENT_FARES("AND booking_class = ?5 ");
#undef JETWAY_SEGMENT_FARES
inline constexpr const char* kFareById =
    "SELECT airline, origin, destination, both_directions, booking_class, pax_type, brand, amount, currency, "
    "refundable, change_fee, checked_bags, valid_from, valid_to FROM fares WHERE id = ?";
inline constexpr const char* kTaxes =
    "SELECT code, amount, currency, applies_to_infants FROM taxes WHERE airport = ? ORDER BY id";

}  // namespace jetway::pricing::sql
