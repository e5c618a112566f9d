#include "identity/staff_service.hpp"

#include "core/digest.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/client_key.hpp"
#include "core/secret.hpp"
#include "core/text.hpp"
#include "identity/audit_log.hpp"
#include "identity/base32.hpp"
#include "identity/identity_sql.hpp"
#include "identity/qr_svg.hpp"
#include "identity/recovery_codes.hpp"
#include "identity/roles.hpp"
#include "identity/totp.hpp"
#include "mail/outbox.hpp"
#include "store/privileges.hpp"

namespace jetway::identity {

using core::ErrorKind;
using core::Fail;

namespace {

constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxDisplayName = 100;
// A session's last_seen_at is written at most this often: every request would otherwise be a write.
constexpr std::int64_t kTouchEverySeconds = 60;

std::int64_t Epoch(core::Instant t) { return core::ToEpoch(t); }

std::string NormalizeEmail(std::string_view email) { return core::AsciiLower(core::Trim(email)); }

bool PlausibleEmail(std::string_view email) {
  const auto at = email.find('@');
  return email.size() <= kMaxEmail && at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
         email.find('@', at + 1) == std::string_view::npos &&
         std::none_of(email.begin(), email.end(), [](char c) { return c <= ' ' || c == 0x7f; });
}

struct UserRow {
  StaffUser user;
  std::string password_hash;
  std::optional<std::string> totp_secret;
  std::optional<std::int64_t> totp_last_step;
};

UserRow ReadUser(const store::Statement& stmt) {
  UserRow row;
  row.user.id = stmt.Int(0);
  row.user.email = stmt.Text(1);
  row.user.display_name = stmt.Text(2);
  row.user.role = stmt.Text(3);
  row.user.permissions = ParsePermissions(stmt.Text(4)).value_or(core::Permissions{});
  row.password_hash = stmt.Text(5);
  row.user.password_change_required = stmt.Int(6) != 0;
  row.totp_secret = stmt.OptText(7);
  row.totp_last_step = stmt.OptInt(8);
  row.user.active = stmt.Text(9) == "active";
  row.user.agency_id = stmt.Int(10);
  row.user.totp_enrolled = row.totp_secret.has_value();
  return row;
}

template <typename Key>
std::optional<UserRow> LoadUser(store::Connection& db, const std::string& query, const Key& key) {
  auto stmt = db.Prepare(query);
  stmt.Bind(1, key);
  if (!stmt.Step()) return std::nullopt;
  return ReadUser(stmt);
}

// A user the actor may manage: in the actor's agency (any member of staff for staff, whose scope is 0).
std::optional<UserRow> LoadUserInScope(store::Connection& db, const std::string& query, std::int64_t id,
                                       const core::Actor& actor) {
  auto stmt = db.Prepare(query);
  stmt.Bind(1, id).Bind(2, actor.agency_id);
  if (!stmt.Step()) return std::nullopt;
  return ReadUser(stmt);
}

core::Error LoginFailed() {
  return core::MakeError(ErrorKind::kUnauthorized, "LOGIN_FAILED", "the e-mail address or the password is wrong");
}

core::Error SignInBusy() {
  auto error = core::MakeError(ErrorKind::kTooManyRequests, "SIGN_IN_BUSY",
                               "many people are signing in at this moment; try again in a second");
  error.retry_after_seconds = 1;
  return error;
}

core::Error TooMany(std::chrono::seconds wait, const std::string& what) {
  auto error = core::MakeError(ErrorKind::kTooManyRequests, "TOO_MANY_ATTEMPTS",
                               fmt::format("{}; try again in {} minute(s)", what, (wait.count() + 59) / 60));
  error.retry_after_seconds = static_cast<int>(wait.count());
  return error;
}

std::vector<unsigned char> SecretBytes(const std::string& base32) {
  return Base32Decode(base32).value_or(std::vector<unsigned char>{});
}

}  // namespace

std::string SecretHash(std::string_view secret) { return core::Sha256Hex(secret); }

std::string StaffService::Q(const char* statement) const { return RealmSql(realm_, statement); }

std::string StaffService::Target(std::int64_t user_id) const { return fmt::format("{} {}", realm_.user_noun, user_id); }

core::Actor Session::Actor(const std::string& client) const {
  core::Actor actor{channel, user.email, client, {}};
  actor.agency_id = user.agency_id;
  if (stage == SessionStage::kReady) actor.permissions = user.permissions;
  return actor;
}

StaffService::StaffService(store::ConnectionPool& mgmt, store::ConnectionPool& data, const core::Clock& clock,
                           core::Random& random, const CommonPasswords& common, IdentityPolicy policy,
                           const Realm& realm)
    : realm_(realm),
      mgmt_(mgmt),
      data_(data),
      clock_(clock),
      random_(random),
      common_(common),
      policy_(std::move(policy)),
      failures_by_client_(clock, policy_.per_client),
      decoy_hash_(DecoyHash(policy_.hash_cost)),
      hashing_(static_cast<std::ptrdiff_t>(std::clamp(std::thread::hardware_concurrency() / 2, 1u, 64u))) {}

void EnsureBuiltinRoles(store::Connection& mgmt, core::Instant now) {
  store::Transaction tx(mgmt);
  for (const auto* realm : {&StaffRealm(), &AgencyRealm()})
    for (const auto& role : realm->roles)
      mgmt.Prepare(RealmSql(*realm, sql::kUpsertBuiltinRole))
          .Bind(1, role.name)
          .Bind(2, FormatPermissions(role.permissions))
          .Bind(3, Epoch(now))
          .Exec();
  tx.Commit();
}

void StaffService::EnsureBuiltinRoles() {
  auto lease = mgmt_.Acquire();
  identity::EnsureBuiltinRoles(*lease, clock_.Now());
}

std::optional<bool> StaffService::CheckPassword(std::string_view stored_hash, std::string_view password) {
  // A sign-in waits for a slot only behind a few others; the rest are told to retry in a second.
  constexpr int kMaxWaiting = 2;
  if (waiting_.fetch_add(1) >= kMaxWaiting) {
    waiting_.fetch_sub(1);
    return std::nullopt;
  }
  hashing_.acquire();
  waiting_.fetch_sub(1);
  const bool ok = VerifyPassword(stored_hash, password);
  hashing_.release();
  return ok;
}

core::Result<void> StaffService::PasswordAcceptable(const std::string& password, const std::string& email) const {
  return identity::CheckPassword(password, common_, {email, policy_.context_words});
}

core::Result<StaffService::Added> StaffService::AddUser(const core::Actor& actor, const std::string& email_typed,
                                                        const std::string& display_name, const std::string& role,
                                                        const std::optional<std::string>& password) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  if (realm_.by_agency != (actor.agency_id != 0))
    return Fail(ErrorKind::kForbidden, "PERMISSION_DENIED",
                realm_.by_agency ? "an agency's users are added for that agency" : "staff are added by staff");
  const auto email = NormalizeEmail(email_typed);
  if (!PlausibleEmail(email))
    return Fail(ErrorKind::kInvalid, "INVALID_EMAIL", "enter the person's e-mail address", "email");
  const auto name = std::string(core::Trim(display_name));
  if (name.empty() || name.size() > kMaxDisplayName)
    return Fail(ErrorKind::kInvalid, "INVALID_DISPLAY_NAME", "enter a name of at most 100 characters", "display_name");
  std::optional<std::string> one_time;
  std::string chosen;
  if (password) {
    if (auto ok = PasswordAcceptable(*password, email); !ok) return std::unexpected(ok.error());
    chosen = *password;
  } else {
    // 128 random bits, readable aloud: it only has to last until the first sign-in.
    one_time = core::GenerateSecretToken(random_);
    chosen = *one_time;
  }
  const auto hash = HashPassword(chosen, policy_.hash_cost);
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  {
    auto stmt = lease->Prepare(Q(sql::kRolePermissions));
    stmt.Bind(1, role);
    if (!stmt.Step())
      return Fail(ErrorKind::kInvalid, "UNKNOWN_ROLE", fmt::format("there is no role called '{}'", role), "role");
  }
  if (LoadUser(*lease, Q(sql::kUserByEmail), email))
    return Fail(ErrorKind::kConflict, "USER_EXISTS", fmt::format("{} already has an account", email), "email");
  auto insert = lease->Prepare(Q(sql::kInsertUser));
  insert.Bind(1, email)
      .Bind(2, name)
      .Bind(3, role)
      .Bind(4, hash)
      .Bind(5, static_cast<std::int64_t>(one_time ? 1 : 0))
      .Bind(6, Epoch(now))
      .Bind(7, Epoch(now));
  if (realm_.by_agency) insert.Bind(8, actor.agency_id);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Exec();
  AppendAudit(*lease,
              {actor.id, actor.client, "user.create", Target(id), "",
               fmt::format(R"({{"email":"{}","role":"{}"}})", email, role)},
              now);
  auto user = LoadUser(*lease, Q(sql::kUserById), id);
  tx.Commit();
  return Added{user->user, one_time};
}

