// SQL owned by the mail outbox.
#pragma once

namespace jetway::mail::sql {

inline constexpr const char* kEnqueue =
    "INSERT INTO mail_outbox (kind, reference, recipient, language, payload, status, attempts, next_attempt_at, "
    "created_at, agency_id) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)";
// Due: pending and its time has come, or being sent under a lease that ran out (the sender crashed or hung). A
// claimed row keeps the next_attempt_at it was claimed under, which lies before its lease's end, so both kinds are
// found through the one index on next_attempt_at.
#define JETWAY_MAIL_DUE \
  "status IN ('pending', 'sending') AND next_attempt_at <= ?1 AND (status = 'pending' OR locked_until <= ?1)"
inline constexpr const char* kDueIds =
    "SELECT id FROM mail_outbox WHERE " JETWAY_MAIL_DUE " ORDER BY next_attempt_at, id LIMIT 20";
// The claim itself: a conditional UPDATE that re-checks dueness, so of two senders racing for a row exactly one
// changes it (PostgreSQL re-evaluates the WHERE on the row the winner left; SQLite's writers are serialized). The
// lease's end doubles as the claim's fencing token: the later updates only match while it is still ours.
inline constexpr const char* kClaim =
    "UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, locked_until = ?2 "
    "WHERE id = ?3 AND attempts < ?4 AND " JETWAY_MAIL_DUE
    " RETURNING kind, reference, recipient, language, payload, attempts, created_at, agency_id";
// A lease that ran out after the last allowed attempt: the sender died on it every time, so stop trying. A message
// that is done with (sent or given up) drops its payload: a password-reset link must not outlive its use in the table.
inline constexpr const char* kFailExhausted =
    "UPDATE mail_outbox SET status = 'failed', locked_until = NULL, payload = NULL, "
    "last_error = COALESCE(last_error, 'the sender stopped during the last attempt') "
    "WHERE status = 'sending' AND locked_until <= ? AND attempts >= ?";
inline constexpr const char* kMarkSent =
    "UPDATE mail_outbox SET status = 'sent', sent_at = ?, locked_until = NULL, payload = NULL "
    "WHERE id = ? AND status = 'sending' AND locked_until = ?";
inline constexpr const char* kMarkRetry =
    "UPDATE mail_outbox SET status = 'pending', next_attempt_at = ?, locked_until = NULL, last_error = ? "
    "WHERE id = ? AND status = 'sending' AND locked_until = ?";
inline constexpr const char* kMarkFailed =
    "UPDATE mail_outbox SET status = 'failed', locked_until = NULL, payload = NULL, last_error = ? "
    "WHERE id = ? AND status = 'sending' AND locked_until = ?";
inline constexpr const char* kQueuedSince =
    "SELECT COUNT(*), MIN(created_at) FROM mail_outbox WHERE kind = ? AND reference = ? AND created_at > ?";
inline constexpr const char* kFirstLanguage =
    "SELECT language FROM mail_outbox WHERE kind = ? AND reference = ? ORDER BY id LIMIT 1";
inline constexpr const char* kByReference =
    "SELECT id, kind, reference, recipient, language, status, attempts, next_attempt_at, locked_until, last_error, "
    "created_at, sent_at, payload FROM mail_outbox WHERE reference = ? ORDER BY id";

#undef JETWAY_MAIL_DUE

}  // namespace jetway::mail::sql
