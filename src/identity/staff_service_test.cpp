// Staff sign-in against a real management database (SQLite, or PostgreSQL under JETWAY_TEST_POSTGRES): passwords,
// the second factor, sessions and their limits, lock-out without telling which accounts exist, password changes and
// resets, and the audit chain each of them extends.
#include "identity/staff_service.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "identity/audit_log.hpp"
#include "identity/base32.hpp"
#include "identity/totp.hpp"
#include "mail/outbox.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::identity {
namespace {

constexpr const char* kPassword = "correct horse battery staple";

class StaffServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mgmt_db_ = std::make_unique<store::TestDatabase>("staff_mgmt");
    data_db_ = std::make_unique<store::TestDatabase>("staff_data");
    mgmt_ = mgmt_db_->Pool(4);
    data_ = data_db_->Pool(4);
    {
      auto lease = mgmt_->Acquire();
      store::Migrate(*lease, store::MgmtMigrations());
    }
    {
      auto lease = data_->Acquire();
      store::Migrate(*lease, store::DataMigrations());
    }
    Start({});
  }

  void Start(IdentityPolicy policy) {
    policy.hash_cost = HashCost::ForTests();
    service_ = std::make_unique<StaffService>(*mgmt_, *data_, clock_, random_, common_, policy);
    service_->EnsureBuiltinRoles();
  }

  StaffUser Add(const std::string& email, const std::string& role = "reservations") {
    auto added = service_->AddUser(kSystem, email, "Ida Hansen", role, std::string(kPassword));
    EXPECT_TRUE(added) << (added ? "" : added.error().message);
    return added->user;
  }

  std::string Code(const std::string& secret_base32, std::int64_t offset_steps = 0) {
    const auto secret = *Base32Decode(secret_base32);
    return TotpCode(secret, TotpStep(core::ToEpoch(clock_.Now())) + offset_steps);
  }

  AuditVerdict Audit() {
    auto lease = mgmt_->Acquire();
    return VerifyAudit(*lease);
  }

  const core::Actor kSystem = core::Actor::System();
  core::FixedClock clock_{core::FromEpoch(1'795'000'000)};
  core::SystemRandom random_;
  CommonPasswords common_{"password1234\nqwertyuiopas\n"};
  std::unique_ptr<store::TestDatabase> mgmt_db_, data_db_;
  std::unique_ptr<store::ConnectionPool> mgmt_, data_;
  std::unique_ptr<StaffService> service_;
};

TEST_F(StaffServiceTest, SignInOpensASessionWithTheRolesPermissions) {
  const auto user = Add("Ida@Example.com ");
  EXPECT_EQ(user.email, "ida@example.com");
  auto signed_in = service_->SignIn("IDA@example.com", kPassword, "192.0.2.1", "test");
  ASSERT_TRUE(signed_in) << signed_in.error().message;
  EXPECT_EQ(signed_in->token.size(), 64u);
  EXPECT_EQ(signed_in->session.stage, SessionStage::kReady);
  auto session = service_->Authenticate(signed_in->token);
  ASSERT_TRUE(session);
  const auto actor = session->Actor("192.0.2.1");
  EXPECT_EQ(actor.channel, core::Channel::kOffice);
  EXPECT_EQ(actor.id, "ida@example.com");
  EXPECT_TRUE(actor.May(core::Permission::kPaymentsCash));
  EXPECT_FALSE(actor.May(core::Permission::kUsersManage));
  EXPECT_FALSE(service_->Authenticate(std::string(64, 'a')));
  EXPECT_FALSE(service_->Authenticate("short"));
  service_->SignOut(signed_in->token);
  EXPECT_FALSE(service_->Authenticate(signed_in->token));
  const auto audit = Audit();
  EXPECT_EQ(audit.rows, 2);  // user.create, session.sign_in
  EXPECT_FALSE(audit.broken) << audit.broken->reason;
}

TEST_F(StaffServiceTest, SessionsEndWhenIdleOrTooOldAndEverywhereOnRequest) {
  const auto user = Add("ida@example.com");
  auto first = service_->SignIn("ida@example.com", kPassword, "192.0.2.1", "a");
  ASSERT_TRUE(first);
  clock_.Advance(std::chrono::minutes{29});
  EXPECT_TRUE(service_->Authenticate(first->token));  // used: the idle clock starts again
  clock_.Advance(std::chrono::minutes{29});
  EXPECT_TRUE(service_->Authenticate(first->token));
  clock_.Advance(std::chrono::minutes{31});
  EXPECT_FALSE(service_->Authenticate(first->token));  // idle for 31 minutes
  auto busy = service_->SignIn("ida@example.com", kPassword, "192.0.2.1", "a");
  for (int i = 0; i < 12 * 4; ++i) {
    clock_.Advance(std::chrono::minutes{15});
    if (i < 47) {
      ASSERT_TRUE(service_->Authenticate(busy->token)) << i;
    }
  }
  EXPECT_FALSE(service_->Authenticate(busy->token));  // 12 hours, however busy
  auto a = service_->SignIn("ida@example.com", kPassword, "192.0.2.1", "a");
  auto b = service_->SignIn("ida@example.com", kPassword, "192.0.2.2", "b");
  EXPECT_NE(a->token, b->token);
  service_->SignOutEverywhere(user.id);
  EXPECT_FALSE(service_->Authenticate(a->token));
  EXPECT_FALSE(service_->Authenticate(b->token));
}

TEST_F(StaffServiceTest, FailuresLockTheAddressWithoutTellingWhetherItExists) {
  Add("ida@example.com");
  for (const char* email : {"ida@example.com", "nobody@example.com"}) {
    for (int i = 0; i < 5; ++i) {
      auto failed = service_->SignIn(email, "wrong password here", "192.0.2.10", "x");
      ASSERT_FALSE(failed);
      EXPECT_EQ(failed.error().code, "LOGIN_FAILED") << email << " " << i;
      EXPECT_EQ(failed.error().message, "the e-mail address or the password is wrong");
    }
    auto locked = service_->SignIn(email, "wrong password here", "192.0.2.11", "x");
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, "TOO_MANY_ATTEMPTS") << email;
    EXPECT_EQ(locked.error().retry_after_seconds, 60) << email;
  }
  // Even the right password waits out the lock; then it works, and the count starts again.
  EXPECT_EQ(service_->SignIn("ida@example.com", kPassword, "192.0.2.12", "x").error().code, "TOO_MANY_ATTEMPTS");
  clock_.Advance(std::chrono::minutes{2});
  EXPECT_TRUE(service_->SignIn("ida@example.com", kPassword, "192.0.2.12", "x"));
  // A client that fails on many addresses is stopped too.
  IdentityPolicy strict;
  strict.per_client = {3, std::chrono::minutes{15}, std::chrono::hours{1}};
  Start(strict);
  for (int i = 0; i < 3; ++i) service_->SignIn(fmt::format("u{}@example.com", i), "wrong password", "198.51.100.7", "x");
  EXPECT_EQ(service_->SignIn("ida@example.com", kPassword, "198.51.100.7", "x").error().code, "TOO_MANY_ATTEMPTS");
  EXPECT_TRUE(service_->SignIn("ida@example.com", kPassword, "198.51.100.8", "x"));
}

