// The outbox against a real database (SQLite, or PostgreSQL with JETWAY_TEST_POSTGRES) and a fixed clock: claims,
// leases, backoff, giving up, and two senders draining one outbox without ever sending a message twice.
#include "mail/outbox.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "mail/sender.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::mail {

namespace {

constexpr const char* kKind = "booking_confirmation";

using std::chrono::seconds;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<store::TestDatabase>("mail");
    pool_ = database_->Pool(8);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::DataMigrations());
  }

  std::int64_t Queue(const std::string& locator, const std::string& recipient = "ida@example.dk") {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    Enqueue(*lease, {kKind, locator, recipient, "da"}, clock_.Now());
    tx.Commit();
    return Row(locator).id;
  }

  OutboxRow Row(const std::string& locator) {
    auto rows = Outbox(*pool_, clock_).ForReference(locator);
    EXPECT_EQ(rows.size(), 1u);
    return rows.empty() ? OutboxRow{} : rows.front();
  }

  core::FixedClock clock_{core::FromEpoch(1'795'000'000)};
  std::unique_ptr<store::TestDatabase> database_;
  std::unique_ptr<store::ConnectionPool> pool_;
};

}  // namespace

TEST(Backoff, DoublesFromTheBaseUpToTheCap) {
  RetryPolicy policy;  // 30 s base, one hour cap
  EXPECT_EQ(Backoff(policy, 1), seconds{30});
  EXPECT_EQ(Backoff(policy, 2), seconds{60});
  EXPECT_EQ(Backoff(policy, 3), seconds{120});
  EXPECT_EQ(Backoff(policy, 7), seconds{1920});
  EXPECT_EQ(Backoff(policy, 8), seconds{3600});
  EXPECT_EQ(Backoff(policy, 15), seconds{3600});
  EXPECT_EQ(Backoff(policy, 1000), seconds{3600});  // no overflow
  policy.base = seconds{1};
  EXPECT_EQ(Backoff(policy, 4), seconds{8});
}

TEST_F(OutboxTest, EnqueuedMessageIsClaimedOnceUnderItsLease) {
  Outbox outbox(*pool_, clock_);
  EXPECT_FALSE(outbox.ClaimNext());
  const auto id = Queue("ABC234");
  const auto row = Row("ABC234");
  EXPECT_EQ(row.id, id);
  EXPECT_EQ(row.status, "pending");
  EXPECT_EQ(row.language, "da");
  EXPECT_EQ(row.attempts, 0);
  auto claimed = outbox.ClaimNext();
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
  EXPECT_EQ(claimed->reference, "ABC234");
  EXPECT_EQ(claimed->recipient, "ida@example.dk");
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(Row("ABC234").status, "sending");
  EXPECT_EQ(*Row("ABC234").locked_until, core::ToEpoch(clock_.Now()) + 60);
  // Leased: neither this nor another sender gets it again while the lease lasts.
  EXPECT_FALSE(outbox.ClaimNext());
  clock_.Advance(seconds{59});
  EXPECT_FALSE(Outbox(*pool_, clock_).ClaimNext());
  EXPECT_TRUE(outbox.MarkSent(*claimed));
  const auto sent = Row("ABC234");
  EXPECT_EQ(sent.status, "sent");
  EXPECT_EQ(*sent.sent_at, core::ToEpoch(clock_.Now()));
  EXPECT_FALSE(sent.locked_until);
  clock_.Advance(seconds{3600});
  EXPECT_FALSE(outbox.ClaimNext());  // sent is final
}

TEST_F(OutboxTest, APayloadTravelsWithItsMessageAndIsGoneOnceDone) {
  Outbox outbox(*pool_, clock_);
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    Enqueue(*lease, {"password_reset", "7", "ops@example.dk", "en", "https://x.example/reset?t=secret"}, clock_.Now());
    Enqueue(*lease, {"password_reset", "8", "ops@example.dk", "en", "https://x.example/reset?t=other"}, clock_.Now());
    tx.Commit();
  }
  auto sent = outbox.ClaimNext();
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->kind, "password_reset");
  EXPECT_EQ(sent->payload, "https://x.example/reset?t=secret");
  EXPECT_EQ(Row("7").payload, "https://x.example/reset?t=secret");
  ASSERT_TRUE(outbox.MarkSent(*sent));
  EXPECT_EQ(Row("7").payload, std::nullopt);
  auto failed = outbox.ClaimNext();
  ASSERT_TRUE(failed);
  EXPECT_EQ(outbox.MarkFailed(*failed, "550 no such user", true), FailureOutcome::kFailed);
  EXPECT_EQ(Row("8").payload, std::nullopt);
  EXPECT_EQ(Row("8").last_error, "550 no such user");
}

TEST_F(OutboxTest, ExpiredLeaseIsTakenOverAndTheOldClaimCanNoLongerMarkIt) {
  Queue("ABC234");
  Outbox crashed(*pool_, clock_), survivor(*pool_, clock_);
  auto first = crashed.ClaimNext();
  ASSERT_TRUE(first);
  clock_.Advance(seconds{60});
  auto second = survivor.ClaimNext();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->attempts, 2);
  EXPECT_NE(second->lease_until, first->lease_until);
  // The first claim woke up late: its marks must not touch the survivor's claim.
  EXPECT_FALSE(crashed.MarkSent(*first));
  EXPECT_EQ(crashed.MarkFailed(*first, "late"), FailureOutcome::kLeaseLost);
  EXPECT_EQ(Row("ABC234").status, "sending");
  EXPECT_TRUE(survivor.MarkSent(*second));
  EXPECT_EQ(Row("ABC234").status, "sent");
}

