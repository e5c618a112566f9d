// Bookings per second through the booking service (no HTTP: the agent portal does not exist yet) for three kinds of
// buyer, side by side in one run on one engine:
//   card          N passengers paying by (test) card: nothing shared but the database;
//   one agency    N agents of one agency paying on account: every confirmation locks the same account row;
//   N agencies    one agent each, paying on account: N account rows, none shared.
// Each client books one seat at a time (hold, then confirm) on a flight of its own, so the only row the clients
// share is the account in "one agency". Prints bookings/s, p50 and p99 per booking, and checks afterwards that
// every account's kept balance equals its rows and the rows equal the bookings charged.
//
//   ledger_bench [seconds per kind (default 5)] [clients (default 32)]
// SQLite by default (a temporary file); PostgreSQL when JETWAY_TEST_POSTGRES holds an owner URL (as the tests).
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "agents/ledger_store.hpp"
#include "booking/booking_service.hpp"
#include "inventory/controls.hpp"
#include "pricing/pricing_service.hpp"
#include "reference/reference_service.hpp"
#include "schedule/schedule_service.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway {
namespace {

using Clock = std::chrono::steady_clock;

struct World {
  store::TestDatabase database{"ledger_bench"};
  std::unique_ptr<store::ConnectionPool> pool;
  reference::AirportDirectory airports;
  std::vector<std::int64_t> flights;  // two per client and kind
};

core::LocalDate Today() { return core::LocalDate{date::floor<date::days>(std::chrono::system_clock::now())}; }

void Build(World& w, int clients) {
  w.pool = w.database.Pool(static_cast<std::size_t>(clients) + 4);
  auto lease = w.pool->Acquire();
  auto& db = *lease;
  store::Migrate(db, store::DataMigrations());
  const auto csv = std::filesystem::temp_directory_path() / fmt::format("ledger_bench_{}.csv", ::getpid());
  std::ofstream(csv) << "iata,icao,name,city,country,tz,lat,lon\n"
                        "CPH,EKCH,Copenhagen Kastrup Airport,Copenhagen,Denmark,Europe/Copenhagen,55.6179,12.656\n"
                        "HAM,EDDH,Hamburg Airport,Hamburg,Germany,Europe/Berlin,53.6304,9.98823\n";
  store::Transaction tx(db);
  reference::ImportAirportsCsv(db, csv.string());
  std::filesystem::remove(csv);
  (void)reference::UpsertAirline(db, {"X9", "Kattegat Air", "919", "EUR", {}, {}});
  auto config = reference::UpsertCabinConfig(db, "X9", "BIG", "Bench", {{"Y", inventory::kMaxCabinSeats, 0}});
  if (!config) throw std::runtime_error(config.error().message);
  (void)reference::UpsertBookingClasses(db, "X9", {{"Y", "Y", 0, 100}});
  const auto day = core::AddDays(Today(), 7);
  (void)pricing::FileFare(db, {"X9", "CPH", "HAM", true,
                               pricing::Fare{"Y", core::PaxType::kAdult, "Classic", core::Money{10000, "EUR"}, false, {}, 1},
                               Today(), core::AddDays(Today(), 60)});
  w.airports = reference::AirportDirectory::Load(db);
  // Two days of a flight per client and kind (999 seats a flight at most): kind k's client i books flights 2(kN+i)
  // and 2(kN+i)+1.
  for (int i = 0; i < 3 * clients; ++i)
    for (const auto& when : {day, core::AddDays(day, 1)})
      (void)schedule::AddSchedule(db, w.airports,
                                  {"X9", 100 + i, "CPH", "HAM", 6 * 60 + i % 600, 7 * 60 + i % 600, 0, "1234567", when,
                                   when, *config});
  for (int agency = 1; agency <= clients; ++agency) {
    agents::OpenAccount(db, agency, "EUR", std::chrono::time_point_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now()));
    db.Prepare("UPDATE agency_accounts SET credit_limit = 1000000000000 WHERE agency_id = ?").Bind(1, agency).Exec();
  }
  tx.Commit();
  auto flights = db.Prepare("SELECT id FROM flights ORDER BY flight_number, departure_utc");
  while (flights.Step()) w.flights.push_back(flights.Int(0));
}

struct Result {
  long bookings = 0;
  long failures = 0;
  double seconds = 0;
  std::vector<double> millis;
};

