#include "booking/pnr.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/codes.hpp"

namespace jetway::booking {

using core::PaxType;

namespace {
core::LocalDate D(const char* text) { return *core::ParseIsoDate(text); }
const auto kTravel = D("2027-01-15");
const auto kToday = D("2026-11-26");

Passenger Adult(const char* last) { return Passenger{PaxType::kAdult, "MR", "Jens", last, {}, {}}; }
}  // namespace

TEST(Pnr, TitlesAreOneListForTheFormsAndTheCheck) {
  const auto adult = TitlesFor(core::PaxType::kAdult);
  const auto child = TitlesFor(core::PaxType::kChild);
  EXPECT_EQ(std::vector<std::string_view>(adult.begin(), adult.end()),
            (std::vector<std::string_view>{"MR", "MRS", "MS", "MISS", "DR", "MX"}));
  EXPECT_EQ(std::vector<std::string_view>(child.begin(), child.end()), (std::vector<std::string_view>{"MSTR", "MISS", "MX"}));
  EXPECT_EQ(TitlesFor(core::PaxType::kInfant).size(), child.size());
}

TEST(Pnr, StatusMachine) {
  EXPECT_TRUE(CheckTransition(BookingStatus::kHeld, BookingStatus::kConfirmed));
  EXPECT_TRUE(CheckTransition(BookingStatus::kHeld, BookingStatus::kExpired));
  EXPECT_TRUE(CheckTransition(BookingStatus::kConfirmed, BookingStatus::kCancelled));
  EXPECT_EQ(CheckTransition(BookingStatus::kExpired, BookingStatus::kConfirmed).error().code, "HOLD_EXPIRED");
  EXPECT_EQ(CheckTransition(BookingStatus::kCancelled, BookingStatus::kCancelled).error().code, "INVALID_BOOKING_STATE");
  EXPECT_EQ(CheckTransition(BookingStatus::kConfirmed, BookingStatus::kExpired).error().code, "INVALID_BOOKING_STATE");
  for (auto s : {BookingStatus::kHeld, BookingStatus::kConfirmed, BookingStatus::kCancelled, BookingStatus::kExpired})
    EXPECT_EQ(ParseBookingStatus(ToString(s)), s);
}

TEST(Pnr, FamilyWithChildAndInfantIsAccepted) {
  std::vector<Passenger> pax = {Adult("Hansen"), Adult("Hansen"),
                                {PaxType::kChild, "MISS", "Ida", "Hansen", D("2020-03-01"), {}},
                                {PaxType::kInfant, "MSTR", "Emil", "Hansen", D("2026-05-01"), 2}};
  auto ok = ValidatePassengers(pax, {2, 1, 1}, kTravel, kToday);
  EXPECT_TRUE(ok) << ok.error().message;
}

TEST(Pnr, AgesAreCheckedOnTheDayOfTravel) {
  // Turns 12 the day before travel: no longer a child.
  std::vector<Passenger> pax = {Adult("Berg"), {PaxType::kChild, "MSTR", "Ole", "Berg", D("2015-01-14"), {}}};
  EXPECT_EQ(ValidatePassengers(pax, {1, 1, 0}, kTravel, kToday).error().code, "INVALID_DATE_OF_BIRTH");
  // Turns 2 on the day of travel: no longer an infant.
  pax = {Adult("Berg"), {PaxType::kInfant, "MISS", "Liv", "Berg", D("2025-01-15"), 1}};
  EXPECT_EQ(ValidatePassengers(pax, {1, 0, 1}, kTravel, kToday).error().code, "INVALID_DATE_OF_BIRTH");
  pax = {Adult("Berg"), {PaxType::kInfant, "MISS", "Liv", "Berg", std::nullopt, 1}};
  EXPECT_EQ(ValidatePassengers(pax, {1, 0, 1}, kTravel, kToday).error().code, "DATE_OF_BIRTH_REQUIRED");
}

TEST(Pnr, InfantsNeedTheirOwnAdult) {
  std::vector<Passenger> pax = {Adult("Lund"), Adult("Lund"),
                                {PaxType::kInfant, "MISS", "A", "Lund", D("2026-06-01"), 1},
                                {PaxType::kInfant, "MISS", "B", "Lund", D("2026-06-01"), 1}};
  EXPECT_EQ(ValidatePassengers(pax, {2, 0, 2}, kTravel, kToday).error().code, "INFANT_WITHOUT_ADULT");
  pax[3].infant_of = 3;  // points at an infant
  EXPECT_EQ(ValidatePassengers(pax, {2, 0, 2}, kTravel, kToday).error().code, "INFANT_WITHOUT_ADULT");
}

TEST(Pnr, NamesAndCountsMustMatch) {
  EXPECT_EQ(ValidatePassengers({Adult("Lund")}, {2, 0, 0}, kTravel, kToday).error().code, "PASSENGER_COUNT_MISMATCH");
  EXPECT_EQ(ValidatePassengers({Adult("L<script>")}, {1, 0, 0}, kTravel, kToday).error().code, "INVALID_NAME");
  EXPECT_EQ(ValidatePassengers({Adult("")}, {1, 0, 0}, kTravel, kToday).error().code, "INVALID_NAME");
  auto p = Adult("O'Brien-Smith");
  EXPECT_TRUE(ValidatePassengers({p}, {1, 0, 0}, kTravel, kToday));
  p.title = "MSTR";
  EXPECT_EQ(ValidatePassengers({p}, {1, 0, 0}, kTravel, kToday).error().code, "INVALID_TITLE");
  EXPECT_EQ(NormalizeName("o'Brien"), "O'BRIEN");
}

TEST(Pnr, Contact) {
  EXPECT_TRUE(ValidateContact({"ida@example.dk", "+45 32 31 32 31"}));
  EXPECT_EQ(ValidateContact({"ida@", "+4532313231"}).error().code, "INVALID_EMAIL");
  EXPECT_EQ(ValidateContact({"ida@example", "+4532313231"}).error().code, "INVALID_EMAIL");
  // The address goes into the confirmation e-mail's headers and the SMTP envelope.
  for (const char* injected : {"ida@example.dk\r\nBcc: all@example.com", "ida@example.dk\nx", "<ida@example.dk>",
                               "ida@example.dk,eve@example.com", "ida@ex\xc3\xa6mple.dk", "ida\t@example.dk"})
    EXPECT_EQ(ValidateContact({injected, "+4532313231"}).error().code, "INVALID_EMAIL") << injected;
  EXPECT_EQ(ValidateContact({"ida@example.dk", "12"}).error().code, "INVALID_PHONE");
  EXPECT_EQ(ValidateContact({"ida@example.dk", "+45 abc"}).error().code, "INVALID_PHONE");
}

}  // namespace jetway::booking

