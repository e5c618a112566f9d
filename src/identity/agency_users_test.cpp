// The agency realm: travel agencies' people sign in like staff but apart from them (their own tables, the agent
// channel, their agency on every actor), and an agency's administrator sees and manages that agency's users only.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "identity/base32.hpp"
#include "identity/realm.hpp"
#include "identity/staff_service.hpp"
#include "identity/totp.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::identity {
namespace {

constexpr const char* kAgencyPassword = "correct horse battery staple";

class AgencyUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mgmt_db_ = std::make_unique<store::TestDatabase>("agency_users_mgmt");
    data_db_ = std::make_unique<store::TestDatabase>("agency_users_data");
    mgmt_ = mgmt_db_->Pool(4);
    data_ = data_db_->Pool(4);
    {
      auto lease = mgmt_->Acquire();
      store::Migrate(*lease, store::MgmtMigrations());
      for (int id : {1, 2})
        lease->Prepare("INSERT INTO agencies (code, name, contact_name, email, phone, address_line1, address_line2, "
                       "postcode, city, country, status, currency, airlines, settlement, created_at, updated_at) "
                       "VALUES (?, ?, 'A', 'a@example.com', '', '', '', '', '', 'DK', 'active', 'DKK', 'KA', 'net', "
                       "0, 0)")
            .Bind(1, std::to_string(9612340 + id))
            .Bind(2, "Agency " + std::to_string(id))
            .Exec();
    }
    {
      auto lease = data_->Acquire();
      store::Migrate(*lease, store::DataMigrations());
    }
    IdentityPolicy policy;
    policy.hash_cost = HashCost::ForTests();
    agents_ = std::make_unique<StaffService>(*mgmt_, *data_, clock_, random_, common_, policy, AgencyRealm());
    staff_ = std::make_unique<StaffService>(*mgmt_, *data_, clock_, random_, common_, policy, StaffRealm());
    agents_->EnsureBuiltinRoles();
  }

  // The actor a back-office administrator (or the CLI) acts as when it adds an agency's user.
  static core::Actor ForAgency(std::int64_t agency) {
    auto actor = core::Actor::System();
    actor.agency_id = agency;
    return actor;
  }

  StaffUser Add(std::int64_t agency, const std::string& email, const std::string& role) {
    auto added = agents_->AddUser(ForAgency(agency), email, "Ole Olsen", role, std::string(kAgencyPassword));
    EXPECT_TRUE(added) << (added ? "" : added.error().message);
    return added->user;
  }

  core::Actor SignedIn(const std::string& email) {
    auto signed_in = agents_->SignIn(email, kAgencyPassword, "192.0.2.9", "test");
    EXPECT_TRUE(signed_in) << (signed_in ? "" : signed_in.error().message);
    return agents_->Authenticate(signed_in->token)->Actor("192.0.2.9");
  }

  core::FixedClock clock_{core::FromEpoch(1'795'000'000)};
  core::SystemRandom random_;
  CommonPasswords common_{"password1234\n"};
  std::unique_ptr<store::TestDatabase> mgmt_db_, data_db_;
  std::unique_ptr<store::ConnectionPool> mgmt_, data_;
  std::unique_ptr<StaffService> agents_, staff_;
};

TEST_F(AgencyUsersTest, AnAgencysUserActsForItsAgencyThroughTheAgentChannelOnly) {
  const auto user = Add(1, "Sara@Rejser.dk", "agent");
  EXPECT_EQ(user.agency_id, 1);
  const auto actor = SignedIn("sara@rejser.dk");
  EXPECT_EQ(actor.channel, core::Channel::kAgent);
  EXPECT_EQ(actor.agency_id, 1);
  EXPECT_TRUE(actor.May(core::Permission::kBookingsWrite));
  EXPECT_FALSE(actor.May(core::Permission::kUsersManage));
  EXPECT_FALSE(actor.May(core::Permission::kAgenciesRead));
  // Staff sign-in knows nothing of agency users, and the other way round.
  EXPECT_EQ(staff_->SignIn("sara@rejser.dk", kAgencyPassword, "c", "a").error().code, "LOGIN_FAILED");
  ASSERT_TRUE(staff_->AddUser(core::Actor::System(), "boss@airline.example", "Boss", "administrator",
                              std::string(kAgencyPassword)));
  EXPECT_EQ(agents_->SignIn("boss@airline.example", kAgencyPassword, "c", "a").error().code, "LOGIN_FAILED");
}

TEST_F(AgencyUsersTest, OnlyAgencyRolesForAnAgencyAndOnlyForOne) {
  EXPECT_EQ(agents_->AddUser(ForAgency(1), "x@rejser.dk", "X", "administrator", std::nullopt).error().code,
            "UNKNOWN_ROLE");
  EXPECT_EQ(agents_->AddUser(core::Actor::System(), "x@rejser.dk", "X", "agent", std::nullopt).error().code,
            "PERMISSION_DENIED");
  EXPECT_EQ(staff_->AddUser(ForAgency(1), "x@rejser.dk", "X", "reservations", std::nullopt).error().code,
            "PERMISSION_DENIED");
  Add(1, "chef@rejser.dk", "agency_admin");
  const auto admin = SignedIn("chef@rejser.dk");
  EXPECT_EQ(agents_->SaveRole(admin, "night_desk", {core::Permission::kBookingsRead}).error().code, "ROLES_FIXED");
  const auto roles = agents_->ListRoles(admin);
  ASSERT_TRUE(roles);
  EXPECT_EQ(roles->size(), 3u);
}

TEST_F(AgencyUsersTest, AnAgencysAdministratorManagesItsOwnUsersAndCannotReachAnothers) {
  Add(1, "chef@rejser.dk", "agency_admin");
  const auto mine = Add(1, "sara@rejser.dk", "agent");
  Add(2, "boss@travel.example", "agency_admin");
  const auto theirs = Add(2, "tom@travel.example", "agent");
  const auto admin = SignedIn("chef@rejser.dk");

  const auto users = agents_->ListUsers(admin);
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_TRUE(std::all_of(users->begin(), users->end(), [](const StaffUser& u) { return u.agency_id == 1; }));

  // Another agency's user, by id: as if there were no such user, and nothing changes.
  EXPECT_EQ(agents_->SetRole(admin, theirs.id, "read_only").error().code, "USER_NOT_FOUND");
  EXPECT_EQ(agents_->SetActive(admin, theirs.id, false).error().code, "USER_NOT_FOUND");
  EXPECT_EQ(agents_->RevokeSessions(admin, theirs.id).error().code, "USER_NOT_FOUND");
  EXPECT_EQ(agents_->ResetTotp(admin, theirs.id).error().code, "USER_NOT_FOUND");
  const auto tom = agents_->FindUser(theirs.id);
  EXPECT_EQ(tom->role, "agent");
  EXPECT_TRUE(tom->active);

  // Its own: yes; and what its administrator adds belongs to its agency, whatever the form says.
  ASSERT_TRUE(agents_->SetRole(admin, mine.id, "read_only"));
  EXPECT_EQ(agents_->FindUser(mine.id)->role, "read_only");
  auto added = agents_->AddUser(admin, "new@rejser.dk", "Ny", "agent", std::nullopt);
  ASSERT_TRUE(added);
  EXPECT_EQ(added->user.agency_id, 1);
  EXPECT_TRUE(added->one_time_password);
}

TEST_F(AgencyUsersTest, AnAgencyUserEnrolsASecondFactorWhenThePortalRequiresIt) {
  IdentityPolicy policy;
  policy.hash_cost = HashCost::ForTests();
  policy.require_totp = true;
  agents_ = std::make_unique<StaffService>(*mgmt_, *data_, clock_, random_, common_, policy, AgencyRealm());
  Add(1, "sara@rejser.dk", "agent");
  auto signed_in = agents_->SignIn("sara@rejser.dk", kAgencyPassword, "192.0.2.9", "test");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->session.stage, SessionStage::kEnrolTotp);
  EXPECT_FALSE(signed_in->session.Actor("c").May(core::Permission::kBookingsRead));  // nothing until enrolled
  const auto user = signed_in->session.user.id;
  auto enrolment = agents_->BeginTotp(user, "Kattegat Air");
  ASSERT_TRUE(enrolment);
  const auto secret = *Base32Decode(enrolment->secret_base32);
  ASSERT_TRUE(agents_->ConfirmTotp(user, TotpCode(secret, TotpStep(core::ToEpoch(clock_.Now()))), "c"));
  // The next sign-in asks for a code, and with it the session is ready, on the agent channel.
  auto again = agents_->SignIn("sara@rejser.dk", kAgencyPassword, "192.0.2.9", "test");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->session.stage, SessionStage::kSecondFactor);
  clock_.Advance(std::chrono::seconds{30});
  auto second = agents_->SecondFactor(again->token, TotpCode(secret, TotpStep(core::ToEpoch(clock_.Now()))), "c", "t");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->session.stage, SessionStage::kReady);
  EXPECT_EQ(second->session.Actor("c").channel, core::Channel::kAgent);
  EXPECT_TRUE(second->session.Actor("c").May(core::Permission::kBookingsRead));
}

TEST_F(AgencyUsersTest, EachAgencyKeepsAnAdministratorOfItsOwn) {
  const auto chef = Add(1, "chef@rejser.dk", "agency_admin");
  Add(2, "boss@travel.example", "agency_admin");
  const auto admin = SignedIn("chef@rejser.dk");
  // Agency 2's administrator does not count for agency 1.
  EXPECT_EQ(agents_->SetRole(admin, chef.id, "agent").error().code, "LAST_ADMINISTRATOR");
  const auto second = Add(1, "vice@rejser.dk", "agency_admin");
  ASSERT_TRUE(agents_->SetRole(admin, chef.id, "agent"));
  const auto vice = SignedIn("vice@rejser.dk");
  EXPECT_EQ(agents_->SetActive(vice, second.id, false).error().code, "SELF");
}

}  // namespace
}  // namespace jetway::identity
