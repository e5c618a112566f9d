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
// ?1 airline, ?2 origin, ?3 destination, ?4 travel date. A fare filed for the exact direction wins over a
// both-directions fare filed the other way (ORDER BY puts it last, so it overwrites). The IN pairs let SQLite use
// fares_by_route for both directions (an OR of the two routes made it scan every fare).
// The fares valid on a segment's travel day, the ones filed in its own direction last: read in this order, a fare
// filed for the direction replaces one filed for both, and a later fare an earlier one (LoadSegmentPricing).
#define JETWAY_SEGMENT_FARES_WHERE                                                                                  \
  "SELECT booking_class, pax_type, brand, amount, currency, refundable, change_fee, checked_bags, id FROM fares "   \
  "WHERE airline = ?1 AND origin IN (?2, ?3) AND destination IN (?2, ?3) AND origin <> destination "               \
  "AND (origin = ?2 OR both_directions = 1) AND valid_from <= ?4 AND valid_to >= ?4 "
#define JETWAY_SEGMENT_FARES_ORDER "ORDER BY (origin = ?2) ASC, id ASC"
inline constexpr const char* kSegmentFares = JETWAY_SEGMENT_FARES_WHERE JETWAY_SEGMENT_FARES_ORDER;
// The same for one booking class (a hold prices only the class it holds).
inline constexpr const char* kClassFares =
    JETWAY_SEGMENT_FARES_WHERE "AND booking_class = ?5 " JETWAY_SEGMENT_FARES_ORDER;
#undef JETWAY_SEGMENT_FARES_WHERE
#undef JETWAY_SEGMENT_FARES_ORDER
inline constexpr const char* kFareById =
    "SELECT airline, origin, destination, both_directions, booking_class, pax_type, brand, amount, currency, "
    "refundable, change_fee, checked_bags, valid_from, valid_to FROM fares WHERE id = ?";
inline constexpr const char* kTaxes =
    "SELECT code, amount, currency, applies_to_infants FROM taxes WHERE airport = ? ORDER BY id";

}  // namespace jetway::pricing::sql