namespace jetway::booking {
namespace {

// A form shows every mistake at once, one per field; the API keeps answering with the first.
TEST(Pnr, PassengerProblemsListsEveryFieldOnce) {
  std::vector<Passenger> pax = {Passenger{PaxType::kAdult, "KING", "J3ns", "", {}, {}},
                                Passenger{PaxType::kInfant, "MSTR", "Ida", "Hansen", std::nullopt, 1}};
  const auto problems = PassengerProblems(pax, {1, 0, 1}, *core::ParseIsoDate("2027-03-01"), *core::ParseIsoDate("2027-01-01"));
  std::vector<std::string> fields;
  for (const auto& p : problems) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"passengers[0].title", "passengers[0].first_name", "passengers[0].last_name",
                                              "passengers[1].date_of_birth"}));
  EXPECT_EQ(ValidatePassengers(pax, {1, 0, 1}, *core::ParseIsoDate("2027-03-01"), *core::ParseIsoDate("2027-01-01"))
                .error()
                .field,
            "passengers[0].title");
}

}  // namespace
TEST(NameCorrection, AMisspellingMayBePutRightButNotAnotherPerson) {
  const Passenger ida{core::PaxType::kAdult, "MS", "IDA", "HANSEN", std::nullopt, std::nullopt};
  auto fixed = ida;
  fixed.first_name = "Ida";
  fixed.last_name = "Hansson";  // E replaced by S, O inserted: 2
  EXPECT_TRUE(CheckNameCorrection(ida, fixed));
  fixed.last_name = "Johansson";  // 4
  auto refused = CheckNameCorrection(ida, fixed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "NAME_CHANGE_NOT_ALLOWED");
  EXPECT_EQ(refused.error().kind, core::ErrorKind::kConflict);
  auto other = ida;
  other.first_name = "Jens";
  other.last_name = "Olsen";
  EXPECT_EQ(CheckNameCorrection(ida, other).error().code, "NAME_CHANGE_NOT_ALLOWED");
  auto swapped = ida;
  swapped.first_name = "Hansen";
  swapped.last_name = "Ida";
  EXPECT_TRUE(CheckNameCorrection(ida, swapped));
  auto title = ida;
  title.title = "MRS";
  EXPECT_TRUE(CheckNameCorrection(ida, title));
  title.title = "MSTR";
  EXPECT_EQ(CheckNameCorrection(ida, title).error().code, "INVALID_TITLE");
  EXPECT_EQ(CheckNameCorrection(ida, ida).error().code, "NAME_UNCHANGED");
  auto digits = ida;
  digits.last_name = "HANSEN2";
  EXPECT_EQ(CheckNameCorrection(ida, digits).error().code, "INVALID_NAME");
}

