#include "ticketing/bcbp.hpp"

#include <gtest/gtest.h>

namespace jetway::ticketing {
namespace {

// The reference's example (iata.md §5): one leg with conditional data, 119 characters.
constexpr const char* kExample =
    "M1SALIM/AMINA         EK7QM2X ZNZDARXX 0301 073Y004A0012 13B>60B2WW6072BXX 2A999210051873100XX              "
    "       20KN";

BoardingPass Example() {
  BoardingPass pass;
  pass.name = "SALIM/AMINA";
  pass.passenger_description = '2';
  pass.checkin_source = 'W';
  pass.issuance_source = 'W';
  pass.issue_date = "6072";
  pass.document_type = 'B';
  pass.issuer = "XX";
  BoardingLeg leg;
  leg.pnr = "K7QM2X";
  leg.from = "ZNZ";
  leg.to = "DAR";
  leg.carrier = "XX";
  leg.flight_number = 301;
  leg.day_of_year = 73;
  leg.compartment = 'Y';
  leg.seat = "004A";
  leg.sequence = 12;
  leg.passenger_status = '1';
  leg.ticket_number = "9992100518731";
  leg.marketing_carrier = "XX";
  leg.baggage_allowance = "20K";
  leg.fast_track = 'N';
  pass.legs.push_back(leg);
  return pass;
}

TEST(Bcbp, WritesTheReferenceExampleExactly) {
  auto text = EncodeBcbp(Example());
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, kExample);
  EXPECT_EQ(text->size(), 119U);
}

TEST(Bcbp, ReadsEveryFieldBack) {
  auto pass = DecodeBcbp(kExample);
  ASSERT_TRUE(pass) << pass.error().message;
  const auto expected = Example();
  EXPECT_EQ(pass->name, expected.name);
  EXPECT_EQ(pass->passenger_description, '2');
  EXPECT_EQ(pass->issue_date, "6072");
  EXPECT_EQ(pass->issuer, "XX");
  ASSERT_EQ(pass->legs.size(), 1U);
  const auto& leg = pass->legs[0];
  EXPECT_EQ(leg.pnr, "K7QM2X");
  EXPECT_EQ(leg.from, "ZNZ");
  EXPECT_EQ(leg.to, "DAR");
  EXPECT_EQ(leg.carrier, "XX");
  EXPECT_EQ(leg.flight_number, 301);
  EXPECT_EQ(leg.day_of_year, 73);
  EXPECT_EQ(leg.compartment, 'Y');
  EXPECT_EQ(leg.seat, "004A");
  EXPECT_EQ(leg.sequence, 12);
  EXPECT_EQ(leg.passenger_status, '1');
  EXPECT_EQ(leg.ticket_number, "9992100518731");
  EXPECT_EQ(leg.marketing_carrier, "XX");
  EXPECT_EQ(leg.baggage_allowance, "20K");
  EXPECT_EQ(leg.fast_track, 'N');
  // The minimal form, without conditional data, reads too.
  auto minimal = DecodeBcbp("M1SALIM/AMINA         EK7QM2X ZNZDARXX 0301 073Y004A0012 100");
  ASSERT_TRUE(minimal) << minimal.error().message;
  EXPECT_EQ(minimal->legs[0].seat, "004A");
  EXPECT_TRUE(minimal->legs[0].ticket_number.empty());
}

TEST(Bcbp, EveryLegOfAJourneyIsCarriedAndReadBack) {
  auto pass = Example();
  auto second = pass.legs[0];
  second.from = "DAR";
  second.to = "JRO";
  second.flight_number = 7;
  second.flight_suffix = 'A';
  second.day_of_year = 74;
  second.seat = "012C";
  second.sequence = 3;
  pass.legs.push_back(second);
  auto text = EncodeBcbp(pass);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->substr(0, 2), "M2");
  auto back = DecodeBcbp(*text);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->legs.size(), 2U);
  EXPECT_EQ(back->legs[1].from, "DAR");
  EXPECT_EQ(back->legs[1].to, "JRO");
  EXPECT_EQ(back->legs[1].flight_number, 7);
  EXPECT_EQ(back->legs[1].flight_suffix, 'A');
  EXPECT_EQ(back->legs[1].day_of_year, 74);
  EXPECT_EQ(back->legs[1].seat, "012C");
  EXPECT_EQ(back->legs[1].ticket_number, "9992100518731");
  auto again = EncodeBcbp(*back);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *text);
}

TEST(Bcbp, WhatDoesNotFitIsRefusedAndWhatIsNotAPassIsUnreadable) {
  auto pass = Example();
  pass.name = "Ó'BRIEN/ANNE";
  EXPECT_EQ(EncodeBcbp(pass).error().code, "INVALID_BOARDING_PASS");
  pass = Example();
  pass.legs.clear();
  EXPECT_FALSE(EncodeBcbp(pass));
  pass = Example();
  pass.legs[0].flight_number = 10000;
  EXPECT_FALSE(EncodeBcbp(pass));
  pass = Example();
  pass.legs[0].ticket_number = "12345";
  EXPECT_FALSE(EncodeBcbp(pass));
  for (const char* wrong : {"", "hello", "X1SALIM/AMINA         EK7QM2X ZNZDARXX 0301 073Y004A0012 100",
                            "M5SALIM/AMINA         EK7QM2X ZNZDARXX 0301 073Y004A0012 100",
                            "M1SALIM/AMINA         EK7QM2X ZNZDARXX 0301 073Y004A0012 1FF",
                            "M1SALIM/AMINA         EK7QM2X ZNZDARXX 03X1 073Y004A0012 100",
                            "M2SALIM/AMINA         EK7QM2X ZNZDARXX 0301 073Y004A0012 100"}) {
    auto read = DecodeBcbp(wrong);
    ASSERT_FALSE(read) << wrong;
    EXPECT_EQ(read.error().code, "INVALID_BARCODE");
  }
}

TEST(Bcbp, DatesAreDaysOfTheYear) {
  EXPECT_EQ(DayOfYear("2026-03-14"), 73);
  EXPECT_EQ(DayOfYear("2024-12-31"), 366);
  EXPECT_EQ(IssueDate("2026-03-13"), "6072");
  EXPECT_EQ(DayOfYear("not a date"), 0);
}

TEST(Bcbp, WritesSeatsWithAThreeDigitRow) {
  EXPECT_EQ(SeatField("2D"), "002D");
  EXPECT_EQ(SeatField("12A"), "012A");
  EXPECT_EQ(SeatField("INF"), "INF");
  EXPECT_EQ(SeatField(""), "");
}

}  // namespace
}  // namespace jetway::ticketing