TEST_F(StaffServiceTest, TheSecondFactorIsEnrolledThenAskedForWithANewSessionId) {
  const auto user = Add("ida@example.com");
  auto enrolment = service_->BeginTotp(user.id, "Kattegat Air");
  ASSERT_TRUE(enrolment);
  EXPECT_NE(enrolment->otpauth_uri.find("otpauth://totp/Kattegat%20Air:ida%40example.com"), std::string::npos)
      << enrolment->otpauth_uri;
  EXPECT_NE(enrolment->qr_svg.find("<svg"), std::string::npos);
  EXPECT_EQ(service_->ConfirmTotp(user.id, "000000", "c").error().code, "CODE_FAILED");
  auto codes = service_->ConfirmTotp(user.id, Code(enrolment->secret_base32), "c");
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->size(), 10u);

  clock_.Advance(std::chrono::minutes{1});
  auto signed_in = service_->SignIn("ida@example.com", kPassword, "c", "a");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->session.stage, SessionStage::kSecondFactor);
  EXPECT_TRUE(service_->Authenticate(signed_in->token)->Actor("c").permissions.Empty());  // nothing until the code
  EXPECT_EQ(service_->SecondFactor(signed_in->token, "123456", "c", "a").error().code, "CODE_FAILED");
  auto done = service_->SecondFactor(signed_in->token, Code(enrolment->secret_base32), "c", "a");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_NE(done->token, signed_in->token);  // a new id once the second factor is given
  EXPECT_FALSE(service_->Authenticate(signed_in->token));
  EXPECT_EQ(service_->Authenticate(done->token)->stage, SessionStage::kReady);

  // The same code never works twice; a recovery code works once, typed any way.
  auto again = service_->SignIn("ida@example.com", kPassword, "c", "a");
  EXPECT_EQ(service_->SecondFactor(again->token, Code(enrolment->secret_base32), "c", "a").error().code, "CODE_FAILED");
  auto lower = (*codes)[0];
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_TRUE(service_->SecondFactor(again->token, " " + lower + " ", "c", "a"));
  auto third = service_->SignIn("ida@example.com", kPassword, "c", "a");
  EXPECT_EQ(service_->SecondFactor(third->token, (*codes)[0], "c", "a").error().code, "CODE_FAILED");
  EXPECT_TRUE(service_->SecondFactor(third->token, (*codes)[1], "c", "a"));
  EXPECT_FALSE(Audit().broken);
}

