// The sender over a real outbox with fake transports: what reaches the SMTP server, and what a failing server, a
// message that cannot be composed or a throwing composer leave on the row.
#include "mail/sender.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "mail/composers.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::mail {

namespace {

// Any kind: the outbox and the sender do not interpret it (Composers does).
constexpr const char* kSenderKind = "booking_confirmation";

class Source final : public MessageSource {
 public:
  core::Result<Composed> Compose(const Claimed& m) override {
    if (m.reference == "GONE22") return core::Fail(core::ErrorKind::kNotFound, "BOOKING_NOT_FOUND", "no booking GONE22");
    if (m.reference == "BUGGY2") throw std::runtime_error("template exploded");
    return Composed{"Booking " + m.reference + " bekræftet", "Tak, " + m.reference, "<p>" + m.reference + "</p>",
                    "Kattegat Air"};
  }
};

class FakeTransport final : public Transport {
 public:
  core::Result<void> Send(const Envelope& envelope) override {
    sent.push_back(envelope);
    if (down) return core::Fail(core::ErrorKind::kConflict, "SMTP_ERROR", "Couldn't connect to server");
    return {};
  }
  bool down = false;
  std::vector<Envelope> sent;  // every attempt, failed ones too
};

class SenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<store::TestDatabase>("mailsend");
    pool_ = database_->Pool(4);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::DataMigrations());
    outbox_ = std::make_unique<Outbox>(*pool_, clock_);
    sender_ = std::make_unique<Sender>(*outbox_, source_, transport_, Mailbox{"", "bookings@x9.example"}, logger_);
  }

  std::int64_t Queue(const std::string& locator) {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    Enqueue(*lease, {kSenderKind, locator, "ida@example.dk", "da"}, clock_.Now());
    tx.Commit();
    return Row(locator).id;
  }

  OutboxRow Row(const std::string& locator) { return outbox_->ForReference(locator).at(0); }

  core::FixedClock clock_{core::FromEpoch(1'795'000'000)};
  std::unique_ptr<store::TestDatabase> database_;
  std::unique_ptr<store::ConnectionPool> pool_;
  Source source_;
  FakeTransport transport_;
  std::ostringstream log_;
  log::Logger logger_{log_};
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<Sender> sender_;
};

}  // namespace

TEST_F(SenderTest, SendsAMimeMessageWithAFixedMessageIdAndMarksItSent) {
  const auto id = Queue("ABC234");
  const auto summary = sender_->SendDue();
  EXPECT_EQ(summary.sent, 1);
  ASSERT_EQ(transport_.sent.size(), 1u);
  const auto& e = transport_.sent.front();
  EXPECT_EQ(e.mail_from, "bookings@x9.example");
  EXPECT_EQ(e.rcpt_to, "ida@example.dk");
  EXPECT_NE(e.data.find(fmt::format("Message-ID: <outbox-{}.ABC234@x9.example>\r\n", id)), std::string::npos) << e.data;
  // The configured address had no display name, so the airline's is used.
  EXPECT_NE(e.data.find("From: \"Kattegat Air\" <bookings@x9.example>\r\n"), std::string::npos) << e.data;
  EXPECT_NE(e.data.find("To: ida@example.dk\r\n"), std::string::npos);
  EXPECT_NE(e.data.find("Subject: =?UTF-8?B?"), std::string::npos);  // "bekræftet" is not ASCII
  EXPECT_EQ(Row("ABC234").status, "sent");
  EXPECT_EQ(sender_->SendDue().sent, 0);  // nothing twice
  EXPECT_EQ(transport_.sent.size(), 1u);
}

