// The audit log as stored: appends chain onto the head row, and every kind of tampering with the table — a changed
// field, a removed row in the middle or at the end, rows swapped — is reported at the first row it spoils.
#include "identity/audit_log.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::identity {
namespace {

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<store::TestDatabase>("audit");
    pool_ = database_->Pool(8);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::MgmtMigrations());
  }

  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      auto lease = pool_->Acquire();
      store::Transaction tx(*lease);
      AppendAudit(*lease,
                  {"ida@example.com", "192.0.2.1", "inventory.close_class", fmt::format("flight {} class M", i),
                   R"({"open":true})", R"({"open":false})"},
                  core::FromEpoch(1'795'000'000 + i));
      tx.Commit();
    }
  }

  void Tamper(const std::string& sql) {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    lease->ExecScript(sql);
    tx.Commit();
  }

  AuditVerdict Verify() {
    auto lease = pool_->Acquire();
    return VerifyAudit(*lease);
  }

  std::unique_ptr<store::TestDatabase> database_;
  std::unique_ptr<store::ConnectionPool> pool_;
};

TEST_F(AuditLogTest, AnUntouchedLogVerifies) {
  EXPECT_FALSE(Verify().broken);  // empty
  Append(10);
  const auto verdict = Verify();
  EXPECT_EQ(verdict.rows, 10);
  EXPECT_FALSE(verdict.broken) << verdict.broken->reason;
}

TEST_F(AuditLogTest, ConcurrentAppendsFormOneChain) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) writers.emplace_back([this] { Append(10); });
  for (auto& w : writers) w.join();
  const auto verdict = Verify();
  EXPECT_EQ(verdict.rows, 40);
  EXPECT_FALSE(verdict.broken) << verdict.broken->reason;
}

TEST_F(AuditLogTest, AChangedFieldIsCaughtAtItsRow) {
  Append(10);
  Tamper("UPDATE audit_log SET actor = 'someone@else.com' WHERE seq = 4");
  const auto verdict = Verify();
  ASSERT_TRUE(verdict.broken);
  EXPECT_EQ(verdict.broken->seq, 4);
  EXPECT_NE(verdict.broken->reason.find("altered"), std::string::npos) << verdict.broken->reason;
}

TEST_F(AuditLogTest, ARemovedRowIsCaughtWhereItWas) {
  Append(10);
  Tamper("DELETE FROM audit_log WHERE seq = 6");
  const auto verdict = Verify();
  ASSERT_TRUE(verdict.broken);
  EXPECT_EQ(verdict.broken->seq, 6);
  EXPECT_NE(verdict.broken->reason.find("missing"), std::string::npos) << verdict.broken->reason;
}

TEST_F(AuditLogTest, RowsCutOffTheEndAreCaughtByTheHead) {
  Append(10);
  Tamper("DELETE FROM audit_log WHERE seq >= 9");
  const auto verdict = Verify();
  ASSERT_TRUE(verdict.broken);
  EXPECT_EQ(verdict.broken->seq, 9);
}

TEST_F(AuditLogTest, ReorderedRowsAreCaught) {
  Append(10);
  // Swap the contents of rows 3 and 7 (keeping their places in the sequence).
  Tamper("UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 7; "
         "UPDATE audit_log SET seq = 7 WHERE seq = -3");
  const auto verdict = Verify();
  ASSERT_TRUE(verdict.broken);
  EXPECT_EQ(verdict.broken->seq, 3);
}

}  // namespace
}  // namespace jetway::identity
