// Ticket serials from blocks: consecutive within one take, never handed out twice (one after another, or from
// concurrent transactions), given back by a transaction that rolls back, and on PostgreSQL taken by concurrent
// transactions without one waiting for the other to commit.
#include "ticketing/ticket_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "store/migrations.hpp"
#include "store/test_database.hpp"
#include "ticketing/ticket.hpp"

namespace jetway::ticketing {
namespace {

class SerialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<store::TestDatabase>("serials");
    pool_ = database_->Pool(10);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::DataMigrations());
    lease->ExecScript(
        "INSERT INTO airlines (designator, name, accounting_code, base_currency) VALUES ('X9','Kattegat Air','919',"
        "'EUR');");
  }

  // `count` serials in a transaction of their own, committed.
  std::int64_t Take(int count) {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    const auto first = TakeSerials(*lease, "X9", count);
    tx.Commit();
    return first;
  }

  std::unique_ptr<store::TestDatabase> database_;
  std::unique_ptr<store::ConnectionPool> pool_;
};

TEST_F(SerialsTest, OneAfterAnotherTheyFollowOnFromTheFirst) {
  EXPECT_EQ(Take(1), kFirstSerial);
  EXPECT_EQ(Take(3), kFirstSerial + 1);
  EXPECT_EQ(Take(1), kFirstSerial + 4);
}

TEST_F(SerialsTest, ARangeABlockCannotHoldComesFromANewBlockAndTheTailServesASmallerOneLater) {
  EXPECT_EQ(Take(static_cast<int>(kSerialBlock) - 2), kFirstSerial);  // two left in the first block
  EXPECT_EQ(Take(5), kFirstSerial + kSerialBlock);                     // five consecutive: a new block
  EXPECT_EQ(Take(2), kFirstSerial + kSerialBlock - 2);                 // the first block's last two
  EXPECT_EQ(Take(1), kFirstSerial + kSerialBlock + 5);
}

TEST_F(SerialsTest, ARangeLongerThanABlockIsCutWhole) {
  EXPECT_EQ(Take(static_cast<int>(kSerialBlock) + 20), kFirstSerial);
  EXPECT_EQ(Take(1), kFirstSerial + kSerialBlock + 20);
}

TEST_F(SerialsTest, ATransactionThatRollsBackGivesItsSerialsBack) {
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    EXPECT_EQ(TakeSerials(*lease, "X9", 2), kFirstSerial);  // the block it cut goes too
  }
  EXPECT_EQ(Take(2), kFirstSerial);
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    EXPECT_EQ(TakeSerials(*lease, "X9", 3), kFirstSerial + 2);
  }
  EXPECT_EQ(Take(3), kFirstSerial + 2);
}

TEST_F(SerialsTest, ConcurrentTransactionsNeverShareASerial) {
  constexpr int kThreads = 8;
  constexpr int kTakes = 40;
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;  // [first, end)
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTakes; ++i) {
        const int count = 1 + (t + i) % 5;
        const auto first = store::RetryConflicts([&] { return Take(count); });
        const std::lock_guard lock(mutex);
        ranges.emplace_back(first, first + count);
      }
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(ranges.size(), static_cast<std::size_t>(kThreads * kTakes));
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i)
    EXPECT_LE(ranges[i - 1].second, ranges[i].first) << "serial " << ranges[i].first << " handed out twice";
}

TEST_F(SerialsTest, OnPostgresAConcurrentTransactionTakesAnotherBlockWithoutWaiting) {
  if (database_->engine() != store::Engine::kPostgres) GTEST_SKIP() << "SQLite runs one write transaction at a time";
  EXPECT_EQ(Take(1), kFirstSerial);
  auto lease = pool_->Acquire();
  store::Transaction open(*lease);
  EXPECT_EQ(TakeSerials(*lease, "X9", 1), kFirstSerial + 1);  // the first block is this transaction's until it ends
  auto other = std::async(std::launch::async, [&] { return Take(1); });
  const bool at_once = other.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  open.Commit();
  EXPECT_TRUE(at_once) << "the second transaction waited for the first to commit";
  EXPECT_EQ(other.get(), kFirstSerial + kSerialBlock);  // a block of its own
  EXPECT_EQ(Take(1), kFirstSerial + 2);                 // the first block again, now that it is free
}

}  // namespace
}  // namespace jetway::ticketing
