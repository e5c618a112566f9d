// The booking service against a real database (SQLite, or PostgreSQL with JETWAY_TEST_POSTGRES) with a fixed clock: the lifecycle's seat accounting, hold
// expiry by the clock, idempotent retries and no oversell under concurrent holds.
#include "booking/booking_service.hpp"
#include "booking/booking_steps.hpp"
#include "booking/departure_control.hpp"
#include "booking/schedule_change_service.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <span>
#include <thread>

#include "agents/ledger_store.hpp"
#include "inventory/inventory_service.hpp"
#include "core/locator.hpp"
#include "core/random.hpp"
#include "core/secret.hpp"
#include "core/text.hpp"
#include "mail/outbox.hpp"
#include "pricing/pricing_service.hpp"
#include "schedule/schedule_service.hpp"
#include "shopping/availability_service.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"
#include "ticketing/bcbp.hpp"

namespace jetway::booking {

namespace {

using core::LocalDate;

LocalDate D(const char* text) { return *core::ParseIsoDate(text); }

// The test card gateway, counting the charges it is asked for (approved or not).
class CountingGateway final : public PaymentGateway {
 public:
  PaymentOutcome Charge(const core::Money& amount, const CardDetails& card, std::string_view idempotency) override {
    ++charges;
    return cards_.Charge(amount, card, idempotency);
  }
  std::atomic<int> charges{0};

 private:
  TestCardGateway cards_;
};

// The system's randomness, but values queued first come out first: a test decides a locator that way.
class QueuedRandom final : public core::Random {
 public:
  std::uint64_t Next() override {
    const std::lock_guard lock(mutex_);
    if (queue_.empty()) return system_.Next();
    const auto value = queue_.front();
    queue_.pop_front();
    return value;
  }
  void Queue(const std::vector<std::uint64_t>& values) {
    const std::lock_guard lock(mutex_);
    queue_.insert(queue_.end(), values.begin(), values.end());
  }
  // What GenerateLocator turns into `locator`.
  static std::vector<std::uint64_t> Drawing(std::string_view locator) {
    std::vector<std::uint64_t> values;
    for (char c : locator) values.push_back(core::kLocatorAlphabet.find(c));
    return values;
  }

 private:
  std::mutex mutex_;
  std::deque<std::uint64_t> queue_;
  core::SystemRandom system_;
};

class BookingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("jetway_booking_test_{}_{}", getpid(), ::testing::UnitTest::GetInstance()->random_seed() + counter_++);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    database_ = std::make_unique<store::TestDatabase>("booking");
    pool_ = database_->Pool(20);
    auto lease = pool_->Acquire();
    auto& db = *lease;
    store::Migrate(db, store::DataMigrations());
    const auto csv = dir_ / "airports.csv";
    std::ofstream(csv) << "iata,icao,name,city,country,tz,lat,lon\n"
                          "CPH,EKCH,Copenhagen Kastrup Airport,Copenhagen,Denmark,Europe/Copenhagen,55.6179,12.656\n"
                          "HAM,EDDH,Hamburg Airport,Hamburg,Germany,Europe/Berlin,53.6304,9.98823\n";
    store::Transaction tx(db);
    reference::ImportAirportsCsv(db, csv.string());
    ASSERT_TRUE(reference::UpsertAirline(db, {"X9", "Kattegat Air", "919", "EUR", {}, {}}));
    // A deliberately small cabin: 10 economy seats, no overbooking; M may sell 6 of them.
    auto config = reference::UpsertCabinConfig(db, "X9", "TNY", "Test", {{"Y", 10, 0}});
    ASSERT_TRUE(config);
    ASSERT_TRUE(reference::UpsertBookingClasses(db, "X9", {{"Y", "Y", 0, 100}, {"M", "Y", 1, 60}}));
    for (const char* klass : {"Y", "M"})
      for (auto type : {core::PaxType::kAdult, core::PaxType::kChild, core::PaxType::kInfant})
        ASSERT_TRUE(pricing::FileFare(db, {"X9", "CPH", "HAM", true,
                                           pricing::Fare{klass, type, "Classic", core::Money{10000, "EUR"}, false, {}, 1},
                                           D("2026-01-01"), D("2027-12-31")}));
    directory_ = reference::AirportDirectory::Load(db);
    ASSERT_TRUE(schedule::AddSchedule(db, directory_,
                                      {"X9", 101, "CPH", "HAM", 9 * 60, 10 * 60, 0, "1234567", D("2026-12-01"),
                                       D("2026-12-01"), *config}));
    tx.Commit();
    flight_id_ = schedule::ListFlights(db, "X9").front().id;
    Start(Limits());
  }

  // Limits that stay out of the way of the tests that are not about them: a hold runs its full 20 minutes.
  static BookingLimits Limits() {
    BookingLimits limits;
    limits.unnamed_hold_time = std::chrono::minutes{20};
    return limits;
  }

  void Start(const BookingLimits& limits) {
    service_ = std::make_unique<BookingService>(*pool_, directory_, clock_, random_, gateway_, std::chrono::minutes{20},
                                                limits);
  }

  void TearDown() override {
    service_.reset();
    pool_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  inventory::ClassInventory Counts(const std::string& klass) {
    auto lease = pool_->Acquire();
    const auto cabin = inventory::LoadCabinOfClass(*lease, flight_id_, klass);
    for (const auto& c : cabin->classes)
      if (c.booking_class == klass) return c;
    return {};
  }

  HoldRequest Hold(const char* klass, int adults, std::optional<std::string> key = std::nullopt) {
    HoldRequest r;
    r.segments = {{flight_id_, klass}};
    r.party = {adults, 0, 0};
    r.idempotency_key = std::move(key);
    r.fingerprint = fmt::format("{}{}", klass, adults);
    return r;
  }

  // Names, contact and cash at an airline office, for the hold whose token is given.
  ConfirmRequest Names(int adults, const std::string& hold_token) {
    ConfirmRequest r;
    r.hold_token = hold_token;
    for (int i = 0; i < adults; ++i) r.passengers.push_back({core::PaxType::kAdult, "MS", "Ida", "Hansen", {}, {}});
    r.contact = {"ida@example.dk", "+4532313231"};
    return r;
  }

  static BookingProof ByName(const std::string& last_name) { return {std::nullopt, last_name, false}; }
  static BookingProof ByToken(const std::string& hold_token) { return {hold_token, std::nullopt, false}; }
  static core::Actor From(const char* client) { return core::Actor::Passenger(core::Channel::kApi, client); }

  // An API caller from the process itself (no address: no limits against abuse), and an office clerk who may take
  // cash but, like a passenger, needs the hold's token to confirm it.
  const core::Actor api_ = From("");
  const core::Actor office_{core::Channel::kOffice, "clerk@example.dk", "", {core::Permission::kPaymentsCash}};

  std::vector<mail::OutboxRow> Mail(const std::string& locator) {
    return mail::Outbox(*pool_, clock_).ForReference(locator);
  }

  // A Classic adult fare of class M on CPH-HAM at `amount` euro cents for travel from `from` to `to`: a fare filed
  // later replaces the fixture's where both apply.
  static core::Result<std::int64_t> FileAdultFareOfM(store::Connection& db, std::int64_t amount,
                                                      LocalDate from = D("2026-01-01"), LocalDate to = D("2027-12-31")) {
    return pricing::FileFare(db, {"X9", "CPH", "HAM", true,
                                  pricing::Fare{"M", core::PaxType::kAdult, "Classic", core::Money{amount, "EUR"},
                                                false, {}, 1},
                                  from, to});
  }

  // On SQLite, where writers take turns on the file, a hold is priced before it waits for its turn (the quote).
  // `change` runs in a write transaction that holds the turn while a hold of `request` waits behind it, then commits;
  // answers the hold. Nothing on PostgreSQL, where a hold is priced inside its transaction.
  std::optional<core::Result<Outcome>> HoldBehind(const HoldRequest& request,
                                                   const std::function<void(store::Connection&)>& change) {
    if (pool_->engine() != store::Engine::kSqlite) return std::nullopt;
    std::optional<core::Result<Outcome>> held;
    auto lease = pool_->Acquire();
    std::thread hold;
    try {
      store::Transaction tx(*lease);
      change(*lease);
      hold = std::thread([&] {
        try {
          held = service_->Hold(api_, request);
        } catch (const std::exception& e) {
          ADD_FAILURE() << "the hold threw: " << e.what();
        }
      });
      for (int i = 0; i < 5000 && pool_->stats().commit_groups->waiting == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
      EXPECT_EQ(pool_->stats().commit_groups->waiting, 1u) << "the hold waits for its turn behind the change";
      tx.Commit();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "the change threw: " << e.what();
    }
    if (hold.joinable()) hold.join();
    return held;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  core::FixedClock clock_{core::FromEpoch(1'795'000'000)};  // 2026-11-18, before the flight
  QueuedRandom random_;
  CountingGateway gateway_;
  std::unique_ptr<store::TestDatabase> database_;
  std::unique_ptr<store::ConnectionPool> pool_;
  reference::AirportDirectory directory_;
  std::unique_ptr<BookingService> service_;
  std::int64_t flight_id_ = 0;
};

}  // namespace

// A new line's flights go out without waiting for each answer (PostgreSQL's pipeline), and what it created is counted
// after: a day another line already flies stays that line's, is not counted, and has its inventory once.
TEST_F(BookingServiceTest, ANewLineCountsTheFlightsItCreatedAndLeavesAnotherLinesDays) {
  auto lease = pool_->Acquire();
  store::Transaction tx(*lease);
  auto config = reference::UpsertCabinConfig(*lease, "X9", "TNY", "Test", {{"Y", 10, 0}});
  ASSERT_TRUE(config);
  auto first = schedule::AddSchedule(*lease, directory_, {"X9", 301, "CPH", "HAM", 7 * 60, 8 * 60, 0, "1234567",
                                                          D("2026-12-01"), D("2026-12-10"), *config});
  auto overlapping = schedule::AddSchedule(*lease, directory_, {"X9", 301, "CPH", "HAM", 7 * 60, 8 * 60, 0, "1234567",
                                                                D("2026-12-05"), D("2026-12-14"), *config});
  tx.Commit();
  ASSERT_TRUE(first);
  ASSERT_TRUE(overlapping);
  EXPECT_EQ(*first, 10);
  EXPECT_EQ(*overlapping, 4);  // the 11th to the 14th
  auto flights = lease->Prepare(
      "SELECT COUNT(*), COUNT(DISTINCT schedule_id), (SELECT COUNT(*) FROM flight_classes k JOIN flights g "
      "ON g.id = k.flight_id WHERE g.flight_number = 301) FROM flights WHERE flight_number = 301");
  ASSERT_TRUE(flights.Step());
  EXPECT_EQ(flights.Int(0), 14);
  EXPECT_EQ(flights.Int(1), 2);
  EXPECT_EQ(flights.Int(2), 14 * 2);  // Y and M on each flight, once
}

TEST_F(BookingServiceTest, TheRulesOfTheDayAndOfRefundsAreTheDomains) {
  BookingView view;
  const auto now = core::FromEpoch(1'798'758'000);  // 2026-12-31T23:00:00Z: already 1 January in Copenhagen
  EXPECT_EQ(TravelDaysOf(view, directory_, now).today, *core::ParseIsoDate("2026-12-31"));  // no flight: UTC
  BookedSegment segment;
  segment.flight.origin = "CPH";
  segment.flight.departure_utc = core::FromEpoch(1'798'759'800);  // 23:30Z, 00:30 on 1 January in Copenhagen
  view.segments.push_back(segment);
  const auto days = TravelDaysOf(view, directory_, now);
  EXPECT_EQ(days.today, *core::ParseIsoDate("2027-01-01"));
  EXPECT_EQ(days.first_travel, *core::ParseIsoDate("2027-01-01"));
  view.segments[0].flight.origin = "QQQ";  // unknown airport: UTC, never a crash
  EXPECT_EQ(TravelDaysOf(view, directory_, now).today, *core::ParseIsoDate("2026-12-31"));

  EXPECT_EQ(RefundOnCancel(view), CancelRefund::kUnknown);  // sold before terms were kept
  view.segments[0].terms = FareTerms{"Flex", true, std::nullopt, 1};
  EXPECT_EQ(ToString(RefundOnCancel(view)), "refundable");
  view.segments.push_back(segment);
  view.segments[1].terms = FareTerms{"Light", false, std::nullopt, 0};
  EXPECT_EQ(ToString(RefundOnCancel(view)), "partly_refundable");
  view.segments[0].terms->refundable = false;
  EXPECT_EQ(ToString(RefundOnCancel(view)), "not_refundable");

  // What comes back: a refundable segment's share whole, a non-refundable one's taxes; nothing for a segment whose
  // share was not kept.
  view.total = {0, "EUR"};
  view.segments[0].terms->refundable = true;
  view.segments[0].price = pricing::SegmentPrice{{20000, "EUR"}, {3000, "EUR"}};
  view.segments[1].price = pricing::SegmentPrice{{15000, "EUR"}, {2500, "EUR"}};
  EXPECT_EQ(RefundDue(view), (core::Money{20000 + 3000 + 2500, "EUR"}));
  view.segments[1].price.reset();
  EXPECT_EQ(RefundDue(view), (core::Money{23000, "EUR"}));
}

// A hold draws its token (two values), then its locator; a locator another booking has is drawn again (the insert
// finds out), and the other booking keeps its own.
TEST_F(BookingServiceTest, AHoldWhoseLocatorIsTakenDrawsAnother) {
  random_.Queue({1, 2});
  random_.Queue(QueuedRandom::Drawing("ABCDEF"));
  auto first = service_->Hold(api_, Hold("Y", 1));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->booking.locator, "ABCDEF");
  random_.Queue({3, 4});
  random_.Queue(QueuedRandom::Drawing("ABCDEF"));
  random_.Queue(QueuedRandom::Drawing("GHJKMN"));
  auto second = service_->Hold(api_, Hold("Y", 2));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->booking.locator, "GHJKMN");
  EXPECT_EQ(Counts("Y").held, 3);
  auto kept = service_->Retrieve(api_, "ABCDEF", ByToken(first->hold_token));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->party.adults, 1);
  auto drawn_again = service_->Retrieve(api_, "GHJKMN", ByToken(second->hold_token));
  ASSERT_TRUE(drawn_again);
  EXPECT_EQ(drawn_again->party.adults, 2);
}

TEST_F(BookingServiceTest, StaffFindBookingsByReferenceNameEmailOrFlight) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  const auto locator = held->booking.locator;
  auto unnamed = service_->Hold(api_, Hold("Y", 1));
  ASSERT_TRUE(service_->Confirm(office_, locator, Names(1, held->hold_token)));
  const core::Actor reader{core::Channel::kOffice, "ro@example.dk", "", {core::Permission::kBookingsRead}};
  auto by = [&](BookingQuery query) {
    auto found = service_->Search(reader, query);
    EXPECT_TRUE(found) << (found ? "" : found.error().message);
    std::vector<std::string> locators;
    for (const auto& b : *found) locators.push_back(b.locator);
    return locators;
  };
  EXPECT_EQ(by({locator, "", std::nullopt}), std::vector<std::string>{locator});
  EXPECT_EQ(by({"hansen", "", std::nullopt}), std::vector<std::string>{locator});
  EXPECT_EQ(by({"IDA@Example.DK", "", std::nullopt}), std::vector<std::string>{locator});
  EXPECT_TRUE(by({"jensen", "", std::nullopt}).empty());
  const auto on_flight = by({"", "x9101", D("2026-12-01")});  // both bookings, newest first
  EXPECT_EQ(on_flight, (std::vector<std::string>{unnamed->booking.locator, locator}));
  const auto found = service_->Search(reader, {locator, "", std::nullopt});
  EXPECT_EQ(found->front().first_passenger, "HANSEN/IDA");
  EXPECT_EQ(found->front().status, BookingStatus::kConfirmed);
  EXPECT_EQ(service_->Search(reader, {"", "X9101", std::nullopt}).error().code, "INVALID_SEARCH");
  EXPECT_EQ(service_->Search(api_, {locator, "", std::nullopt}).error().code, "AUTHENTICATION_REQUIRED");
}

TEST_F(BookingServiceTest, HoldConfirmCancelMoveTheCounters) {
  auto held = service_->Hold(api_, Hold("M", 2));
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_EQ(held->booking.status, BookingStatus::kHeld);
  EXPECT_EQ(*held->booking.hold_expires_at, clock_.Now() + std::chrono::minutes{20});
  EXPECT_EQ(held->booking.total, (core::Money{20000, "EUR"}));
  EXPECT_EQ(Counts("M").held, 2);
  auto confirmed = service_->Confirm(office_, held->booking.locator, Names(2, held->hold_token));
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(Counts("M").held, 0);
  EXPECT_EQ(Counts("M").sold, 2);
  // The confirmation's answer shows the history as stored (its payment, confirmation and tickets lines written
  // together, after the tickets).
  const auto stored = service_->Retrieve(api_, held->booking.locator, ByName("hansen"));
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->history.size(), 4U);
  ASSERT_EQ(confirmed->booking.history.size(), 4U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(stored->history[i].action, confirmed->booking.history[i].action);
    EXPECT_EQ(stored->history[i].channel, confirmed->booking.history[i].channel);
    EXPECT_EQ(stored->history[i].detail, confirmed->booking.history[i].detail);
    EXPECT_EQ(stored->history[i].at, confirmed->booking.history[i].at);
  }
  EXPECT_NE(stored->history[3].detail.find(confirmed->booking.tickets.at(0).number), std::string::npos);
  auto cancelled = service_->Cancel(api_, held->booking.locator, ByName("hansen"));
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(Counts("M").sold, 0);
  std::vector<std::string> actions;
  for (const auto& h : cancelled->history) actions.push_back(h.action);
  // Paid in full, ticketed; cancelled the same day, the tickets are void.
  EXPECT_EQ(actions, (std::vector<std::string>{"HOLD", "PAYMENT", "CONFIRM", "TICKETED", "CANCEL", "TICKETS_VOIDED"}));
}

// History lines go in in the order given, up to three a statement.
TEST_F(BookingServiceTest, HistoryLinesAreStoredInTheOrderGiven) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  std::vector<HistoryEntry> lines;
  for (int i = 1; i <= 7; ++i)
    lines.push_back({clock_.Now() + std::chrono::seconds{i}, i % 2 ? "api" : "office:someone", fmt::format("NOTE{}", i),
                     fmt::format("line {} with 'quotes', \"double\" and ø", i)});
  for (std::size_t n : {1U, 2U, 3U, 7U}) {
    {
      auto lease = pool_->Acquire();
      store::Transaction tx(*lease);
      steps::AddHistory(*lease, held->booking.id, std::span<const HistoryEntry>(lines).first(n));
      tx.Commit();
    }
    const auto stored = service_->Retrieve(api_, held->booking.locator, ByToken(held->hold_token));
    ASSERT_TRUE(stored);
    ASSERT_GE(stored->history.size(), n);
    const auto tail = std::span<const HistoryEntry>(stored->history).last(n);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(tail[i].at, lines[i].at) << n << " " << i;
      EXPECT_EQ(tail[i].channel, lines[i].channel) << n << " " << i;
      EXPECT_EQ(tail[i].action, lines[i].action) << n << " " << i;
      EXPECT_EQ(tail[i].detail, lines[i].detail) << n << " " << i;
    }
  }
}

