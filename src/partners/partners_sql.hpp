// SQL owned by the partner service (management database).
#pragma once

namespace jetway::partners::sql {

#define JETWAY_PARTNER_COLUMNS                                                                                     \
  "id, auth_id, name, status, agency_id, airlines, methods, searches_per_minute, searches_per_day, "           \
  "bookings_per_minute, bookings_per_day, look_to_book, webhook_url, created_at, updated_at, secret_salt, " \
  "secret_hash "
inline constexpr const char* kPartnerByAuthId = "SELECT " JETWAY_PARTNER_COLUMNS "FROM partners WHERE auth_id = ?";
inline constexpr const char* kPartners = "SELECT " JETWAY_PARTNER_COLUMNS "FROM partners ORDER BY name, id";
inline constexpr const char* kAuthIdTaken = "SELECT 1 FROM partners WHERE auth_id = ?";
inline constexpr const char* kAgencyExists = "SELECT 1 FROM agencies WHERE id = ?";
inline constexpr const char* kInsertPartner =
    "INSERT INTO partners (auth_id, name, status, agency_id, airlines, methods, searches_per_minute, "
    "searches_per_day, bookings_per_minute, bookings_per_day, look_to_book, webhook_url, created_at, updated_at, "
    "secret_salt, secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

// One node's calls since its last flush, added to everyone's.
inline constexpr const char* kAddUsage =
    "INSERT INTO partner_usage (partner_id, day, method, calls, errors, refused) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (partner_id, day, method) DO UPDATE SET calls = partner_usage.calls + excluded.calls, "
    "errors = partner_usage.errors + excluded.errors, refused = partner_usage.refused + excluded.refused";
inline constexpr const char* kUsageOfDay = "SELECT partner_id, method, calls FROM partner_usage WHERE day = ?";
inline constexpr const char* kUsageOfPartner =
    "SELECT day, method, calls, errors, refused FROM partner_usage WHERE partner_id = ? AND day >= ? AND day <= ? "
    "ORDER BY day DESC, method";

}  // namespace jetway::partners::sql
