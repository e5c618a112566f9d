// Partners' credentials against real databases (SQLite, or PostgreSQL under JETWAY_TEST_POSTGRES): who may add them,
// auth_ids kept unique, the secret kept only as a salted hash, every way a credential can be wrong answered alike,
// and each addition in the audit chain.
#include "partners/partner_service.hpp"

#include <gtest/gtest.h>

#include "identity/audit_log.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::partners {
namespace {

constexpr const char* kSecret = "7c1d0e4a9b2f46a8b0c3d5e7f9a1b3c5";

class PartnerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::TestDatabase>("partner_mgmt");
    mgmt_ = db_->Pool(4);
    {
      auto lease = mgmt_->Acquire();
      store::Migrate(*lease, store::MgmtMigrations());
    }
    service_ = std::make_unique<PartnerService>(*mgmt_, clock_, random_);
  }

  static Partner Draft(const std::string& auth_id = "3F0C2B7E-1111-4A5B-9C00-0123456789AB") {
    Partner p;
    p.auth_id = auth_id;
    p.name = "Safari Trips";
    p.methods = DefaultMethods();
    p.airlines = {"X9"};
    return p;
  }

  std::string StoredColumn(const char* column, const std::string& auth_id) {
    auto lease = mgmt_->Acquire();
    auto stmt = lease->Prepare(std::string("SELECT ") + column + " FROM partners WHERE auth_id = ?");
    stmt.Bind(1, auth_id);
    return stmt.Step() ? stmt.Text(0) : "";
  }

  core::FixedClock clock_{core::FromEpoch(1'790'000'000)};
  core::SystemRandom random_;
  std::unique_ptr<store::TestDatabase> db_;
  std::unique_ptr<store::ConnectionPool> mgmt_;
  std::unique_ptr<PartnerService> service_;
};

TEST_F(PartnerServiceTest, AddsAndAuthenticates) {
  auto added = service_->Add(core::Actor::System(), Draft(), kSecret);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_GT(added->id, 0);
  auto partner = service_->Authenticate("3F0C2B7E-1111-4A5B-9C00-0123456789AB", kSecret);
  ASSERT_TRUE(partner) << partner.error().message;
  EXPECT_EQ(partner->id, added->id);
  EXPECT_EQ(partner->name, "Safari Trips");
  EXPECT_EQ(partner->airlines, std::vector<std::string>{"X9"});
  EXPECT_TRUE(MayCall(*partner, "createBooking"));
  EXPECT_FALSE(MayCall(*partner, "updateClass"));
  // Only the salted hash is kept.
  const auto hash = StoredColumn("secret_hash", partner->auth_id);
  EXPECT_EQ(hash, SecretHash(StoredColumn("secret_salt", partner->auth_id), kSecret));
  EXPECT_EQ(hash.find(kSecret), std::string::npos);
  auto verdict = [&] {
    auto lease = mgmt_->Acquire();
    return identity::VerifyAudit(*lease);
  }();
  EXPECT_FALSE(verdict.broken);
  EXPECT_EQ(verdict.rows, 1);
}

TEST_F(PartnerServiceTest, EveryWrongCredentialAnswersAlike) {
  ASSERT_TRUE(service_->Add(core::Actor::System(), Draft(), kSecret));
  for (auto [id, secret] : std::vector<std::pair<std::string, std::string>>{
           {"3F0C2B7E-1111-4A5B-9C00-0123456789AB", "7c1d0e4a9b2f46a8b0c3d5e7f9a1b3c5x"},
           {"3F0C2B7E-1111-4A5B-9C00-0123456789AB", ""},
           {"NOBODY-0000-0000", kSecret},
           {"", kSecret},
           {"bad id with spaces", kSecret}}) {
    auto refused = service_->Authenticate(id, secret);
    ASSERT_FALSE(refused) << id;
    EXPECT_EQ(refused.error().code, "WRONG_CREDENTIALS");
    EXPECT_EQ(refused.error().message, "Wrong credentials");
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kUnauthorized);
  }
}