// Confirmations and cancellations change one class's counts where they are stored, without the cabin: each change
// is applied whole or not at all, and none takes a count below zero or touches another class.
TEST_F(BookingServiceTest, CountChangesApplyWhereStoredAndNeverGoBelowZero) {
  ASSERT_TRUE(service_->Hold(api_, Hold("M", 2)));
  {
    auto lease = pool_->Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    EXPECT_TRUE(inventory::ChangeCounts(db, flight_id_, "M", inventory::SellingHeld(1)));
    EXPECT_FALSE(inventory::ChangeCounts(db, flight_id_, "M", inventory::SellingHeld(2)));     // one left held
    EXPECT_FALSE(inventory::ChangeCounts(db, flight_id_, "M", inventory::Releasing(2, true)));  // one sold
    EXPECT_FALSE(inventory::ChangeCounts(db, flight_id_, "Q", inventory::SellingHeld(1)));     // not on the flight
    tx.Commit();
  }
  EXPECT_EQ(Counts("M").held, 1);
  EXPECT_EQ(Counts("M").sold, 1);
  EXPECT_EQ(Counts("Y").held + Counts("Y").sold, 0);
}

TEST_F(BookingServiceTest, AHoldOpensOnlyWithItsToken) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  EXPECT_EQ(held->hold_token.size(), 32u);
  const auto stranger = std::string(32, 'a');
  const auto web = core::Actor::Passenger(core::Channel::kWeb, "");
  for (const BookingProof& proof : {BookingProof{}, ByToken(stranger), ByName("hansen"), BookingProof{{}, {}, true}}) {
    EXPECT_EQ(service_->Retrieve(web, locator, proof).error().code, "BOOKING_NOT_FOUND");
    EXPECT_EQ(service_->Cancel(web, locator, proof).error().code, "BOOKING_NOT_FOUND");
  }
  EXPECT_EQ(service_->Confirm(office_, locator, Names(1, stranger)).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->Confirm(office_, locator, Names(1, "")).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(Counts("M").held, 1);  // nothing changed
  ASSERT_TRUE(service_->Retrieve(api_, locator, ByToken(held->hold_token)));
  ASSERT_TRUE(service_->Confirm(office_, locator, Names(1, held->hold_token)));
  // With names, the last name (or the booking site's signed link) opens it; the token no longer does.
  EXPECT_FALSE(service_->Retrieve(api_, locator, ByToken(held->hold_token)));
  EXPECT_TRUE(service_->Retrieve(api_, locator, ByName("HANSEN")));
  EXPECT_TRUE(service_->Retrieve(web, locator, BookingProof{{}, {}, true}));
  EXPECT_FALSE(service_->Retrieve(api_, locator, BookingProof{{}, {}, true}));  // only the site presents its link
  EXPECT_FALSE(service_->Retrieve(api_, locator, ByName("jensen")));
}

TEST_F(BookingServiceTest, StaffOpenBookingsByPermissionAndNeverCountAsGuessing) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  // May read any booking and take cash, but not change a booking that is not its own.
  const core::Actor reader{core::Channel::kOffice, "ro@example.dk", "198.51.100.1",
                           {core::Permission::kBookingsRead, core::Permission::kPaymentsCash}};
  const core::Actor agent{core::Channel::kOffice, "res@example.dk", "198.51.100.1",
                          {core::Permission::kBookingsRead, core::Permission::kBookingsWrite}};
  EXPECT_TRUE(service_->Retrieve(reader, locator, {}));  // a hold, without its token
  EXPECT_EQ(service_->Cancel(reader, locator, {}).error().code, "BOOKING_NOT_FOUND");  // reading is not changing
  EXPECT_EQ(service_->Confirm(reader, locator, Names(1, "")).error().code, "BOOKING_NOT_FOUND");
  // Staff are not anonymous clients: their failed look-ups are not guesses and lock nobody out.
  for (int i = 0; i < 30; ++i) EXPECT_EQ(service_->Retrieve(reader, "ZZZZZZ", {}).error().code, "BOOKING_NOT_FOUND");
  EXPECT_TRUE(service_->Retrieve(reader, locator, {}));
  // bookings.write confirms without the hold's token, but cash still needs payments.cash.
  auto cash = service_->Confirm(agent, locator, Names(1, ""));
  ASSERT_FALSE(cash);
  EXPECT_EQ(cash.error().code, "PAYMENT_METHOD_NOT_ALLOWED");
  auto cashier = agent;
  cashier.permissions.Grant(core::Permission::kPaymentsCash);
  auto confirmed = service_->Confirm(cashier, locator, Names(1, ""));
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->booking.history.back().channel, "office:res@example.dk");  // who, not only where
  auto cancelled = service_->Cancel(agent, locator, {});
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, BookingStatus::kCancelled);
}

TEST_F(BookingServiceTest, CashOnlyAtAnOffice) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  for (auto channel : {core::Channel::kApi, core::Channel::kWeb, core::Channel::kAgent, core::Channel::kPartner,
                       core::Channel::kOffice}) {
    // Even staff with every other permission: cash is a permission of its own.
    core::Permissions permissions;
    for (auto p : core::AllPermissions())
      if (p != core::Permission::kPaymentsCash) permissions.Grant(p);
    const core::Actor actor{channel, channel == core::Channel::kWeb ? "" : "someone", "", permissions};
    auto refused = service_->Confirm(actor, held->booking.locator, Names(1, held->hold_token));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "PAYMENT_METHOD_NOT_ALLOWED");
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kForbidden);
  }
  EXPECT_EQ(Counts("M").sold, 0);
  EXPECT_TRUE(service_->Confirm(office_, held->booking.locator, Names(1, held->hold_token)));
}

TEST_F(BookingServiceTest, HoldsExpireOnlyAfterTheirTimeLimit) {
  auto held = service_->Hold(api_, Hold("Y", 3));
  ASSERT_TRUE(held);
  clock_.Advance(std::chrono::minutes{19});
  EXPECT_EQ(service_->ExpireDue(), 0);
  EXPECT_EQ(Counts("Y").held, 3);
  clock_.Advance(std::chrono::minutes{1});
  EXPECT_EQ(service_->ExpireDue(), 1);
  EXPECT_EQ(Counts("Y").held, 0);
  auto booking = service_->Retrieve(api_, held->booking.locator, ByToken(held->hold_token));
  EXPECT_EQ(booking->status, BookingStatus::kExpired);
  EXPECT_EQ(service_->ExpireDue(), 0);  // nothing twice
}

TEST_F(BookingServiceTest, ConfirmAfterTheLimitExpiresEvenBeforeTheSweep) {
  auto held = service_->Hold(api_, Hold("Y", 1));
  ASSERT_TRUE(held);
  clock_.Advance(std::chrono::minutes{21});
  auto confirmed = service_->Confirm(office_, held->booking.locator, Names(1, held->hold_token));
  ASSERT_FALSE(confirmed);
  EXPECT_EQ(confirmed.error().code, "HOLD_EXPIRED");
  EXPECT_EQ(Counts("Y").held, 0);
  EXPECT_EQ(Counts("Y").sold, 0);
}

TEST_F(BookingServiceTest, IdempotentRetryMakesOneBooking) {
  auto first = service_->Hold(api_, Hold("Y", 2, "k-1"));
  auto again = service_->Hold(api_, Hold("Y", 2, "k-1"));
  ASSERT_TRUE(first);
  ASSERT_TRUE(again);
  EXPECT_FALSE(first->replayed);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(first->booking.locator, again->booking.locator);
  EXPECT_EQ(first->hold_token, again->hold_token);  // the retry learns the secret the lost answer carried
  // Keys are the caller's own: the same key and body from another client or channel is another booking.
  auto theirs = service_->Hold(From("203.0.113.50"), Hold("Y", 2, "k-1"));
  ASSERT_TRUE(theirs);
  EXPECT_FALSE(theirs->replayed);
  EXPECT_NE(theirs->booking.locator, first->booking.locator);
  EXPECT_NE(theirs->hold_token, first->hold_token);
  auto web = service_->Hold(core::Actor::Passenger(core::Channel::kWeb, ""), Hold("Y", 2, "k-1"));
  ASSERT_TRUE(web);
  EXPECT_FALSE(web->replayed);
  EXPECT_EQ(Counts("Y").held, 6);
  EXPECT_EQ(service_->Hold(api_, Hold("Y", 3, "k-1")).error().code, "IDEMPOTENCY_KEY_REUSED");
}

TEST_F(BookingServiceTest, ClosedAfterDepartureCutoff) {
  clock_.Advance(std::chrono::days{30});
  auto held = service_->Hold(api_, Hold("Y", 1));
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().code, "FLIGHT_CLOSED");
}

TEST_F(BookingServiceTest, ConcurrentHoldsNeverOversell) {
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&, i] {
      auto held = service_->Hold(api_, Hold(i % 2 ? "M" : "Y", 1));
      if (held) {
        ++won;
      } else {
        ++refused;
        EXPECT_EQ(held.error().code, "SEATS_UNAVAILABLE");
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 10);
  EXPECT_EQ(refused.load(), 6);
  EXPECT_EQ(Counts("Y").held + Counts("M").held, 10);
  EXPECT_LE(Counts("M").held, 6);
}

// A fare filed while a hold waits for its turn prices the next hold: the one waiting keeps the price it was quoted
// when it was asked for, as the search before it showed.
TEST_F(BookingServiceTest, AHoldWaitingForItsTurnKeepsThePriceItWasQuoted) {
  auto held = HoldBehind(Hold("M", 1), [](store::Connection& db) { ASSERT_TRUE(FileAdultFareOfM(db, 12000)); });
  if (!held) GTEST_SKIP() << "only SQLite prices a hold before its turn";
  ASSERT_TRUE(*held) << (*held).error().message;
  EXPECT_EQ((**held).booking.total, (core::Money{10000, "EUR"}));
  auto next = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->booking.total, (core::Money{12000, "EUR"}));
}

// A flight retimed while a hold waits for its turn is priced again inside the hold's transaction: the quote was for
// another travel day, whose fare no longer applies.
TEST_F(BookingServiceTest, AHoldWhoseFlightWasRetimedWhileItWaitedIsPricedAgain) {
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    ASSERT_TRUE(FileAdultFareOfM(*lease, 15000, D("2026-12-02"), D("2026-12-02")));
    tx.Commit();
  }
  const auto flight = flight_id_;
  auto held = HoldBehind(Hold("M", 1), [flight](store::Connection& db) {
    db.Prepare("UPDATE flights SET departure_date = '2026-12-02', departure_utc = departure_utc + 86400, "
               "arrival_utc = arrival_utc + 86400 WHERE id = ?")
        .Bind(1, flight)
        .Exec();
  });
  if (!held) GTEST_SKIP() << "only SQLite prices a hold before its turn";
  ASSERT_TRUE(*held) << (*held).error().message;
  EXPECT_EQ((**held).booking.total, (core::Money{15000, "EUR"}));
  ASSERT_EQ((**held).booking.segments.size(), 1u);
  EXPECT_EQ((**held).booking.segments[0].flight.departure_local.substr(0, 10), "2026-12-02");
}

// A quote that found no fare is not the answer: a fare filed while the hold waited for its turn prices it.
TEST_F(BookingServiceTest, AHoldQuotedNoFareIsPricedAgainInItsTurn) {
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    lease->Prepare("DELETE FROM fares WHERE booking_class = 'M'").Exec();
    tx.Commit();
  }
  auto held = HoldBehind(Hold("M", 1), [](store::Connection& db) { ASSERT_TRUE(FileAdultFareOfM(db, 13000)); });
  if (!held) GTEST_SKIP() << "only SQLite prices a hold before its turn";
  ASSERT_TRUE(*held) << (*held).error().code;
  EXPECT_EQ((**held).booking.total, (core::Money{13000, "EUR"}));
}

// The airline's currency changed while the hold waited for its turn: the hold is priced again, in the new one.
TEST_F(BookingServiceTest, AHoldWhoseAirlineChangedItsCurrencyWhileItWaitedIsPricedInIt) {
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    ASSERT_TRUE(pricing::SetRate(*lease, "EUR", "DKK", 7'460'000));
    tx.Commit();
  }
  auto held = HoldBehind(Hold("M", 1), [](store::Connection& db) {
    db.Prepare("UPDATE airlines SET base_currency = 'DKK' WHERE designator = 'X9'").Exec();
  });
  if (!held) GTEST_SKIP() << "only SQLite prices a hold before its turn";
  ASSERT_TRUE(*held) << (*held).error().code;
  EXPECT_EQ((**held).booking.total.currency, "DKK");
  EXPECT_GT((**held).booking.total.minor, 10000);
}

}  // namespace jetway::booking

namespace jetway::booking {

TEST_F(BookingServiceTest, ConfirmQueuesItsConfirmationOnceAndAReplayQueuesNothing) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  EXPECT_TRUE(Mail(locator).empty());  // a hold sends nothing
  auto request = Names(1, held->hold_token);
  request.language = "da";
  request.idempotency_key = "confirm-1";
  request.fingerprint = "f";
  ASSERT_TRUE(service_->Confirm(office_, locator, request));
  auto rows = Mail(locator);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, kConfirmationMail);
  EXPECT_EQ(rows[0].recipient, "ida@example.dk");
  EXPECT_EQ(rows[0].language, "da");
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[0].attempts, 0);
  EXPECT_EQ(rows[0].next_attempt_at, core::ToEpoch(clock_.Now()));  // due at once
  auto replay = service_->Confirm(office_, locator, request);
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(Mail(locator).size(), 1u);
}

TEST_F(BookingServiceTest, RefusedConfirmationsQueueNothing) {
  auto held = service_->Hold(api_, Hold("M", 2));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  EXPECT_EQ(service_->Confirm(office_, locator, Names(1, held->hold_token)).error().code, "PASSENGER_COUNT_MISMATCH");
  auto declined = Names(2, held->hold_token);
  declined.method = PaymentMethod::kTestCard;
  declined.card = {"4000000000000002", 12, 2030, "123", "IDA HANSEN"};
  EXPECT_EQ(service_->Confirm(office_, locator, declined).error().code, "PAYMENT_DECLINED");  // committed, but not confirmed
  EXPECT_TRUE(Mail(locator).empty());
  clock_.Advance(std::chrono::minutes{21});
  EXPECT_EQ(service_->Confirm(office_, locator, Names(2, held->hold_token)).error().code, "HOLD_EXPIRED");
  EXPECT_TRUE(Mail(locator).empty());
}

TEST_F(BookingServiceTest, ConfirmRolledBackAfterQueueingLeavesNoMail) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  {
    // The last write of a confirm with an Idempotency-Key fails, after the e-mail was queued.
    auto lease = pool_->Acquire();
    lease->ExecScript(database_->engine() == store::Engine::kPostgres
                          ? "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                            "RAISE EXCEPTION 'injected failure'; END $$; CREATE TRIGGER refuse BEFORE INSERT ON "
                            "idempotency_keys FOR EACH ROW EXECUTE FUNCTION refuse();"
                          : "CREATE TRIGGER refuse BEFORE INSERT ON idempotency_keys BEGIN "
                            "SELECT RAISE(ABORT, 'injected failure'); END;");
  }
  auto request = Names(1, held->hold_token);
  request.idempotency_key = "k";
  EXPECT_THROW(service_->Confirm(office_, locator, request), store::StoreError);
  EXPECT_TRUE(Mail(locator).empty());
  EXPECT_EQ(service_->Retrieve(api_, locator, ByToken(held->hold_token))->status, BookingStatus::kHeld);
  EXPECT_EQ(Counts("M").sold, 0);
}

