// Agencies and their accounts against real databases (SQLite, or PostgreSQL under JETWAY_TEST_POSTGRES): who may
// add and change them, codes kept unique, a currency that never changes, credit limits, deposits and adjustments in
// the ledger with the balance kept equal to the rows' sum, and every change in the audit chain.
#include "agents/agency_service.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "identity/audit_log.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::agents {
namespace {

class AgencyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mgmt_db_ = std::make_unique<store::TestDatabase>("agency_mgmt");
    data_db_ = std::make_unique<store::TestDatabase>("agency_data");
    mgmt_ = mgmt_db_->Pool(4);
    data_ = data_db_->Pool(8);
    {
      auto lease = mgmt_->Acquire();
      store::Migrate(*lease, store::MgmtMigrations());
    }
    {
      auto lease = data_->Acquire();
      store::Migrate(*lease, store::DataMigrations());
    }
    service_ = std::make_unique<AgencyService>(*mgmt_, *data_, clock_);
  }

  static Agency Draft(const std::string& code = "12345675") {
    Agency a;
    a.code = code;
    a.name = "Nordlys Rejser";
    a.contact_name = "Ida Hansen";
    a.email = "booking@nordlys.example";
    a.phone = "+45 33 12 34 56";
    a.address_line1 = "Vesterbrogade 10";
    a.postcode = "1620";
    a.city = "Copenhagen";
    a.country = "DK";
    a.currency = "DKK";
    a.airlines = {"JW"};
    return a;
  }

  core::Actor Staff(std::initializer_list<core::Permission> permissions) {
    return {core::Channel::kOffice, "finance@airline.example", "10.0.0.7", core::Permissions(permissions)};
  }

  identity::AuditVerdict Audit() {
    auto lease = mgmt_->Acquire();
    return identity::VerifyAudit(*lease);
  }

  core::FixedClock clock_{core::FromEpoch(1'795'000'000)};
  std::unique_ptr<store::TestDatabase> mgmt_db_, data_db_;
  std::unique_ptr<store::ConnectionPool> mgmt_, data_;
  std::unique_ptr<AgencyService> service_;
  const core::Actor kManager = Staff({core::Permission::kAgenciesRead, core::Permission::kAgenciesManage});
  const core::Actor kFinance = Staff({core::Permission::kAgenciesRead, core::Permission::kAgencyFunds});
};

TEST_F(AgencyServiceTest, AManagerAddsAnAgencyWithAnEmptyAccountInItsCurrency) {
  auto created = service_->Create(kManager, Draft());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GT(created->agency.id, 0);
  EXPECT_EQ(created->agency.status, AgencyStatus::kActive);
  EXPECT_EQ(created->account.currency, "DKK");
  EXPECT_EQ(created->account.credit_limit, 0);
  EXPECT_EQ(created->account.balance, 0);
  auto found = service_->Find(kFinance, created->agency.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->agency.name, "Nordlys Rejser");
  EXPECT_EQ(found->agency.airlines, (std::vector<std::string>{"JW"}));
  auto all = service_->List(kFinance);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(Audit().rows, 1);
  EXPECT_FALSE(Audit().broken);
}

TEST_F(AgencyServiceTest, OnlyTheRightPermissionsReadChangeOrFundAgencies) {
  const core::Actor nobody = Staff({core::Permission::kBookingsRead});
  EXPECT_EQ(service_->Create(nobody, Draft()).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->Create(kFinance, Draft()).error().code, "PERMISSION_DENIED");
  auto created = service_->Create(kManager, Draft());
  ASSERT_TRUE(created);
  const auto id = created->agency.id;
  EXPECT_EQ(service_->List(nobody).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->Find(nobody, id).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->Update(kFinance, id, Draft()).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->SetCreditLimit(kManager, id, {100, "DKK"}).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->RecordFunds(kManager, id, LedgerKind::kDeposit, {100, "DKK"}, "", "").error().code,
            "PERMISSION_DENIED");
  EXPECT_EQ(service_->Find(kFinance, id + 99).error().code, "AGENCY_NOT_FOUND");
  EXPECT_EQ(service_->Ledger(nobody, id, clock_.Now(), clock_.Now()).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(Audit().rows, 1);  // the one creation
}

TEST_F(AgencyServiceTest, CodesAreUniqueAndTheCurrencyNeverChanges) {
  auto first = service_->Create(kManager, Draft("NORDLYS"));
  ASSERT_TRUE(first);
  auto twice = service_->Create(kManager, Draft("nordlys"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, "AGENCY_CODE_TAKEN");
  auto other = service_->Create(kManager, Draft("SOLRIG"));
  ASSERT_TRUE(other);
  EXPECT_EQ(service_->Update(kManager, other->agency.id, Draft("NORDLYS")).error().code, "AGENCY_CODE_TAKEN");
  auto euros = Draft("SOLRIG");
  euros.currency = "EUR";
  EXPECT_EQ(service_->Update(kManager, other->agency.id, euros).error().code, "CURRENCY_FIXED");
  auto suspended = Draft("SOLRIG");
  suspended.status = AgencyStatus::kSuspended;
  suspended.name = "Solrig Travel";
  auto updated = service_->Update(kManager, other->agency.id, suspended);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->agency.status, AgencyStatus::kSuspended);
  EXPECT_EQ(service_->Find(kFinance, other->agency.id)->agency.name, "Solrig Travel");
  auto lease = mgmt_->Acquire();
  const auto rows = identity::RecentAudit(*lease, 1);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "agency.suspend");
  EXPECT_NE(rows[0].before.find("\"status\":\"active\""), std::string::npos);
  EXPECT_NE(rows[0].after.find("\"status\":\"suspended\""), std::string::npos);
}

TEST_F(AgencyServiceTest, FundsAndLimitsMoveTheLedgerAndTheKeptBalanceTogether) {
  auto created = service_->Create(kManager, Draft());
  ASSERT_TRUE(created);
  const auto id = created->agency.id;
  auto limited = service_->SetCreditLimit(kFinance, id, {500000, "DKK"});
  ASSERT_TRUE(limited) << limited.error().message;
  EXPECT_EQ(limited->account.credit_limit, 500000);
  EXPECT_EQ(service_->SetCreditLimit(kFinance, id, {-1, "DKK"}).error().code, "INVALID_AMOUNT");
  auto deposit = service_->RecordFunds(kFinance, id, LedgerKind::kDeposit, {120000, "DKK"}, " BANK-2026-118 ", "");
  ASSERT_TRUE(deposit) << deposit.error().message;
  EXPECT_EQ(deposit->reference, "BANK-2026-118");
  EXPECT_EQ(deposit->balance_after, 120000);
  EXPECT_EQ(deposit->actor, "office:finance@airline.example");
  clock_.Advance(std::chrono::seconds{60});
  auto fee = service_->RecordFunds(kFinance, id, LedgerKind::kAdjustment, {-2500, "DKK"}, "", "bank charge");
  ASSERT_TRUE(fee) << fee.error().message;
  EXPECT_EQ(fee->balance_after, 117500);
  EXPECT_EQ(service_->RecordFunds(kFinance, id, LedgerKind::kAdjustment, {-2500, "DKK"}, "", "").error().code,
            "NOTE_REQUIRED");
  EXPECT_EQ(service_->RecordFunds(kFinance, id, LedgerKind::kDeposit, {100, "EUR"}, "", "").error().code,
            "CURRENCY_MISMATCH");
  auto view = service_->Find(kFinance, id);
  EXPECT_EQ(view->account.balance, 117500);
  EXPECT_EQ(view->account.Available(), (core::Money{617500, "DKK"}));
  auto rows = service_->Ledger(kFinance, id, core::FromEpoch(0), clock_.Now() + std::chrono::seconds{1});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].kind, LedgerKind::kDeposit);
  EXPECT_EQ((*rows)[1].note, "bank charge");
  for (const auto& check : service_->CheckLedger()) EXPECT_TRUE(check.Holds()) << check.agency_id;
  EXPECT_EQ(Audit().rows, 4);  // created, limit, deposit, adjustment
  EXPECT_FALSE(Audit().broken);
}

