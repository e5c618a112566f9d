// SQL owned by staff identity and the audit log (management database). The identity statements are written for
// staff and run through RealmSql (identity/realm.hpp) for the realm at hand: `staff_` names its tables, `{agency}`
// the user's agency.
#pragma once

namespace jetway::identity::sql {

inline constexpr const char* kUpsertBuiltinRole =
    "INSERT INTO staff_roles (name, permissions, builtin, created_at) VALUES (?1, ?2, 1, ?3) "
    "ON CONFLICT(name) DO UPDATE SET permissions = excluded.permissions, builtin = 1";
inline constexpr const char* kRolePermissions = "SELECT permissions FROM staff_roles WHERE name = ?";
inline constexpr const char* kAllRoles = "SELECT name, permissions, builtin FROM staff_roles ORDER BY builtin DESC, name";
inline constexpr const char* kInsertRole =
    "INSERT INTO staff_roles (name, permissions, builtin, created_at) VALUES (?, ?, 0, ?)";
inline constexpr const char* kUpdateRole = "UPDATE staff_roles SET permissions = ? WHERE name = ? AND builtin = 0";
inline constexpr const char* kSetRole = "UPDATE staff_users SET role = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kSetStatus = "UPDATE staff_users SET status = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kLiveSessions =
    "SELECT COUNT(*), MAX(last_seen_at) FROM staff_sessions WHERE user_id = ? AND ended_at IS NULL";

#define JETWAY_USER_SELECT                                                                                       \
  "SELECT u.id, u.email, u.display_name, u.role, r.permissions, u.password_hash, u.password_change_required, " \
  "u.totp_secret, u.totp_last_step, u.status, {agency} FROM staff_users u JOIN staff_roles r ON r.name = u.role "
inline constexpr const char* kUserByEmail = JETWAY_USER_SELECT "WHERE u.email = ?";
inline constexpr const char* kUserById = JETWAY_USER_SELECT "WHERE u.id = ?";
// A scope's users: an agency's (its id), or every member of staff (0).
inline constexpr const char* kAllUsers = JETWAY_USER_SELECT "WHERE {agency} = ? ORDER BY u.email";
inline constexpr const char* kUserInScope = JETWAY_USER_SELECT "WHERE u.id = ? AND {agency} = ?";
inline constexpr const char* kUserBySession =
    JETWAY_USER_SELECT
    ", staff_sessions s WHERE s.id_hash = ? AND s.user_id = u.id AND s.ended_at IS NULL";
#undef JETWAY_USER_SELECT
inline constexpr const char* kSessionRow =
    "SELECT second_factor_done, created_at, last_seen_at FROM staff_sessions WHERE id_hash = ? AND ended_at IS NULL";
inline constexpr const char* kInsertUser =
    "INSERT INTO staff_users (email, display_name, role, password_hash, password_change_required, status, "
    "created_at, updated_at{agency_column}) VALUES (?, ?, ?, ?, ?, 'active', ?, ?{agency_value}) RETURNING id";
inline constexpr const char* kSetPassword =
    "UPDATE staff_users SET password_hash = ?, password_change_required = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kSetTotpPending = "UPDATE staff_users SET totp_pending = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kTotpPending = "SELECT totp_pending FROM staff_users WHERE id = ?";
inline constexpr const char* kEnrolTotp =
    "UPDATE staff_users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?, updated_at = ? "
    "WHERE id = ? AND totp_pending IS NOT NULL";
inline constexpr const char* kUseTotpStep =
    "UPDATE staff_users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)";
inline constexpr const char* kResetTotp =
    "UPDATE staff_users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL, updated_at = ? "
    "WHERE id = ?";

inline constexpr const char* kDeleteRecoveryCodes = "DELETE FROM staff_recovery_codes WHERE user_id = ?";
inline constexpr const char* kInsertRecoveryCode =
    "INSERT INTO staff_recovery_codes (user_id, code_hash, used_at) VALUES (?, ?, NULL)";
inline constexpr const char* kUseRecoveryCode =
    "UPDATE staff_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL";

inline constexpr const char* kInsertSession =
    "INSERT INTO staff_sessions (id_hash, user_id, second_factor_done, created_at, last_seen_at, client, user_agent) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kTouchSession = "UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?";
inline constexpr const char* kEndSession =
    "UPDATE staff_sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL";
inline constexpr const char* kUserLiveSessions =
    "SELECT id_hash, created_at, last_seen_at, client, user_agent FROM staff_sessions "
    "WHERE user_id = ? AND ended_at IS NULL ORDER BY last_seen_at DESC, created_at DESC";
inline constexpr const char* kEndOwnSession =
    "UPDATE staff_sessions SET ended_at = ? WHERE id_hash = ? AND user_id = ? AND ended_at IS NULL";
inline constexpr const char* kEndOtherSessions =
    "UPDATE staff_sessions SET ended_at = ? WHERE user_id = ? AND id_hash <> ? AND ended_at IS NULL";
inline constexpr const char* kEndUserSessions =
    "UPDATE staff_sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL";

inline constexpr const char* kLoginFailures = "SELECT failures, locked_until FROM staff_login_failures WHERE email = ?";
inline constexpr const char* kRecordFailure =
    "INSERT INTO staff_login_failures (email, failures, locked_until, updated_at) VALUES (?1, 1, ?2, ?3) "
    "ON CONFLICT(email) DO UPDATE SET failures = staff_login_failures.failures + 1, locked_until = ?2, "
    "updated_at = ?3";
inline constexpr const char* kClearFailures = "DELETE FROM staff_login_failures WHERE email = ?";

inline constexpr const char* kInsertReset =
    "INSERT INTO staff_password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)";
inline constexpr const char* kRecentResets =
    "SELECT COUNT(*) FROM staff_password_resets WHERE user_id = ? AND created_at > ?";
inline constexpr const char* kFindReset =
    "SELECT user_id FROM staff_password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?";
// Used only while unused and unexpired, checked in the UPDATE itself: of two requests racing with one link, the
// second finds it used (PostgreSQL re-reads the row once the first commits) and changes nothing.
inline constexpr const char* kUseReset =
    "UPDATE staff_password_resets SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1";

inline constexpr const char* kAuditHead = "SELECT seq, hash FROM audit_head WHERE id = 1";
inline constexpr const char* kMoveAuditHead = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1";
inline constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (seq, at, actor, client, action, target, state_before, state_after, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kRecentAudit =
    "SELECT seq, at, actor, client, action, target, state_before, state_after, prev_hash, hash FROM audit_log "
    "ORDER BY seq DESC LIMIT ?";
inline constexpr const char* kAuditRows =
    "SELECT seq, at, actor, client, action, target, state_before, state_after, prev_hash, hash FROM audit_log "
    "ORDER BY seq";

}  // namespace jetway::identity::sql
