// Commission rules without a database: which rule applies to a segment (the most specific, then the latest), what
// it gives (a percentage of the fare rounded half up, or a fixed amount per passenger, never more than the fare, never
// on taxes), and the gross and net of a booking.
#include "agents/commission.hpp"

#include <gtest/gtest.h>

namespace jetway::agents {
namespace {

core::LocalDate D(const char* text) { return *core::ParseIsoDate(text); }

CommissionRule Percent(int bp, std::optional<std::string> from = std::nullopt, std::optional<std::string> to = std::nullopt,
                       std::optional<std::string> klass = std::nullopt, const char* since = "2026-01-01") {
  return {0, "JW", std::move(from), std::move(to), std::move(klass), D(since), D("2027-12-31"), bp, std::nullopt};
}

SoldSegment Segment(const char* from, const char* to, const char* klass, std::int64_t fare, int passengers = 2,
                    const char* day = "2026-12-10") {
  return {"JW", from, to, klass, D(day), {fare, "EUR"}, passengers};
}

TEST(Commission, TheMostSpecificRuleApplies) {
  const std::vector<CommissionRule> rules = {Percent(500), Percent(700, "CPH", "HAM"), Percent(300, {}, {}, "Y"),
                                             Percent(900, "CPH", "HAM", "Y")};
  EXPECT_EQ(ApplicableRule(rules, Segment("CPH", "HAM", "Y", 10000))->basis_points, 900);
  EXPECT_EQ(ApplicableRule(rules, Segment("HAM", "CPH", "M", 10000))->basis_points, 700);  // either direction
  EXPECT_EQ(ApplicableRule(rules, Segment("CPH", "ABZ", "Y", 10000))->basis_points, 300);
  EXPECT_EQ(ApplicableRule(rules, Segment("CPH", "ABZ", "M", 10000))->basis_points, 500);
  auto other = Segment("CPH", "HAM", "Y", 10000);
  other.airline = "ZZ";
  EXPECT_FALSE(ApplicableRule(rules, other));
}

TEST(Commission, ThePeriodIsTheTravelDateAndTheLatestRuleOfEqualRankWins) {
  std::vector<CommissionRule> rules = {Percent(500), Percent(800, {}, {}, {}, "2026-12-01")};
  rules[1].valid_to = D("2026-12-31");
  EXPECT_EQ(ApplicableRule(rules, Segment("CPH", "HAM", "Y", 10000, 1, "2026-12-10"))->basis_points, 800);
  EXPECT_EQ(ApplicableRule(rules, Segment("CPH", "HAM", "Y", 10000, 1, "2027-01-01"))->basis_points, 500);
  EXPECT_EQ(ApplicableRule(rules, Segment("CPH", "HAM", "Y", 10000, 1, "2025-12-31")), std::nullopt);
}

TEST(Commission, APercentageRoundsHalfUpAndAFixedAmountIsPerPassengerAndNeverMoreThanTheFare) {
  EXPECT_EQ(CommissionOn(Percent(750), Segment("CPH", "HAM", "Y", 12345)).minor, 926);  // 925.875
  EXPECT_EQ(CommissionOn(Percent(50), Segment("CPH", "HAM", "Y", 100)).minor, 1);       // 0.5 up
  CommissionRule fixed = Percent(1);
  fixed.basis_points.reset();
  fixed.per_passenger = core::Money{500, "EUR"};
  EXPECT_EQ(CommissionOn(fixed, Segment("CPH", "HAM", "Y", 20000, 3)).minor, 1500);
  EXPECT_EQ(CommissionOn(fixed, Segment("CPH", "HAM", "Y", 1000, 3)).minor, 1000);  // capped at the fare
  fixed.per_passenger = core::Money{500, "DKK"};
  EXPECT_EQ(CommissionOn(fixed, Segment("CPH", "HAM", "Y", 20000, 3)).minor, 0);  // another currency: none here
}

TEST(Commission, AnAgentSeesGrossAndNetOnTheFareOnly) {
  const std::vector<CommissionRule> rules = {Percent(1000)};
  // Two segments: fares 200.00 and 150.00 for the party; the passenger pays 410.00 with 60.00 of taxes.
  const auto price = PriceForAgent(rules, {Segment("CPH", "HAM", "Y", 20000), Segment("HAM", "CPH", "Y", 15000)},
                                   {41000, "EUR"});
  EXPECT_EQ(price.gross, (core::Money{41000, "EUR"}));
  EXPECT_EQ(price.commission, (core::Money{3500, "EUR"}));
  EXPECT_EQ(price.Net(), (core::Money{37500, "EUR"}));
  EXPECT_EQ(PriceForAgent({}, {Segment("CPH", "HAM", "Y", 20000)}, {23000, "EUR"}).Net(), (core::Money{23000, "EUR"}));
}

TEST(Commission, RulesAreCheckedFieldByField) {
  EXPECT_TRUE(ValidateCommission(Percent(1000, "CPH", "HAM", "Y")));
  struct Case {
    void (*spoil)(CommissionRule&);
    const char* field;
  };
  const Case cases[] = {
      {[](CommissionRule& r) { r.airline = "JWX"; }, "airline"},
      {[](CommissionRule& r) { r.destination.reset(); }, "origin"},
      {[](CommissionRule& r) { r.destination = "CPH"; }, "origin"},
      {[](CommissionRule& r) { r.origin = "cph"; }, "origin"},
      {[](CommissionRule& r) { r.booking_class = "YY"; }, "booking_class"},
      {[](CommissionRule& r) { r.valid_to = D("2025-01-01"); }, "valid_to"},
      {[](CommissionRule& r) { r.per_passenger = core::Money{500, "EUR"}; }, "basis_points"},
      {[](CommissionRule& r) { r.basis_points = 5001; }, "basis_points"},
      {[](CommissionRule& r) { r.basis_points = 0; }, "basis_points"},
      {[](CommissionRule& r) {
         r.basis_points.reset();
         r.per_passenger = core::Money{0, "EUR"};
       },
       "per_passenger"},
  };
  for (const auto& c : cases) {
    auto rule = Percent(1000, "CPH", "HAM", "Y");
    c.spoil(rule);
    auto checked = ValidateCommission(rule);
    ASSERT_FALSE(checked) << c.field;
    EXPECT_EQ(checked.error().code, "INVALID_COMMISSION");
    EXPECT_EQ(checked.error().field, c.field);
  }
}

}  // namespace
}  // namespace jetway::agents