TEST_F(SenderTest, ServerDownIsRecordedAndRetriedWithTheSameMessageId) {
  Queue("ABC234");
  transport_.down = true;
  EXPECT_NO_THROW({
    const auto summary = sender_->SendDue();
    EXPECT_EQ(summary.retrying, 1);
  });
  auto row = Row("ABC234");
  EXPECT_EQ(row.status, "pending");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(*row.last_error, "Couldn't connect to server");
  EXPECT_EQ(sender_->SendDue().retrying, 0);  // not due yet
  clock_.Advance(std::chrono::seconds{30});
  EXPECT_EQ(sender_->SendDue().retrying, 1);
  EXPECT_EQ(Row("ABC234").attempts, 2);
  transport_.down = false;
  clock_.Advance(std::chrono::seconds{60});
  EXPECT_EQ(sender_->SendDue().sent, 1);
  ASSERT_EQ(transport_.sent.size(), 3u);
  // Every attempt is byte for byte the same message, Date and Message-ID included.
  EXPECT_EQ(transport_.sent[0].data, transport_.sent[2].data);
  EXPECT_EQ(Row("ABC234").status, "sent");
}

TEST_F(SenderTest, ServerDownEndsTheRunAfterOneAttempt) {
  Queue("ABC234");
  Queue("DEF567");
  transport_.down = true;
  EXPECT_EQ(sender_->SendDue().retrying, 1);
  EXPECT_EQ(transport_.sent.size(), 1u);
  EXPECT_EQ(Row("ABC234").attempts, 1);
  EXPECT_EQ(Row("DEF567").attempts, 0);  // left for the next run, not hammered against a dead server
  EXPECT_EQ(sender_->SendDue().retrying, 1);
  EXPECT_EQ(Row("DEF567").attempts, 1);
  transport_.down = false;
  clock_.Advance(std::chrono::seconds{30});
  EXPECT_EQ(sender_->SendDue().sent, 2);
}

TEST_F(SenderTest, AMessageThatCannotBeComposedFailsAtOnceAndOthersStillGo) {
  Queue("GONE22");
  Queue("BUGGY2");
  Queue("ABC234");
  const auto summary = sender_->SendDue();
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.retrying, 1);
  EXPECT_EQ(summary.sent, 1);
  EXPECT_EQ(Row("GONE22").status, "failed");
  EXPECT_EQ(*Row("GONE22").last_error, "no booking GONE22");
  // A throwing composer is a bug, perhaps passing: retried, with the reason kept.
  EXPECT_EQ(Row("BUGGY2").status, "pending");
  EXPECT_EQ(*Row("BUGGY2").last_error, "unexpected: template exploded");
  EXPECT_EQ(Row("ABC234").status, "sent");
}

TEST_F(SenderTest, AnUnsafeRecipientIsNeverHandedToTheServer) {
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    Enqueue(*lease, {kSenderKind, "ABC234", "ida@example.dk\r\nBcc: all@example.com", "en"}, clock_.Now());
    tx.Commit();
  }
  EXPECT_EQ(sender_->SendDue().failed, 1);
  EXPECT_TRUE(transport_.sent.empty());
  EXPECT_EQ(Row("ABC234").status, "failed");
}

TEST(ComposersTest, EachKindGoesToItsComposerAndAnUnknownKindFailsForGood) {
  struct Fixed final : MessageSource {
    std::string subject;
    explicit Fixed(std::string s) : subject(std::move(s)) {}
    core::Result<Composed> Compose(const Claimed& m) override { return Composed{subject + " " + m.reference, "", "", ""}; }
  } confirmation("confirmation"), reset("reset");
  Composers composers;
  composers.Add("booking_confirmation", confirmation);
  composers.Add("password_reset", reset);
  Claimed message;
  message.reference = "ABC234";
  message.kind = "booking_confirmation";
  EXPECT_EQ(composers.Compose(message)->subject, "confirmation ABC234");
  message.kind = "password_reset";
  EXPECT_EQ(composers.Compose(message)->subject, "reset ABC234");
  message.kind = "booking_confirmatio";
  auto unknown = composers.Compose(message);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "UNKNOWN_MAIL_KIND");
  EXPECT_NE(unknown.error().message.find("booking_confirmatio"), std::string::npos);
}

}  // namespace jetway::mail
