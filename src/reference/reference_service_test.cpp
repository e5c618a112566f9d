// The airport directory refreshes while it is read: an edit in the table reaches Find without a restart, pointers
// handed out before stay valid, and an unchanged table is not read again.
#include "reference/reference_service.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <tuple>

#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::reference {
namespace {

class AirportDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<store::TestDatabase>("reference");
    pool_ = database_->Pool(4);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::DataMigrations());
    Import("CPH,EKCH,Copenhagen Kastrup Airport,Copenhagen,Denmark,Europe/Copenhagen,55.6179,12.656\n"
           "HAM,EDDH,Hamburg Airport,Hamburg,Germany,Europe/Berlin,53.6304,9.98823\n");
  }

  void Import(const std::string& rows) {
    const auto csv = std::filesystem::temp_directory_path() / fmt::format("jetway_airports_{}.csv", getpid());
    std::ofstream(csv) << "iata,icao,name,city,country,tz,lat,lon\n" << rows;
    auto lease = pool_->Acquire();
    store::Transaction tx(*lease);
    ImportAirportsCsv(*lease, csv.string());
    tx.Commit();
    std::filesystem::remove(csv);
  }

  bool Refresh(AirportDirectory& directory) {
    auto lease = pool_->Acquire();
    return directory.Refresh(*lease);
  }

  std::unique_ptr<store::TestDatabase> database_;
  std::unique_ptr<store::ConnectionPool> pool_;
};

TEST_F(AirportDirectoryTest, AnEditReachesReadersWithoutARestart) {
  auto directory = [&] {
    auto lease = pool_->Acquire();
    return AirportDirectory::Load(*lease);
  }();
  ASSERT_EQ(directory.size(), 2u);
  const Airport* before = directory.Find("HAM");
  ASSERT_NE(before, nullptr);
  EXPECT_EQ(directory.Find("XXX"), nullptr);  // unknown: nullptr, for the caller to answer
  EXPECT_EQ(directory.CityOf("XXX"), "XXX");
  EXPECT_FALSE(Refresh(directory));  // nothing changed: nothing read

  Import("HAM,EDDH,Hamburg Helmut Schmidt Airport,Hamburg,Germany,Europe/Berlin,53.6304,9.98823\n"
         "RIX,EVRA,Riga International Airport,Riga,Latvia,Europe/Riga,56.9236,23.9711\n");
  ASSERT_TRUE(Refresh(directory));
  EXPECT_EQ(directory.size(), 3u);
  EXPECT_EQ(directory.Find("HAM")->name, "Hamburg Helmut Schmidt Airport");
  EXPECT_EQ(directory.Find("RIX")->city, "Riga");
  EXPECT_EQ(before->name, "Hamburg Airport");  // what a request already held is still there
  EXPECT_EQ(directory.Find("CPH"), directory.Search("cph", 1).front());
  ASSERT_FALSE(directory.Search("riga", 5).empty());

  // Importing the same rows again changes nothing, so no node reloads.
  Import("RIX,EVRA,Riga International Airport,Riga,Latvia,Europe/Riga,56.9236,23.9711\n");
  EXPECT_FALSE(Refresh(directory));
}

TEST_F(AirportDirectoryTest, ReadersRunWhileItRefreshes) {
  auto directory = [&] {
    auto lease = pool_->Acquire();
    return AirportDirectory::Load(*lease);
  }();
  std::atomic<bool> stop{false};
  std::atomic<long> found{0};
  std::thread reader([&] {
    while (!stop.load()) {
      const auto* airport = directory.Find("HAM");
      if (airport && !airport->city.empty()) ++found;
      for (const auto* a : directory.Search("ham", 3)) found += a->code.size() == 3 ? 0 : -1000000;
    }
  });
  // The reader is running before the refreshes start, and reads again after they began (on a loaded machine
  // the refreshes may otherwise all finish before the reader is first scheduled).
  const auto waiting = [&](long more_than) {
    for (int i = 0; i < 10'000 && found.load() <= more_than; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{1});
    return found.load();
  };
  const long started = waiting(0);
  for (int i = 0; i < 20; ++i) {
    Import(fmt::format("HAM,EDDH,Hamburg Airport {},Hamburg,Germany,Europe/Berlin,53.6304,9.98823\n", i));
    EXPECT_TRUE(Refresh(directory));
    if (i == 0) waiting(started);
  }
  stop = true;
  reader.join();
  EXPECT_GT(started, 0);
  EXPECT_GT(found.load(), started);
  EXPECT_EQ(directory.Find("HAM")->name, "Hamburg Airport 19");
}

}  // namespace
}  // namespace jetway::reference

namespace jetway::reference {
namespace {

TEST_F(AirportDirectoryTest, AnAirlinesProfileAndPassengerRulesAreKept) {
  auto lease = pool_->Acquire();
  ASSERT_TRUE(UpsertAirline(*lease, {"Q9", "Fjordfly", "971", "NOK", {}, {}}));
  auto fresh = FindAirline(*lease, "Q9");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->passenger_rules, core::PassengerRules{});
  EXPECT_EQ(fresh->country, "");
  core::PassengerRules rules;
  rules.nationality = rules.document_expiry = true;
  ASSERT_TRUE(SetAirlineProfile(*lease, "Q9", "NO", "https://fjordfly.example/logo.svg", rules));
  const auto kept = FindAirline(*lease, "Q9");
  EXPECT_EQ((std::tuple{kept->country, kept->logo_url, kept->passenger_rules}),
            (std::tuple{std::string("NO"), std::string("https://fjordfly.example/logo.svg"), rules}));
  EXPECT_EQ(FormatPassengerRules(rules), "nationality document_expiry");
  EXPECT_EQ(ParsePassengerRules("document_expiry, nationality"), rules);
  EXPECT_EQ(ParsePassengerRules("nationality shoe_size"), std::nullopt);
  EXPECT_TRUE(HasPassengerRule(rules, "document_expiry"));
  EXPECT_FALSE(HasPassengerRule(rules, "document"));
  EXPECT_EQ(SetAirlineProfile(*lease, "Q9", "NOR", "", {}).error().code, "INVALID_COUNTRY");
  EXPECT_EQ(SetAirlineProfile(*lease, "Q9", "", "javascript:alert(1)", {}).error().code, "INVALID_LOGO_URL");
  EXPECT_EQ(SetAirlineProfile(*lease, "Q9", "", "http://plain.example/logo.png", {}).error().code, "INVALID_LOGO_URL");
  EXPECT_EQ(SetAirlineProfile(*lease, "ZZ", "", "", {}).error().code, "AIRLINE_NOT_FOUND");
  EXPECT_EQ(FindAirline(*lease, "Q9")->passenger_rules, rules);  // refused changes leave it as it was
}

}  // namespace
}  // namespace jetway::reference