std::optional<core::Error> StaffService::LockedOut(store::Connection& db, const std::string& email,
                                                   core::Instant now) {
  auto stmt = db.Prepare(Q(sql::kLoginFailures));
  stmt.Bind(1, email);
  if (!stmt.Step()) return std::nullopt;
  const auto until = core::FromEpoch(stmt.Int(1));
  if (until <= now) return std::nullopt;
  return TooMany(core::SecondsUntil(until, now), "too many failed sign-ins with this e-mail address");
}

// Counts a failure against the address typed (known or not) and the client; past the threshold the address is
// locked for a minute, doubling with each further failure up to an hour.
core::Error StaffService::Failed(const std::string& email, const std::string& client, core::Instant now) {
  if (const auto key = core::ClientKey(client); !key.empty()) failures_by_client_.Fail(key);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  std::int64_t failures = 1;
  {
    auto stmt = lease->Prepare(Q(sql::kLoginFailures));
    stmt.Bind(1, email);
    if (stmt.Step()) failures = stmt.Int(0) + 1;
  }
  const auto over = failures - policy_.failures_before_lockout;
  const auto lock = over < 0 ? std::chrono::seconds{0}
                             : std::min<std::chrono::seconds>(std::chrono::minutes{1} * (std::int64_t{1} << std::min<std::int64_t>(over, 6)),
                                                              std::chrono::hours{1});
  lease->Prepare(Q(sql::kRecordFailure)).Bind(1, email).Bind(2, Epoch(now + lock)).Bind(3, Epoch(now)).Exec();
  tx.Commit();
  return LoginFailed();
}