TEST_F(BookingServiceTest, ConfirmThatCannotQueueItsMailDoesNotConfirm) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  {
    auto lease = pool_->Acquire();
    lease->ExecScript("DROP TABLE mail_outbox");
  }
  EXPECT_THROW(service_->Confirm(office_, held->booking.locator, Names(1, held->hold_token)), store::StoreError);
  EXPECT_EQ(service_->Retrieve(api_, held->booking.locator, ByToken(held->hold_token))->status, BookingStatus::kHeld);
  EXPECT_EQ(Counts("M").sold, 0);
  EXPECT_EQ(Counts("M").held, 1);
}

TEST_F(BookingServiceTest, ResendQueuesAnotherConfirmationOnlyForAConfirmedBooking) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  auto not_yet = service_->ResendConfirmation(api_, locator, ByName("hansen"));
  ASSERT_FALSE(not_yet);
  EXPECT_EQ(not_yet.error().kind, core::ErrorKind::kNotFound);  // a hold has no names: a last name opens nothing
  auto request = Names(1, held->hold_token);
  request.language = "da";
  ASSERT_TRUE(service_->Confirm(office_, locator, request));
  EXPECT_EQ(service_->ResendConfirmation(api_, locator, ByName("jensen")).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(service_->ResendConfirmation(api_, "ZZZZZZ", ByName("hansen")).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(service_->ResendConfirmation(api_, "not a locator", ByName("hansen")).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(Mail(locator).size(), 1u);
  ASSERT_TRUE(service_->ResendConfirmation(api_, locator, ByName("Hansen")));
  auto rows = Mail(locator);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].language, "da");  // the passenger's language, kept
  EXPECT_EQ(rows[1].recipient, "ida@example.dk");
  EXPECT_EQ(rows[1].status, "pending");
  ASSERT_TRUE(service_->ResendConfirmation(api_, locator, ByName("hansen"), "en"));
  EXPECT_EQ(Mail(locator).at(2).language, "en");
  ASSERT_TRUE(service_->Cancel(api_, locator, ByName("hansen")));
  EXPECT_EQ(service_->ResendConfirmation(api_, locator, ByName("hansen")).error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(Mail(locator).size(), 3u);
}

}  // namespace jetway::booking

namespace jetway::booking {
namespace {

// The booking keeps what it was sold as: retrieving it later shows the price per passenger type and the fare's
// brand and conditions as they were at the hold, whatever is filed afterwards.
TEST_F(BookingServiceTest, KeepsThePriceBreakdownAndFareTermsItWasSoldWith) {
  auto held = service_->Hold(api_, Hold("M", 2));
  ASSERT_TRUE(held) << held.error().message;
  const auto& view = held->booking;
  ASSERT_EQ(view.price_lines.size(), 1u);
  const auto& line = view.price_lines.front();
  EXPECT_EQ(line.pax_type, core::PaxType::kAdult);
  EXPECT_EQ(line.count, 2);
  EXPECT_EQ(line.fare_each.minor, 10000);
  EXPECT_EQ(line.count * (line.fare_each.minor + line.taxes_each.minor), view.total.minor);
  ASSERT_EQ(view.segments.size(), 1u);
  ASSERT_TRUE(view.segments.front().terms);
  EXPECT_EQ(view.segments.front().terms->brand, "Classic");
  EXPECT_FALSE(view.segments.front().terms->refundable);
  EXPECT_FALSE(view.segments.front().terms->change_fee);
  EXPECT_EQ(view.segments.front().terms->checked_bags, 1);
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    ASSERT_TRUE(pricing::FileFare(*lease, {"X9", "CPH", "HAM", true,
                                           pricing::Fare{"M", core::PaxType::kAdult, "Flex", core::Money{99900, "EUR"},
                                                         true, core::Money{0, "EUR"}, 2},
                                           D("2026-01-01"), D("2027-12-31")}));
    tx.Commit();
  }
  auto again = service_->Retrieve(api_, view.locator, ByToken(held->hold_token));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->price_lines.front().fare_each.minor, 10000);
  EXPECT_EQ(again->segments.front().terms->brand, "Classic");
}

}  // namespace
}  // namespace jetway::booking

namespace jetway::booking {
namespace {

TEST_F(BookingServiceTest, OneClientMayHoldOnlySoMuch) {
  auto limits = Limits();
  limits.holds_per_client = 3;
  limits.held_seats_per_client_per_flight = 4;
  Start(limits);
  auto hold = [&](int adults, const char* client) {
    return service_->Hold(From(client), Hold("Y", adults));
  };
  EXPECT_EQ(hold(5, "192.0.2.3").error().code, "TOO_MANY_HELD_SEATS");  // too much even as a first hold
  ASSERT_TRUE(hold(3, "192.0.2.1"));
  auto over_flight = hold(2, "192.0.2.1");  // 3 + 2 seats on the one flight
  ASSERT_FALSE(over_flight);
  EXPECT_EQ(over_flight.error().code, "TOO_MANY_HELD_SEATS");
  EXPECT_EQ(over_flight.error().kind, core::ErrorKind::kTooManyRequests);
  EXPECT_EQ(over_flight.error().retry_after_seconds, 20 * 60);  // when the first hold runs out
  ASSERT_TRUE(hold(1, "192.0.2.1"));
  EXPECT_EQ(Counts("Y").held, 4);
  ASSERT_TRUE(hold(4, "192.0.2.2"));  // another client is not affected
  // Three holds in all: pay for one and another may be made; a fourth at once is refused.
  limits.held_seats_per_client_per_flight = 100;
  Start(limits);
  auto third = hold(1, "192.0.2.1");
  ASSERT_TRUE(third);
  EXPECT_EQ(hold(1, "192.0.2.1").error().code, "TOO_MANY_HOLDS");
  ASSERT_TRUE(service_->Confirm(office_, third->booking.locator, Names(1, third->hold_token)));
  EXPECT_TRUE(hold(1, "192.0.2.1"));
  clock_.Advance(std::chrono::minutes{21});
  // Expired holds count no more against the client even before the sweep (their seats are still held until then,
  // and this small cabin has none left); after it, the client holds again.
  EXPECT_EQ(hold(1, "192.0.2.1").error().code, "SEATS_UNAVAILABLE");
  EXPECT_GT(service_->ExpireDue(), 0);
  auto later = hold(1, "192.0.2.1");
  EXPECT_TRUE(later) << later.error().code;
}

TEST_F(BookingServiceTest, AHoldWithoutNamesIsShortUntilNamesAreGiven) {
  auto limits = Limits();
  limits.unnamed_hold_time = std::chrono::minutes{5};
  Start(limits);
  auto held = service_->Hold(api_, Hold("Y", 1));
  ASSERT_TRUE(held);
  EXPECT_EQ(*held->booking.hold_expires_at, clock_.Now() + std::chrono::minutes{5});
  EXPECT_EQ(service_->NamesGiven(api_, held->booking.locator, ByName("hansen")).error().code, "BOOKING_NOT_FOUND");
  clock_.Advance(std::chrono::minutes{3});
  auto extended = service_->NamesGiven(api_, held->booking.locator, ByToken(held->hold_token));
  ASSERT_TRUE(extended);
  EXPECT_EQ(*extended, held->booking.created_at + std::chrono::minutes{20});  // from the hold, not from now
  EXPECT_EQ(*service_->NamesGiven(api_, held->booking.locator, ByToken(held->hold_token)), *extended);
  clock_.Advance(std::chrono::minutes{17});
  EXPECT_EQ(service_->ExpireDue(), 1);
  EXPECT_EQ(service_->NamesGiven(api_, held->booking.locator, ByToken(held->hold_token)).error().code, "BOOKING_NOT_HELD");
}

TEST_F(BookingServiceTest, GuessingNamesIsSlowedDown) {
  auto limits = Limits();
  limits.lookups_per_client = {3, std::chrono::minutes{10}, std::chrono::hours{24}};
  limits.lookups_per_booking = {5, std::chrono::minutes{10}, std::chrono::hours{24}};
  Start(limits);
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  ASSERT_TRUE(service_->Confirm(office_, held->booking.locator, Names(1, held->hold_token)));
  const auto& locator = held->booking.locator;
  auto retrieve = [&](const char* name, const char* client) {
    return service_->Retrieve(From(client), locator, ByName(name));
  };
  for (const char* name : {"smith", "jones", "brown"})
    EXPECT_EQ(retrieve(name, "198.51.100.7").error().code, "BOOKING_NOT_FOUND");
  auto refused = retrieve("hansen", "198.51.100.7");  // even the right name, now
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "TOO_MANY_ATTEMPTS");
  EXPECT_EQ(refused.error().retry_after_seconds, 600);
  EXPECT_EQ(service_->Cancel(From("198.51.100.7"), locator, ByName("hansen")).error().code, "TOO_MANY_ATTEMPTS");
  EXPECT_TRUE(retrieve("hansen", "198.51.100.8"));  // another client may
  // Guesses at one booking from many clients lock the booking's look-up too (the signed link still opens it).
  for (const char* client : {"203.0.113.1", "203.0.113.2"})
    retrieve("smith", client);
  EXPECT_EQ(retrieve("hansen", "203.0.113.3").error().code, "TOO_MANY_ATTEMPTS");
  EXPECT_TRUE(service_->Retrieve(core::Actor::Passenger(core::Channel::kWeb, "203.0.113.3"), locator, {{}, {}, true}));
  clock_.Advance(std::chrono::minutes{10});
  EXPECT_TRUE(retrieve("hansen", "198.51.100.7"));
}

// On PostgreSQL a hold's reads go behind its locks in two round trips, and a confirmation's reads after its lock in
// one (store::Statement::Prefetch): a one-flight hold from an anonymous client (its holds counted too) waits for the
// server 4 times, its confirmation 5. A change that adds a wait (a read stepped on its own, a write whose answer is
// awaited) shows here; SQLite has no round trips.
TEST_F(BookingServiceTest, OnPostgresAHoldWaitsForTheServerFourTimesAndItsConfirmationFive) {
  if (database_->engine() != store::Engine::kPostgres) GTEST_SKIP() << "SQLite has no round trips";
  auto pool = database_->Pool(1);
  BookingService service(*pool, directory_, clock_, random_, gateway_, std::chrono::minutes{20}, Limits());
  const auto client = core::Actor::Passenger(core::Channel::kWeb, "192.0.2.44");
  auto trips = [&] { return (*pool->Acquire()).RoundTrips(); };
  ConfirmRequest pay = Names(1, "");
  pay.method = PaymentMethod::kTestCard;
  pay.card = {"4242424242424242", 12, 2030, "123", "IDA HANSEN"};
  for (int round = 0; round < 2; ++round) {  // the first prepares the statements, a round trip each
    const auto start = trips();
    auto held = service.Hold(client, Hold("Y", 1));
    ASSERT_TRUE(held) << held.error().message;
    const auto hold_trips = trips() - start;
    pay.hold_token = held->hold_token;
    auto confirmed = service.Confirm(client, held->booking.locator, pay);
    ASSERT_TRUE(confirmed) << confirmed.error().message;
    EXPECT_EQ(confirmed->booking.status, BookingStatus::kConfirmed);
    const auto confirm_trips = trips() - start - hold_trips;
    if (round == 0) continue;
    EXPECT_EQ(hold_trips, 4U);
    EXPECT_EQ(confirm_trips, 5U);
  }
  EXPECT_EQ(Counts("Y").sold, 2);
}

TEST_F(BookingServiceTest, DeclinedCardsAreCappedPerBookingAndPerClient) {
  auto limits = Limits();
  limits.declines_per_booking = 2;
  limits.declines_per_client = {3, std::chrono::hours{1}, std::chrono::hours{24}};
  Start(limits);
  auto card = [&](const Outcome& held, const char* number) {
    auto request = Names(1, held.hold_token);
    request.method = PaymentMethod::kTestCard;
    request.card = {number, 12, 2030, "123", "IDA HANSEN"};
    return service_->Confirm(core::Actor::Passenger(core::Channel::kWeb, "192.0.2.9"), held.booking.locator, request);
  };
  auto first = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(first);
  EXPECT_EQ(card(*first, "4000000000000002").error().code, "PAYMENT_DECLINED");
  EXPECT_EQ(card(*first, "4000000000000002").error().code, "PAYMENT_DECLINED");
  EXPECT_EQ(card(*first, "4242424242424242").error().code, "PAYMENT_ATTEMPTS_EXCEEDED");  // not even a good card
  auto second = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(second);
  EXPECT_EQ(card(*second, "4000000000000002").error().code, "PAYMENT_DECLINED");  // the client's third
  auto refused = card(*second, "4242424242424242");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "TOO_MANY_DECLINED_CARDS");
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_EQ(Counts("M").sold, 0);
  clock_.Advance(std::chrono::minutes{1});
  EXPECT_EQ(service_->Retrieve(api_, second->booking.locator, ByToken(second->hold_token))->payments.size(), 1u);
}