TEST_F(PartnerServiceTest, RefusesWithoutPermissionTakenIdsWeakSecretsAndUnknownAgencies) {
  core::Actor clerk{core::Channel::kOffice, "clerk@airline.example", "10.0.0.9",
                    core::Permissions{core::Permission::kAgenciesRead}};
  EXPECT_EQ(service_->Add(clerk, Draft(), kSecret).error().code, "PERMISSION_DENIED");
  ASSERT_TRUE(service_->Add(core::Actor::System(), Draft(), kSecret));
  EXPECT_EQ(service_->Add(core::Actor::System(), Draft(), kSecret).error().code, "AUTH_ID_TAKEN");
  EXPECT_EQ(service_->Add(core::Actor::System(), Draft("SECOND-PARTNER-1"), "short").error().code, "WEAK_SECRET");
  auto with_agency = Draft("SECOND-PARTNER-1");
  with_agency.agency_id = 4242;
  EXPECT_EQ(service_->Add(core::Actor::System(), with_agency, kSecret).error().code, "AGENCY_NOT_FOUND");
  auto listed = service_->List(core::Actor::System());
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1U);
  EXPECT_EQ(service_->List(core::Actor::Passenger(core::Channel::kApi, "1.2.3.4")).error().code,
            "AUTHENTICATION_REQUIRED");
}

}  // namespace
}  // namespace jetway::partners

#include "partners/partner_meter.hpp"

namespace jetway::partners {
namespace {

TEST_F(PartnerServiceTest, MeterKeepsQuotasPerMinuteOnANodeAndPerDayAcrossNodes) {
  auto draft = Draft();
  draft.quotas = Quotas{3, 5, 1, 100, 0};
  auto partner = service_->Add(core::Actor::System(), draft, kSecret);
  ASSERT_TRUE(partner) << partner.error().message;
  const auto& search = *FindMethod("getDeepLink");
  const auto& other = *FindMethod("getBooking");
  // Two nodes over one management database.
  PartnerMeter a(*mgmt_, clock_, std::chrono::seconds{2});
  PartnerMeter b(*mgmt_, clock_, std::chrono::seconds{2});
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(a.Admit(*partner, search)) << i;
  auto minute = a.Admit(*partner, search);
  ASSERT_TRUE(minute);
  EXPECT_EQ(minute->code, "QUOTA_EXCEEDED");
  EXPECT_GE(minute->retry_after_seconds, 1);
  EXPECT_LE(minute->retry_after_seconds, 60);
  EXPECT_FALSE(a.Admit(*partner, other));  // other methods are not searches
  EXPECT_FALSE(b.Admit(*partner, search));  // per minute is each node's
  a.Flush();
  b.Flush();
  clock_.Advance(std::chrono::seconds{61});
  // 4 searches made today over both nodes; the fifth fits, the sixth is over the day's quota on either node.
  EXPECT_FALSE(b.Admit(*partner, search));
  b.Flush();
  a.Flush();
  auto day = a.Admit(*partner, search);
  ASSERT_TRUE(day);
  EXPECT_NE(day->message.find("5 searches a day"), std::string::npos);
  a.Failed(*partner, other);
  auto usage = a.Usage(core::Actor::System(), partner->id, core::LocalDate{date::floor<date::days>(clock_.Now())},
                       core::LocalDate{date::floor<date::days>(clock_.Now())});
  ASSERT_TRUE(usage);
  std::map<std::string, std::tuple<std::int64_t, std::int64_t, std::int64_t>> by_method;
  for (const auto& u : *usage) by_method[u.method] = {u.calls, u.errors, u.refused};
  EXPECT_EQ(by_method["getDeepLink"], std::make_tuple(5, 0, 2));  // 5 admitted, 2 refused
  EXPECT_EQ(by_method["getBooking"], std::make_tuple(1, 1, 0));
  EXPECT_EQ(a.Usage(core::Actor::Passenger(core::Channel::kApi, "1.2.3.4"), partner->id, {}, {}).error().code,
            "AUTHENTICATION_REQUIRED");
}

}  // namespace
}  // namespace jetway::partners
