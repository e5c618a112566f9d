// Fare look-up against a real database (SQLite, or PostgreSQL with JETWAY_TEST_POSTGRES): direction, validity dates and the departure airport's taxes.
#include "pricing/pricing_service.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>


#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::pricing {

namespace {

core::LocalDate D(const char* text) { return *core::ParseIsoDate(text); }

class PricingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = database_.Open();
    store::Migrate(*db_, store::DataMigrations());
    db_->ExecScript(
        "INSERT INTO airports (code, icao, name, city, country, time_zone, latitude_micro, longitude_micro) "
        "VALUES ('CPH','EKCH','Kastrup','Copenhagen','Denmark','Europe/Copenhagen',0,0),"
        "('HAM','EDDH','Hamburg','Hamburg','Germany','Europe/Berlin',0,0);"
        "INSERT INTO airlines (designator, name, accounting_code, base_currency) VALUES ('X9','Kattegat Air','919','EUR');");
  }
  void TearDown() override { db_.reset(); }

  void File(const char* origin, const char* destination, bool both, const char* klass, std::int64_t amount,
            const char* from = "2026-01-01", const char* to = "2026-12-31") {
    FiledFare fare{"X9", origin, destination, both,
                   Fare{klass, core::PaxType::kAdult, "Classic", core::Money{amount, "EUR"}, false, {}, 1}, D(from), D(to)};
    ASSERT_TRUE(FileFare(*db_, fare));
  }

  // The adult fare as LoadSegmentPricing has it, checked to be what LoadClassPricing gives for the class alone.
  std::int64_t Adult(const char* origin, const char* destination, const char* klass, const char* date) {
    auto by_class = LoadSegmentPricing(*db_, "X9", origin, destination, D(date));
    auto one = LoadClassPricing(*db_, "X9", origin, destination, D(date), klass);
    auto it = by_class.find(klass);
    EXPECT_EQ(one.has_value(), it != by_class.end()) << klass;
    if (it == by_class.end()) return -1;
    if (one) {
      EXPECT_EQ(one->fares.at(core::PaxType::kAdult).amount, it->second.fares.at(core::PaxType::kAdult).amount);
    }
    return it->second.fares.at(core::PaxType::kAdult).amount.minor;
  }

  store::TestDatabase database_{"pricing"};
  std::unique_ptr<store::Connection> db_;
};

}  // namespace

TEST_F(PricingServiceTest, OneWayFaresDoNotPriceTheReverse) {
  File("CPH", "HAM", false, "M", 9900);
  EXPECT_EQ(Adult("CPH", "HAM", "M", "2026-06-01"), 9900);
  EXPECT_EQ(Adult("HAM", "CPH", "M", "2026-06-01"), -1);
}

TEST_F(PricingServiceTest, BothDirectionFaresPriceTheReverseUnlessADirectionalFareExists) {
  File("CPH", "HAM", true, "M", 9900);
  EXPECT_EQ(Adult("HAM", "CPH", "M", "2026-06-01"), 9900);
  File("HAM", "CPH", false, "M", 8900);
  EXPECT_EQ(Adult("HAM", "CPH", "M", "2026-06-01"), 8900);
  EXPECT_EQ(Adult("CPH", "HAM", "M", "2026-06-01"), 9900);
}

TEST_F(PricingServiceTest, ValidityDatesAreInclusive) {
  File("CPH", "HAM", true, "K", 5900, "2026-06-01", "2026-06-30");
  EXPECT_EQ(Adult("CPH", "HAM", "K", "2026-05-31"), -1);
  EXPECT_EQ(Adult("CPH", "HAM", "K", "2026-06-01"), 5900);
  EXPECT_EQ(Adult("CPH", "HAM", "K", "2026-06-30"), 5900);
  EXPECT_EQ(Adult("CPH", "HAM", "K", "2026-07-01"), -1);
}

TEST_F(PricingServiceTest, TaxesComeFromTheDepartureAirport) {
  File("CPH", "HAM", true, "M", 9900);
  ASSERT_TRUE(FileTax(*db_, {"CPH", "ZU", "Passenger service charge", core::Money{10800, "DKK"}, false}));
  ASSERT_TRUE(FileTax(*db_, {"HAM", "DE", "Passenger charge", core::Money{980, "EUR"}, false}));
  auto out = LoadSegmentPricing(*db_, "X9", "CPH", "HAM", D("2026-06-01"));
  ASSERT_EQ(out.at("M").taxes.size(), 1u);
  EXPECT_EQ(out.at("M").taxes[0].amount, (core::Money{10800, "DKK"}));
  auto back = LoadSegmentPricing(*db_, "X9", "HAM", "CPH", D("2026-06-01"));
  EXPECT_EQ(back.at("M").taxes[0].code, "DE");
}

TEST_F(PricingServiceTest, OneClassIsPricedAsTheWholeSegmentPricesIt) {
  File("CPH", "HAM", true, "M", 9900);
  File("CPH", "HAM", false, "M", 9500);  // the directional fare wins
  File("CPH", "HAM", true, "Y", 19900);
  FiledFare child{"X9", "CPH", "HAM", false,
                  Fare{"M", core::PaxType::kChild, "Classic", core::Money{7100, "EUR"}, true, core::Money{2500, "EUR"}, 2},
                  D("2026-01-01"), D("2026-12-31")};
  ASSERT_TRUE(FileFare(*db_, child));
  ASSERT_TRUE(FileTax(*db_, {"CPH", "ZU", "Passenger service charge", core::Money{10800, "DKK"}, false}));
  const auto whole = LoadSegmentPricing(*db_, "X9", "CPH", "HAM", D("2026-06-01")).at("M");
  const auto one = LoadClassPricing(*db_, "X9", "CPH", "HAM", D("2026-06-01"), "M");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->fares.size(), 2u);
  for (const auto& [type, fare] : whole.fares) {
    const auto& got = one->fares.at(type);
    EXPECT_EQ(got.amount, fare.amount);
    EXPECT_EQ(got.id, fare.id);
    EXPECT_EQ(got.brand, fare.brand);
    EXPECT_EQ(got.refundable, fare.refundable);
    EXPECT_EQ(got.change_fee, fare.change_fee);
    EXPECT_EQ(got.checked_bags, fare.checked_bags);
  }
  EXPECT_EQ(one->fares.at(core::PaxType::kAdult).amount.minor, 9500);
  ASSERT_EQ(one->taxes.size(), 1u);
  EXPECT_EQ(one->taxes[0].amount, (core::Money{10800, "DKK"}));
  EXPECT_FALSE(LoadClassPricing(*db_, "X9", "CPH", "HAM", D("2026-06-01"), "B"));
  EXPECT_FALSE(LoadClassPricing(*db_, "X9", "CPH", "HAM", D("2027-01-01"), "M"));
}

TEST_F(PricingServiceTest, RatesRoundTripThroughTheTable) {
  ASSERT_TRUE(SetRate(*db_, "EUR", "DKK", 7'460'000));
  EXPECT_FALSE(SetRate(*db_, "EUR", "dkk", 1));
  auto rates = LoadRates(*db_);
  EXPECT_EQ(rates.Convert(core::Money{10000, "EUR"}, "DKK")->minor, 74600);
  EXPECT_FALSE(rates.Convert(core::Money{10000, "EUR"}, "JPY"));
}

}  // namespace jetway::pricing