TEST_F(BookingServiceTest, ConfirmationMailsAreCappedPerHour) {
  auto limits = Limits();
  limits.confirmation_mails_per_hour = 3;
  Start(limits);
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  ASSERT_TRUE(service_->Confirm(office_, held->booking.locator, Names(1, held->hold_token)));
  const auto& locator = held->booking.locator;
  clock_.Advance(std::chrono::minutes{10});
  EXPECT_TRUE(service_->ResendConfirmation(api_, locator, ByName("hansen")));
  EXPECT_TRUE(service_->ResendConfirmation(api_, locator, ByName("hansen")));
  auto refused = service_->ResendConfirmation(api_, locator, ByName("hansen"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "TOO_MANY_EMAILS");
  EXPECT_EQ(refused.error().retry_after_seconds, 50 * 60);  // when the first leaves the hour
  EXPECT_EQ(Mail(locator).size(), 3u);
  clock_.Advance(std::chrono::minutes{50});
  EXPECT_TRUE(service_->ResendConfirmation(api_, locator, ByName("hansen")));
}

// A travel agency pays on account: the charge is its ledger row in the confirmation's transaction, a booking the
// account cannot cover is refused with what is available and changes nothing, and a cancellation credits back what
// the fare's rules refund.
class OnAccountTest : public BookingServiceTest {
 protected:
  void OpenAccount(std::int64_t agency_id, std::int64_t credit_limit) {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    agents::OpenAccount(*lease, agency_id, "EUR", clock_.Now());
    lease->Prepare("UPDATE agency_accounts SET credit_limit = ? WHERE agency_id = ?")
        .Bind(1, credit_limit)
        .Bind(2, agency_id)
        .Exec();
    tx.Commit();
  }
  // The kept balance, after checking it equals the rows' sum and the newest row's running balance.
  std::int64_t Balance(std::int64_t agency_id) {
    auto lease = pool_->Acquire();
    auto stmt = lease->Prepare(
        "SELECT a.balance, COALESCE((SELECT SUM(amount) FROM agency_ledger l WHERE l.agency_id = a.agency_id), 0), "
        "COALESCE((SELECT balance_after FROM agency_ledger l WHERE l.agency_id = a.agency_id ORDER BY id DESC LIMIT "
        "1), 0) FROM agency_accounts a WHERE a.agency_id = ?");
    stmt.Bind(1, agency_id);
    EXPECT_TRUE(stmt.Step());
    EXPECT_EQ(stmt.Int(0), stmt.Int(1)) << "the kept balance is not the sum of the rows";
    EXPECT_EQ(stmt.Int(0), stmt.Int(2)) << "the kept balance is not the newest row's";
    return stmt.Int(0);
  }
  std::int64_t Count(const std::string& sql) {
    auto lease = pool_->Acquire();
    auto stmt = lease->Prepare(sql);
    stmt.Step();
    return stmt.Int(0);
  }
  ConfirmRequest OnAccount(int adults, const std::string& hold_token) {
    auto request = Names(adults, hold_token);
    request.method = PaymentMethod::kOnAccount;
    return request;
  }
  core::Actor Agent(std::int64_t agency_id) {
    core::Actor agent{core::Channel::kAgent, "ida@nordlys.example", "", {}};
    agent.agency_id = agency_id;
    return agent;
  }
};

TEST_F(OnAccountTest, TheChargeCommitsWithTheConfirmationAndTheRefusalChangesNothing) {
  OpenAccount(7, 25000);  // a 250.00 line
  const auto agent = Agent(7);
  auto first = service_->Hold(agent, Hold("Y", 1));
  ASSERT_TRUE(first) << first.error().message;
  auto paid = service_->Confirm(agent, first->booking.locator, OnAccount(1, first->hold_token));
  ASSERT_TRUE(paid) << paid.error().message;
  ASSERT_EQ(paid->booking.payments.size(), 1u);
  EXPECT_EQ(paid->booking.payments[0].method, "on_account");
  EXPECT_EQ(paid->booking.payments[0].reference, "ACCOUNT-" + first->booking.locator);
  EXPECT_EQ(paid->booking.agency_id, 7);
  EXPECT_EQ(Balance(7), -10000);

  auto second = service_->Hold(agent, Hold("Y", 2));
  ASSERT_TRUE(second);
  const auto held = Counts("Y").held;
  auto refused = service_->Confirm(agent, second->booking.locator, OnAccount(2, second->hold_token));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "CREDIT_LIMIT_EXCEEDED");
  EXPECT_EQ(refused.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(refused.error().message,
            "the booking costs EUR 200.00 and the agency has EUR 150.00 available on its account");
  auto still = service_->Retrieve(agent, second->booking.locator, ByToken(second->hold_token));
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, BookingStatus::kHeld);
  EXPECT_TRUE(still->payments.empty());
  EXPECT_EQ(Counts("Y").held, held);
  EXPECT_EQ(Balance(7), -10000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM agency_ledger"), 1);

  // A passenger's hold (not the agency's: an agent cannot reach it, hold token or not), and an agency without an
  // account.
  auto web = service_->Hold(api_, Hold("Y", 1));
  ASSERT_TRUE(web);
  EXPECT_EQ(service_->Confirm(agent, web->booking.locator, OnAccount(1, web->hold_token)).error().code,
            "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->Confirm(api_, web->booking.locator, OnAccount(1, web->hold_token)).error().code,
            "PAYMENT_METHOD_NOT_ALLOWED");
  auto orphan = service_->Hold(Agent(8), Hold("Y", 1));
  ASSERT_TRUE(orphan);
  EXPECT_EQ(service_->Confirm(Agent(8), orphan->booking.locator, OnAccount(1, orphan->hold_token)).error().code,
            "NO_AGENCY_ACCOUNT");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM agency_ledger"), 1);
}

TEST_F(OnAccountTest, ACancellationCreditsBackWhatTheFareRulesRefund) {
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    ASSERT_TRUE(pricing::FileTax(*lease, {"CPH", "DK", "Danish passenger tax", {1500, "EUR"}, false}));
    tx.Commit();
  }
  OpenAccount(7, 100000);
  const auto agent = Agent(7);
  auto light = service_->Hold(agent, Hold("Y", 2));
  ASSERT_TRUE(light) << light.error().message;
  ASSERT_EQ(light->booking.total, (core::Money{23000, "EUR"}));  // 2 x (100.00 + 15.00)
  ASSERT_TRUE(service_->Confirm(agent, light->booking.locator, OnAccount(2, light->hold_token)));
  auto flex = service_->Hold(agent, Hold("Y", 1));
  ASSERT_TRUE(flex);
  {
    // As if sold on a refundable fare: the terms are what the booking keeps of the fare it was sold on.
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE booking_segments SET refundable = 1 WHERE booking_id = ?").Bind(1, flex->booking.id).Exec();
  }
  ASSERT_TRUE(service_->Confirm(agent, flex->booking.locator, OnAccount(1, flex->hold_token)));
  EXPECT_EQ(Balance(7), -23000 - 11500);

  // The non-refundable booking gives back its taxes only; the refundable one all of it.
  auto cancelled = service_->Cancel(agent, light->booking.locator, ByName("Hansen"));
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(Balance(7), -23000 - 11500 + 3000);
  ASSERT_GE(cancelled->history.size(), 3u);
  EXPECT_EQ(cancelled->history[cancelled->history.size() - 3].action, "CANCEL");
  EXPECT_EQ(cancelled->history[cancelled->history.size() - 2].action, "TICKETS_VOIDED");
  EXPECT_EQ(cancelled->history.back().action, "REFUND");
  EXPECT_EQ(cancelled->history.back().detail, "30.00 EUR back to the agency's account");
  ASSERT_TRUE(service_->Cancel(agent, flex->booking.locator, ByName("Hansen")));
  EXPECT_EQ(Balance(7), -23000 + 3000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM agency_ledger WHERE kind = 'refund'"), 2);
  // A held booking cancelled was never charged: nothing comes back.
  auto unpaid = service_->Hold(agent, Hold("Y", 1));
  ASSERT_TRUE(unpaid);
  ASSERT_TRUE(service_->Cancel(agent, unpaid->booking.locator, ByToken(unpaid->hold_token)));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM agency_ledger WHERE kind = 'refund'"), 2);
  EXPECT_EQ(Balance(7), -20000);
}

TEST_F(OnAccountTest, AnAgencysPeopleReachItsBookingsAndNoOthers) {
  OpenAccount(7, 100000);
  OpenAccount(8, 100000);
  auto mine = Agent(7), theirs = Agent(8);
  for (auto* agent : {&mine, &theirs}) {
    agent->permissions.Grant(core::Permission::kBookingsRead);
    agent->permissions.Grant(core::Permission::kBookingsWrite);
  }
  auto own = service_->Hold(mine, Hold("Y", 1));
  auto other = service_->Hold(theirs, Hold("Y", 1));
  ASSERT_TRUE(own && other);
  ASSERT_TRUE(service_->Confirm(mine, own->booking.locator, OnAccount(1, own->hold_token)));
  ASSERT_TRUE(service_->Confirm(theirs, other->booking.locator, OnAccount(1, other->hold_token)));
  const auto locator = other->booking.locator;

  // Its own: found, opened and changed without any proof, as staff open bookings.
  ASSERT_TRUE(service_->Retrieve(mine, own->booking.locator, {}));
  ASSERT_TRUE(service_->AddRemark(mine, own->booking.locator, "window seat asked for"));
  // Another agency's, by its reference: as if it did not exist, and nothing changes.
  EXPECT_EQ(service_->Retrieve(mine, locator, {}).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->Cancel(mine, locator, {}).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->AddRemark(mine, locator, "x").error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->ResendConfirmation(mine, locator, {}).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->Find(locator)->status, BookingStatus::kConfirmed);
  EXPECT_EQ(Balance(8), -other->booking.total.minor);
  // Searches find its own only: by reference, and by a name both share.
  EXPECT_TRUE(service_->Search(mine, {locator, "", std::nullopt})->empty());
  const auto by_name = service_->Search(mine, {"Hansen", "", std::nullopt});
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ(by_name->front().locator, own->booking.locator);
  // Staff are not scoped by agency.
  const core::Actor staff{core::Channel::kOffice, "desk@x9.example", "", {core::Permission::kBookingsRead}};
  EXPECT_EQ(service_->Search(staff, {"Hansen", "", std::nullopt})->size(), 2u);
}

TEST_F(OnAccountTest, ANetAgencyIsChargedLessItsCommissionAndGetsBackWhatItPaid) {
  OpenAccount(7, 100000);
  OpenAccount(8, 100000);
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    agents::CommissionRule rule;
    rule.airline = "X9";
    rule.valid_from = *core::ParseIsoDate("2020-01-01");
    rule.valid_to = *core::ParseIsoDate("2099-12-31");
    rule.basis_points = 1000;  // 10 %
    for (std::int64_t agency : {7, 8}) agents::InsertCommissionRule(*lease, agency, rule, "test", clock_.Now());
    agents::KeepSettlement(*lease, 8, agents::Settlement::kStatement, clock_.Now());
    tx.Commit();
  }
  // Net: two passengers at 100.00 EUR, 10 % commission on the fare: charged 180.00.
  auto held = service_->Hold(Agent(7), Hold("Y", 2));
  ASSERT_TRUE(held);
  {
    auto lease = pool_->Acquire();  // as if sold refundable
    lease->Prepare("UPDATE booking_segments SET refundable = 1 WHERE booking_id = ?").Bind(1, held->booking.id).Exec();
  }
  auto paid = service_->Confirm(Agent(7), held->booking.locator, OnAccount(2, held->hold_token));
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->booking.total, (core::Money{20000, "EUR"}));
  EXPECT_EQ(Balance(7), -18000);
  EXPECT_EQ(paid->booking.segments.front().commission, 2000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM agency_ledger WHERE note = 'commission 20.00 EUR deducted'"), 1);
  // The refundable fare comes back as charged: less the commission the agency kept.
  ASSERT_TRUE(service_->Cancel(Agent(7), held->booking.locator, ByName("Hansen")));
  EXPECT_EQ(Balance(7), 0);
  // Statement: charged the gross, the commission recorded for the statement's payout.
  auto gross = service_->Hold(Agent(8), Hold("Y", 1));
  ASSERT_TRUE(service_->Confirm(Agent(8), gross->booking.locator, OnAccount(1, gross->hold_token)));
  EXPECT_EQ(Balance(8), -10000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM agency_ledger WHERE note = 'commission 10.00 EUR to be paid out'"), 1);
}

TEST_F(OnAccountTest, AnAgencySellsOnlyItsAirlines) {
  auto hold = Hold("Y", 1);
  hold.sellable_airlines = {"ZZ", "QQ"};
  const auto before = Counts("Y").held;
  auto refused = service_->Hold(Agent(7), hold);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "AIRLINE_NOT_SOLD");
  EXPECT_EQ(Counts("Y").held, before);
  hold.sellable_airlines.push_back("X9");
  EXPECT_TRUE(service_->Hold(Agent(7), hold));
}

TEST_F(OnAccountTest, AgentsRacingForOneCreditLineNeverTakeItPastItsLimit) {
  OpenAccount(7, 50000);  // room for five bookings of 100.00
  const auto agent = Agent(7);
  std::vector<Outcome> holds;
  for (int i = 0; i < 8; ++i) {
    auto held = service_->Hold(agent, Hold("Y", 1));
    ASSERT_TRUE(held) << held.error().message;
    holds.push_back(*held);
  }
  std::atomic<int> confirmed{0}, over{0}, other{0};
  std::vector<std::thread> agents;
  for (const auto& held : holds)
    agents.emplace_back([&, held] {
      auto result = service_->Confirm(agent, held.booking.locator, OnAccount(1, held.hold_token));
      if (result)
        ++confirmed;
      else if (result.error().code == "CREDIT_LIMIT_EXCEEDED")
        ++over;
      else
        ++other;
    });
  for (auto& thread : agents) thread.join();
  EXPECT_EQ(confirmed.load(), 5);
  EXPECT_EQ(over.load(), 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Balance(7), -50000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM agency_ledger WHERE kind = 'booking'"), 5);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM bookings b WHERE status = 'CONFIRMED' AND NOT EXISTS (SELECT 1 FROM "
                  "agency_ledger l WHERE l.booking_id = b.id)"),
            0);
}

}  // namespace
}  // namespace jetway::booking

namespace jetway::booking {
namespace {

// A partner's booking: only that partner opens it by its keys (no hold token), it may keep names before paying
// (pending payment, the seats held to the full hold time), and the card payment then confirms it with those names.
TEST_F(BookingServiceTest, APartnersBookingKeepsNamesUntilItIsPaid) {
  core::Actor partner{core::Channel::kPartner, "SAFARI-TRIPS-0001", "10.1.1.1", {}};
  partner.partner_id = 7;
  core::Actor other = partner;
  other.partner_id = 8;
  other.id = "OTHER-PARTNER-01";
  auto held = service_->Hold(partner, Hold("M", 1));
  ASSERT_TRUE(held) << held.error().message;
  const auto& b = held->booking;
  EXPECT_EQ(b.partner_id, 7);
  EXPECT_TRUE(core::IsUuid(b.confirmation_id)) << b.confirmation_id;
  EXPECT_EQ(*service_->PartnerLocator(partner, {b.id, ""}), b.locator);
  EXPECT_EQ(*service_->PartnerLocator(partner, {0, core::AsciiLower(b.confirmation_id)}), b.locator);
  EXPECT_EQ(service_->PartnerLocator(other, {b.id, ""}).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->PartnerLocator(api_, {b.id, ""}).error().code, "BOOKING_NOT_FOUND");
  BookingProof key{};
  key.partner_key = true;
  EXPECT_TRUE(service_->Retrieve(partner, b.locator, key));
  EXPECT_EQ(service_->Retrieve(other, b.locator, key).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(service_->Retrieve(api_, b.locator, key).error().code, "BOOKING_NOT_FOUND");

  clock_.Advance(std::chrono::minutes{5});
  auto kept = service_->KeepNames(partner, b.locator, Names(1, ""));
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(kept->status, BookingStatus::kHeld);
  EXPECT_EQ(kept->passengers.size(), 1U);
  EXPECT_EQ(*kept->hold_expires_at, b.created_at + std::chrono::minutes{20});
  EXPECT_EQ(service_->KeepNames(partner, b.locator, Names(1, "")).error().code, "NAMES_ALREADY_GIVEN");
  EXPECT_EQ(service_->KeepNames(other, b.locator, Names(1, "")).error().code, "BOOKING_NOT_FOUND");
  EXPECT_EQ(Counts("M").held, 1);

  ConfirmRequest pay;
  pay.method = PaymentMethod::kTestCard;
  pay.card = {"4242424242424242", 12, 2030, "123", "IDA HANSEN"};
  auto with_names = pay;
  with_names.passengers = Names(1, "").passengers;
  with_names.contact = Names(1, "").contact;
  EXPECT_EQ(service_->Confirm(partner, b.locator, with_names).error().code, "NAMES_ALREADY_GIVEN");
  auto paid = service_->Confirm(partner, b.locator, pay);
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->booking.status, BookingStatus::kConfirmed);
  EXPECT_EQ(paid->booking.passengers.size(), 1U);
  EXPECT_EQ(paid->booking.contact->email, "ida@example.dk");
  EXPECT_EQ(Counts("M").sold, 1);
  EXPECT_EQ(Counts("M").held, 0);
  EXPECT_EQ(Mail(b.locator).size(), 1U);
}

TEST_F(BookingServiceTest, KeptNamesAreCheckedAndAnExpiredHoldKeepsNone) {
  core::Actor partner{core::Channel::kPartner, "SAFARI-TRIPS-0001", "10.1.1.1", {}};
  partner.partner_id = 7;
  auto held = service_->Hold(partner, Hold("M", 2));
  ASSERT_TRUE(held);
  EXPECT_FALSE(service_->KeepNames(partner, held->booking.locator, Names(1, "")));  // one passenger short
  auto bad_contact = Names(2, "");
  bad_contact.contact.email = "not an address";
  EXPECT_EQ(service_->KeepNames(partner, held->booking.locator, bad_contact).error().code, "INVALID_EMAIL");
  clock_.Advance(std::chrono::minutes{21});
  EXPECT_EQ(service_->KeepNames(partner, held->booking.locator, Names(2, "")).error().code, "HOLD_EXPIRED");
  EXPECT_EQ(Counts("M").held, 0);
}


// Flight changes: one flight of a booking for another on the same route, in one transaction with its seats and its
// money; a refusal changes nothing.
class FlightChangeTest : public OnAccountTest {
 protected:
  void SetUp() override {
    OnAccountTest::SetUp();
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    // The next day's X9101; M changes for 25.00 a passenger, Y costs 150.00 and permits no changes.
    auto config = reference::UpsertCabinConfig(*lease, "X9", "TNY", "Test", {{"Y", 10, 0}});
    ASSERT_TRUE(config);
    ASSERT_TRUE(schedule::AddSchedule(*lease, directory_,
                                      {"X9", 101, "CPH", "HAM", 9 * 60, 10 * 60, 0, "1234567", D("2026-12-02"),
                                       D("2026-12-02"), *config}));
    lease->Prepare("UPDATE fares SET change_fee = 2500 WHERE booking_class = 'M'").Exec();
    lease->Prepare("UPDATE fares SET amount = 15000 WHERE booking_class = 'Y' AND pax_type = 'ADT'").Exec();
    tx.Commit();
    for (const auto& f : schedule::ListFlights(*lease, "X9"))
      if (f.id != flight_id_) next_day_ = f.id;
    ASSERT_NE(next_day_, 0);
  }

  inventory::ClassInventory CountsOn(std::int64_t flight_id, const std::string& klass) {
    auto lease = pool_->Acquire();
    const auto cabin = inventory::LoadCabinOfClass(*lease, flight_id, klass);
    for (const auto& c : cabin->classes)
      if (c.booking_class == klass) return c;
    return {};
  }

  HoldRequest HoldOn(std::int64_t flight_id, const char* klass, int adults) {
    auto request = Hold(klass, adults);
    request.segments = {{flight_id, klass}};
    return request;
  }

