// Staff identity in the management database: users with roles, sign-in with a password (Argon2id) and, when
// enrolled or required, a TOTP code or a one-time recovery code; sessions; lock-out after repeated failures; password
// changes and resets by e-mail (through the data database's mail outbox). Each change to a user is audited in the
// same transaction. Thread-safe: shares only the pools, the clock, the random source and an internal limiter.
//
// Sign-in never says whether an account exists: a wrong password, an unknown address and a disabled account get
// the same answer after the same work (a password hash is checked even for an unknown address), and failures are
// counted per address typed, known or not, so a lock-out tells nothing either.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <atomic>
#include <semaphore>
#include <thread>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/attempt_limiter.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "identity/audit_log.hpp"
#include "identity/password.hpp"
#include "identity/realm.hpp"
#include "store/store.hpp"

namespace jetway::identity {

// The outbox kind of a password-reset e-mail (reference: the user's id; payload: the reset link).
inline constexpr const char* kPasswordResetMail = "staff_password_reset";
// Outbox kind: "your account changed" to the member of staff whose password, authenticator or role changed, so that
// a change they did not make does not go unnoticed (ASVS 2.2.3, 2.5.5). The payload is the change (kNotice*).
inline constexpr const char* kSecurityNoticeMail = "staff_security_notice";
inline constexpr const char* kNoticePasswordChanged = "password_changed";
inline constexpr const char* kNoticePasswordReset = "password_reset";
inline constexpr const char* kNoticeTotpEnrolled = "totp_enrolled";
inline constexpr const char* kNoticeTotpReset = "totp_reset";
inline constexpr const char* kNoticeRoleChanged = "role_changed";

struct IdentityPolicy {
  std::chrono::seconds session_idle{30 * 60};
  std::chrono::seconds session_absolute{12 * 3600};
  bool require_totp = false;      // every staff user must enrol a second factor before anything else
  int failures_before_lockout = 5;  // per e-mail address; then a lock-out that doubles, 1 minute to 1 hour
  core::AttemptPolicy per_client{20, std::chrono::minutes{15}, std::chrono::hours{24}};  // failed sign-ins
  std::chrono::seconds reset_lifetime{30 * 60};
  int resets_per_hour = 3;
  HashCost hash_cost;
  std::vector<std::string> context_words{"jetway"};  // the product's and the airline's names, never in a password
};

struct StaffUser {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  std::string role;
  core::Permissions permissions;
  bool totp_enrolled = false;
  bool password_change_required = false;
  bool active = true;
  std::int64_t agency_id = 0;  // the agency realm's: whose user this is
};

// Where a signed-in session stands: a second factor to give, one to enrol (required by the airline), a one-time
// password to replace, or ready to work.
enum class SessionStage { kSecondFactor, kEnrolTotp, kChangePassword, kReady };

struct Session {
  StaffUser user;
  SessionStage stage = SessionStage::kReady;
  core::Channel channel = core::Channel::kOffice;  // the realm's
  // The staff user as services see them: permissions only once the session is ready.
  core::Actor Actor(const std::string& client) const;
};

// One of a member of staff's live sessions, as their sessions page shows it.
struct SessionView {
  std::string handle;  // the session's id hash: names it in a form without being its secret
  core::Instant created_at;
  core::Instant last_seen_at;
  std::string client;      // the address it signed in from
  std::string user_agent;  // the browser it signed in with
  bool current = false;    // the session asking
};

struct SignedIn {
  std::string token;  // the new session's id, for the cookie; only its hash is stored
  Session session;
};

struct TotpEnrolment {
  std::string secret_base32;  // for typing into an app by hand
  std::string otpauth_uri;
  std::string qr_svg;
};

class StaffService {
 public:
  StaffService(store::ConnectionPool& mgmt, store::ConnectionPool& data, const core::Clock& clock,
               core::Random& random, const CommonPasswords& common, IdentityPolicy policy = {},
               const Realm& realm = StaffRealm());

  // Creates the built-in roles, or brings their permissions up to date (migrate runs this).
  void EnsureBuiltinRoles();
  // Adds a staff user. Without a password, a one-time one is made, returned, and must be changed at first sign-in.
  // The actor is who adds (the CLI's "system" on a fresh install, or an administrator with users.manage).
  struct Added {
    StaffUser user;
    std::optional<std::string> one_time_password;
  };
  core::Result<Added> AddUser(const core::Actor& actor, const std::string& email, const std::string& display_name,
                              const std::string& role, const std::optional<std::string>& password);

  // LOGIN_FAILED (401) for a wrong address or password; TOO_MANY_ATTEMPTS (429, with the wait) when locked out.
  core::Result<SignedIn> SignIn(const std::string& email, const std::string& password, const std::string& client,
                                const std::string& user_agent);
  // The session behind a cookie's token, if it is live (not ended, idle or past its absolute limit).
  std::optional<Session> Authenticate(const std::string& token);
  // A TOTP code or a recovery code for a session at kSecondFactor; the session is replaced by a new one (new id).
  core::Result<SignedIn> SecondFactor(const std::string& token, const std::string& code, const std::string& client,
                                      const std::string& user_agent);
  void SignOut(const std::string& token);
  void SignOutEverywhere(std::int64_t user_id);
  // The user's live sessions, the one behind `current_token` marked, most recently used first (ASVS 3.3.4).
  std::vector<SessionView> OwnSessions(std::int64_t user_id, const std::string& current_token);
  // Ends one of the user's own sessions (SESSION_NOT_FOUND if it is not theirs or not live), or every one but the
  // current; audited.
  core::Result<void> EndOwnSession(std::int64_t user_id, const std::string& handle, const std::string& client);
  void EndOtherSessions(std::int64_t user_id, const std::string& current_token, const std::string& client);

