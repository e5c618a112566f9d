#include "status/status.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "identity/audit_log.hpp"
#include "status/status_pages.hpp"
#include "status/status_service.hpp"
#include "status/status_store.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::status {
namespace {

using namespace std::chrono_literals;

const core::Instant kNow = core::FromEpoch(1796212800);  // 2026-12-02 12:00 UTC

ops::Observations AllUp() {
  ops::Observations seen;
  seen.now = kNow;
  seen.databases = {{"data", true}, {"web", true}, {"mgmt", true}};
  seen.mail_failures = 0;
  seen.backups_expected = true;
  seen.last_backup = kNow - 3min;
  return seen;
}

State StateIn(const std::vector<ComponentNow>& list, std::string_view id) {
  for (const auto& c : list)
    if (c.id == id) return c.state;
  ADD_FAILURE() << "no component " << id;
  return State::kUnknown;
}

TEST(StatusModel, ProbesMapToComponents) {
  NodeFacts facts;
  facts.mail_configured = true;
  auto now = Probe(AllUp(), facts);
  ASSERT_EQ(now.size(), Components().size());
  for (const auto& c : now) EXPECT_EQ(c.state, State::kOperational) << c.id;

  auto seen = AllUp();
  seen.databases[0].second = false;  // data
  seen.mail_failures = 3;
  seen.last_backup = kNow - 1h;
  now = Probe(seen, facts);
  EXPECT_EQ(StateIn(now, "booking_site"), State::kOutage);
  EXPECT_EQ(StateIn(now, "api"), State::kOutage);
  EXPECT_EQ(StateIn(now, "database_data"), State::kOutage);
  EXPECT_EQ(StateIn(now, "database_web"), State::kOperational);
  EXPECT_EQ(StateIn(now, "email"), State::kDegraded);
  EXPECT_EQ(StateIn(now, "backups"), State::kDegraded);

  facts.mail_configured = false;
  facts.admin_app = false;
  seen.backups_expected = false;
  now = Probe(seen, facts);
  EXPECT_EQ(StateIn(now, "email"), State::kUnknown);
  EXPECT_EQ(StateIn(now, "back_office"), State::kUnknown);
  EXPECT_EQ(StateIn(now, "backups"), State::kUnknown);
}

TEST(StatusModel, AnOpenIncidentMakesItsComponentsWorseNeverBetter) {
  std::vector<ComponentNow> probed{{"api", State::kOperational}, {"email", State::kUnknown},
                                   {"database_data", State::kOutage}};
  Incident open{1, "Slow searches", "major", {"api", "email", "database_data"}, "investigating", kNow, {}, {}};
  Incident over{2, "Old", "critical", {"api"}, "resolved", kNow - 2h, kNow - 1h, {}};
  const auto shown = WithIncidents(probed, {open, over});
  EXPECT_EQ(StateIn(shown, "api"), State::kDegraded);
  EXPECT_EQ(StateIn(shown, "email"), State::kDegraded);
  EXPECT_EQ(StateIn(shown, "database_data"), State::kOutage);
}

TEST(StatusModel, IncidentsAreChecked) {
  NewIncident good{"Card payments failing", "major", {"booking_site", "api"}, "investigating", "We are looking."};
  EXPECT_TRUE(Check(good));
  auto bad = good;
  bad.title = "ab";
  EXPECT_EQ(Check(bad).error().code, "INVALID_INCIDENT_TITLE");
  bad = good;
  bad.impact = "huge";
  EXPECT_EQ(Check(bad).error().code, "INVALID_IMPACT");
  bad = good;
  bad.components = {"api", "kitchen"};
  EXPECT_EQ(Check(bad).error().code, "INVALID_COMPONENT");
  bad.components = {};
  EXPECT_EQ(Check(bad).error().code, "INVALID_COMPONENT");
  bad = good;
  bad.status = "panicking";
  EXPECT_EQ(Check(bad).error().code, "INVALID_STATUS");
  bad = good;
  bad.message = std::string(kMaxMessage + 1, 'x');
  EXPECT_EQ(Check(bad).error().code, "INVALID_MESSAGE");
  bad.message = std::string(kMaxMessage / 2, 'x') ;
  EXPECT_TRUE(Check(bad));
}

TEST(StatusModel, HistoriesHaveEveryDayAndTheUptimeOverThem) {
  const std::vector<std::pair<std::string, DayCount>> counts{{"api", {"2026-12-02", 1440, 1440}},
                                                             {"api", {"2026-11-30", 1440, 1368}},
                                                             {"api", {"2026-08-01", 10, 0}}};  // too old
  const auto histories = Histories(counts, kNow, 90);
  ASSERT_EQ(histories.size(), Components().size());
  const auto& api = histories[1];
  EXPECT_EQ(api.component, "api");
  ASSERT_EQ(api.days.size(), 90u);
  ASSERT_TRUE(api.days[89]);
  EXPECT_EQ(api.days[89]->day, "2026-12-02");
  EXPECT_FALSE(api.days[88]);
  ASSERT_TRUE(api.days[87]);
  EXPECT_DOUBLE_EQ(*api.uptime, 2808.0 / 2880.0);
  EXPECT_EQ(FormatUptime(*api.uptime), "97.50 %");
  EXPECT_EQ(FormatUptime(0.99999), "99.99 %");
  EXPECT_EQ(FormatUptime(1.0), "100.00 %");
  EXPECT_FALSE(histories[0].uptime);
}

class StatusStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::TestDatabase>("status_mgmt");
    pool_ = db_->Pool(2);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::MgmtMigrations());
  }
  std::unique_ptr<store::TestDatabase> db_;
  std::unique_ptr<store::ConnectionPool> pool_;
  core::FixedClock clock_{kNow};
};