  std::int64_t next_day_ = 0;
};

TEST_F(FlightChangeTest, APaidChangeMovesTheSoldSeatsAndChargesTheFeeAndTheDifferenceOnAccount) {
  OpenAccount(7, 100000);
  const auto agent = Agent(7);
  auto held = service_->Hold(agent, Hold("M", 2));
  ASSERT_TRUE(held) << held.error().message;
  const auto& locator = held->booking.locator;
  ASSERT_TRUE(service_->Confirm(agent, locator, OnAccount(2, held->hold_token)));
  ASSERT_EQ(Balance(7), -20000);

  auto changed = service_->ChangeFlight(agent, locator, ByName("Hansen"), {1, next_day_, "Y", true});
  ASSERT_TRUE(changed) << changed.error().message;
  // 2 x 25.00 fee, and 2 x 50.00 for the dearer fare.
  EXPECT_EQ(changed->quote.fee, (core::Money{5000, "EUR"}));
  EXPECT_EQ(changed->quote.collect, (core::Money{15000, "EUR"}));
  EXPECT_EQ(Balance(7), -35000);
  const auto& b = changed->booking;
  EXPECT_EQ(b.status, BookingStatus::kConfirmed);
  EXPECT_EQ(b.total, (core::Money{35000, "EUR"}));
  ASSERT_EQ(b.segments.size(), 1U);
  EXPECT_EQ(b.segments[0].flight.flight_id, next_day_);
  EXPECT_EQ(b.segments[0].booking_class, "Y");
  EXPECT_EQ(b.segments[0].price->fare, (core::Money{30000, "EUR"}));
  EXPECT_FALSE(b.segments[0].terms->change_fee.has_value());  // the new fare's terms from now on
  ASSERT_EQ(b.price_lines.size(), 1U);
  EXPECT_EQ(b.price_lines[0].fare_each, (core::Money{15000, "EUR"}));
  EXPECT_EQ(CountsOn(flight_id_, "M").sold, 0);
  EXPECT_EQ(CountsOn(next_day_, "Y").sold, 2);
  EXPECT_EQ(CountsOn(next_day_, "Y").held, 0);
  ASSERT_EQ(b.payments.size(), 2U);
  EXPECT_EQ(b.payments[1].amount, (core::Money{15000, "EUR"}));
  EXPECT_EQ(b.history.back().action, "CHANGE");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM booking_changes"), 1);
  EXPECT_EQ(Mail(locator).size(), 2U);  // the confirmation again, with the new flight

  // Cancelled on a refundable fare, it gets back at most what the booking and its change were charged.
  {
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE booking_segments SET refundable = 1 WHERE booking_id = ?").Bind(1, b.id).Exec();
  }
  ASSERT_TRUE(service_->Cancel(agent, locator, ByName("Hansen")));
  EXPECT_EQ(Balance(7), -5000);  // the fee is kept
  EXPECT_EQ(CountsOn(next_day_, "Y").sold, 0);
}

TEST_F(FlightChangeTest, RefusedChangesChangeNothing) {
  OpenAccount(7, 22000);  // room for the booking and 20.00 more
  const auto agent = Agent(7);
  auto held = service_->Hold(agent, Hold("M", 2));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  ASSERT_TRUE(service_->Confirm(agent, locator, OnAccount(2, held->hold_token)));
  auto refused = service_->ChangeFlight(agent, locator, ByName("Hansen"), {1, next_day_, "Y", true});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "CREDIT_LIMIT_EXCEEDED");
  EXPECT_EQ(service_->ChangeFlight(agent, locator, ByName("Hansen"), {2, next_day_, "M", true}).error().code,
            "SEGMENT_NOT_FOUND");
  EXPECT_EQ(service_->ChangeFlight(agent, locator, ByName("Hansen"), {1, flight_id_, "M", true}).error().code,
            "CHANGE_SAME_FLIGHT");
  EXPECT_EQ(service_->ChangeFlight(agent, locator, ByName("Hansen"), {1, 999999, "M", true}).error().code,
            "FLIGHT_NOT_FOUND");
  EXPECT_EQ(service_->ChangeFlight(agent, locator, ByName("Nobody"), {1, next_day_, "M", true}).error().code,
            "BOOKING_NOT_FOUND");
  // The next day's M is full but for one seat.
  ASSERT_TRUE(service_->Hold(api_, HoldOn(next_day_, "M", 5)));
  EXPECT_EQ(service_->ChangeFlight(agent, locator, ByName("Hansen"), {1, next_day_, "M", true}).error().code,
            "SEATS_UNAVAILABLE");
  EXPECT_EQ(Balance(7), -20000);
  EXPECT_EQ(CountsOn(flight_id_, "M").sold, 2);
  EXPECT_EQ(CountsOn(next_day_, "Y").sold, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM booking_changes"), 0);
  auto same = service_->Retrieve(agent, locator, ByName("Hansen"));
  ASSERT_TRUE(same);
  EXPECT_EQ(same->segments[0].flight.flight_id, flight_id_);
  EXPECT_EQ(same->total.minor, 20000);

  // A fare without changes; a card-paid booking that would cost more.
  OpenAccount(8, 100000);
  auto y = service_->Hold(Agent(8), Hold("Y", 1));
  ASSERT_TRUE(service_->Confirm(Agent(8), y->booking.locator, OnAccount(1, y->hold_token)));
  EXPECT_EQ(service_->ChangeFlight(Agent(8), y->booking.locator, ByName("Hansen"), {1, next_day_, "M", true})
                .error()
                .code,
            "CHANGES_NOT_PERMITTED");
  auto cash = service_->Hold(office_, Hold("M", 1));
  auto cash_names = Names(1, cash->hold_token);
  ASSERT_TRUE(service_->Confirm(office_, cash->booking.locator, cash_names));
  EXPECT_EQ(service_->ChangeFlight(api_, cash->booking.locator, ByName("Hansen"), {1, next_day_, "M", true})
                .error()
                .code,
            "PAYMENT_REQUIRED");
}

TEST_F(FlightChangeTest, AHeldBookingChangesForTheNewPriceAlone) {
  auto held = service_->Hold(api_, Hold("M", 1));
  ASSERT_TRUE(held);
  auto changed =
      service_->ChangeFlight(api_, held->booking.locator, ByToken(held->hold_token), {1, next_day_, "Y", true});
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->quote.fee.minor, 0);
  EXPECT_EQ(changed->booking.status, BookingStatus::kHeld);
  EXPECT_EQ(changed->booking.total, (core::Money{15000, "EUR"}));
  EXPECT_EQ(CountsOn(flight_id_, "M").held, 0);
  EXPECT_EQ(CountsOn(next_day_, "Y").held, 1);
  EXPECT_TRUE(Mail(held->booking.locator).empty());
  auto paid = service_->Confirm(office_, held->booking.locator, Names(1, held->hold_token));
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->booking.payments[0].amount, (core::Money{15000, "EUR"}));
  EXPECT_EQ(CountsOn(next_day_, "Y").sold, 1);
}

TEST_F(FlightChangeTest, CancellingOneFlightOfSeveralReleasesItsSeatsAndRefundsByItsFare) {
  OpenAccount(7, 100000);
  const auto agent = Agent(7);
  auto two = HoldOn(flight_id_, "M", 1);
  two.segments.push_back({next_day_, "M"});
  auto held = service_->Hold(agent, two);
  ASSERT_TRUE(held) << held.error().message;
  const auto& locator = held->booking.locator;
  ASSERT_TRUE(service_->Confirm(agent, locator, OnAccount(1, held->hold_token)));
  ASSERT_EQ(Balance(7), -20000);
  ASSERT_EQ(CountsOn(next_day_, "M").sold, 1);

  // The non-refundable fare is kept; the seat goes back.
  auto cancelled = service_->CancelFlight(agent, locator, ByName("Hansen"), 2);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->quote.forfeited.minor, 10000);
  EXPECT_EQ(cancelled->quote.give_back.minor, 0);
  ASSERT_EQ(cancelled->booking.segments.size(), 1U);
  EXPECT_EQ(cancelled->booking.segments[0].flight.flight_id, flight_id_);
  EXPECT_EQ(cancelled->booking.total.minor, 20000);  // what was paid: nothing came back
  EXPECT_EQ(cancelled->booking.price_lines[0].fare_each.minor, 10000);
  const auto& history = cancelled->booking.history;
  ASSERT_GE(history.size(), 2U);
  EXPECT_EQ(history[history.size() - 2].action, "FLIGHT_CANCELLED");
  EXPECT_EQ(history.back().action, "COUPONS_REFUNDED");  // its ticket's coupon for that flight
  EXPECT_EQ(CountsOn(next_day_, "M").sold, 0);
  EXPECT_EQ(CountsOn(flight_id_, "M").sold, 1);
  EXPECT_EQ(Balance(7), -20000);
  EXPECT_EQ(service_->CancelFlight(agent, locator, ByName("Hansen"), 1).error().code, "LAST_FLIGHT");
  EXPECT_EQ(service_->CancelFlight(agent, locator, ByName("Hansen"), 2).error().code, "SEGMENT_NOT_FOUND");

  // A refundable fare comes back on the account; the whole booking cancelled later gets back no more than it paid.
  auto again = service_->Hold(agent, two);
  ASSERT_TRUE(again);
  {
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE booking_segments SET refundable = 1 WHERE booking_id = ?").Bind(1, again->booking.id).Exec();
  }
  ASSERT_TRUE(service_->Confirm(agent, again->booking.locator, OnAccount(1, again->hold_token)));
  ASSERT_EQ(Balance(7), -40000);
  auto refunded = service_->CancelFlight(agent, again->booking.locator, ByName("Hansen"), 1);
  ASSERT_TRUE(refunded) << refunded.error().message;
  EXPECT_EQ(refunded->quote.give_back.minor, 10000);
  EXPECT_EQ(refunded->booking.total.minor, 10000);
  EXPECT_EQ(Balance(7), -30000);
  ASSERT_TRUE(service_->Cancel(agent, again->booking.locator, ByName("Hansen")));
  EXPECT_EQ(Balance(7), -20000);
  EXPECT_EQ(CountsOn(flight_id_, "M").sold, 1);
  EXPECT_EQ(CountsOn(next_day_, "M").sold, 0);
}

TEST_F(FlightChangeTest, AssessingNamesTheFeeAndWhatCancellingKeeps) {
  OpenAccount(7, 100000);
  const auto agent = Agent(7);
  auto held = service_->Hold(agent, Hold("M", 2));
  ASSERT_TRUE(service_->Confirm(agent, held->booking.locator, OnAccount(2, held->hold_token)));
  auto assessed = service_->AssessChange(agent, held->booking.locator, ByName("Hansen"), 1);
  ASSERT_TRUE(assessed) << assessed.error().message;
  EXPECT_EQ(assessed->change_fee, (core::Money{5000, "EUR"}));
  EXPECT_EQ(assessed->kept_on_cancel, (core::Money{20000, "EUR"}));  // non-refundable: the fare is kept
  EXPECT_EQ(service_->AssessChange(agent, held->booking.locator, ByName("Hansen"), 3).error().code,
            "SEGMENT_NOT_FOUND");
}


// Electronic tickets: issued when a booking is paid, in its transaction; numbers never repeat; coupons follow the
// booking (exchanged with a change, void the day of issue, refunded after).
TEST_F(FlightChangeTest, APaidBookingIsTicketedAndItsNumbersNeverRepeatUnderConcurrentConfirmations) {
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    auto big = reference::UpsertCabinConfig(*lease, "X9", "BIG", "Test", {{"Y", 100, 0}});
    ASSERT_TRUE(big);
    ASSERT_TRUE(schedule::AddSchedule(*lease, directory_,
                                      {"X9", 103, "CPH", "HAM", 12 * 60, 13 * 60, 0, "1234567", D("2026-12-03"),
                                       D("2026-12-03"), *big}));
    tx.Commit();
  }
  std::int64_t big_flight = 0;
  {
    auto lease = pool_->Acquire();
    for (const auto& f : schedule::ListFlights(*lease, "X9"))
      if (f.flight_number == 103) big_flight = f.id;
  }
  ASSERT_NE(big_flight, 0);
  std::vector<Outcome> holds;
  for (int i = 0; i < 32; ++i) {
    auto held = service_->Hold(office_, HoldOn(big_flight, "Y", 1));
    ASSERT_TRUE(held) << held.error().message;
    holds.push_back(*held);
  }
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::vector<std::string> numbers;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < 32; i += 8) {
        auto paid = service_->Confirm(office_, holds[i].booking.locator, Names(1, holds[i].hold_token));
        ASSERT_TRUE(paid) << paid.error().message;
        ASSERT_EQ(paid->booking.tickets.size(), 1U);
        std::lock_guard lock(mutex);
        numbers.push_back(paid->booking.tickets[0].number);
      }
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(numbers.size(), 32U);
  std::sort(numbers.begin(), numbers.end());
  EXPECT_EQ(std::adjacent_find(numbers.begin(), numbers.end()), numbers.end()) << "a ticket number was issued twice";
  EXPECT_EQ(numbers.front(), "9192000000001");  // X9's accounting code and its first serial
  EXPECT_EQ(numbers.back(), "9192000000032");   // no serial skipped either

  const auto paid = service_->Retrieve(office_, holds[0].booking.locator, ByName("Hansen"));
  ASSERT_TRUE(paid);
  const auto& ticket = paid->tickets.at(0);
  EXPECT_EQ(ticket.passenger, 1);
  EXPECT_EQ(ticket.fare, (core::Money{15000, "EUR"}));
  ASSERT_EQ(ticket.coupons.size(), 1U);
  EXPECT_EQ(ticket.coupons[0].status, ticketing::CouponStatus::kOpen);
  EXPECT_EQ(ticket.coupons[0].flight_id, big_flight);
  EXPECT_EQ(paid->history.back().action, "TICKETED");
}

TEST_F(FlightChangeTest, TicketsAreExchangedWithAChangeVoidedTheSameDayAndRefundedAfter) {
  OpenAccount(7, 100000);
  const auto agent = Agent(7);
  auto held = service_->Hold(agent, Hold("M", 2));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  auto paid = service_->Confirm(agent, locator, OnAccount(2, held->hold_token));
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->booking.tickets.size(), 2U);
  auto changed = service_->ChangeFlight(agent, locator, ByName("Hansen"), {1, next_day_, "Y", true});
  ASSERT_TRUE(changed) << changed.error().message;
  {  // stored in order: the exchange's line, then the new tickets' (one statement)
    const auto stored = service_->Retrieve(agent, locator, ByName("Hansen"));
    ASSERT_TRUE(stored);
    std::vector<std::string> actions;
    for (const auto& h : stored->history) actions.push_back(h.action);
    const auto exchanged = std::find(actions.begin(), actions.end(), "TICKETS_EXCHANGED");
    ASSERT_NE(exchanged, actions.end());
    ASSERT_NE(exchanged + 1, actions.end());
    EXPECT_EQ(*(exchanged + 1), "TICKETED");
    EXPECT_EQ(std::count(actions.begin(), actions.end(), "TICKETED"), 2);
  }
  const auto& tickets = changed->booking.tickets;
  ASSERT_EQ(tickets.size(), 4U);  // two exchanged, two new
  for (int i : {0, 1}) EXPECT_EQ(tickets[i].coupons[0].status, ticketing::CouponStatus::kExchanged);
  for (int i : {2, 3}) {
    EXPECT_EQ(tickets[i].coupons[0].status, ticketing::CouponStatus::kOpen);
    EXPECT_EQ(tickets[i].coupons[0].flight_id, next_day_);
    EXPECT_EQ(tickets[i].fare, (core::Money{15000, "EUR"}));  // the new fare
  }
  // A day later the open tickets are refunded, not voided; the exchanged ones stay exchanged.
  clock_.Advance(std::chrono::hours{24});
  auto cancelled = service_->Cancel(agent, locator, ByName("Hansen"));
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  for (int i : {2, 3}) EXPECT_EQ(cancelled->tickets[i].coupons[0].status, ticketing::CouponStatus::kRefunded);
  EXPECT_EQ(cancelled->tickets[0].coupons[0].status, ticketing::CouponStatus::kExchanged);

  // A checked-in coupon holds the booking: no change, no cancellation.
  auto other = service_->Hold(agent, Hold("M", 1));
  ASSERT_TRUE(service_->Confirm(agent, other->booking.locator, OnAccount(1, other->hold_token)));
  {
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE ticket_coupons SET status = 'C' WHERE booking_id = ?").Bind(1, other->booking.id).Exec();
  }
  EXPECT_EQ(service_->Cancel(agent, other->booking.locator, ByName("Hansen")).error().code, "TICKET_IN_USE");
  EXPECT_EQ(service_->ChangeFlight(agent, other->booking.locator, ByName("Hansen"), {1, next_day_, "M", true})
                .error()
                .code,
            "TICKET_IN_USE");
  EXPECT_EQ(CountsOn(flight_id_, "M").sold, 1);
}


TEST_F(FlightChangeTest, WebCheckInOpensInItsWindowNeedsDocumentsAcrossABorderAndGivesBoardingPasses) {
  auto held = service_->Hold(office_, Hold("M", 2));
  ASSERT_TRUE(held);
  const auto& locator = held->booking.locator;
  auto names = Names(2, held->hold_token);
  names.passengers[1].first_name = "Ole";
  names.passengers[1].title = "MR";
  ASSERT_TRUE(service_->Confirm(office_, locator, names));
  auto early = service_->CheckIn(office_, locator, ByName("Hansen"), 1);
  ASSERT_FALSE(early) << early->passes.size() << " " << core::FormatUtc(clock_.Now());
  EXPECT_EQ(early.error().code, "CHECK_IN_NOT_OPEN");
  const auto departure = held->booking.segments[0].flight.departure_utc;
  clock_.Advance(std::chrono::duration_cast<std::chrono::seconds>(departure - std::chrono::hours(2) - clock_.Now()));
  // Copenhagen to Hamburg crosses a border: no document on file, no check-in, nothing changes.
  auto refused = service_->CheckIn(office_, locator, ByName("Hansen"), 1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "DOCUMENT_REQUIRED");
  // The documents given at check-in, checked as at confirmation; a refusal keeps nothing.
  const TravelDocument passport{"P", "X1234567", "DK", D("2030-01-01")};
  const TravelDocument expired{"P", "X7654321", "DK", D("2026-11-30")};
  EXPECT_EQ(service_->GiveTravelData(office_, locator, ByName("Hansen"), {{3, "DK", passport}}).error().code,
            "INVALID_PASSENGER");
  EXPECT_EQ(service_->GiveTravelData(office_, locator, ByName("Hansen"), {{1, "DK", passport}, {2, "DK", expired}})
                .error()
                .code,
            "DOCUMENT_EXPIRED");
  EXPECT_EQ(service_->GiveTravelData(office_, locator, ByName("Hansen"), {{1, "D", passport}}).error().field,
            "passengers[0].nationality");
  EXPECT_FALSE(service_->Retrieve(office_, locator, ByName("Hansen"))->passengers[0].document);
  auto given = service_->GiveTravelData(office_, locator, ByName("Hansen"),
                                        {{1, "DK", passport}, {2, "", TravelDocument{"I", "ID998877", "DK", {}}}});
  ASSERT_TRUE(given) << given.error().message;
  EXPECT_EQ(given->passengers[0].document, passport);
  EXPECT_EQ(given->passengers[0].nationality, "DK");
  EXPECT_EQ(given->passengers[1].document->number, "ID998877");
  EXPECT_EQ(given->history.back().action, "TRAVEL_DATA");
  EXPECT_EQ(given->history.back().detail.find("X1234567"), std::string::npos) << "no document number in the history";
  auto checked = service_->CheckIn(office_, locator, ByName("Hansen"), 1);
  ASSERT_TRUE(checked) << checked.error().message;
  ASSERT_EQ(checked->passes.size(), 2U);
  EXPECT_EQ(checked->passes[0].sequence, 1);
  EXPECT_EQ(checked->passes[1].sequence, 2);
  for (const auto& t : checked->booking.tickets) EXPECT_EQ(t.coupons[0].status, ticketing::CouponStatus::kCheckedIn);
  auto pass = ticketing::DecodeBcbp(checked->passes[1].bcbp);
  ASSERT_TRUE(pass) << pass.error().message;
  EXPECT_EQ(pass->checkin_source, 'T') << "checked in at the airline's office";
  EXPECT_EQ(pass->name, "HANSEN/OLE");
  EXPECT_EQ(pass->passenger_description, '1');
  ASSERT_EQ(pass->legs.size(), 1U);
  EXPECT_EQ(pass->legs[0].pnr, locator);
  EXPECT_EQ((pass->legs[0].from + pass->legs[0].to), "CPHHAM");
  EXPECT_EQ(pass->legs[0].flight_number, 101);
  EXPECT_EQ(pass->legs[0].day_of_year, 335);  // 1 December
  EXPECT_EQ(pass->legs[0].sequence, 2);
  EXPECT_EQ(pass->legs[0].ticket_number, checked->booking.tickets[1].number);
  EXPECT_EQ(pass->legs[0].document_verification, '2');
  // Again: the same passes; a checked-in booking no longer cancels.
  auto again = service_->CheckIn(office_, locator, ByName("Hansen"), 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->passes[0].bcbp, checked->passes[0].bcbp);
  EXPECT_EQ(service_->Cancel(office_, locator, ByName("Hansen")).error().code, "TICKET_IN_USE");
  // After the window: closed.
  clock_.Advance(std::chrono::minutes(90));
  auto other = service_->Hold(office_, HoldOn(next_day_, "M", 1));
  ASSERT_TRUE(other);
  EXPECT_EQ(service_->CheckIn(office_, other->booking.locator, ByToken(other->hold_token), 1).error().code,
            "CHECK_IN_NOT_POSSIBLE");  // not paid
  // A cancelled booking checks in no one, and says so.
  ASSERT_TRUE(service_->Confirm(office_, other->booking.locator, Names(1, other->hold_token)));
  ASSERT_TRUE(service_->Cancel(office_, other->booking.locator, ByName("Hansen")));
  auto cancelled = service_->CheckIn(office_, other->booking.locator, ByName("Hansen"), 1);
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().code, "CHECK_IN_NOT_POSSIBLE");
  EXPECT_NE(cancelled.error().message.find("CANCELLED"), std::string::npos) << cancelled.error().message;
}