TEST_F(StaffServiceTest, RequiredSecondFactorAndOneTimePasswordsComeFirst) {
  IdentityPolicy required;
  required.require_totp = true;
  Start(required);
  auto added = service_->AddUser(kSystem, "new@example.com", "New Person", "read_only", std::nullopt);
  ASSERT_TRUE(added);
  ASSERT_TRUE(added->one_time_password);
  EXPECT_TRUE(added->user.password_change_required);
  auto signed_in = service_->SignIn("new@example.com", *added->one_time_password, "c", "a");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->session.stage, SessionStage::kEnrolTotp);
  auto enrolment = service_->BeginTotp(added->user.id, "jetway");
  ASSERT_TRUE(service_->ConfirmTotp(added->user.id, Code(enrolment->secret_base32), "c"));
  EXPECT_EQ(service_->Authenticate(signed_in->token)->stage, SessionStage::kChangePassword);
  const auto& token = signed_in->token;
  EXPECT_EQ(
      service_->ChangePassword(added->user.id, token, "not it at all", "a much better passphrase", "c").error().code,
      "PASSWORD_WRONG");
  EXPECT_EQ(
      service_->ChangePassword(added->user.id, token, *added->one_time_password, "password1234", "c").error().code,
      "PASSWORD_TOO_COMMON");
  ASSERT_TRUE(
      service_->ChangePassword(added->user.id, token, *added->one_time_password, "a much better passphrase", "c"));
  EXPECT_EQ(service_->Authenticate(signed_in->token)->stage, SessionStage::kReady);
}

TEST_F(StaffServiceTest, AddingUsersChecksTheRoleTheAddressAndWhoAsks) {
  Add("ida@example.com", "administrator");
  EXPECT_EQ(service_->AddUser(kSystem, "ida@example.com", "Ida", "read_only", std::string(kPassword)).error().code,
            "USER_EXISTS");
  EXPECT_EQ(service_->AddUser(kSystem, "x@example.com", "X", "pilot", std::string(kPassword)).error().code,
            "UNKNOWN_ROLE");
  EXPECT_EQ(service_->AddUser(kSystem, "not an address", "X", "read_only", std::string(kPassword)).error().code,
            "INVALID_EMAIL");
  EXPECT_EQ(service_->AddUser(kSystem, "x@example.com", "X", "read_only", std::string("short")).error().code,
            "PASSWORD_TOO_SHORT");
  const core::Actor clerk{core::Channel::kOffice, "clerk@example.com", "c", {core::Permission::kBookingsRead}};
  EXPECT_EQ(service_->AddUser(clerk, "y@example.com", "Y", "read_only", std::string(kPassword)).error().code,
            "PERMISSION_DENIED");
  const core::Actor admin{core::Channel::kOffice, "ida@example.com", "c", core::Permissions::All()};
  EXPECT_TRUE(service_->AddUser(admin, "y@example.com", "Y", "read_only", std::string(kPassword)));
  EXPECT_EQ(service_->ResetTotp(clerk, 1).error().code, "PERMISSION_DENIED");
}