TEST_F(StatusStoreTest, UptimeCountsAdd) {
  auto lease = pool_->Acquire();
  AddUptime(*lease, {{{"2026-12-02", "api"}, {10, 9}}});
  AddUptime(*lease, {{{"2026-12-02", "api"}, {5, 5}}, {{"2026-12-01", "api"}, {3, 3}}});
  auto counts = ReadUptime(*lease, "2026-12-02");
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].second.probes, 15);
  EXPECT_EQ(counts[0].second.up, 14);
}

TEST_F(StatusStoreTest, StaffDeclareAndUpdateIncidentsAndEachChangeIsAudited) {
  StatusService service(*pool_, clock_);
  core::Actor clerk{core::Channel::kOffice, "clerk@example.com", "10.0.0.1", core::Permissions{core::Permission::kBookingsRead}};
  core::Actor duty{core::Channel::kOffice, "duty@example.com", "10.0.0.2", core::Permissions{core::Permission::kStatusWrite}};
  NewIncident incident{"Card payments failing", "major", {"booking_site", "api"}, "investigating", "We are looking."};
  EXPECT_EQ(service.Declare(clerk, incident).error().code, "PERMISSION_DENIED");
  incident.title = "x";
  EXPECT_EQ(service.Declare(duty, incident).error().code, "INVALID_INCIDENT_TITLE");
  incident.title = "Card payments failing";
  const auto id = service.Declare(duty, incident);
  ASSERT_TRUE(id) << id.error().message;
  clock_.Advance(20min);
  ASSERT_TRUE(service.Update(duty, *id, "resolved", "The acquirer has recovered."));
  EXPECT_EQ(service.Update(duty, *id + 100, "monitoring", "x").error().code, "INCIDENT_NOT_FOUND");
  EXPECT_EQ(service.Update(duty, *id, "done", "x").error().code, "INVALID_STATUS");

  const auto found = service.Find(duty, *id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, "resolved");
  EXPECT_EQ(found->resolved_at, kNow + 20min);
  EXPECT_EQ(found->components, (std::vector<std::string>{"booking_site", "api"}));
  ASSERT_EQ(found->updates.size(), 2u);
  EXPECT_EQ(found->updates[0].message, "The acquirer has recovered.");
  EXPECT_EQ(found->updates[1].author, "duty@example.com");

  auto lease = pool_->Acquire();
  const auto audit = identity::RecentAudit(*lease, 10);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "status.incident_update");
  EXPECT_EQ(audit[1].action, "status.incident_declare");
  // Resolved incidents show for 14 days; the open ones always.
  EXPECT_EQ(ReadIncidents(*lease, kNow).size(), 1u);
  EXPECT_EQ(ReadIncidents(*lease, kNow + 21min).size(), 0u);
}

}  // namespace
}  // namespace jetway::status
