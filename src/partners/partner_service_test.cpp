// Partners' credentials against real databases (SQLite, or PostgreSQL under JETWAY_TEST_POSTGRES): who may add them,
// auth_ids kept unique, the secret kept only as a salted hash, every way a credential can be wrong answered alike,
// and each addition in the audit chain.
#include "partners/partner_service.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <tuple>

#include "identity/audit_log.hpp"
#include "partners/partner_events.hpp"
#include "partners/partner_meter.hpp"
#include "partners/webhook_sender.hpp"
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
  EXPECT_GT(added->partner.id, 0);
  EXPECT_EQ(added->webhook_secret.size(), 64U);
  auto target = service_->WebhookOf(added->partner.id);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->secret, added->webhook_secret);
  EXPECT_TRUE(target->active);
  auto partner = service_->Authenticate("3F0C2B7E-1111-4A5B-9C00-0123456789AB", kSecret);
  ASSERT_TRUE(partner) << partner.error().message;
  EXPECT_EQ(partner->id, added->partner.id);
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

TEST_F(PartnerServiceTest, StaffChangeDisableAndGiveNewSecrets) {
  const std::string id = "3F0C2B7E-1111-4A5B-9C00-0123456789AB";
  auto added = service_->Add(core::Actor::System(), Draft(), kSecret);
  ASSERT_TRUE(added);
  const auto pid = added->partner.id;
  auto changes = added->partner;
  changes.name = "Safari Trips Ltd";
  changes.airlines = {"Q9", "X9"};
  changes.quotas.searches_per_minute = 7;
  changes.webhook_url = "https://hooks.safari.example/jetway";
  changes.auth_id = "SOMETHING-ELSE-1";  // an auth_id is for good
  auto changed = service_->Change(core::Actor::System(), pid, changes);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->auth_id, id);
  auto found = service_->Find(core::Actor::System(), pid);
  ASSERT_TRUE(found);
  EXPECT_EQ((std::tuple{found->name, found->airlines, found->quotas.searches_per_minute, found->webhook_url}),
            (std::tuple{std::string("Safari Trips Ltd"), std::vector<std::string>{"Q9", "X9"}, 7,
                        std::string("https://hooks.safari.example/jetway")}));
  changes.agency_id = 4242;
  EXPECT_EQ(service_->Change(core::Actor::System(), pid, changes).error().code, "AGENCY_NOT_FOUND");
  EXPECT_EQ(service_->Change(core::Actor::System(), pid + 1, changes).error().code, "PARTNER_NOT_FOUND");

  // Disabled, every call is a wrong credential; enabled again, it works.
  ASSERT_TRUE(service_->SetStatus(core::Actor::System(), pid, PartnerStatus::kDisabled));
  EXPECT_EQ(service_->Authenticate(id, kSecret).error().code, "WRONG_CREDENTIALS");
  EXPECT_FALSE(service_->WebhookOf(pid)->active);
  ASSERT_TRUE(service_->SetStatus(core::Actor::System(), pid, PartnerStatus::kActive));
  EXPECT_TRUE(service_->Authenticate(id, kSecret));

  // A new secret: the old one stops working at once.
  auto renewed = service_->NewSecret(core::Actor::System(), pid, std::nullopt);
  ASSERT_TRUE(renewed);
  EXPECT_EQ(renewed->secret.size(), 48U);
  EXPECT_EQ(service_->Authenticate(id, kSecret).error().code, "WRONG_CREDENTIALS");
  EXPECT_TRUE(service_->Authenticate(id, renewed->secret));
  EXPECT_EQ(service_->NewSecret(core::Actor::System(), pid, "short").error().code, "WEAK_SECRET");
  auto hooked = service_->NewWebhookSecret(core::Actor::System(), pid);
  ASSERT_TRUE(hooked);
  EXPECT_NE(hooked->webhook_secret, added->webhook_secret);
  EXPECT_EQ(service_->WebhookOf(pid)->secret, hooked->webhook_secret);

  // Only agencies.manage; every change audited (add, change, disable, enable, two new secrets), the chain whole.
  core::Actor clerk{core::Channel::kOffice, "clerk@airline.example", "10.0.0.9",
                    core::Permissions{core::Permission::kAgenciesRead}};
  EXPECT_EQ(service_->Change(clerk, pid, changes).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->SetStatus(clerk, pid, PartnerStatus::kDisabled).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->NewSecret(clerk, pid, std::nullopt).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(service_->NewWebhookSecret(clerk, pid).error().code, "PERMISSION_DENIED");
  auto lease = mgmt_->Acquire();
  const auto verdict = identity::VerifyAudit(*lease);
  EXPECT_FALSE(verdict.broken);
  EXPECT_EQ(verdict.rows, 6);
}

}  // namespace
}  // namespace jetway::partners