TEST_F(StaffServiceTest, OfRequestsRacingWithOneResetLinkExactlyOneSucceeds) {
  const auto user = Add("ida@example.com");
  for (int round = 0; round < 3; ++round) {
    clock_.Advance(std::chrono::hours{1});  // past the hourly limit on links
    service_->RequestPasswordReset("ida@example.com", "x?t=", "c");
    const auto token = mail::Outbox(*data_, clock_).ForReference(std::to_string(user.id)).back().payload->substr(4);
    std::atomic<int> ready{0}, succeeded{0};
    std::vector<std::thread> racers;
    for (int i = 0; i < 6; ++i)
      racers.emplace_back([&, i] {
        ++ready;
        while (ready.load() < 6) std::this_thread::yield();
        if (service_->ResetPassword(token, fmt::format("racing passphrase number {}", i), "c")) ++succeeded;
      });
    for (auto& racer : racers) racer.join();
    EXPECT_EQ(succeeded.load(), 1) << "round " << round;
  }
}

TEST_F(StaffServiceTest, AResetLinkIsMailedOnceWorksOnceAndEndsEverySession) {
  const auto user = Add("ida@example.com");
  auto session = service_->SignIn("ida@example.com", kPassword, "c", "a");
  service_->RequestPasswordReset("nobody@example.com", "https://office.example/reset?t=", "c");
  service_->RequestPasswordReset("IDA@example.com", "https://office.example/reset?t=", "c");
  const auto rows = mail::Outbox(*data_, clock_).ForReference(std::to_string(user.id));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, kPasswordResetMail);
  EXPECT_EQ(rows[0].recipient, "ida@example.com");
  ASSERT_TRUE(rows[0].payload);
  const auto token = rows[0].payload->substr(std::string("https://office.example/reset?t=").size());
  EXPECT_EQ(service_->ResetPassword(token, "short", "c").error().code, "PASSWORD_TOO_SHORT");
  ASSERT_TRUE(service_->ResetPassword(token, "a new and longer passphrase", "c"));
  EXPECT_EQ(service_->ResetPassword(token, "another long passphrase", "c").error().code, "RESET_LINK_INVALID");
  EXPECT_FALSE(service_->Authenticate(session->token));
  EXPECT_TRUE(service_->SignIn("ida@example.com", "a new and longer passphrase", "c", "a"));
  // Links expire, and at most three are sent an hour.
  service_->RequestPasswordReset("ida@example.com", "x?t=", "c");
  clock_.Advance(std::chrono::minutes{31});
  const auto late = mail::Outbox(*data_, clock_).ForReference(std::to_string(user.id)).back();
  EXPECT_EQ(service_->ResetPassword(late.payload->substr(4), "yet another passphrase", "c").error().code,
            "RESET_LINK_INVALID");
  for (int i = 0; i < 5; ++i) service_->RequestPasswordReset("ida@example.com", "x?t=", "c");
  const auto sent = mail::Outbox(*data_, clock_).ForReference(std::to_string(user.id));
  EXPECT_EQ(std::count_if(sent.begin(), sent.end(), [](const auto& row) { return row.kind == kPasswordResetMail; }),
            3);  // 2 in the hour, 1 more
  EXPECT_FALSE(Audit().broken);
}