SessionStage StaffService::StageOf(const StaffUser& user, bool second_factor_done) const {
  if (user.totp_enrolled && !second_factor_done) return SessionStage::kSecondFactor;
  if (policy_.require_totp && !user.totp_enrolled) return SessionStage::kEnrolTotp;
  if (user.password_change_required) return SessionStage::kChangePassword;
  return SessionStage::kReady;
}

std::string StaffService::NewSession(store::Connection& db, std::int64_t user_id, bool second_factor_done,
                                     const std::string& client, const std::string& user_agent) {
  const auto token = core::GenerateSecretToken(random_) + core::GenerateSecretToken(random_);
  const auto now = Epoch(clock_.Now());
  db.Prepare(Q(sql::kInsertSession))
      .Bind(1, SecretHash(token))
      .Bind(2, user_id)
      .Bind(3, static_cast<std::int64_t>(second_factor_done ? 1 : 0))
      .Bind(4, now)
      .Bind(5, now)
      .Bind(6, client)
      .Bind(7, core::ToText(user_agent, 200))
      .Exec();
  return token;
}

core::Result<SignedIn> StaffService::SignIn(const std::string& email_typed, const std::string& password,
                                            const std::string& client, const std::string& user_agent) {
  const auto now = clock_.Now();
  const auto email = NormalizeEmail(email_typed);
  if (const auto key = core::ClientKey(client); !key.empty())
    if (auto wait = failures_by_client_.Refusal(key))
      return std::unexpected(TooMany(*wait, "too many failed sign-ins from this address"));
  if (email.size() > kMaxEmail || password.size() > 4 * kMaxPasswordLength) return std::unexpected(LoginFailed());
  std::optional<UserRow> row;
  {
    auto lease = mgmt_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    if (auto locked = LockedOut(*lease, email, now)) return std::unexpected(*locked);
    row = LoadUser(*lease, Q(sql::kUserByEmail), email);
  }
  // The same work whether or not the address is known: a hash is always checked.
  const auto checked = CheckPassword(row ? row->password_hash : decoy_hash_, password);
  if (!checked) return std::unexpected(SignInBusy());
  if (!row || !*checked || !row->user.active) return std::unexpected(Failed(email, client, now));
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  lease->Prepare(Q(sql::kClearFailures)).Bind(1, email).Exec();
  if (NeedsRehash(row->password_hash, policy_.hash_cost))
    lease->Prepare(Q(sql::kSetPassword))
        .Bind(1, HashPassword(password, policy_.hash_cost))
        .Bind(2, static_cast<std::int64_t>(row->user.password_change_required ? 1 : 0))
        .Bind(3, Epoch(now))
        .Bind(4, row->user.id)
        .Exec();
  const bool second_factor_done = !row->user.totp_enrolled;
  auto token = NewSession(*lease, row->user.id, second_factor_done, client, user_agent);
  AppendAudit(*lease, {email, client, "session.sign_in", Target(row->user.id), "",
                       second_factor_done ? "" : R"({"second_factor":"pending"})"},
              now);
  tx.Commit();
  return SignedIn{std::move(token), {row->user, StageOf(row->user, second_factor_done), realm_.channel}};
}