namespace jetway::partners {
namespace {

TEST_F(PartnerServiceTest, MeterKeepsQuotasPerMinuteOnANodeAndPerDayAcrossNodes) {
  auto draft = Draft();
  draft.quotas = Quotas{3, 5, 1, 100, 0};
  auto added = service_->Add(core::Actor::System(), draft, kSecret);
  ASSERT_TRUE(added) << added.error().message;
  const Partner* partner = &added->partner;
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


namespace jetway::partners {
namespace {

class FakeTransport final : public WebhookTransport {
 public:
  Posted Post(const std::string& url, const std::map<std::string, std::string>& headers,
              const std::string& body) override {
    calls.push_back({url, headers, body});
    return answer;
  }
  struct Call {
    std::string url;
    std::map<std::string, std::string> headers;
    std::string body;
  };
  std::vector<Call> calls;
  Posted answer{200, ""};
};

TEST_F(PartnerServiceTest, WebhooksAreSignedRetriedWithBackoffAndDeliveredOnce) {
  store::TestDatabase data_db("partner_data");
  auto data = data_db.Pool(2);
  {
    auto lease = data->Acquire();
    store::Migrate(*lease, store::DataMigrations());
  }
  auto draft = Draft();
  draft.webhook_url = "http://127.0.0.1:9/hook";
  auto added = service_->Add(core::Actor::System(), draft, kSecret);
  ASSERT_TRUE(added) << added.error().message;
  const auto partner_id = added->partner.id;
  {
    auto lease = data->Acquire();
    store::Transaction tx(*lease);
    // A booking row for the event's foreign key.
    lease->ExecScript(
        "INSERT INTO airlines (designator, name, accounting_code, base_currency) VALUES ('X9', 'Kattegat Air', '919', "
        "'EUR');"
        "INSERT INTO bookings (locator, airline, status, channel, adults, children, infants, total_amount, currency, "
        "created_at, updated_at) VALUES ('ABC123', 'X9', 'CONFIRMED', 'partner', 1, 0, 0, 100, 'EUR', 0, 0);");
    QueueEvent(*lease, partner_id,
               {"6F2A9C41-3B7D-4E15-9A0C-5D8E21B4C7F3", BookingEventType::kConfirmed, clock_.Now(), 1, "", "ABC123",
                "OK", ""});
    tx.Commit();
  }
  EventOutbox outbox(*data, clock_, EventRetry{std::chrono::seconds{10}, std::chrono::seconds{3600}, 3});
  FakeTransport transport;
  std::ostringstream log_out;
  log::Logger logger(log_out);
  WebhookSender sender(outbox, *service_, transport, clock_, logger);
  transport.answer = {503, ""};
  EXPECT_EQ(sender.SendDue().retrying, 1);
  ASSERT_EQ(transport.calls.size(), 1U);
  const auto& call = transport.calls.front();
  EXPECT_EQ(call.url, "http://127.0.0.1:9/hook");
  const auto timestamp = std::stoll(call.headers.at(kTimestampHeader));
  EXPECT_EQ(call.headers.at(kSignatureHeader), Signature(added->webhook_secret, timestamp, call.body));
  EXPECT_EQ(call.headers.at(kEventIdHeader), "6F2A9C41-3B7D-4E15-9A0C-5D8E21B4C7F3");
  EXPECT_EQ(sender.SendDue().retrying, 0);  // not due before its backoff
  clock_.Advance(std::chrono::seconds{10});
  transport.answer = {0, "Connection refused"};
  EXPECT_EQ(sender.SendDue().retrying, 1);
  clock_.Advance(std::chrono::seconds{19});
  EXPECT_EQ(sender.SendDue().retrying, 0);  // the second wait doubles
  clock_.Advance(std::chrono::seconds{1});
  transport.answer = {204, ""};
  EXPECT_EQ(sender.SendDue().delivered, 1);
  clock_.Advance(std::chrono::hours{2});
  EXPECT_EQ(sender.SendDue().delivered, 0);  // once
  const auto rows = outbox.OfPartner(partner_id);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].status, "delivered");
  EXPECT_EQ(rows[0].attempts, 3);
  EXPECT_EQ(transport.calls.size(), 3U);
  EXPECT_EQ(transport.calls[0].body, transport.calls[2].body);
}

}  // namespace
}  // namespace jetway::partners