TEST(Remarks, OneLineOfAtMostFiveHundredCharacters) {
  EXPECT_TRUE(ValidateRemark("Passenger called: wheelchair to the gate"));
  EXPECT_TRUE(ValidateRemark(std::string(500, 'x')));
  std::string danish;
  for (int i = 0; i < 500; ++i) danish += "\xc3\xb8";  // 500 times ø: 1,000 bytes, 500 characters
  EXPECT_TRUE(ValidateRemark(danish));
  EXPECT_EQ(ValidateRemark(std::string(501, 'x')).error().code, "INVALID_REMARK");
  EXPECT_EQ(ValidateRemark("   ").error().code, "INVALID_REMARK");
  EXPECT_EQ(ValidateRemark("two\nlines").error().code, "INVALID_REMARK");
}

}  // namespace jetway::booking

namespace jetway::booking {
namespace {

core::PassengerRules AllRules() { return {true, true, true, true, true, true}; }

Passenger Documented(const char* last) {
  auto p = Adult(last);
  p.date_of_birth = D("1988-02-11");
  p.nationality = "TZ";
  p.document = TravelDocument{"P", "AB1234567", "TZ", D("2031-05-20")};
  p.place_of_birth = "Dar es Salaam";
  return p;
}

// Problems as field -> code, for comparison.
std::map<std::string, std::string> Problems(const std::vector<Passenger>& pax, const core::PassengerRules& rules) {
  std::map<std::string, std::string> found;
  for (const auto& e : PassengerProblems(pax, {static_cast<int>(pax.size()), 0, 0}, kTravel, kToday, rules))
    found.emplace(e.field, e.code);
  return found;
}

TEST(PnrTravelData, WhatTheAirlineRequiresMustBeThere) {
  EXPECT_TRUE(Problems({Documented("Salim")}, AllRules()).empty());
  EXPECT_TRUE(Problems({Adult("Salim")}, {}).empty());  // nothing required, nothing given: fine
  EXPECT_EQ(Problems({Adult("Salim")}, AllRules()),
            (std::map<std::string, std::string>{{"passengers[0].nationality", "PASSENGER_DATA_REQUIRED"},
                                                {"passengers[0].date_of_birth", "PASSENGER_DATA_REQUIRED"},
                                                {"passengers[0].place_of_birth", "PASSENGER_DATA_REQUIRED"},
                                                {"passengers[0].document.number", "PASSENGER_DATA_REQUIRED"}}));
  auto p = Documented("Salim");
  p.document->expiry.reset();
  p.document->issuing_country.clear();
  EXPECT_EQ(Problems({p}, AllRules()),
            (std::map<std::string, std::string>{{"passengers[0].document.issuing_country", "PASSENGER_DATA_REQUIRED"},
                                                {"passengers[0].document.expiry", "PASSENGER_DATA_REQUIRED"}}));
  EXPECT_TRUE(Problems({p}, {true, true, false, false, true, true}).empty());
  // Children and infants are asked their date of birth by jetway's own rule; the airline's asks adults too.
  core::PassengerRules birth;
  birth.date_of_birth = true;
  EXPECT_EQ(Problems({Adult("Salim")}, birth),
            (std::map<std::string, std::string>{{"passengers[0].date_of_birth", "PASSENGER_DATA_REQUIRED"}}));
}

TEST(PnrTravelData, WhatIsGivenMustBeWellFormedAndValidOnTheDayOfTravel) {
  auto p = Documented("Salim");
  p.nationality = "TZA";
  p.document->type = "PP";
  p.document->number = "ab 12";
  p.document->issuing_country = "T1";
  p.place_of_birth = std::string(61, 'x');
  EXPECT_EQ(Problems({p}, {}),
            (std::map<std::string, std::string>{{"passengers[0].nationality", "INVALID_NATIONALITY"},
                                                {"passengers[0].document.type", "INVALID_DOCUMENT"},
                                                {"passengers[0].document.number", "INVALID_DOCUMENT"},
                                                {"passengers[0].document.issuing_country", "INVALID_DOCUMENT"},
                                                {"passengers[0].place_of_birth", "INVALID_PLACE_OF_BIRTH"}}));
  p = Documented("Salim");
  p.document->expiry = D("2027-01-14");  // the day before travel
  EXPECT_EQ(ValidatePassengers({p}, {1, 0, 0}, kTravel, kToday).error().code, "DOCUMENT_EXPIRED");
  p.document->expiry = kTravel;
  EXPECT_TRUE(ValidatePassengers({p}, {1, 0, 0}, kTravel, kToday));
  EXPECT_TRUE(core::IsCountryCode("NO"));
  EXPECT_FALSE(core::IsCountryCode("no"));
  EXPECT_FALSE(core::IsCountryCode("NOR"));
}

}  // namespace
}  // namespace jetway::booking