std::optional<Session> StaffService::Authenticate(const std::string& token) {
  if (!core::IsSecretToken(token.substr(0, 32)) || token.size() != 64) return std::nullopt;
  const auto hash = SecretHash(token);
  const auto now = Epoch(clock_.Now());
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  bool second_factor_done = false;
  {
    auto stmt = lease->Prepare(Q(sql::kSessionRow));
    stmt.Bind(1, hash);
    if (!stmt.Step()) return std::nullopt;
    second_factor_done = stmt.Int(0) != 0;
    const auto created = stmt.Int(1), last_seen = stmt.Int(2);
    if (now - last_seen > policy_.session_idle.count() || now - created >= policy_.session_absolute.count()) {
      stmt.Exec();
      lease->Prepare(Q(sql::kEndSession)).Bind(1, now).Bind(2, hash).Exec();
      tx.Commit();
      return std::nullopt;
    }
    if (now - last_seen >= kTouchEverySeconds) {
      stmt.Exec();
      lease->Prepare(Q(sql::kTouchSession)).Bind(1, now).Bind(2, hash).Exec();
    }
  }
  auto row = LoadUser(*lease, Q(sql::kUserBySession), hash);
  tx.Commit();
  if (!row || !row->user.active) return std::nullopt;
  return Session{row->user, StageOf(row->user, second_factor_done), realm_.channel};
}

core::Result<SignedIn> StaffService::SecondFactor(const std::string& token, const std::string& code,
                                                  const std::string& client, const std::string& user_agent) {
  auto session = Authenticate(token);
  if (!session || session->stage != SessionStage::kSecondFactor)
    return Fail(ErrorKind::kUnauthorized, "SESSION_REQUIRED", "sign in with your password first");
  const auto now = clock_.Now();
  const auto& user = session->user;
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  if (auto locked = LockedOut(*lease, user.email, now)) return std::unexpected(*locked);
  auto row = LoadUser(*lease, Q(sql::kUserById), user.id);
  bool accepted = false;
  const auto typed = std::string(core::Trim(code));
  if (typed.size() == 6 && row->totp_secret) {
    if (auto step = VerifyTotp(SecretBytes(*row->totp_secret), typed, Epoch(now), row->totp_last_step)) {
      lease->Prepare(Q(sql::kUseTotpStep)).Bind(1, *step).Bind(2, user.id).Bind(3, *step).Exec();
      accepted = lease->Changes() == 1;
    }
  } else if (const auto normalized = NormalizeRecoveryCode(typed); IsRecoveryCode(normalized)) {
    lease->Prepare(Q(sql::kUseRecoveryCode)).Bind(1, Epoch(now)).Bind(2, user.id).Bind(3, SecretHash(normalized)).Exec();
    accepted = lease->Changes() == 1;
  }
  if (!accepted) {
    tx.Commit();
    Failed(user.email, client, now);
    return Fail(ErrorKind::kUnauthorized, "CODE_FAILED", "that code is wrong or was already used", "code");
  }
  lease->Prepare(Q(sql::kClearFailures)).Bind(1, user.email).Exec();
  lease->Prepare(Q(sql::kEndSession)).Bind(1, Epoch(now)).Bind(2, SecretHash(token)).Exec();
  auto fresh = NewSession(*lease, user.id, true, client, user_agent);
  AppendAudit(*lease, {user.email, client, "session.second_factor", Target(user.id), "",
                       typed.size() == 6 ? R"({"by":"totp"})" : R"({"by":"recovery_code"})"},
              now);
  tx.Commit();
  return SignedIn{std::move(fresh), {user, StageOf(user, true), realm_.channel}};
}

void StaffService::SignOut(const std::string& token) {
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  lease->Prepare(Q(sql::kEndSession)).Bind(1, Epoch(clock_.Now())).Bind(2, SecretHash(token)).Exec();
  tx.Commit();
}

void StaffService::SignOutEverywhere(std::int64_t user_id) {
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  lease->Prepare(Q(sql::kEndUserSessions)).Bind(1, Epoch(clock_.Now())).Bind(2, user_id).Exec();
  tx.Commit();
}

std::vector<SessionView> StaffService::OwnSessions(std::int64_t user_id, const std::string& current_token) {
  const auto now = Epoch(clock_.Now());
  const auto current = SecretHash(current_token);
  std::vector<SessionView> sessions;
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt = lease->Prepare(Q(sql::kUserLiveSessions));
  stmt.Bind(1, user_id);
  while (stmt.Step()) {
    const auto created = stmt.Int(1), last_seen = stmt.Int(2);
    // Idle or too old: Authenticate ends such a session the next time it is used; it is not live.
    if (now - last_seen > policy_.session_idle.count() || now - created >= policy_.session_absolute.count()) continue;
    const auto handle = stmt.Text(0);
    sessions.push_back({handle, core::FromEpoch(created), core::FromEpoch(last_seen), stmt.Text(3), stmt.Text(4),
                        handle == current});
  }
  return sessions;
}