// Seats: a 10-seat aircraft laid out as three rows of AB.CD with row 1 paid, row 2 at the exits and 3C/3D blocked.
class SeatTest : public FlightChangeTest {
 protected:
  void SetUp() override {
    FlightChangeTest::SetUp();
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    ASSERT_TRUE(reference::UpsertCabinConfig(*lease, "X9", "TNY", "Test", {{"Y", 10, 0}},
                                             "Y 1-3 AB.CD paid=1 exit=2 blocked=3C,3D"));
    tx.Commit();
  }

  std::string Paid(int adults, int children = 0, int infants = 0) {
    auto request = Hold("M", adults);
    request.party = {adults, children, infants};
    auto held = service_->Hold(office_, request);
    EXPECT_TRUE(held) << held.error().message;
    auto names = Names(adults, held->hold_token);
    for (int i = 0; i < children; ++i)
      names.passengers.push_back({core::PaxType::kChild, "MSTR", "Emil", "Hansen", D("2018-05-01"), {}});
    for (int i = 0; i < infants; ++i)
      names.passengers.push_back({core::PaxType::kInfant, "MISS", "Ella", "Hansen", D("2026-01-01"), 1});
    auto paid = service_->Confirm(office_, held->booking.locator, names);
    EXPECT_TRUE(paid) << paid.error().message;
    return held->booking.locator;
  }

  std::string Code(const core::Result<BookingView>& r) { return r ? "OK" : r.error().code; }
  const core::Actor passenger_ = From("10.0.0.7");
  const core::Actor staff_{core::Channel::kOffice, "desk@example.dk", "", {core::Permission::kBookingsWrite}};
};

TEST_F(SeatTest, TwoPassengersOneSeatExactlyOneGetsIt) {
  std::vector<std::string> bookings;
  for (int i = 0; i < 6; ++i) bookings.push_back(Paid(1));
  std::vector<std::thread> threads;
  std::atomic<int> won{0};
  std::atomic<int> taken{0};
  for (const auto& locator : bookings)
    threads.emplace_back([&, locator] {
      auto chosen = service_->ChooseSeats(office_, locator, ByName("Hansen"), 1, {{1, "3A"}});
      if (chosen) ++won;
      else if (chosen.error().code == "SEAT_TAKEN") ++taken;
      else ADD_FAILURE() << chosen.error().code << ": " << chosen.error().message;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(taken.load(), 5);
  auto lease = pool_->Acquire();
  auto count = lease->Prepare("SELECT COUNT(*) FROM seat_assignments WHERE flight_id = ? AND seat = '3A'");
  count.Bind(1, flight_id_);
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), 1);
}

TEST_F(SeatTest, ChosenSeatsFollowTheRulesAndSwapWithinABookingAndGoBackOnCancel) {
  const auto family = Paid(1, 1, 1);  // Ida with Ella on her lap, and Emil
  const auto other = Paid(1);
  ASSERT_EQ(Code(service_->ChooseSeats(office_, other, ByName("Hansen"), 1, {{1, "3B"}})), "OK");
  auto choose = [&](const core::Actor& who, std::vector<SeatChoice> seats) {
    return Code(service_->ChooseSeats(who, family, ByName("Hansen"), 1, seats));
  };
  EXPECT_EQ(choose(passenger_, {{1, "1A"}}), "SEAT_NOT_PAID");
  EXPECT_EQ(choose(passenger_, {{1, "2A"}}), "EXIT_ROW_NOT_ALLOWED");  // Ida has an infant on her lap
  EXPECT_EQ(choose(passenger_, {{2, "2B"}}), "EXIT_ROW_NOT_ALLOWED");  // Emil is a child
  EXPECT_EQ(choose(passenger_, {{1, "3C"}}), "SEAT_BLOCKED");
  EXPECT_EQ(choose(passenger_, {{1, "3B"}}), "SEAT_TAKEN");
  EXPECT_EQ(choose(passenger_, {{1, "9Z"}}), "SEAT_NOT_FOUND");
  EXPECT_EQ(choose(passenger_, {{3, "3A"}}), "INFANT_NO_SEAT");
  EXPECT_EQ(choose(passenger_, {{1, "3A"}, {2, "3A"}}), "SEAT_TAKEN");
  EXPECT_EQ(choose(passenger_, {{4, "3A"}}), "INVALID_PASSENGER");
  EXPECT_EQ(choose(passenger_, {}), "INVALID_SEATS");
  EXPECT_EQ(Code(service_->ChooseSeats(passenger_, family, ByName("Nobody"), 1, {{1, "3A"}})), "BOOKING_NOT_FOUND");
  {
    auto seats = service_->SeatsOf(passenger_, family, ByName("Hansen"), 1);
    ASSERT_TRUE(seats);
    EXPECT_TRUE(seats->ours.empty()) << "nothing refused was kept";
    EXPECT_EQ(seats->taken, (std::set<std::string>{"3B"}));
  }
  EXPECT_EQ(choose(office_, {{1, "1A"}}), "SEAT_NOT_PAID");
  EXPECT_EQ(choose(staff_, {{1, "1A"}, {2, "3A"}}), "OK");  // staff who change bookings may give a paid seat
  EXPECT_EQ(choose(passenger_, {{1, "3A"}, {2, "1A"}}), "OK") << "a swap inside the booking, paid seat already theirs";
  auto seats = service_->SeatsOf(passenger_, family, ByName("Hansen"), 1);
  ASSERT_TRUE(seats);
  EXPECT_EQ(seats->ours, (std::map<std::string, int>{{"1A", 2}, {"3A", 1}}));
  EXPECT_EQ(seats->map.Sellable("Y"), 10);
  auto view = service_->Retrieve(passenger_, family, ByName("Hansen"));
  ASSERT_TRUE(view);
  ASSERT_NE(view->SeatOf(2, 1), nullptr);
  EXPECT_EQ(view->SeatOf(2, 1)->seat, "1A");
  EXPECT_EQ(view->history.back().action, "SEATS");
  ASSERT_TRUE(service_->Cancel(office_, family, ByName("Hansen")));
  auto after = service_->SeatsOf(office_, other, ByName("Hansen"), 1);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->taken, (std::set<std::string>{})) << "the cancelled booking's seats went back";
}

TEST_F(SeatTest, CheckInGivesSeatsSideBySideOrTheChosenOnesAndPrintsThemOnThePass) {
  const auto family = Paid(2);
  const auto alone = Paid(1);
  {
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE booking_passengers SET document_type = 'P', document_number = 'X1234567', "
                   "document_country = 'DK', document_expiry = '2030-01-01'").Exec();
  }
  const auto departure = service_->Retrieve(office_, family, ByName("Hansen"))->segments[0].flight.departure_utc;
  clock_.Advance(std::chrono::duration_cast<std::chrono::seconds>(departure - std::chrono::hours(3) - clock_.Now()));
  ASSERT_EQ(Code(service_->ChooseSeats(office_, alone, ByName("Hansen"), 1, {{1, "2A"}})), "OK");
  auto checked = service_->CheckIn(passenger_, family, ByName("Hansen"), 1);
  ASSERT_TRUE(checked) << checked.error().message;
  ASSERT_EQ(checked->passes.size(), 2U);
  // Row 1 is paid and 2A taken: 2C and 2D are the first two free side by side (an exit row, fit for two adults).
  EXPECT_EQ(checked->booking.SeatOf(1, 1)->seat, "2C");
  EXPECT_EQ(checked->booking.SeatOf(2, 1)->seat, "2D");
  EXPECT_EQ(checked->booking.SeatOf(2, 1)->sequence, 2);
  auto pass = ticketing::DecodeBcbp(checked->passes[1].bcbp);
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->legs[0].seat, "002D");
  EXPECT_EQ(Code(service_->ChooseSeats(passenger_, family, ByName("Hansen"), 1, {{1, "3A"}})),
            "SEAT_CHANGE_AFTER_CHECK_IN");
  auto mine = service_->CheckIn(passenger_, alone, ByName("Hansen"), 1, {{1, "3B"}});
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(ticketing::DecodeBcbp(mine->passes[0].bcbp)->legs[0].seat, "003B");
  auto refused = service_->CheckIn(passenger_, alone, ByName("Hansen"), 1, {{1, "3A"}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "SEAT_CHANGE_AFTER_CHECK_IN");
}

TEST_F(SeatTest, SpecialServiceRequestsAreCheckedKeptAndWithdrawn) {
  const auto family = Paid(1, 0, 1);  // Ida with Ella on her lap
  auto asked = service_->RequestSsrs(passenger_, family, ByName("Hansen"),
                                     {{1, 0, "WCHR", ""}, {1, 1, "VGML", ""}, {2, 1, "BBML", ""}});
  ASSERT_TRUE(asked) << asked.error().message;
  ASSERT_EQ(asked->ssrs.size(), 3U);
  EXPECT_EQ(asked->ssrs[0].code, "VGML");  // by flight, passenger and code
  EXPECT_EQ(asked->history.back().action, "SSR");
  EXPECT_NE(asked->history.back().detail.find("SSR WCHR X9 HK1 /P1"), std::string::npos) << asked->history.back().detail;
  auto code = [&](std::vector<Ssr> requests) {
    auto r = service_->RequestSsrs(passenger_, family, ByName("Hansen"), requests);
    return r ? std::string("OK") : r.error().code;
  };
  EXPECT_EQ(code({{1, 1, "KSML", ""}}), "SSR_CONFLICT");
  EXPECT_EQ(code({{1, 1, "WCHR", ""}}), "SSR_ALREADY_REQUESTED");
  EXPECT_EQ(code({{2, 1, "VGML", ""}}), "SSR_NOT_FOR_PASSENGER");
  EXPECT_EQ(code({{3, 1, "VGML", ""}}), "INVALID_PASSENGER");
  EXPECT_EQ(code({{1, 9, "BLND", ""}}), "SEGMENT_NOT_FOUND");
  EXPECT_EQ(code({{1, 1, "BLND", ""}, {1, 1, "BLND", ""}}), "SSR_ALREADY_REQUESTED") << "all or none";
  EXPECT_EQ(code({}), "INVALID_SSRS");
  EXPECT_EQ(service_->Retrieve(office_, family, ByName("Hansen"))->ssrs.size(), 3U) << "refusals keep nothing";
  auto withdrawn = service_->WithdrawSsr(passenger_, family, ByName("Hansen"), {1, 0, "VGML", ""});
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->ssrs.size(), 2U);
  EXPECT_EQ(service_->WithdrawSsr(passenger_, family, ByName("Hansen"), {1, 0, "VGML", ""}).error().code,
            "SSR_NOT_FOUND");
  EXPECT_EQ(code({{1, 1, "KSML", ""}}), "OK") << "another meal once the first is withdrawn";
}

TEST_F(SeatTest, EachAirportMayHaveItsOwnCheckInTimes) {
  const auto locator = Paid(1);
  {
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE booking_passengers SET document_type = 'P', document_number = 'X1234567', "
                   "document_country = 'DK', document_expiry = '2030-01-01'").Exec();
    for (const auto& wrong : {reference::CheckInTimes{30, 15}, reference::CheckInTimes{73 * 60, 60},
                              reference::CheckInTimes{120, 10}, reference::CheckInTimes{120, 90}})
      EXPECT_EQ(reference::SetCheckInTimes(*lease, "X9", "CPH", wrong).error().code, "INVALID_CHECK_IN_WINDOW");
    ASSERT_TRUE(reference::SetCheckInTimes(*lease, "X9", "CPH", reference::CheckInTimes{120, 30}));
  }
  EXPECT_EQ(service_->CheckInWindowAt("X9", "CPH").opens_before, std::chrono::minutes{120});
  EXPECT_EQ(service_->CheckInWindowAt("X9", "HAM").opens_before, CheckInWindow{}.opens_before);
  const auto departure = service_->Retrieve(office_, locator, ByName("Hansen"))->segments[0].flight.departure_utc;
  clock_.Advance(std::chrono::duration_cast<std::chrono::seconds>(departure - std::chrono::hours(3) - clock_.Now()));
  auto early = service_->CheckIn(passenger_, locator, ByName("Hansen"), 1);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "CHECK_IN_NOT_OPEN");
  EXPECT_NE(early.error().message.find("2 hours"), std::string::npos) << early.error().message;
  clock_.Advance(std::chrono::minutes(135));  // 45 minutes before: the default would have closed, this airport's not
  auto checked = service_->CheckIn(passenger_, locator, ByName("Hansen"), 1);
  ASSERT_TRUE(checked) << checked.error().message;
  auto lease = pool_->Acquire();
  ASSERT_TRUE(reference::SetCheckInTimes(*lease, "X9", "CPH", std::nullopt));
  EXPECT_EQ(service_->CheckInWindowAt("X9", "CPH").opens_before, CheckInWindow{}.opens_before);
}

