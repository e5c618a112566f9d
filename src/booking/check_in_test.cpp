#include "booking/check_in.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {
namespace {

const auto kDeparture = core::FromEpoch(1'796'900'000);

TEST(CheckIn, OpensThirtyHoursAndClosesOneHourBeforeDeparture) {
  const CheckInWindow window;
  auto early = CheckWindow(window, kDeparture, kDeparture - std::chrono::hours(31));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "CHECK_IN_NOT_OPEN");
  EXPECT_NE(early.error().message.find(core::FormatUtc(kDeparture - std::chrono::hours(30))), std::string::npos);
  EXPECT_TRUE(CheckWindow(window, kDeparture, kDeparture - std::chrono::hours(30)));
  EXPECT_TRUE(CheckWindow(window, kDeparture, kDeparture - std::chrono::minutes(60)));
  auto late = CheckWindow(window, kDeparture, kDeparture - std::chrono::minutes(59));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, "CHECK_IN_CLOSED");
  const CheckInWindow airport{std::chrono::hours(24), std::chrono::minutes(45)};  // an airport's own
  EXPECT_FALSE(CheckWindow(airport, kDeparture, kDeparture - std::chrono::hours(25)));
  EXPECT_TRUE(CheckWindow(airport, kDeparture, kDeparture - std::chrono::minutes(50)));
}

TEST(CheckIn, InternationalRoutesNeedADocumentValidOnTheDay) {
  EXPECT_TRUE(DocumentsRequired("Denmark", "Germany"));
  EXPECT_FALSE(DocumentsRequired("Norway", "Norway"));
  const auto day = *core::ParseIsoDate("2026-12-10");
  Passenger p{core::PaxType::kAdult, "MS", "IDA", "HANSEN", {}, {}};
  EXPECT_EQ(CheckDocument(p, day, 2).error().code, "DOCUMENT_REQUIRED");
  EXPECT_EQ(CheckDocument(p, day, 2).error().field, "passengers[1].document");
  p.document = TravelDocument{"P", "123456789", "DK", core::ParseIsoDate("2026-12-09")};
  EXPECT_EQ(CheckDocument(p, day, 1).error().code, "DOCUMENT_EXPIRED");
  p.document->expiry = core::ParseIsoDate("2026-12-10");
  EXPECT_TRUE(CheckDocument(p, day, 1));
}

TEST(CheckIn, TheSourceOfCheckInSaysWhoCheckedIn) {
  EXPECT_EQ(CheckInSource(core::Actor::Passenger(core::Channel::kWeb, "10.0.0.1")), 'W');
  EXPECT_EQ(CheckInSource(core::Actor::Passenger(core::Channel::kApi, "10.0.0.1")), 'V');
  EXPECT_EQ(CheckInSource({core::Channel::kPartner, "P-1", "", {}}), 'V');
  EXPECT_EQ(CheckInSource({core::Channel::kAgent, "ida", "", {}}), 'T');
  EXPECT_EQ(CheckInSource({core::Channel::kOffice, "clerk", "", {core::Permission::kBookingsWrite}}), 'T');
  EXPECT_EQ(CheckInSource({core::Channel::kOffice, "gate", "", {core::Permission::kDepartureControl}}), 'O');
  EXPECT_EQ(CheckInSource({core::Channel::kPartner, "DCS", "", {core::Permission::kDepartureControl}}), 'O');
}

TEST(CheckIn, ABoardingPassDescribesThePassenger) {
  EXPECT_EQ(PassengerDescription({core::PaxType::kAdult, "MR", "OLE", "HANSEN", {}, {}}), '1');
  EXPECT_EQ(PassengerDescription({core::PaxType::kAdult, "MS", "IDA", "HANSEN", {}, {}}), '2');
  EXPECT_EQ(PassengerDescription({core::PaxType::kAdult, "DR", "KIM", "HANSEN", {}, {}}), '0');
  EXPECT_EQ(PassengerDescription({core::PaxType::kChild, "MSTR", "BO", "HANSEN", {}, {}}), '3');
  EXPECT_EQ(PassengerDescription({core::PaxType::kInfant, "MISS", "LIV", "HANSEN", {}, {}}), '4');
}

}  // namespace
}  // namespace jetway::booking