TEST_F(AgencyServiceTest, AnAgencysPeopleSeeTheirOwnAgencyAndNoOther) {
  auto own = service_->Create(kManager, Draft());
  auto other = service_->Create(kManager, Draft("23456786"));
  ASSERT_TRUE(own && other);
  const auto mine = own->agency.id, theirs = other->agency.id;
  ASSERT_TRUE(service_->RecordFunds(kFinance, theirs, LedgerKind::kDeposit, {5000, "DKK"}, "BANK-1", ""));
  core::Actor admin{core::Channel::kAgent, "chef@nordlys.example", "", {core::Permission::kAgenciesRead}};
  admin.agency_id = mine;
  EXPECT_TRUE(service_->Find(admin, mine));
  const auto month = *ParseStatementMonth("2026-11");
  const auto until = clock_.Now() + std::chrono::seconds{1};
  EXPECT_EQ(service_->Find(admin, theirs).error().code, "AGENCY_NOT_FOUND");
  EXPECT_EQ(service_->Ledger(admin, theirs, core::FromEpoch(0), until).error().code, "AGENCY_NOT_FOUND");
  EXPECT_EQ(service_->MonthlyStatement(admin, theirs, month).error().code, "AGENCY_NOT_FOUND");
  EXPECT_TRUE(service_->MonthlyStatement(admin, mine, month));
  const auto listed = service_->List(admin);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().agency.id, mine);
  // Whatever permissions it were given, an agency's person could not fund or change another agency.
  admin.permissions = core::Permissions::All();
  EXPECT_EQ(service_->RecordFunds(admin, theirs, LedgerKind::kDeposit, {100, "DKK"}, "X", "").error().code,
            "AGENCY_NOT_FOUND");
  EXPECT_EQ(service_->SetCreditLimit(admin, theirs, {100, "DKK"}).error().code, "AGENCY_NOT_FOUND");
  EXPECT_EQ(service_->Ledger(kFinance, theirs, core::FromEpoch(0), until)->size(), 1u);
}