  // A new secret to enrol (kept pending until confirmed with a code from it).
  core::Result<TotpEnrolment> BeginTotp(std::int64_t user_id, const std::string& issuer);
  // Confirms the pending secret with a code from the app; returns the ten recovery codes, shown once.
  core::Result<std::vector<std::string>> ConfirmTotp(std::int64_t user_id, const std::string& code,
                                                     const std::string& client);
  // An administrator's reset of someone's second factor (a lost phone): they enrol again at next sign-in.
  core::Result<void> ResetTotp(const core::Actor& actor, std::int64_t user_id);

  // Every other session of the user ends with the change (ASVS 3.3.3): one opened with the old password, by
  // whoever knew it, must not outlive it. `current_token` is the session making the change.
  core::Result<void> ChangePassword(std::int64_t user_id, const std::string& current_token, const std::string& current,
                                    const std::string& next, const std::string& client);
  // Queues a reset e-mail with a single-use link (`link_prefix` + token) when the address belongs to an active
  // user; answers the same either way.
  void RequestPasswordReset(const std::string& email, const std::string& link_prefix, const std::string& client);
  // RESET_LINK_INVALID for an unknown, used or expired token; the password rules otherwise. Ends every session.
  core::Result<void> ResetPassword(const std::string& token, const std::string& next, const std::string& client);

  std::optional<StaffUser> FindUser(std::int64_t id);

  // The administration of staff: each needs users.manage (FORBIDDEN otherwise) and is audited.
  struct RoleView {
    std::string name;
    core::Permissions permissions;
    bool builtin = false;
  };
  core::Result<std::vector<StaffUser>> ListUsers(const core::Actor& actor);
  core::Result<std::vector<RoleView>> ListRoles(const core::Actor& actor);
  // UNKNOWN_ROLE; LAST_ADMINISTRATOR when this would leave no active user who may manage users.
  core::Result<void> SetRole(const core::Actor& actor, std::int64_t user_id, const std::string& role);
  // Disabling ends the user's sessions; LAST_ADMINISTRATOR as above; SELF when disabling oneself.
  core::Result<void> SetActive(const core::Actor& actor, std::int64_t user_id, bool active);
  core::Result<void> RevokeSessions(const core::Actor& actor, std::int64_t user_id);
  // A custom role (lower-case letters, digits and '_', 2-32 long) with these permissions; built-in roles are fixed.
  core::Result<void> SaveRole(const core::Actor& actor, const std::string& name, const core::Permissions& permissions);

  // Appends a staff action done in another database (a booking cancelled, a confirmation resent) to the audit log,
  // after it committed there: two databases, so a crash between them can lose this row, never the action.
  void RecordAction(const core::Actor& actor, const std::string& action, const std::string& target,
                    const std::string& before, const std::string& after);

  // The newest audit rows and whether the whole chain verifies: needs audit.read.
  struct AuditPage {
    std::vector<AuditEntry> rows;
    AuditVerdict verdict;
  };
  core::Result<AuditPage> Audit(const core::Actor& actor, int limit);
  const IdentityPolicy& policy() const { return policy_; }

 private:
  const Realm& realm_;
  store::ConnectionPool& mgmt_;
  store::ConnectionPool& data_;
  const core::Clock& clock_;
  core::Random& random_;
  const CommonPasswords& common_;
  IdentityPolicy policy_;
  core::AttemptLimiter failures_by_client_;
  std::string decoy_hash_;  // checked for unknown addresses, so they take as long as known ones
  // Argon2id takes a core and 64 MiB per hash: at most half the cores hash at a time (one on a 2-core server),
  // whatever the number of sign-ins, so passengers keep the rest.
  std::counting_semaphore<64> hashing_;
  std::atomic<int> waiting_{0};

  // nullopt when too many sign-ins already wait for a hashing slot (SignInBusy): they are turned away at once rather
  // than hold more of the server's threads.
  std::optional<bool> CheckPassword(std::string_view stored_hash, std::string_view password);
  std::string Q(const char* statement) const;  // identity_sql.hpp's statement for this realm
  std::string Target(std::int64_t user_id) const;  // "user 7", "agency user 7": the audit log's name
  core::Result<void> PasswordAcceptable(const std::string& password, const std::string& email) const;
  // Queues the notice of `change` to the user, in the data database (the outbox's), after the change committed: a
  // failure between the two loses the notice, never the change.
  void NotifyChange(const StaffUser& user, const char* change, core::Instant now);
  std::string NewSession(store::Connection& db, std::int64_t user_id, bool second_factor_done,
                         const std::string& client, const std::string& user_agent);
  std::optional<core::Error> LockedOut(store::Connection& db, const std::string& email, core::Instant now);
  core::Error Failed(const std::string& email, const std::string& client, core::Instant now);
  SessionStage StageOf(const StaffUser& user, bool second_factor_done) const;
};

// Creates the built-in roles, or brings their permissions up to date (migrate runs this, as the owner).
void EnsureBuiltinRoles(store::Connection& mgmt, core::Instant now);

// The stored form of a session id, a reset token or a recovery code: hex SHA-256 (the secrets are random and long,
// so no salt or slow hash is needed, and a stolen table opens nothing).
std::string SecretHash(std::string_view secret);

}  // namespace jetway::identity