TEST_F(OutboxTest, FailuresBackOffExponentiallyAndKeepTheError) {
  Queue("ABC234");
  Outbox outbox(*pool_, clock_);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    auto claimed = outbox.ClaimNext();
    ASSERT_TRUE(claimed) << attempt;
    EXPECT_EQ(claimed->attempts, attempt);
    EXPECT_EQ(outbox.MarkFailed(*claimed, "connection refused"), FailureOutcome::kRetrying);
    const auto row = Row("ABC234");
    EXPECT_EQ(row.status, "pending");
    EXPECT_EQ(row.attempts, attempt);
    EXPECT_EQ(*row.last_error, "connection refused");
    const auto wait = seconds{30} * (1 << (attempt - 1));  // 30, 60, 120, 240 s
    EXPECT_EQ(row.next_attempt_at, core::ToEpoch(clock_.Now() + wait));
    clock_.Advance(wait - seconds{1});
    EXPECT_FALSE(outbox.ClaimNext()) << "claimed before its backoff ran out, attempt " << attempt;
    clock_.Advance(seconds{1});
  }
  auto claimed = outbox.ClaimNext();
  ASSERT_TRUE(claimed);
  EXPECT_TRUE(outbox.MarkSent(*claimed));
  EXPECT_EQ(*Row("ABC234").last_error, "connection refused");  // the history of the trouble stays
}

TEST_F(OutboxTest, GivesUpAfterTheLastAttempt) {
  Queue("ABC234");
  RetryPolicy policy;
  policy.max_attempts = 3;
  Outbox outbox(*pool_, clock_, policy);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto claimed = outbox.ClaimNext();
    ASSERT_TRUE(claimed);
    EXPECT_EQ(outbox.MarkFailed(*claimed, "550 mailbox unavailable"),
              attempt < 3 ? FailureOutcome::kRetrying : FailureOutcome::kFailed);
    clock_.Advance(seconds{3600});
  }
  EXPECT_EQ(Row("ABC234").status, "failed");
  EXPECT_EQ(Row("ABC234").attempts, 3);
  EXPECT_FALSE(outbox.ClaimNext());
}

TEST_F(OutboxTest, PermanentFailureGivesUpAtOnce) {
  Queue("ABC234");
  Outbox outbox(*pool_, clock_);
  auto claimed = outbox.ClaimNext();
  ASSERT_TRUE(claimed);
  EXPECT_EQ(outbox.MarkFailed(*claimed, "booking ABC234 does not exist", true), FailureOutcome::kFailed);
  EXPECT_EQ(Row("ABC234").status, "failed");
  clock_.Advance(seconds{7200});
  EXPECT_FALSE(outbox.ClaimNext());
}

TEST_F(OutboxTest, SenderThatDiesOnItsLastAttemptEndsTheMessage) {
  Queue("ABC234");
  RetryPolicy policy;
  policy.max_attempts = 1;
  Outbox outbox(*pool_, clock_, policy);
  ASSERT_TRUE(outbox.ClaimNext());  // and then the process dies
  clock_.Advance(seconds{61});
  EXPECT_FALSE(outbox.ClaimNext());
  const auto row = Row("ABC234");
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(*row.last_error, "the sender stopped during the last attempt");
}

TEST_F(OutboxTest, OldestDueMessageFirst) {
  Queue("AAA222");
  clock_.Advance(seconds{1});
  Queue("BBB333");
  Outbox outbox(*pool_, clock_);
  EXPECT_EQ(outbox.ClaimNext()->reference, "AAA222");
  EXPECT_EQ(outbox.ClaimNext()->reference, "BBB333");
  EXPECT_FALSE(outbox.ClaimNext());
}

namespace {

class FixedSource final : public MessageSource {
 public:
  core::Result<Composed> Compose(const Claimed& m) override {
    return Composed{"Booking " + m.reference, "text " + m.reference, "<p>" + m.reference + "</p>", "Kattegat Air"};
  }
};

// Records every envelope, from any thread.
class RecordingTransport final : public Transport {
 public:
  core::Result<void> Send(const Envelope& envelope) override {
    std::lock_guard lock(mutex_);
    sent.push_back(envelope);
    return {};
  }
  std::mutex mutex_;
  std::vector<Envelope> sent;
};

}  // namespace

TEST_F(OutboxTest, TwoSendersNeverSendTheSameMessage) {
  constexpr int kMessages = 40;
  for (int i = 0; i < kMessages; ++i) Queue(fmt::format("L{:05}", i), fmt::format("p{}@example.dk", i));
  RecordingTransport transport;
  FixedSource source;
  std::ostringstream log_sink;
  log::Logger logger(log_sink);
  std::atomic<int> sent_total{0};
  auto run = [&] {
    Outbox outbox(*pool_, clock_);
    Sender sender(outbox, source, transport, Mailbox{"", "bookings@x9.example"}, logger, 3);
    // Small runs, so the two senders interleave their claims many times.
    for (int i = 0; i < 100; ++i) sent_total += sender.SendDue().sent;
  };
  std::thread a(run), b(run);
  a.join();
  b.join();
  EXPECT_EQ(sent_total.load(), kMessages);
  ASSERT_EQ(transport.sent.size(), static_cast<std::size_t>(kMessages));
  std::set<std::string> recipients;
  for (const auto& e : transport.sent) recipients.insert(e.rcpt_to);
  EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kMessages));
  for (int i = 0; i < kMessages; ++i) EXPECT_EQ(Row(fmt::format("L{:05}", i)).status, "sent");
}

}  // namespace jetway::mail