core::Result<void> StaffService::EndOwnSession(std::int64_t user_id, const std::string& handle,
                                               const std::string& client) {
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  lease->Prepare(Q(sql::kEndOwnSession)).Bind(1, Epoch(now)).Bind(2, handle).Bind(3, user_id).Exec();
  if (lease->Changes() != 1)
    return Fail(ErrorKind::kNotFound, "SESSION_NOT_FOUND", "that session has already ended or is not yours");
  auto row = LoadUser(*lease, Q(sql::kUserById), user_id);
  AppendAudit(*lease, {row->user.email, client, "user.session_end", Target(user_id), "", ""}, now);
  tx.Commit();
  return {};
}

void StaffService::EndOtherSessions(std::int64_t user_id, const std::string& current_token,
                                    const std::string& client) {
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  lease->Prepare(Q(sql::kEndOtherSessions)).Bind(1, Epoch(now)).Bind(2, user_id).Bind(3, SecretHash(current_token)).Exec();
  auto row = LoadUser(*lease, Q(sql::kUserById), user_id);
  AppendAudit(*lease,
              {row->user.email, client, "user.sessions_end_others", Target(user_id), "", ""}, now);
  tx.Commit();
}

core::Result<TotpEnrolment> StaffService::BeginTotp(std::int64_t user_id, const std::string& issuer) {
  const auto secret = NewTotpSecret(random_);
  const auto encoded = Base32Encode(secret);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  auto row = LoadUser(*lease, Q(sql::kUserById), user_id);
  if (!row) return Fail(ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user");
  lease->Prepare(Q(sql::kSetTotpPending)).Bind(1, encoded).Bind(2, Epoch(clock_.Now())).Bind(3, user_id).Exec();
  tx.Commit();
  const auto uri = OtpauthUri(issuer, row->user.email, secret);
  return TotpEnrolment{encoded, uri, QrSvg(uri, "QR code for your authenticator app")};
}

core::Result<std::vector<std::string>> StaffService::ConfirmTotp(std::int64_t user_id, const std::string& code,
                                                                 const std::string& client) {
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  std::optional<std::string> pending;
  {
    auto stmt = lease->Prepare(Q(sql::kTotpPending));
    stmt.Bind(1, user_id);
    if (stmt.Step()) pending = stmt.OptText(0);
  }
  if (!pending) return Fail(ErrorKind::kConflict, "NO_ENROLMENT", "start the set-up of your authenticator again");
  const auto step = VerifyTotp(SecretBytes(*pending), std::string(core::Trim(code)), Epoch(now), std::nullopt);
  if (!step)
    return Fail(ErrorKind::kInvalid, "CODE_FAILED", "that code does not match: check the app and the phone's clock",
                "code");
  lease->Prepare(Q(sql::kEnrolTotp)).Bind(1, *step).Bind(2, Epoch(now)).Bind(3, user_id).Exec();
  lease->Prepare(Q(sql::kDeleteRecoveryCodes)).Bind(1, user_id).Exec();
  auto codes = NewRecoveryCodes(random_);
  for (const auto& c : codes)
    lease->Prepare(Q(sql::kInsertRecoveryCode)).Bind(1, user_id).Bind(2, SecretHash(NormalizeRecoveryCode(c))).Exec();
  auto row = LoadUser(*lease, Q(sql::kUserById), user_id);
  AppendAudit(*lease, {row->user.email, client, "user.totp_enrol", Target(user_id), "", ""}, now);
  tx.Commit();
  NotifyChange(row->user, kNoticeTotpEnrolled, now);
  return codes;
}

core::Result<void> StaffService::ResetTotp(const core::Actor& actor, std::int64_t user_id) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  auto row = LoadUserInScope(*lease, Q(sql::kUserInScope), user_id, actor);
  if (!row) return Fail(ErrorKind::kNotFound, "USER_NOT_FOUND", fmt::format("no user {}", user_id));
  lease->Prepare(Q(sql::kResetTotp)).Bind(1, Epoch(now)).Bind(2, user_id).Exec();
  lease->Prepare(Q(sql::kDeleteRecoveryCodes)).Bind(1, user_id).Exec();
  lease->Prepare(Q(sql::kEndUserSessions)).Bind(1, Epoch(now)).Bind(2, user_id).Exec();
  AppendAudit(*lease, {actor.id, actor.client, "user.totp_reset", Target(user_id), "", ""}, now);
  tx.Commit();
  NotifyChange(row->user, kNoticeTotpReset, now);
  return {};
}