TEST_F(AgencyServiceTest, CommissionRulesAreTheAirlinesToSetAndEachAgencySeesItsOwn) {
  auto own = service_->Create(kManager, Draft());
  auto other = service_->Create(kManager, Draft("23456786"));
  ASSERT_TRUE(own && other);
  const auto mine = own->agency.id;
  CommissionRule rule;
  rule.airline = "JW";
  rule.origin = "CPH";
  rule.destination = "HAM";
  rule.valid_from = *core::ParseIsoDate("2027-01-01");
  rule.valid_to = *core::ParseIsoDate("2027-12-31");
  rule.basis_points = 700;
  EXPECT_EQ(service_->AddCommission(kFinance, mine, rule).error().code, "PERMISSION_DENIED");
  auto added = service_->AddCommission(kManager, mine, rule);
  ASSERT_TRUE(added) << added.error().message;
  auto fixed = rule;
  fixed.basis_points.reset();
  fixed.per_passenger = core::Money{5000, "EUR"};
  EXPECT_EQ(service_->AddCommission(kManager, mine, fixed).error().code, "CURRENCY_MISMATCH");
  fixed.per_passenger = core::Money{5000, "DKK"};
  ASSERT_TRUE(service_->AddCommission(kManager, mine, fixed));
  auto bad = rule;
  bad.basis_points = 9000;  // 90 %
  EXPECT_FALSE(service_->AddCommission(kManager, mine, bad));
  EXPECT_EQ(service_->Commissions(kFinance, mine)->size(), 2u);
  EXPECT_TRUE(service_->Commissions(kFinance, other->agency.id)->empty());

  core::Actor agent{core::Channel::kAgent, "sara@nordlys.example", "", {}};
  agent.agency_id = mine;
  EXPECT_EQ(service_->OwnCommissions(agent).size(), 2u);
  agent.agency_id = other->agency.id;
  EXPECT_TRUE(service_->OwnCommissions(agent).empty());

  EXPECT_EQ(service_->RemoveCommission(kManager, other->agency.id, added->id).error().code, "COMMISSION_NOT_FOUND");
  ASSERT_TRUE(service_->RemoveCommission(kManager, mine, added->id));
  EXPECT_EQ(service_->Commissions(kFinance, mine)->size(), 1u);
  EXPECT_FALSE(Audit().broken);

  // The settlement a booking's charge reads follows the agency's.
  auto changed = own->agency;
  changed.settlement = Settlement::kStatement;
  ASSERT_TRUE(service_->Update(kManager, mine, changed));
  EXPECT_EQ(service_->Find(kFinance, mine)->account.settlement, Settlement::kStatement);
}

TEST_F(AgencyServiceTest, ConcurrentDepositsAllLandAndTheBalanceEqualsTheirSum) {
  auto created = service_->Create(kManager, Draft());
  ASSERT_TRUE(created);
  const auto id = created->agency.id;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto row = service_->RecordFunds(kFinance, id, LedgerKind::kDeposit, {100 + t, "DKK"}, "", "");
        EXPECT_TRUE(row) << (row ? "" : row.error().message);
      }
    });
  for (auto& thread : threads) thread.join();
  std::int64_t expected = 0;
  for (int t = 0; t < 8; ++t) expected += 10 * (100 + t);
  EXPECT_EQ(service_->Find(kFinance, id)->account.balance, expected);
  const auto checks = service_->CheckLedger();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_TRUE(checks[0].Holds());
  EXPECT_EQ(checks[0].summed, expected);
}

TEST_F(AgencyServiceTest, AnAccountLostBetweenTheDatabasesIsOpenedWhenFirstNeeded) {
  auto created = service_->Create(kManager, Draft());
  ASSERT_TRUE(created);
  {
    auto lease = data_->Acquire();
    lease->ExecScript("DELETE FROM agency_accounts");  // as if the node died between the two commits
  }
  auto view = service_->Find(kFinance, created->agency.id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->account.credit_limit, 0);
  auto deposit = service_->RecordFunds(kFinance, created->agency.id, LedgerKind::kDeposit, {700, "DKK"}, "", "");
  ASSERT_TRUE(deposit) << deposit.error().message;
  EXPECT_EQ(service_->Find(kFinance, created->agency.id)->account.balance, 700);
}

}  // namespace
}  // namespace jetway::agents