// `agency_of(i)`: the agency client i books for; 0: a passenger paying by card.
template <class AgencyOf>
Result Run(World& w, booking::BookingService& service, int kind, int clients, double seconds, AgencyOf agency_of) {
  std::atomic<long> failures{0};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] {
      core::Actor actor = core::Actor::Passenger(core::Channel::kApi, "");
      if (const auto agency = agency_of(i); agency > 0) {
        actor = core::Actor{core::Channel::kAgent, fmt::format("agent{}", i), "", {}};
        actor.agency_id = agency;
      }
      booking::HoldRequest hold;
      hold.party = {1, 0, 0};
      for (long n = 0; Clock::now() < deadline; ++n) {
        hold.segments = {{w.flights[static_cast<std::size_t>(2 * (kind * clients + i) + n % 2)], "Y"}};
        const auto began = Clock::now();
        auto held = service.Hold(actor, hold);
        if (!held) {
          ++failures;
          continue;
        }
        booking::ConfirmRequest confirm;
        confirm.hold_token = held->hold_token;
        confirm.passengers = {{core::PaxType::kAdult, "MS", "Ida", "Hansen", {}, {}}};
        confirm.contact = {"ida@example.dk", "+4532313231"};
        if (actor.agency_id > 0) {
          confirm.method = booking::PaymentMethod::kOnAccount;
        } else {
          confirm.method = booking::PaymentMethod::kTestCard;
          confirm.card = {"4242424242424242", 12, 2035, "123", "IDA HANSEN"};
        }
        if (!service.Confirm(actor, held->booking.locator, confirm)) {
          ++failures;
          continue;
        }
        latencies[static_cast<std::size_t>(i)].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - began).count());
      }
    });
  for (auto& t : threads) t.join();
  Result r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.failures = failures.load();
  for (auto& l : latencies) r.millis.insert(r.millis.end(), l.begin(), l.end());
  r.bookings = static_cast<long>(r.millis.size());
  std::sort(r.millis.begin(), r.millis.end());
  return r;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

void Print(const char* kind, const Result& r, const Result& card) {
  const double rate = r.bookings / r.seconds;
  fmt::print("{:<14} {:>9.1f} bookings/s  p50 {:>7.1f} ms  p99 {:>7.1f} ms  failures {:>4}  {:>5.2f} x card\n", kind,
             rate, Percentile(r.millis, 0.5), Percentile(r.millis, 0.99), r.failures,
             card.bookings ? rate / (card.bookings / card.seconds) : 0.0);
}

// Every account's kept balance equals its rows' sum, and the rows are exactly the on-account bookings.
bool LedgerHolds(World& w) {
  auto lease = w.pool->Acquire();
  auto check = lease->Prepare(
      "SELECT COUNT(*) FROM agency_accounts a WHERE a.balance <> COALESCE((SELECT SUM(amount) FROM agency_ledger l "
      "WHERE l.agency_id = a.agency_id), 0)");
  check.Step();
  const auto wrong = check.Int(0);
  auto rows = lease->Prepare(
      "SELECT (SELECT COUNT(*) FROM agency_ledger WHERE kind = 'booking'), (SELECT COUNT(*) FROM payments WHERE "
      "method = 'on_account' AND status = 'APPROVED')");
  rows.Step();
  fmt::print("ledger: {} accounts off their rows; {} charges for {} bookings paid on account\n", wrong, rows.Int(0),
             rows.Int(1));
  return wrong == 0 && rows.Int(0) == rows.Int(1);
}

}  // namespace
}  // namespace jetway

int main(int argc, char** argv) {
  using namespace jetway;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 5;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 32;
  if (seconds <= 0 || clients < 1 || clients > 256) {
    fmt::print(stderr, "usage: ledger_bench [seconds > 0] [clients 1-256]\n");
    return 2;
  }
  World w;
  Build(w, clients);
  core::SystemClock clock;
  core::SystemRandom random;
  booking::TestCardGateway gateway;
  booking::BookingService service(*w.pool, w.airports, clock, random, gateway, std::chrono::minutes{20});
  fmt::print("engine {}, {} clients, {} s per kind, one seat per booking, a flight per client\n",
             w.database.engine() == store::Engine::kPostgres ? "PostgreSQL" : "SQLite", clients, seconds);
  const auto card = Run(w, service, 0, clients, seconds, [](int) { return 0; });
  Print("card", card, card);
  Print("one agency", Run(w, service, 1, clients, seconds, [](int) { return 1; }), card);
  Print("N agencies", Run(w, service, 2, clients, seconds, [](int i) { return i + 1; }), card);
  return LedgerHolds(w) ? 0 : 1;
}
