// Check-ins per second for a full 180-seat flight whose passengers all check in within a minute: 90 paid bookings
// of two passengers on one aircraft with a seat map (30 rows ABC.DEF), then every booking checking in at once from
// `threads` threads (each a web check-in: window, seats given side by side, a sequence number, coupons to C, the
// boarding-pass e-mail queued, the passes written). Beside it in the same run, the reference: the same database's
// own commit rate (one single-row insert and commit at a time, same durability), so the figure reads as a share of
// what the database can do. SQLite by default; PostgreSQL with JETWAY_TEST_POSTGRES (store/test_database.hpp).
//
//   check_in_bench [threads (default 8)]
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

#include "booking/booking_service.hpp"
#include "pricing/pricing_service.hpp"
#include "schedule/schedule_service.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

using namespace jetway;

namespace {

constexpr int kBookings = 90;  // of two: 180 seats
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

void Print(const char* name, int count, double seconds, std::vector<double> ms, const char* unit) {
  std::sort(ms.begin(), ms.end());
  fmt::print("  {:<34} {:>5} {} in {:>6.2f} s = {:>8.1f}/s", name, count, unit, seconds, count / seconds);
  if (!ms.empty()) fmt::print("  p50 {:>6.2f} ms  p99 {:>6.2f} ms", ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
  fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::max(1, std::atoi(argv[1])) : 8;
  store::TestDatabase database("check_in_bench");
  auto pool = database.Pool(static_cast<std::size_t>(threads) + 2);
  const auto departure_day = *core::ParseIsoDate("2026-12-01");
  {
    auto lease = pool->Acquire();
    auto& db = *lease;
    store::Migrate(db, store::DataMigrations());
    const auto csv = std::filesystem::temp_directory_path() / fmt::format("jetway_check_in_bench_{}.csv", getpid());
    std::ofstream(csv) << "iata,icao,name,city,country,tz,lat,lon\n"
                          "CPH,EKCH,Copenhagen Kastrup Airport,Copenhagen,Denmark,Europe/Copenhagen,55.6179,12.656\n"
                          "AAL,EKYT,Aalborg Airport,Aalborg,Denmark,Europe/Copenhagen,57.0928,9.84924\n";
    store::Transaction tx(db);
    reference::ImportAirportsCsv(db, csv.string());
    std::filesystem::remove(csv);
    reference::UpsertAirline(db, {"X9", "Kattegat Air", "919", "EUR", {}, {}});
    auto config = reference::UpsertCabinConfig(db, "X9", "738", "Boeing 737-800", {{"Y", 180, 0}},
                                               "Y 1-12,14-31 ABC.DEF exit=14-15");
    reference::UpsertBookingClasses(db, "X9", {{"Y", "Y", 0, 100}});
    for (auto type : {core::PaxType::kAdult, core::PaxType::kChild, core::PaxType::kInfant})
      pricing::FileFare(db, {"X9", "CPH", "AAL", true,
                             pricing::Fare{"Y", type, "Classic", core::Money{50000, "EUR"}, false, {}, 1},
                             departure_day, departure_day});
    const auto airports = reference::AirportDirectory::Load(db);
    schedule::AddSchedule(db, airports,
                          {"X9", 401, "CPH", "AAL", 18 * 60, 18 * 60 + 45, 0, "1234567", departure_day, departure_day,
                           *config});
    tx.Commit();
  }
  std::int64_t flight_id = 0;
  reference::AirportDirectory airports;
  {
    auto lease = pool->Acquire();
    flight_id = schedule::ListFlights(*lease, "X9").front().id;
    airports = reference::AirportDirectory::Load(*lease);
  }
  core::FixedClock clock{core::FromEpoch(1'795'000'000)};  // 2026-11-18: bookings made well before
  core::SystemRandom random;
  booking::TestCardGateway gateway;
  booking::BookingService service(*pool, airports, clock, random, gateway, std::chrono::minutes{20});
  const core::Actor office{core::Channel::kOffice, "bench", "", {core::Permission::kPaymentsCash}};
  std::vector<std::string> locators;
  for (int i = 0; i < kBookings; ++i) {
    booking::HoldRequest hold;
    hold.segments = {{flight_id, "Y"}};
    hold.party = {2, 0, 0};
    auto held = service.Hold(office, hold);
    if (!held) return fmt::print(stderr, "hold: {}\n", held.error().message), 1;
    booking::ConfirmRequest confirm;
    confirm.hold_token = held->hold_token;
    confirm.passengers = {{core::PaxType::kAdult, "MS", "Ida", "Hansen", {}, {}},
                          {core::PaxType::kAdult, "MR", "Ole", "Hansen", {}, {}}};
    confirm.contact = {"ida@example.dk", "+4532313231"};
    if (auto paid = service.Confirm(office, held->booking.locator, confirm); !paid)
      return fmt::print(stderr, "confirm: {}\n", paid.error().message), 1;
    locators.push_back(held->booking.locator);
  }
  // Into the window: two hours before the 18:00 departure (local, 17:00 UTC).
  clock.Advance(std::chrono::duration_cast<std::chrono::seconds>(core::FromEpoch(1'796'144'400) -
                                                                 std::chrono::hours(2) - clock.Now()));
  fmt::print("check-in bench: {} on {}, {} bookings of 2 on a 180-seat flight, {} threads\n",
             database.engine() == store::Engine::kPostgres ? "PostgreSQL" : "SQLite",
             core::FormatUtc(clock.Now()), kBookings, threads);

  std::atomic<int> next{0};
  std::atomic<int> failed{0};
  std::mutex mutex;
  std::vector<double> ms;
  int passengers = 0;
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      const core::Actor web = core::Actor::Passenger(core::Channel::kWeb, fmt::format("10.0.0.{}", t + 1));
      for (int i; (i = next++) < kBookings;) {
        const auto t0 = Clock::now();
        auto checked = service.CheckIn(web, locators[static_cast<std::size_t>(i)], {std::nullopt, "Hansen", false}, 1);
        const double took = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::lock_guard lock(mutex);
        if (!checked) {
          ++failed;
          fmt::print(stderr, "check-in {}: {}\n", locators[static_cast<std::size_t>(i)], checked.error().message);
          continue;
        }
        ms.push_back(took);
        passengers += static_cast<int>(checked->passes.size());
      }
    });
  for (auto& w : workers) w.join();
  const double took = Seconds(start);
  Print("web check-in (passengers)", passengers, took, {}, "passengers");
  Print("web check-in (bookings of 2)", static_cast<int>(ms.size()), took, ms, "bookings");

  // Every seat given once; every sequence 1..180 once.
  {
    auto lease = pool->Acquire();
    auto seats = lease->Prepare("SELECT COUNT(DISTINCT seat), COUNT(*), MAX(sequence) FROM check_ins WHERE flight_id = ?");
    seats.Bind(1, flight_id);
    seats.Step();
    fmt::print("  checked in: {} distinct seats of {} passengers, highest sequence {}, {} refused\n", seats.Int(0),
               seats.Int(1), seats.Int(2), failed.load());
  }

  // The reference: the database's own commit rate, one row a commit, for as long as the check-ins took.
  {
    auto lease = pool->Acquire();
    lease->ExecScript("CREATE TABLE bench_commits (id BIGINT PRIMARY KEY, at BIGINT NOT NULL)");
    std::vector<double> commit_ms;
    const auto ref_start = Clock::now();
    int commits = 0;
    while (Seconds(ref_start) < std::max(1.0, took)) {
      const auto t0 = Clock::now();
      store::Transaction tx(*lease);
      lease->Prepare("INSERT INTO bench_commits (id, at) VALUES (?, ?)").Bind(1, commits + 1).Bind(2, commits).Exec();
      tx.Commit();
      commit_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      ++commits;
    }
    Print("reference: single-row commits", commits, Seconds(ref_start), commit_ms, "commits");
  }
  return failed.load() == 0 ? 0 : 1;
}