TEST_F(SeatTest, ExtrasAreBoughtAsEmdsInOnePaymentAndGoWithTheBooking) {
  const auto family = Paid(1, 0, 1);  // Ida with Ella on her lap
  {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(reference::SetExtraPrice(*lease, "X9", "BAG", {3500, "EUR"}));
    ASSERT_TRUE(reference::SetExtraPrice(*lease, "X9", "SEAT", {1500, "EUR"}));
    EXPECT_EQ(reference::SetExtraPrice(*lease, "X9", "MEAL", {0, "EUR"}).error().code, "INVALID_PRICE");
  }
  auto offered = service_->ExtrasOffered(passenger_, family, ByName("Hansen"));
  ASSERT_TRUE(offered);
  ASSERT_EQ(offered->size(), 2U);
  EXPECT_EQ((*offered)[0].item.code, "BAG");
  EXPECT_EQ((*offered)[0].price, (core::Money{3500, "EUR"}));
  auto buy = [&](std::vector<Extra> extras, const char* card = "4242424242424242") {
    ExtrasRequest r;
    r.extras = std::move(extras);
    r.card = {card, 12, 2030, "123", "IDA HANSEN"};
    return service_->BuyExtras(passenger_, family, ByName("Hansen"), r);
  };
  auto code = [&](std::vector<Extra> extras, const char* card = "4242424242424242") {
    auto r = buy(std::move(extras), card);
    return r ? std::string("OK") : r.error().code;
  };
  EXPECT_EQ(code({{1, 1, "MEAL", ""}}), "EXTRA_NOT_SOLD");
  EXPECT_EQ(code({{1, 1, "SEAT", "2A"}}), "SEAT_IS_FREE");
  EXPECT_EQ(code({{2, 1, "SEAT", "1A"}}), "EXTRA_NOT_FOR_PASSENGER");
  EXPECT_EQ(code({{1, 1, "BAG", ""}, {1, 1, "BAG", ""}, {1, 1, "BAG", ""}}), "TOO_MANY_EXTRAS");
  EXPECT_EQ(code({{1, 1, "BAG", ""}, {1, 1, "SEAT", "1A"}}, "4000000000000002"), "PAYMENT_DECLINED");
  {
    auto unchanged = service_->Retrieve(office_, family, ByName("Hansen"));
    EXPECT_TRUE(unchanged->emds.empty()) << "a refusal keeps nothing";
    EXPECT_EQ(unchanged->SeatOf(1, 1), nullptr) << "nor the paid seat it would have taken";
  }
  auto bought = buy({{1, 1, "BAG", ""}, {2, 1, "BAG", ""}, {1, 1, "SEAT", "1a"}});
  ASSERT_TRUE(bought) << bought.error().message;
  ASSERT_EQ(bought->emds.size(), 3U);
  std::set<std::string> numbers;
  for (const auto& t : bought->tickets) numbers.insert(t.number);
  for (const auto& e : bought->emds) {
    EXPECT_TRUE(ticketing::IsTicketNumber(e.number)) << e.number;
    EXPECT_TRUE(numbers.insert(e.number).second) << "an EMD shares no number with a ticket or another EMD";
    EXPECT_EQ(e.status, ticketing::CouponStatus::kOpen);
  }
  const auto seat = std::find_if(bought->emds.begin(), bought->emds.end(), [](const auto& e) { return e.code == "SEAT"; });
  ASSERT_NE(seat, bought->emds.end());
  EXPECT_EQ(seat->seat, "1A");
  EXPECT_EQ(seat->rfisc, "0B5");
  EXPECT_EQ(bought->SeatOf(1, 1)->seat, "1A");
  EXPECT_EQ(bought->payments.back().amount, (core::Money{8500, "EUR"}));
  EXPECT_EQ(bought->history.back().action, "EXTRAS");
  EXPECT_EQ(code({{1, 1, "BAG", ""}, {1, 1, "BAG", ""}}), "TOO_MANY_EXTRAS") << "one bag bought, one more allowed";
  EXPECT_EQ(Code(service_->ChooseSeats(passenger_, family, ByName("Hansen"), 1, {{1, "2B"}})), "SEAT_PAID_FOR")
      << "the seat paid for stays the passenger's";
  EXPECT_EQ(Code(service_->ChooseSeats(passenger_, family, ByName("Hansen"), 1, {{1, "1A"}})), "OK");
  auto cancelled = service_->Cancel(office_, family, ByName("Hansen"));
  ASSERT_TRUE(cancelled);
  for (const auto& e : cancelled->emds) EXPECT_EQ(e.status, ticketing::CouponStatus::kVoid) << "voided the same day";
}

class HeldExtrasTest : public SeatTest {
 protected:
  void SetUp() override {
    SeatTest::SetUp();
    auto lease = pool_->Acquire();
    ASSERT_TRUE(reference::SetExtraPrice(*lease, "X9", "BAG", {3500, "EUR"}));
    ASSERT_TRUE(reference::SetExtraPrice(*lease, "X9", "SEAT", {1500, "EUR"}));
    ASSERT_TRUE(reference::SetExtraPrice(*lease, "X9", "MEAL", {900, "EUR"}));
  }
  // A held booking with its name kept (KeepNames), as a partner's or an API's hold before it is paid.
  Outcome HeldWithNames(const core::Actor& who) {
    auto held = service_->Hold(who, Hold("M", 1));
    EXPECT_TRUE(held) << held.error().message;
    auto kept = service_->KeepNames(who, held->booking.locator, Names(1, held->hold_token));
    EXPECT_TRUE(kept) << kept.error().message;
    return *held;
  }
  core::Result<BookingView> Add(const core::Actor& who, const Outcome& held, std::vector<Extra> extras) {
    ExtrasRequest r;
    r.extras = std::move(extras);
    return service_->BuyExtras(who, held.booking.locator, ByName("Hansen"), r);
  }
};

TEST_F(HeldExtrasTest, ExtrasAddedToAHoldArePaidWithItAndIssuedOnlyThen) {
  auto unnamed = service_->Hold(office_, Hold("M", 1));
  ASSERT_TRUE(unnamed);
  ExtrasRequest bag;
  bag.extras = {{1, 1, "BAG", ""}};
  EXPECT_EQ(Code(service_->BuyExtras(office_, unnamed->booking.locator, ByToken(unnamed->hold_token), bag)),
            "NAMES_REQUIRED");

  const auto held = HeldWithNames(office_);
  const auto& locator = held.booking.locator;
  EXPECT_EQ(Code(Add(office_, held, {{1, 1, "SEAT", "2A"}})), "SEAT_IS_FREE");
  EXPECT_EQ(Code(Add(office_, held, {{2, 1, "BAG", ""}})), "INVALID_PASSENGER");
  auto added = Add(office_, held, {{1, 1, "BAG", ""}, {1, 1, "SEAT", "1A"}});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_TRUE(added->emds.empty()) << "nothing is issued before it is paid";
  ASSERT_EQ(added->extras_due.size(), 2U);
  EXPECT_EQ(added->extras_due[0].price, (core::Money{3500, "EUR"}));
  EXPECT_EQ(AmountDue(*added), (core::Money{added->total.minor + 5000, "EUR"}));
  EXPECT_EQ(added->SeatOf(1, 1)->seat, "1A") << "the paid seat is held with the booking";
  EXPECT_TRUE(added->payments.empty());
  EXPECT_EQ(added->history.back().action, "EXTRAS_ADDED");
  EXPECT_EQ(Code(Add(office_, held, {{1, 1, "BAG", ""}, {1, 1, "BAG", ""}})), "TOO_MANY_EXTRAS")
      << "the bag due counts against the limit of two";

  // Paid with the booking: the fare, the extras added, and a meal bought on the way, in one payment.
  auto pay = Names(1, held.hold_token);
  pay.passengers.clear();  // kept already
  pay.extras = {{1, 1, "MEAL", ""}};
  auto paid = service_->Confirm(office_, locator, pay);
  ASSERT_TRUE(paid) << paid.error().message;
  const auto& b = paid->booking;
  ASSERT_EQ(b.payments.size(), 1U);
  EXPECT_EQ(b.payments[0].amount, (core::Money{b.total.minor + 5900, "EUR"}));
  EXPECT_TRUE(b.extras_due.empty());
  ASSERT_EQ(b.emds.size(), 3U);
  std::set<std::string> codes;
  for (const auto& e : b.emds) {
    EXPECT_TRUE(ticketing::IsTicketNumber(e.number)) << e.number;
    EXPECT_EQ(e.status, ticketing::CouponStatus::kOpen);
    EXPECT_EQ(e.flight_id, flight_id_);
    codes.insert(e.code);
  }
  EXPECT_EQ(codes, (std::set<std::string>{"BAG", "MEAL", "SEAT"}));
  EXPECT_EQ(b.SeatOf(1, 1)->seat, "1A");
  EXPECT_EQ(AmountDue(b), b.total) << "a paid booking owes nothing for its extras";
}

TEST_F(HeldExtrasTest, AnExtraBoughtWithTheBookingIsCheckedAgainstItsPassengersAndADeclineKeepsNothing) {
  auto held = service_->Hold(office_, Hold("M", 1));
  ASSERT_TRUE(held);
  auto pay = Names(1, held->hold_token);
  pay.extras = {{1, 1, "BAG", ""}, {1, 1, "BAG", ""}, {1, 1, "BAG", ""}};
  EXPECT_EQ(service_->Confirm(office_, held->booking.locator, pay).error().code, "TOO_MANY_EXTRAS");
  // A paid seat someone else holds: refused before any money is taken.
  const auto other = HeldWithNames(office_);
  ASSERT_EQ(Code(Add(office_, other, {{1, 1, "SEAT", "1A"}})), "OK");
  pay.extras = {{1, 1, "SEAT", "1A"}};
  pay.method = PaymentMethod::kTestCard;
  pay.card = {"4242424242424242", 12, 2030, "123", "IDA HANSEN"};
  const int charges = gateway_.charges.load();
  EXPECT_EQ(service_->Confirm(office_, held->booking.locator, pay).error().code, "SEAT_TAKEN");
  EXPECT_EQ(gateway_.charges.load(), charges) << "no card is charged for a seat the booking cannot have";
  EXPECT_TRUE(service_->Retrieve(office_, held->booking.locator, ByToken(held->hold_token))->payments.empty());
  pay.extras = {{1, 1, "SEAT", "1B"}};
  pay.method = PaymentMethod::kTestCard;
  pay.card = {"4000000000000002", 12, 2030, "123", "IDA HANSEN"};
  EXPECT_EQ(service_->Confirm(office_, held->booking.locator, pay).error().code, "PAYMENT_DECLINED");
  auto still = service_->Retrieve(office_, held->booking.locator, ByToken(held->hold_token));
  EXPECT_EQ(still->status, BookingStatus::kHeld);
  EXPECT_TRUE(still->emds.empty());
  EXPECT_TRUE(still->seats.empty()) << "the paid seat is not kept by a declined payment";
  pay.card.number = "4242424242424242";
  auto paid = service_->Confirm(office_, held->booking.locator, pay);
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->booking.payments.back().amount, (core::Money{paid->booking.total.minor + 1500, "EUR"}));
  ASSERT_EQ(paid->booking.emds.size(), 1U);
  EXPECT_EQ(paid->booking.emds[0].seat, "1B");
  EXPECT_EQ(paid->booking.SeatOf(1, 1)->seat, "1B");
}

TEST_F(HeldExtrasTest, AnExpiredHoldDropsItsExtrasAndGivesTheirSeatBack) {
  const auto held = HeldWithNames(office_);
  ASSERT_TRUE(Add(office_, held, {{1, 1, "SEAT", "1A"}, {1, 1, "BAG", ""}}));
  clock_.Advance(std::chrono::hours{48});
  EXPECT_EQ(Code(Add(office_, held, {{1, 1, "MEAL", ""}})), "HOLD_EXPIRED");
  auto expired = service_->Retrieve(office_, held.booking.locator, ByName("Hansen"));
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, BookingStatus::kExpired);
  EXPECT_TRUE(expired->extras_due.empty());
  EXPECT_TRUE(expired->seats.empty());
  const auto other = HeldWithNames(office_);
  EXPECT_EQ(Code(Add(office_, other, {{1, 1, "SEAT", "1A"}})), "OK") << "seat 1A is free again";
}

TEST_F(HeldExtrasTest, AChangedFlightTakesTheBagsAlongAndRefundsThePaidSeat) {
  pool_->Acquire()->Prepare("UPDATE fares SET change_fee = 0 WHERE booking_class = 'M'").Exec();  // nothing to pay
  const auto locator = Paid(1);
  ExtrasRequest r;
  r.extras = {{1, 1, "BAG", ""}, {1, 1, "SEAT", "1A"}};
  r.method = PaymentMethod::kCash;
  ASSERT_TRUE(service_->BuyExtras(office_, locator, ByName("Hansen"), r));
  auto changed = service_->ChangeFlight(office_, locator, ByName("Hansen"), {1, next_day_, "M", false});
  ASSERT_TRUE(changed) << changed.error().message;
  const auto& b = changed->booking;
  ASSERT_EQ(b.emds.size(), 2U);
  for (const auto& e : b.emds) {
    if (e.code == "BAG") {
      EXPECT_EQ(e.status, ticketing::CouponStatus::kOpen);
      EXPECT_EQ(e.flight_id, next_day_) << "the bag goes with the passenger";
    } else {
      EXPECT_EQ(e.status, ticketing::CouponStatus::kRefunded) << "a seat belongs to the aircraft left";
      EXPECT_EQ(e.flight_id, flight_id_);
    }
  }
  EXPECT_EQ(b.SeatOf(1, 1), nullptr);
  EXPECT_TRUE(std::any_of(b.history.begin(), b.history.end(), [](const auto& h) { return h.action == "EXTRAS_MOVED"; }));
  // The moved bag is the new flight's: a bag there is still one of two.
  r.extras = {{1, 1, "BAG", ""}, {1, 1, "BAG", ""}};
  EXPECT_EQ(Code(service_->BuyExtras(office_, locator, ByName("Hansen"), r)), "TOO_MANY_EXTRAS");
}

TEST_F(HeldExtrasTest, AnAgencyPaysExtrasOnItsAccountOnlyForItsOwnBookings) {
  OpenAccount(7, 100000);
  const auto agent = Agent(7);
  auto held = HeldWithNames(agent);
  ASSERT_TRUE(Add(agent, held, {{1, 1, "BAG", ""}}));
  auto pay = OnAccount(1, held.hold_token);
  pay.passengers.clear();
  auto paid = service_->Confirm(agent, held.booking.locator, pay);
  ASSERT_TRUE(paid) << paid.error().message;
  const auto after_booking = Balance(7);
  EXPECT_EQ(after_booking, -(paid->booking.total.minor + 3500)) << "the fare and the bag due, charged together";

  ExtrasRequest r;
  r.extras = {{1, 1, "MEAL", ""}};
  r.method = PaymentMethod::kOnAccount;
  EXPECT_EQ(Code(service_->BuyExtras(Agent(8), held.booking.locator, ByName("Hansen"), r)), "BOOKING_NOT_FOUND");
  EXPECT_EQ(Code(service_->BuyExtras(office_, held.booking.locator, ByName("Hansen"), r)), "PAYMENT_METHOD_NOT_ALLOWED");
  auto bought = service_->BuyExtras(agent, held.booking.locator, ByName("Hansen"), r);
  ASSERT_TRUE(bought) << bought.error().message;
  EXPECT_EQ(Balance(7), after_booking - 900);
  EXPECT_EQ(bought->payments.back().amount, (core::Money{900, "EUR"}));
  EXPECT_EQ(bought->emds.size(), 2U);
  OpenAccount(9, 0);  // no credit: its booking was paid in cash at the office
  const auto poor = HeldWithNames(Agent(9));
  auto cash = Names(1, poor.hold_token);
  cash.passengers.clear();
  ASSERT_TRUE(service_->Confirm(office_, poor.booking.locator, cash));
  EXPECT_EQ(Code(service_->BuyExtras(Agent(9), poor.booking.locator, ByName("Hansen"), r)), "CREDIT_LIMIT_EXCEEDED");
  EXPECT_TRUE(service_->Retrieve(office_, poor.booking.locator, ByName("Hansen"))->emds.empty());
}

// Departure control: desk check-in after the web's window, boarding by the pass's barcode, offloading, and closing
// the flight with its no-shows by their fares' rules.
class DepartureTest : public SeatTest {
 protected:
  std::string PaidIn(const char* klass, int adults) {
    auto held = service_->Hold(office_, Hold(klass, adults));
    EXPECT_TRUE(held) << held.error().message;
    auto paid = service_->Confirm(office_, held->booking.locator, Names(adults, held->hold_token));
    EXPECT_TRUE(paid) << paid.error().message;
    return held->booking.locator;
  }
  void AdvanceTo(std::chrono::minutes before_departure) {
    auto lease = pool_->Acquire();
    const auto departure = schedule::FindFlight(*lease, flight_id_)->departure_utc;
    clock_.Advance(std::chrono::duration_cast<std::chrono::seconds>(departure - before_departure - clock_.Now()));
  }
  std::string Bcbp(const std::string& locator, int passenger) {
    auto view = service_->Retrieve(office_, locator, ByName("Hansen"));
    for (const auto& pass : BoardingPassesOf(*view, 1, directory_))
      if (pass.passenger == passenger) return pass.bcbp;
    return "";
  }
  std::string Coupon(const std::string& locator, int passenger) {
    auto view = service_->Retrieve(office_, locator, ByName("Hansen"));
    return std::string(1, ticketing::Code(ticketing::CurrentTicket(view->tickets, passenger)->coupons[0].status));
  }
  const core::Actor desk_{core::Channel::kOffice, "gate@example.dk", "", {core::Permission::kDepartureControl}};
};