TEST_F(StaffServiceTest, EveryChangeToSignInOrRoleIsNoticedToItsOwner) {
  Add("boss@example.com", "administrator");
  const auto user = Add("ida@example.com", "reservations");
  const core::Actor admin{core::Channel::kOffice, "boss@example.com", "c", core::Permissions::All()};
  auto notices = [&] {
    std::vector<std::string> changes;
    for (const auto& row : mail::Outbox(*data_, clock_).ForReference(std::to_string(user.id)))
      if (row.kind == kSecurityNoticeMail) {
        EXPECT_EQ(row.recipient, "ida@example.com");
        changes.push_back(row.payload.value_or("(none)"));
      }
    return changes;
  };
  EXPECT_EQ(service_->ChangePassword(user.id, "", "not the password", "a brand new passphrase", "c").error().code,
            "PASSWORD_WRONG");
  EXPECT_TRUE(notices().empty());  // nothing changed, nothing to notice
  ASSERT_TRUE(service_->ChangePassword(user.id, "", kPassword, "a brand new passphrase", "c"));
  auto enrolment = service_->BeginTotp(user.id, "Kattegat Air");
  ASSERT_TRUE(enrolment);
  ASSERT_TRUE(service_->ConfirmTotp(user.id, Code(enrolment->secret_base32), "c"));
  ASSERT_TRUE(service_->ResetTotp(admin, user.id));
  ASSERT_TRUE(service_->SetRole(admin, user.id, "finance"));
  ASSERT_TRUE(service_->SetRole(admin, user.id, "finance"));  // no change
  service_->RequestPasswordReset("ida@example.com", "x?t=", "c");
  std::string token;
  for (const auto& row : mail::Outbox(*data_, clock_).ForReference(std::to_string(user.id)))
    if (row.kind == kPasswordResetMail) token = row.payload->substr(4);
  ASSERT_TRUE(service_->ResetPassword(token, "yet another new passphrase", "c"));
  EXPECT_EQ(notices(), (std::vector<std::string>{kNoticePasswordChanged, kNoticeTotpEnrolled, kNoticeTotpReset,
                                                 kNoticeRoleChanged, kNoticePasswordReset}));
}

TEST_F(StaffServiceTest, StaffSeeAndEndTheirOwnSessionsAndAPasswordChangeEndsTheOthers) {
  const auto ida = Add("ida@example.com");
  const auto other = Add("other@example.com");
  auto desk = service_->SignIn("ida@example.com", kPassword, "192.0.2.1", "Firefox at the desk");
  clock_.Advance(std::chrono::minutes{1});
  auto phone = service_->SignIn("ida@example.com", kPassword, "198.51.100.7", "Safari on a phone");
  auto theirs = service_->SignIn("other@example.com", kPassword, "192.0.2.9", "Edge");
  ASSERT_TRUE(desk && phone && theirs);
  auto sessions = service_->OwnSessions(ida.id, desk->token);
  ASSERT_EQ(sessions.size(), 2u);  // hers only, the most recent first
  EXPECT_EQ(sessions[0].user_agent, "Safari on a phone");
  EXPECT_EQ(sessions[0].client, "198.51.100.7");
  EXPECT_FALSE(sessions[0].current);
  EXPECT_TRUE(sessions[1].current);
  EXPECT_EQ(sessions[0].handle.size(), 64u);
  EXPECT_NE(sessions[0].handle, phone->token);  // names the session without being its secret

  // Another's session cannot be ended through her page; her own can, once.
  const auto their_handle = service_->OwnSessions(other.id, theirs->token)[0].handle;
  EXPECT_EQ(service_->EndOwnSession(ida.id, their_handle, "c").error().code, "SESSION_NOT_FOUND");
  EXPECT_TRUE(service_->Authenticate(theirs->token));
  ASSERT_TRUE(service_->EndOwnSession(ida.id, sessions[0].handle, "c"));
  EXPECT_FALSE(service_->Authenticate(phone->token));
  EXPECT_EQ(service_->EndOwnSession(ida.id, sessions[0].handle, "c").error().code, "SESSION_NOT_FOUND");
  EXPECT_TRUE(service_->Authenticate(desk->token));

  // A password change ends every other session of hers, not the one making it, nor anyone else's.
  auto laptop = service_->SignIn("ida@example.com", kPassword, "192.0.2.2", "Chrome");
  ASSERT_TRUE(service_->ChangePassword(ida.id, desk->token, kPassword, "a brand new passphrase", "c"));
  EXPECT_FALSE(service_->Authenticate(laptop->token));
  EXPECT_TRUE(service_->Authenticate(desk->token));
  EXPECT_TRUE(service_->Authenticate(theirs->token));

  auto tablet = service_->SignIn("ida@example.com", "a brand new passphrase", "192.0.2.3", "Tablet");
  service_->EndOtherSessions(ida.id, desk->token, "c");
  EXPECT_FALSE(service_->Authenticate(tablet->token));
  EXPECT_EQ(service_->OwnSessions(ida.id, desk->token).size(), 1u);
  EXPECT_FALSE(Audit().broken);
}

