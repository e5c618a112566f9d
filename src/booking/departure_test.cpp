#include "booking/departure.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {
namespace {

TEST(Departure, ANoShowsCouponStaysOpenOnlyWhenItsFareKeepsAValue) {
  EXPECT_EQ(NoShowRule(true, false), NoShowOutcome::kKeptOpen);
  EXPECT_EQ(NoShowRule(false, true), NoShowOutcome::kKeptOpen);
  EXPECT_EQ(NoShowRule(true, true), NoShowOutcome::kKeptOpen);
  EXPECT_EQ(NoShowRule(false, false), NoShowOutcome::kClosed);
  EXPECT_EQ(ToString(NoShowOutcome::kClosed), "CLOSED");
}

ticketing::BoardingPass Pass(std::vector<ticketing::BoardingLeg> legs) {
  ticketing::BoardingPass p;
  p.name = "HANSEN/IDA";
  p.legs = std::move(legs);
  return p;
}

ticketing::BoardingLeg Leg(const char* from, const char* to, int number, int day) {
  ticketing::BoardingLeg l;
  l.pnr = "ABC234";
  l.from = from;
  l.to = to;
  l.carrier = "X9";
  l.flight_number = number;
  l.day_of_year = day;
  return l;
}

TEST(Departure, ABoardingPassIsForTheGatesFlightOnlyByEveryFieldOfItsLeg) {
  const GateFlight gate{"X9", 101, 335, "CPH", "HAM"};
  auto found = LegFor(Pass({Leg("ABZ", "CPH", 55, 335), Leg("CPH", "HAM", 101, 335)}), gate);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->to, "HAM");
  for (const auto& wrong : {Leg("CPH", "HAM", 102, 335), Leg("CPH", "HAM", 101, 336), Leg("CPH", "BLL", 101, 335),
                            Leg("AAR", "HAM", 101, 335)}) {
    auto refused = LegFor(Pass({wrong}), gate);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "WRONG_FLIGHT");
  }
  EXPECT_EQ(LegFor(Pass({}), gate).error().code, "INVALID_BARCODE");
}

TEST(Departure, TheApisListHasTheBoardedWithTheirDocumentsAndTheManifestEveryone) {
  ManifestLine boarded{"ABC234", 1, "HANSEN/IDA MARIE MS", "ADT", "", "3A", 1, "BOARDED", "9192000000001", 1,
                       "WCHR VGML", "1990-02-03", "DK", "P", "X1234567", "DK", "2031-01-01", "F",
                       "SSR DOCS X9 HK1/P/DNK/X1234567/DNK/03FEB90/F/01JAN31/HANSEN/IDA/MARIE"};
  ManifestLine no_show{"ABC234", 2, "HANSEN/OLE MR", "ADT", "", "", 0, "NO_SHOW", "9192000000002", 1,
                       "", "", "", "", "", "", "", "M", ""};
  const auto manifest = reports::ToCsv(ManifestTable({boarded, no_show}));
  EXPECT_NE(manifest.find("ABC234,1,HANSEN/IDA MARIE MS,ADT,,3A,1,BOARDED,9192000000001,1,WCHR VGML\r\n"),
            std::string::npos)
      << manifest;
  EXPECT_NE(manifest.find("HANSEN/OLE MR,ADT,,,,NO_SHOW"), std::string::npos) << manifest;
  const auto apis = reports::ToCsv(ApisTable({boarded, no_show}, {"X9", 101, 335, "CPH", "HAM"}, "2026-12-01"));
  EXPECT_NE(apis.find("X9101,2026-12-01,CPH,HAM,HANSEN,IDA MARIE,ADT,F,1990-02-03,DNK,P,X1234567,DNK,2031-01-01,3A,"
                      "SSR DOCS X9 HK1/P/DNK/X1234567/DNK/03FEB90/F/01JAN31/HANSEN/IDA/MARIE\r\n"),
            std::string::npos)
      << apis;
  EXPECT_EQ(apis.find("OLE"), std::string::npos) << "only those who boarded";
}

}  // namespace
}  // namespace jetway::booking
