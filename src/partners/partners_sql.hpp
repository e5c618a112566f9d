// SQL owned by the partner service (management database).
#pragma once

namespace jetway::partners::sql {

#define JETWAY_PARTNER_COLUMNS                                                                                     \
  "id, auth_id, name, status, agency_id, airlines, methods, searches_per_minute, searches_per_day, "           \
  "bookings_per_minute, bookings_per_day, look_to_book, webhook_url, created_at, updated_at, secret_salt, " \
  "secret_hash "
inline constexpr const char* kPartnerByAuthId = "SELECT " JETWAY_PARTNER_COLUMNS "FROM partners WHERE auth_id = ?";
inline constexpr const char* kPartnerById = "SELECT " JETWAY_PARTNER_COLUMNS "FROM partners WHERE id = ?";
inline constexpr const char* kPartners = "SELECT " JETWAY_PARTNER_COLUMNS "FROM partners ORDER BY name, id";
inline constexpr const char* kAuthIdTaken = "SELECT 1 FROM partners WHERE auth_id = ?";
inline constexpr const char* kAgencyExists = "SELECT 1 FROM agencies WHERE id = ?";
inline constexpr const char* kInsertPartner =
    "INSERT INTO partners (auth_id, name, status, agency_id, airlines, methods, searches_per_minute, "
    "searches_per_day, bookings_per_minute, bookings_per_day, look_to_book, webhook_url, created_at, updated_at, "
    "secret_salt, secret_hash, webhook_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
inline constexpr const char* kUpdatePartner =
    "UPDATE partners SET name = ?, agency_id = ?, airlines = ?, methods = ?, searches_per_minute = ?, "
    "searches_per_day = ?, bookings_per_minute = ?, bookings_per_day = ?, look_to_book = ?, webhook_url = ?, "
    "updated_at = ? WHERE id = ?";
inline constexpr const char* kSetPartnerStatus = "UPDATE partners SET status = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kSetPartnerSecret =
    "UPDATE partners SET secret_salt = ?, secret_hash = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kSetWebhookSecret = "UPDATE partners SET webhook_secret = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kWebhookOf = "SELECT webhook_url, webhook_secret, status FROM partners WHERE id = ?";

// One node's calls since its last flush, added to everyone's.
inline constexpr const char* kAddUsage =
    "INSERT INTO partner_usage (partner_id, day, method, calls, errors, refused) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (partner_id, day, method) DO UPDATE SET calls = partner_usage.calls + excluded.calls, "
    "errors = partner_usage.errors + excluded.errors, refused = partner_usage.refused + excluded.refused";
inline constexpr const char* kUsageOfDay = "SELECT partner_id, method, calls FROM partner_usage WHERE day = ?";
inline constexpr const char* kUsageOfPartner =
    "SELECT day, method, calls, errors, refused FROM partner_usage WHERE partner_id = ? AND day >= ? AND day <= ? "
    "ORDER BY day DESC, method";

// The webhook outbox (data database), as the mail outbox: due is pending and its time come, or being sent under a
// lease that ran out; a claim is a conditional UPDATE whose lease end fences the later marks.
inline constexpr const char* kQueueEvent =
    "INSERT INTO partner_events (event_id, partner_id, booking_id, type, body, status, attempts, next_attempt_at, "
    "created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)";
#define JETWAY_EVENT_DUE \
  "status IN ('pending', 'sending') AND next_attempt_at <= ?1 AND (status = 'pending' OR locked_until <= ?1)"
inline constexpr const char* kDueEvents =
    "SELECT id FROM partner_events WHERE " JETWAY_EVENT_DUE " ORDER BY next_attempt_at, id LIMIT 20";
inline constexpr const char* kClaimEvent =
    "UPDATE partner_events SET status = 'sending', attempts = attempts + 1, locked_until = ?2 "
    "WHERE id = ?3 AND attempts < ?4 AND " JETWAY_EVENT_DUE " RETURNING partner_id, event_id, body, attempts";
#undef JETWAY_EVENT_DUE
inline constexpr const char* kFailExhaustedEvents =
    "UPDATE partner_events SET status = 'failed', locked_until = NULL, "
    "last_error = COALESCE(last_error, 'the sender stopped during the last attempt') "
    "WHERE status = 'sending' AND locked_until <= ? AND attempts >= ?";
inline constexpr const char* kEventDelivered =
    "UPDATE partner_events SET status = 'delivered', delivered_at = ?, locked_until = NULL "
    "WHERE id = ? AND status = 'sending' AND locked_until = ?";
inline constexpr const char* kEventRetry =
    "UPDATE partner_events SET status = 'pending', next_attempt_at = ?, locked_until = NULL, last_error = ? "
    "WHERE id = ? AND status = 'sending' AND locked_until = ?";
inline constexpr const char* kEventFailed =
    "UPDATE partner_events SET status = 'failed', locked_until = NULL, last_error = ? "
    "WHERE id = ? AND status = 'sending' AND locked_until = ?";
inline constexpr const char* kEventsOfPartner =
    "SELECT event_id, type, status, attempts, last_error FROM partner_events WHERE partner_id = ? ORDER BY id";

}  // namespace jetway::partners::sql