core::Result<void> StaffService::ChangePassword(std::int64_t user_id, const std::string& current_token,
                                                const std::string& current, const std::string& next,
                                                const std::string& client) {
  auto user = FindUser(user_id);
  if (!user) return Fail(ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user");
  std::string stored;
  {
    auto lease = mgmt_.Acquire();
    stored = LoadUser(*lease, Q(sql::kUserById), user_id)->password_hash;
  }
  const auto now = clock_.Now();
  const auto checked = CheckPassword(stored, current);
  if (!checked) return std::unexpected(SignInBusy());
  if (!*checked) {
    Failed(user->email, client, now);
    return Fail(ErrorKind::kInvalid, "PASSWORD_WRONG", "your current password is not that", "current_password");
  }
  if (next == current)
    return Fail(ErrorKind::kInvalid, "PASSWORD_UNCHANGED", "choose a password other than the current one", "password");
  if (auto ok = PasswordAcceptable(next, user->email); !ok) return ok;
  const auto hash = HashPassword(next, policy_.hash_cost);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  lease->Prepare(Q(sql::kSetPassword)).Bind(1, hash).Bind(2, std::int64_t{0}).Bind(3, Epoch(now)).Bind(4, user_id).Exec();
  lease->Prepare(Q(sql::kEndOtherSessions)).Bind(1, Epoch(now)).Bind(2, user_id).Bind(3, SecretHash(current_token)).Exec();
  AppendAudit(*lease, {user->email, client, "user.password_change", Target(user_id), "", ""}, now);
  tx.Commit();
  NotifyChange(*user, kNoticePasswordChanged, now);
  return {};
}

void StaffService::RequestPasswordReset(const std::string& email_typed, const std::string& link_prefix,
                                        const std::string& client) {
  const auto email = NormalizeEmail(email_typed);
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  auto row = LoadUser(*lease, Q(sql::kUserByEmail), email);
  if (!row || !row->user.active) return;
  {
    auto recent = lease->Prepare(Q(sql::kRecentResets));
    recent.Bind(1, row->user.id).Bind(2, Epoch(now - std::chrono::hours{1}));
    recent.Step();
    if (recent.Int(0) >= policy_.resets_per_hour) return;
  }
  const auto token = core::GenerateSecretToken(random_) + core::GenerateSecretToken(random_);
  lease->Prepare(Q(sql::kInsertReset))
      .Bind(1, SecretHash(token))
      .Bind(2, row->user.id)
      .Bind(3, Epoch(now))
      .Bind(4, Epoch(now + policy_.reset_lifetime))
      .Exec();
  AppendAudit(*lease, {email, client, "user.password_reset_request", Target(row->user.id), "", ""},
              now);
  // The e-mail is queued in the data database: a rare failure between the two commits loses the e-mail (the person
  // asks again), never grants anything.
  {
    auto data = data_.Acquire();
    store::ScopeToAgency(*data, row->user.agency_id);
    store::Transaction mail(*data);
    mail::Enqueue(*data, {kPasswordResetMail, std::to_string(row->user.id), email, "en", link_prefix + token,
                          row->user.agency_id},
                  now);
    mail.Commit();
  }
  tx.Commit();
}

void StaffService::NotifyChange(const StaffUser& user, const char* change, core::Instant now) {
  auto data = data_.Acquire();
  store::ScopeToAgency(*data, user.agency_id);
  store::Transaction tx(*data);
  mail::Enqueue(*data, {kSecurityNoticeMail, std::to_string(user.id), user.email, "en", change, user.agency_id}, now);
  tx.Commit();
}

core::Result<void> StaffService::ResetPassword(const std::string& token, const std::string& next,
                                               const std::string& client) {
  const auto now = clock_.Now();
  const auto hash = SecretHash(token);
  std::int64_t user_id = 0;
  {
    auto lease = mgmt_.Acquire();
    auto stmt = lease->Prepare(Q(sql::kFindReset));
    stmt.Bind(1, hash).Bind(2, Epoch(now));
    if (!stmt.Step())
      return Fail(ErrorKind::kNotFound, "RESET_LINK_INVALID",
                  "this link has expired or was already used; ask for a new one");
    user_id = stmt.Int(0);
  }
  auto user = FindUser(user_id);
  if (!user || !user->active)
    return Fail(ErrorKind::kNotFound, "RESET_LINK_INVALID", "this link has expired or was already used; ask for a new one");
  if (auto ok = PasswordAcceptable(next, user->email); !ok) return ok;
  const auto password_hash = HashPassword(next, policy_.hash_cost);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  lease->Prepare(Q(sql::kUseReset)).Bind(1, Epoch(now)).Bind(2, hash).Exec();
  if (lease->Changes() != 1)
    return Fail(ErrorKind::kNotFound, "RESET_LINK_INVALID", "this link has expired or was already used; ask for a new one");
  lease->Prepare(Q(sql::kSetPassword)).Bind(1, password_hash).Bind(2, std::int64_t{0}).Bind(3, Epoch(now)).Bind(4, user_id).Exec();
  lease->Prepare(Q(sql::kEndUserSessions)).Bind(1, Epoch(now)).Bind(2, user_id).Exec();
  lease->Prepare(Q(sql::kClearFailures)).Bind(1, user->email).Exec();
  AppendAudit(*lease, {user->email, client, "user.password_reset", Target(user_id), "", ""}, now);
  tx.Commit();
  NotifyChange(*user, kNoticePasswordReset, now);
  return {};
}

namespace {

// The users of the actor's scope: its agency's, or every member of staff.
std::vector<StaffUser> AllUsers(store::Connection& db, const std::string& query, const core::Actor& actor) {
  std::vector<StaffUser> users;
  auto stmt = db.Prepare(query);
  stmt.Bind(1, actor.agency_id);
  while (stmt.Step()) users.push_back(ReadUser(stmt).user);
  return users;
}

// Whether some active user could still manage users if `changed` replaced its stored self.
bool SomeoneManagesUsers(const std::vector<StaffUser>& users, const StaffUser& changed) {
  return std::any_of(users.begin(), users.end(), [&](const StaffUser& u) {
    const auto& user = u.id == changed.id ? changed : u;
    return user.active && user.permissions.Has(core::Permission::kUsersManage);
  });
}

core::Error LastAdministrator() {
  return core::MakeError(ErrorKind::kConflict, "LAST_ADMINISTRATOR",
                         "no one else could then manage staff: give another active user that permission first");
}

bool ValidRoleName(std::string_view name) {
  return name.size() >= 2 && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

}  // namespace

core::Result<std::vector<StaffUser>> StaffService::ListUsers(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  return AllUsers(*lease, Q(sql::kAllUsers), actor);
}

core::Result<std::vector<StaffService::RoleView>> StaffService::ListRoles(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  std::vector<RoleView> roles;
  auto stmt = lease->Prepare(Q(sql::kAllRoles));
  while (stmt.Step())
    roles.push_back({stmt.Text(0), ParsePermissions(stmt.Text(1)).value_or(core::Permissions{}), stmt.Int(2) != 0});
  return roles;
}

core::Result<void> StaffService::SetRole(const core::Actor& actor, std::int64_t user_id, const std::string& role) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  auto row = LoadUserInScope(*lease, Q(sql::kUserInScope), user_id, actor);
  if (!row) return Fail(ErrorKind::kNotFound, "USER_NOT_FOUND", fmt::format("no user {}", user_id));
  std::optional<core::Permissions> permissions;
  {
    auto stmt = lease->Prepare(Q(sql::kRolePermissions));
    stmt.Bind(1, role);
    if (stmt.Step()) permissions = ParsePermissions(stmt.Text(0)).value_or(core::Permissions{});
  }
  if (!permissions) return Fail(ErrorKind::kInvalid, "UNKNOWN_ROLE", fmt::format("there is no role called '{}'", role), "role");
  auto changed = row->user;
  changed.role = role;
  changed.permissions = *permissions;
  if (!SomeoneManagesUsers(AllUsers(*lease, Q(sql::kAllUsers), actor), changed)) return std::unexpected(LastAdministrator());
  lease->Prepare(Q(sql::kSetRole)).Bind(1, role).Bind(2, Epoch(now)).Bind(3, user_id).Exec();
  AppendAudit(*lease,
              {actor.id, actor.client, "user.role_change", Target(user_id),
               fmt::format(R"({{"role":"{}"}})", row->user.role), fmt::format(R"({{"role":"{}"}})", role)},
              now);
  tx.Commit();
  if (row->user.role != role) NotifyChange(row->user, kNoticeRoleChanged, now);
  return {};
}

core::Result<void> StaffService::SetActive(const core::Actor& actor, std::int64_t user_id, bool active) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  auto row = LoadUserInScope(*lease, Q(sql::kUserInScope), user_id, actor);
  if (!row) return Fail(ErrorKind::kNotFound, "USER_NOT_FOUND", fmt::format("no user {}", user_id));
  if (!active && row->user.email == actor.id)
    return Fail(ErrorKind::kConflict, "SELF", "you cannot disable your own account");
  auto changed = row->user;
  changed.active = active;
  if (!active && !SomeoneManagesUsers(AllUsers(*lease, Q(sql::kAllUsers), actor), changed)) return std::unexpected(LastAdministrator());
  lease->Prepare(Q(sql::kSetStatus)).Bind(1, active ? "active" : "disabled").Bind(2, Epoch(now)).Bind(3, user_id).Exec();
  if (!active) lease->Prepare(Q(sql::kEndUserSessions)).Bind(1, Epoch(now)).Bind(2, user_id).Exec();
  AppendAudit(*lease,
              {actor.id, actor.client, active ? "user.enable" : "user.disable", Target(user_id),
               fmt::format(R"({{"status":"{}"}})", row->user.active ? "active" : "disabled"),
               fmt::format(R"({{"status":"{}"}})", active ? "active" : "disabled")},
              now);
  tx.Commit();
  return {};
}

