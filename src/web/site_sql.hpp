#pragma once

namespace jetway::web::sql {

inline constexpr const char* kAllSettings = "SELECT airline, key, value FROM site_settings ORDER BY airline, key";
inline constexpr const char* kUpsertSetting =
    "INSERT INTO site_settings (airline, key, value) VALUES (?, ?, ?) "
    "ON CONFLICT (airline, key) DO UPDATE SET value = excluded.value";
inline constexpr const char* kInsertKey =
    "INSERT INTO site_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING";
inline constexpr const char* kSigningKey = "SELECT value FROM site_keys WHERE name = 'signing'";

}  // namespace jetway::web::sql