TEST_F(DepartureTest, DeskCheckInBoardingOffloadAndClosingWithNoShows) {
  DepartureControl dcs(*pool_, directory_, clock_);
  const auto family = PaidIn("M", 2);  // changeable fare
  const auto single = PaidIn("M", 1);
  const auto strict = PaidIn("Y", 1);  // neither refundable nor changeable
  {
    auto lease = pool_->Acquire();
    lease->Prepare("UPDATE booking_passengers SET document_type = 'P', document_number = 'X1234567', "
                   "document_country = 'DK', document_expiry = '2030-01-01'").Exec();
  }
  AdvanceTo(std::chrono::hours(2));
  ASSERT_TRUE(service_->CheckIn(passenger_, family, ByName("Hansen"), 1));
  AdvanceTo(std::chrono::minutes(40));
  EXPECT_EQ(service_->CheckIn(passenger_, single, ByName("Hansen"), 1).error().code, "CHECK_IN_CLOSED");
  auto at_desk = service_->CheckIn(desk_, single, ByName("Hansen"), 1);
  ASSERT_TRUE(at_desk) << at_desk.error().message;
  EXPECT_EQ(at_desk->passes[0].sequence, 3);
  EXPECT_EQ(ticketing::DecodeBcbp(at_desk->passes[0].bcbp)->checkin_source, 'O') << "the airport's agent";
  EXPECT_EQ(ticketing::DecodeBcbp(Bcbp(family, 1))->checkin_source, 'V') << "through API v1";

  EXPECT_EQ(dcs.Board(office_, "X9", flight_id_, Bcbp(family, 1)).error().code, "PERMISSION_DENIED");
  EXPECT_EQ(dcs.Board(passenger_, "X9", flight_id_, Bcbp(family, 1)).error().code, "AUTHENTICATION_REQUIRED");
  auto boarded = dcs.Board(desk_, "X9", flight_id_, Bcbp(family, 1));
  ASSERT_TRUE(boarded) << boarded.error().message;
  EXPECT_EQ(boarded->locator, family);
  EXPECT_EQ(boarded->sequence, 1);
  EXPECT_EQ(Coupon(family, 1), "L");
  EXPECT_EQ(dcs.Board(desk_, "X9", flight_id_, Bcbp(family, 1)).error().code, "ALREADY_BOARDED");
  EXPECT_EQ(dcs.Board(desk_, "X9", flight_id_, "M1NOT A PASS").error().code, "INVALID_BARCODE");
  auto other = *ticketing::DecodeBcbp(Bcbp(single, 1));
  other.legs[0].flight_number = 102;
  EXPECT_EQ(dcs.Board(desk_, "X9", flight_id_, *ticketing::EncodeBcbp(other)).error().code, "WRONG_FLIGHT");
  auto renamed = *ticketing::DecodeBcbp(Bcbp(single, 1));
  renamed.name = "JENSEN/OLE";
  EXPECT_EQ(dcs.Board(desk_, "X9", flight_id_, *ticketing::EncodeBcbp(renamed)).error().code, "PASSENGER_NOT_FOUND");
  EXPECT_EQ(dcs.Board(desk_, "Q9", flight_id_, Bcbp(single, 1)).error().code, "FLIGHT_NOT_FOUND");

  // Offloaded: the coupon reopens and the seat is free; checked in again, a new sequence number, never an old one.
  ASSERT_TRUE(dcs.Offload(desk_, "X9", flight_id_, family, 2));
  EXPECT_EQ(Coupon(family, 2), "O");
  EXPECT_EQ(dcs.Offload(desk_, "X9", flight_id_, family, 2).error().code, "NOT_CHECKED_IN");
  EXPECT_EQ(dcs.Offload(desk_, "X9", flight_id_, family, 1).error().code, "ALREADY_BOARDED");
  auto again = service_->CheckIn(desk_, family, ByName("Hansen"), 1);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->passes[1].sequence, 4);
  ASSERT_TRUE(dcs.Board(desk_, "X9", flight_id_, Bcbp(single, 1)));
  // Re-seated at the desk after check-in (a passenger may not), the pass follows.
  EXPECT_EQ(service_->ChooseSeats(passenger_, family, ByName("Hansen"), 1, {{2, "1B"}}).error().code,
            "SEAT_CHANGE_AFTER_CHECK_IN");
  ASSERT_TRUE(service_->ChooseSeats(desk_, family, ByName("Hansen"), 1, {{2, "1B"}}));  // a paid seat, given free
  EXPECT_EQ(ticketing::DecodeBcbp(Bcbp(family, 2))->legs[0].seat, "001B");

  auto before = dcs.Flight(desk_, "X9", flight_id_);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->passengers.size(), 4U);
  EXPECT_EQ(before->Count("BOARDED"), 2);
  EXPECT_EQ(before->Count("CHECKED_IN"), 1);
  EXPECT_EQ(before->Count("NOT_CHECKED_IN"), 1);

  auto closing = dcs.Close(desk_, "X9", flight_id_);
  ASSERT_TRUE(closing) << closing.error().message;
  EXPECT_EQ(closing->flown, 2);
  EXPECT_EQ(closing->no_shows, 2);
  EXPECT_EQ(closing->coupons_closed, 1);
  EXPECT_EQ(Coupon(family, 1), "F");
  EXPECT_EQ(Coupon(family, 2), "O") << "checked in, not boarded: a no-show whose changeable fare keeps its value";
  EXPECT_EQ(Coupon(strict, 1), "Z") << "a fare that keeps nothing: closed";
  EXPECT_EQ(Coupon(single, 1), "F");
  auto after = dcs.Flight(desk_, "X9", flight_id_);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->closed);
  EXPECT_EQ(after->Count("NO_SHOW"), 2);
  EXPECT_EQ(after->Count("FLOWN"), 2);
  const auto apis = reports::ToCsv(ApisTable(after->Manifest(), after->Gate(), after->flight.departure_date));
  EXPECT_EQ(std::count(apis.begin(), apis.end(), '\n'), 3) << apis;  // the header and the two who flew
  const auto manifest = reports::ToCsv(ManifestTable(after->Manifest()));
  EXPECT_NE(manifest.find("NO_SHOW"), std::string::npos);
  EXPECT_EQ(dcs.Close(desk_, "X9", flight_id_).error().code, "FLIGHT_CLOSED");
  EXPECT_EQ(dcs.Board(desk_, "X9", flight_id_, Bcbp(single, 1)).error().code, "FLIGHT_CLOSED");
  EXPECT_EQ(service_->CheckIn(desk_, strict, ByName("Hansen"), 1).error().code, "FLIGHT_CLOSED");
  auto history = service_->Retrieve(office_, strict, ByName("Hansen"))->history;
  EXPECT_EQ(history.back().action, "NO_SHOW");
}

}  // namespace
// A cancelled flight's passengers are moved once, however often the sweep runs: a second sweep finds the
// disruption done, and one that finds it pending again (a stop between the booking's commit and the mark) skips the
// booking it already handled.
TEST_F(BookingServiceTest, ACancelledFlightsPassengersMoveOnceHoweverOftenTheSweepRuns) {
  std::int64_t later = 0;
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    auto config = lease->Prepare("SELECT config_id FROM flights WHERE id = ?");
    config.Bind(1, flight_id_);
    ASSERT_TRUE(config.Step());
    ASSERT_TRUE(schedule::AddSchedule(*lease, directory_,
                                      {"X9", 103, "CPH", "HAM", 15 * 60, 16 * 60, 0, "1234567", D("2026-12-01"),
                                       D("2026-12-01"), config.Int(0)}));
    tx.Commit();
    for (const auto& f : schedule::ListFlights(*lease, "X9"))
      if (f.id != flight_id_) later = f.id;
  }
  ASSERT_NE(later, 0);
  auto held = service_->Hold(api_, Hold("M", 2));
  ASSERT_TRUE(held) << held.error().message;
  {  // what ScheduleAdminService writes when it cancels the flight
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    lease->Prepare("UPDATE flights SET status = 'CANCELLED' WHERE id = ?").Bind(1, flight_id_).Exec();
    lease->Prepare("INSERT INTO disruptions (flight_id, kind, old_departure_utc, old_arrival_utc, actor, created_at) "
                   "SELECT id, 'CANCELLED', departure_utc, arrival_utc, 'office:test', ? FROM flights WHERE id = ?")
        .Bind(1, core::ToEpoch(clock_.Now()))
        .Bind(2, flight_id_)
        .Exec();
    tx.Commit();
  }
  ScheduleChangeService changes(*pool_, directory_, clock_, random_);
  const auto first = changes.ProcessPending();
  EXPECT_EQ(first.handled, 1);
  EXPECT_TRUE(first.failures.empty());
  EXPECT_EQ(changes.ProcessPending().handled, 0);
  {
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    lease->Prepare("UPDATE disruptions SET done_at = NULL").Exec();
    tx.Commit();
  }
  EXPECT_EQ(changes.ProcessPending().handled, 0);
  const auto locator = held->booking.locator;
  auto moved = service_->Retrieve(api_, locator, ByToken(held->hold_token));
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->segments.size(), 1u);
  EXPECT_EQ(moved->segments[0].flight.flight_id, later);
  EXPECT_EQ(Counts("M").held, 0);  // the cancelled flight gave its seats back
  auto lease = pool_->Acquire();
  const auto cabin = inventory::LoadCabinOfClass(*lease, later, "M");
  ASSERT_TRUE(cabin);
  for (const auto& c : cabin->classes) {
    if (c.booking_class == "M") {
      EXPECT_EQ(c.held, 2);
    }
  }
  auto recorded = lease->Prepare("SELECT COUNT(*), MIN(outcome) FROM schedule_changes");
  ASSERT_TRUE(recorded.Step());
  EXPECT_EQ(recorded.Int(0), 1);
  EXPECT_EQ(recorded.Text(1), "MOVED");
}

}  // namespace jetway::booking

namespace jetway::booking {
namespace {

// The node's search snapshot (shopping::SearchSnapshot) with the booking service beside it: what a search shows, how
// soon a change reaches it, and that a hold counts again whatever the search showed.
class SearchSnapshotTest : public BookingServiceTest {
 protected:
  void SetUp() override { Open({}); }

  void Open(shopping::SnapshotSettings settings) {
    BookingServiceTest::SetUp();
    snapshot_ = std::make_unique<shopping::SearchSnapshot>(settings);
    pool_->CountCommitsIn(&snapshot_->commits());
    availability_ = std::make_unique<shopping::AvailabilityService>(*pool_, directory_, clock_, nullptr, snapshot_.get());
    availability_->FollowFeed();  // a node's first follow, at its start
    // Another node on the same database: its commits are not this node's.
    elsewhere_pool_ = database_->Pool(4);
    elsewhere_ = std::make_unique<BookingService>(*elsewhere_pool_, directory_, clock_, random_, gateway_,
                                                  std::chrono::minutes{20}, Limits());
  }

  void TearDown() override {
    elsewhere_.reset();
    elsewhere_pool_.reset();
    availability_.reset();
    BookingServiceTest::TearDown();
  }

  // The seats the search shows for `klass` on the flight (0: not offered), or -1 when the flight is not found.
  int SeatsShown(const char* klass) {
    shopping::SearchRequest request{"CPH", "HAM", D("2026-12-01"), std::nullopt, {1, 0, 0}, std::nullopt};
    auto found = availability_->Search(request);
    EXPECT_TRUE(found) << (found ? "" : found.error().message);
    if (!found || found->outbound.empty()) return -1;
    for (const auto& offer : found->outbound.front().offers)
      if (offer.booking_class == klass) return offer.seats_available;
    return 0;
  }

  void Elsewhere(const std::string& sql) {
    auto lease = elsewhere_pool_->Acquire();
    store::Transaction tx(*lease);
    lease->ExecScript(sql);
    tx.Commit();
  }

  std::unique_ptr<shopping::SearchSnapshot> snapshot_;
  std::unique_ptr<shopping::AvailabilityService> availability_;
  std::unique_ptr<store::ConnectionPool> elsewhere_pool_;
  std::unique_ptr<BookingService> elsewhere_;
};

class SearchSnapshotAgeTest : public SearchSnapshotTest {
 protected:
  void SetUp() override { Open({std::chrono::milliseconds{50}, 1000}); }
};

}  // namespace

TEST_F(SearchSnapshotTest, ARepeatedSearchReadsNothingAndThisNodesHoldIsInTheNextSearch) {
  EXPECT_EQ(SeatsShown("M"), 6);
  const auto first = snapshot_->stats();
  EXPECT_GT(first.loads, 0u);
  EXPECT_EQ(SeatsShown("M"), 6);
  const auto second = snapshot_->stats();
  EXPECT_EQ(second.loads, first.loads);  // everything from memory
  EXPECT_GT(second.hits, first.hits);

  ASSERT_TRUE(service_->Hold(api_, Hold("M", 2)));
  EXPECT_EQ(SeatsShown("M"), 4);  // no wait: this node committed, so the search followed the feed first
  EXPECT_EQ(SeatsShown("Y"), 8);
}

TEST_F(SearchSnapshotTest, AChangeElsewhereArrivesWithTheFeedAndAHoldCountsTheSeatsAgain) {
  EXPECT_EQ(SeatsShown("M"), 6);
  ASSERT_TRUE(elsewhere_->Hold(api_, Hold("M", 6)));
  EXPECT_EQ(SeatsShown("M"), 6);  // not followed yet: another node's hold is not known here

  // What the search showed cannot be sold: the hold counts in its own transaction.
  auto stale = service_->Hold(api_, Hold("M", 1));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, "SEATS_UNAVAILABLE");
  EXPECT_EQ(Counts("M").held, 6);

  availability_->FollowFeed();
  EXPECT_EQ(SeatsShown("M"), 0);
  EXPECT_EQ(SeatsShown("Y"), 4);
}

TEST_F(SearchSnapshotTest, ACatalogueChangeElsewhereDropsEverythingHeld) {
  EXPECT_EQ(SeatsShown("M"), 6);
  Elsewhere(fmt::format("UPDATE flights SET status = 'CANCELLED' WHERE id = {}", flight_id_));
  EXPECT_EQ(SeatsShown("M"), 6);
  availability_->FollowFeed();
  EXPECT_EQ(SeatsShown("M"), -1);
  EXPECT_GE(snapshot_->stats().catalogue_reloads, 2u);  // the first follow, and the change
}

// On PostgreSQL the catalogue moves once per transaction (a flag of the transaction's own, migration 34): each later
// transaction on the same connection must move it again, and so must a change after one rolled back to a savepoint,
// or a node would keep serving what was changed.
TEST_F(SearchSnapshotTest, EachTransactionThatChangesTheCatalogueMovesItOnceOnTheSameConnection) {
  auto pool = database_->Pool(1);  // one connection: whatever the first transaction leaves on it, the next one finds
  auto lease = pool->Acquire();
  auto version = [&] {
    auto read = lease->Prepare("SELECT version FROM catalogue_version WHERE id = 1");
    EXPECT_TRUE(read.Step());
    return read.Int(0);
  };
  const std::string touch = fmt::format("UPDATE flights SET arrival_utc = arrival_utc WHERE id = {}", flight_id_);
  const auto before = version();
  {
    store::Transaction tx(*lease);
    for (int i = 0; i < 3; ++i) lease->ExecScript(touch);
    tx.Commit();
  }
  const auto first = version();
  EXPECT_GT(first, before);
  if (lease->engine() == store::Engine::kPostgres) {
    EXPECT_EQ(first, before + 1);  // SQLite's triggers run per row
  }
  {
    store::Transaction tx(*lease);
    lease->ExecScript(touch);
    tx.Commit();
  }
  const auto second = version();
  EXPECT_GT(second, first);
  {
    store::Transaction tx(*lease);
    lease->ExecScript("SAVEPOINT tried");
    lease->ExecScript(touch);
    lease->ExecScript("ROLLBACK TO SAVEPOINT tried");
    lease->ExecScript(touch);
    tx.Commit();
  }
  EXPECT_GT(version(), second);
  // And a node that did not commit it sees a change made elsewhere: the version moved again.
  EXPECT_EQ(SeatsShown("M"), 6);
  availability_->FollowFeed();
  const auto reloads = snapshot_->stats().catalogue_reloads;
  Elsewhere(touch);
  availability_->FollowFeed();
  EXPECT_EQ(snapshot_->stats().catalogue_reloads, reloads + 1);
}

TEST_F(SearchSnapshotTest, AFeedNumberCommittedAfterAHigherOneIsStillFollowed) {
  // PostgreSQL hands out feed numbers before commit: the lower one may become visible second. Written by hand here,
  // with the trigger gone, so the order is the test's.
  availability_->FollowFeed();
  EXPECT_EQ(SeatsShown("M"), 6);
  Elsewhere(database_->engine() == store::Engine::kPostgres ? "DROP TRIGGER flight_classes_counted ON flight_classes"
                                                             : "DROP TRIGGER flight_classes_counted");
  std::int64_t end = 0;
  {
    auto lease = elsewhere_pool_->Acquire();
    auto stmt = lease->Prepare("SELECT COALESCE(MAX(seq), 0) FROM inventory_changes");
    stmt.Step();
    end = stmt.Int(0);
  }
  Elsewhere(fmt::format("INSERT INTO inventory_changes(seq, flight_id, changed_at) VALUES ({}, {}, 0)", end + 2,
                        flight_id_ + 1000));
  availability_->FollowFeed();  // end + 1 is missing
  ASSERT_TRUE(elsewhere_->Hold(api_, Hold("M", 2)));
  availability_->FollowFeed();
  EXPECT_EQ(SeatsShown("M"), 6);  // the hold's number has not appeared
  Elsewhere(fmt::format("INSERT INTO inventory_changes(seq, flight_id, changed_at) VALUES ({}, {}, 0)", end + 1,
                        flight_id_));
  availability_->FollowFeed();
  EXPECT_EQ(SeatsShown("M"), 4);
}

TEST_F(SearchSnapshotAgeTest, NoPieceIsServedLongerThanItsMaximumAgeWhateverTheFeed) {
  EXPECT_EQ(SeatsShown("M"), 6);
  ASSERT_TRUE(elsewhere_->Hold(api_, Hold("M", 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds{60});
  EXPECT_EQ(SeatsShown("M"), 4);  // read again: older than 50 ms, though the feed was never followed
}

TEST_F(SearchSnapshotTest, APrunedFeedNeverHandsOutANumberAgain) {
  EXPECT_EQ(SeatsShown("M"), 6);
  Elsewhere("INSERT INTO inventory_changes(flight_id, changed_at) VALUES (424242, 0)");
  availability_->FollowFeed();
  // Pruned as of a clock far ahead: the whole feed goes, the number just followed with it.
  {
    auto lease = elsewhere_pool_->Acquire();
    EXPECT_EQ(shopping::PruneFeed(*lease, clock_.Now() + std::chrono::hours{24 * 365 * 10}), 1);
    auto left = lease->Prepare("SELECT COUNT(*) FROM inventory_changes");
    left.Step();
    EXPECT_EQ(left.Int(0), 0);
  }
  // The feed is empty; the next change still gets a number above every one followed, so the node sees it.
  ASSERT_TRUE(elsewhere_->Hold(api_, Hold("M", 1)));
  availability_->FollowFeed();
  EXPECT_EQ(SeatsShown("M"), 5);
}

}  // namespace jetway::booking