core::Result<void> StaffService::RevokeSessions(const core::Actor& actor, std::int64_t user_id) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  if (!LoadUserInScope(*lease, Q(sql::kUserInScope), user_id, actor))
    return Fail(ErrorKind::kNotFound, "USER_NOT_FOUND", fmt::format("no user {}", user_id));
  lease->Prepare(Q(sql::kEndUserSessions)).Bind(1, Epoch(now)).Bind(2, user_id).Exec();
  AppendAudit(*lease, {actor.id, actor.client, "user.sessions_revoke", Target(user_id), "", ""}, now);
  tx.Commit();
  return {};
}

core::Result<void> StaffService::SaveRole(const core::Actor& actor, const std::string& name,
                                          const core::Permissions& permissions) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kUsersManage)) return std::unexpected(*refused);
  if (!ValidRoleName(name))
    return Fail(ErrorKind::kInvalid, "INVALID_ROLE_NAME",
                "a role's name is 2-32 lower-case letters, digits or underscores", "name");
  if (!realm_.custom_roles)
    return Fail(ErrorKind::kForbidden, "ROLES_FIXED", "an agency's roles are fixed: agency_admin, agent, read_only");
  if (IsBuiltinRole(name))
    return Fail(ErrorKind::kConflict, "BUILTIN_ROLE", fmt::format("'{}' is a built-in role and cannot change", name),
                "name");
  const auto now = clock_.Now();
  const auto text = FormatPermissions(permissions);
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  std::optional<std::string> before;
  {
    auto stmt = lease->Prepare(Q(sql::kRolePermissions));
    stmt.Bind(1, name);
    if (stmt.Step()) before = stmt.Text(0);
  }
  if (before) {
    // A role that would strip the last manager of users.manage is refused like a role change.
    const auto users = AllUsers(*lease, Q(sql::kAllUsers), actor);
    const bool keeps = std::any_of(users.begin(), users.end(), [&](const StaffUser& u) {
      return u.active && (u.role == name ? permissions : u.permissions).Has(core::Permission::kUsersManage);
    });
    if (!keeps) return std::unexpected(LastAdministrator());
    lease->Prepare(Q(sql::kUpdateRole)).Bind(1, text).Bind(2, name).Exec();
  } else {
    lease->Prepare(Q(sql::kInsertRole)).Bind(1, name).Bind(2, text).Bind(3, Epoch(now)).Exec();
  }
  AppendAudit(*lease,
              {actor.id, actor.client, "role.save", fmt::format("role {}", name),
               before ? fmt::format(R"({{"permissions":"{}"}})", *before) : "",
               fmt::format(R"({{"permissions":"{}"}})", text)},
              now);
  tx.Commit();
  return {};
}

void StaffService::RecordAction(const core::Actor& actor, const std::string& action, const std::string& target,
                                const std::string& before, const std::string& after) {
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  AppendAudit(*lease, {actor.id, actor.client, action, target, before, after}, clock_.Now());
  tx.Commit();
}

core::Result<StaffService::AuditPage> StaffService::Audit(const core::Actor& actor, int limit) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kAuditRead)) return std::unexpected(*refused);
  auto lease = mgmt_.Acquire();
  AuditPage page;
  {
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    page.rows = RecentAudit(*lease, limit);
  }
  page.verdict = VerifyAudit(*lease);
  return page;
}

std::optional<StaffUser> StaffService::FindUser(std::int64_t id) {
  auto lease = mgmt_.Acquire();
  auto row = LoadUser(*lease, Q(sql::kUserById), id);
  if (!row) return std::nullopt;
  return row->user;
}

}  // namespace jetway::identity