TEST_F(StaffServiceTest, AdministratorsManageStaffButNeverLockEveryoneOut) {
  const auto admin_user = Add("boss@example.com", "administrator");
  const auto clerk = Add("clerk@example.com", "reservations");
  const core::Actor admin{core::Channel::kOffice, "boss@example.com", "c", core::Permissions::All()};
  const core::Actor desk{core::Channel::kOffice, "clerk@example.com", "c", {core::Permission::kBookingsRead}};
  EXPECT_EQ(service_->ListUsers(desk).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->SetRole(desk, clerk.id, "administrator").error().code, "PERMISSION_DENIED");
  ASSERT_EQ(service_->ListUsers(admin)->size(), 2u);

  ASSERT_TRUE(service_->SetRole(admin, clerk.id, "finance"));
  EXPECT_EQ(service_->FindUser(clerk.id)->role, "finance");
  EXPECT_EQ(service_->SetRole(admin, clerk.id, "pilot").error().code, "UNKNOWN_ROLE");
  // The only administrator can neither lose the role nor be disabled; nor can anyone disable themselves.
  EXPECT_EQ(service_->SetRole(admin, admin_user.id, "read_only").error().code, "LAST_ADMINISTRATOR");
  EXPECT_EQ(service_->SetActive(admin, admin_user.id, false).error().code, "SELF");

  auto session = service_->SignIn("clerk@example.com", kPassword, "c", "a");
  ASSERT_TRUE(service_->SetActive(admin, clerk.id, false));
  EXPECT_FALSE(service_->Authenticate(session->token));  // disabling ends the sessions
  EXPECT_EQ(service_->SignIn("clerk@example.com", kPassword, "c", "a").error().code, "LOGIN_FAILED");
  ASSERT_TRUE(service_->SetActive(admin, clerk.id, true));
  auto again = service_->SignIn("clerk@example.com", kPassword, "c", "a");
  ASSERT_TRUE(again);
  ASSERT_TRUE(service_->RevokeSessions(admin, clerk.id));
  EXPECT_FALSE(service_->Authenticate(again->token));

  // Custom roles: a name, a set of permissions; built-in roles stay as they are.
  ASSERT_TRUE(service_->SaveRole(admin, "night_desk", {core::Permission::kBookingsRead, core::Permission::kPaymentsCash}));
  EXPECT_EQ(service_->SaveRole(admin, "administrator", {}).error().code, "BUILTIN_ROLE");
  EXPECT_EQ(service_->SaveRole(admin, "Night Desk", {}).error().code, "INVALID_ROLE_NAME");
  ASSERT_TRUE(service_->SetRole(admin, clerk.id, "night_desk"));
  auto night = service_->SignIn("clerk@example.com", kPassword, "c", "a");
  const auto actor = service_->Authenticate(night->token)->Actor("c");
  EXPECT_TRUE(actor.May(core::Permission::kPaymentsCash));
  EXPECT_FALSE(actor.May(core::Permission::kInventoryRead));
  const auto roles = service_->ListRoles(admin);
  ASSERT_TRUE(roles);
  EXPECT_EQ(roles->size(), 8u);  // seven built-in and one custom

  // Every change is in the audit log, and the log verifies.
  const auto audit = service_->Audit(admin, 50);
  ASSERT_TRUE(audit);
  EXPECT_FALSE(audit->verdict.broken);
  std::vector<std::string> actions;
  for (const auto& row : audit->rows) actions.push_back(row.action);
  for (const char* action : {"user.role_change", "user.disable", "user.enable", "user.sessions_revoke", "role.save"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
  EXPECT_EQ(audit->rows.front().seq, audit->verdict.rows);  // newest first
  EXPECT_EQ(service_->Audit(desk, 10).error().code, "PERMISSION_DENIED");
}

}  // namespace
}  // namespace jetway::identity
