// The agency's rules without a database: codes (IATA numeric with its check digit, or the airline's own), the
// details a form sends, and what an account may be charged.
#include "agents/agency.hpp"

#include <gtest/gtest.h>

#include "agents/ledger.hpp"

namespace jetway::agents {
namespace {

Agency Good() {
  Agency a;
  a.code = "12345675";
  a.name = "Nordlys Rejser";
  a.contact_name = "Ida Hansen";
  a.email = "booking@nordlys.example";
  a.phone = "+45 33 12 34 56";
  a.address_line1 = "Vesterbrogade 10";
  a.postcode = "1620";
  a.city = "København V";
  a.country = "dk";
  a.currency = "dkk";
  a.airlines = {"JW", "jw", "ZZ"};
  return a;
}

TEST(AgencyCode, IataNumericCodesCarryTheirCheckDigit) {
  // 1234567 mod 7 = 5.
  EXPECT_TRUE(IsIataAgencyCode("12345675"));
  EXPECT_FALSE(IsIataAgencyCode("12345674"));
  EXPECT_TRUE(IsIataAgencyCode("00000000"));
  EXPECT_FALSE(IsIataAgencyCode("1234567"));
  EXPECT_FALSE(IsIataAgencyCode("1234567X"));
  EXPECT_TRUE(IsAgencyCode("12345675"));
  EXPECT_FALSE(IsAgencyCode("12345674"));  // all digits: it must be a valid IATA code
  EXPECT_TRUE(IsAgencyCode("NORDLYS1"));
  EXPECT_FALSE(IsAgencyCode("AB"));
  EXPECT_FALSE(IsAgencyCode("TOOLONGCODE1"));
  EXPECT_FALSE(IsAgencyCode("nordlys"));  // ValidAgency upper-cases first
  EXPECT_FALSE(IsAgencyCode("NORD-LYS"));
}

TEST(Agency, ValidAgencyNormalisesWhatAFormSent) {
  auto a = ValidAgency(Good());
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->country, "DK");
  EXPECT_EQ(a->currency, "DKK");
  EXPECT_EQ(a->airlines, (std::vector<std::string>{"JW", "ZZ"}));
  EXPECT_EQ(JoinAirlines(a->airlines), "JW ZZ");
  EXPECT_EQ(SplitAirlines("zz, jw  JW"), (std::vector<std::string>{"JW", "ZZ"}));
}

TEST(Agency, EachBadFieldIsNamed) {
  struct Case {
    void (*spoil)(Agency&);
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {[](Agency& a) { a.code = "12345674"; }, "INVALID_AGENCY_CODE", "code"},
      {[](Agency& a) { a.name = "X"; }, "INVALID_AGENCY", "name"},
      {[](Agency& a) { a.name = std::string(101, 'x'); }, "INVALID_AGENCY", "name"},
      {[](Agency& a) { a.contact_name = "Ida\nHansen"; }, "INVALID_AGENCY", "contact_name"},
      {[](Agency& a) { a.city = ""; }, "INVALID_AGENCY", "city"},
      {[](Agency& a) { a.address_line1 = std::string("Vester\xff", 7); }, "INVALID_AGENCY", "address_line1"},
      {[](Agency& a) { a.country = "DNK"; }, "INVALID_COUNTRY", "country"},
      {[](Agency& a) { a.currency = "KR"; }, "INVALID_CURRENCY", "currency"},
      {[](Agency& a) { a.airlines = {}; }, "INVALID_AIRLINES", "airlines"},
      {[](Agency& a) { a.airlines = {"JWX"}; }, "INVALID_AIRLINES", "airlines"},
      {[](Agency& a) { a.email = "booking@nordlys"; }, "INVALID_EMAIL", "email"},
      {[](Agency& a) { a.phone = "12"; }, "INVALID_PHONE", "phone"},
  };
  for (const auto& c : cases) {
    auto a = Good();
    c.spoil(a);
    auto checked = ValidAgency(a);
    ASSERT_FALSE(checked) << c.code;
    EXPECT_EQ(checked.error().code, c.code);
    EXPECT_EQ(checked.error().field, c.field) << c.code;
    EXPECT_EQ(checked.error().kind, core::ErrorKind::kInvalid);
  }
}

TEST(Ledger, AChargeMayUseTheCreditLimitAndTheBalanceAndNoMore) {
  Account account{7, "DKK", 100000, -40000};  // a 1,000.00 line with 400.00 used
  EXPECT_EQ(account.Available(), (core::Money{60000, "DKK"}));
  EXPECT_TRUE(CheckCharge(account, {60000, "DKK"}));
  auto over = CheckCharge(account, {60001, "DKK"});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, "CREDIT_LIMIT_EXCEEDED");
  EXPECT_EQ(over.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(over.error().message, "the booking costs DKK 600.01 and the agency has DKK 600.00 available on its account");
  auto foreign = CheckCharge(account, {100, "EUR"});
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, "CURRENCY_MISMATCH");
  // A prepaid agency spends its deposits only.
  Account prepaid{8, "EUR", 0, 25000};
  EXPECT_TRUE(CheckCharge(prepaid, {25000, "EUR"}));
  EXPECT_FALSE(CheckCharge(prepaid, {25001, "EUR"}));
  // Past its line (a limit lowered after it spent): nothing is available, and never less than nothing.
  Account over_line{9, "EUR", 1000, -5000};
  EXPECT_EQ(over_line.Available().minor, 0);
  EXPECT_FALSE(CheckCharge(over_line, {1, "EUR"}));
}

TEST(Ledger, StaffRecordDepositsAndExplainedAdjustments) {
  Account account{7, "DKK", 0, 0};
  EXPECT_TRUE(CheckFunds(account, LedgerKind::kDeposit, {50000, "DKK"}, ""));
  EXPECT_EQ(CheckFunds(account, LedgerKind::kDeposit, {0, "DKK"}, "").error().code, "INVALID_AMOUNT");
  EXPECT_EQ(CheckFunds(account, LedgerKind::kDeposit, {-100, "DKK"}, "").error().code, "INVALID_AMOUNT");
  EXPECT_EQ(CheckFunds(account, LedgerKind::kDeposit, {kMaxLedgerAmount + 1, "DKK"}, "").error().code,
            "INVALID_AMOUNT");
  EXPECT_EQ(CheckFunds(account, LedgerKind::kDeposit, {100, "EUR"}, "").error().code, "CURRENCY_MISMATCH");
  EXPECT_TRUE(CheckFunds(account, LedgerKind::kAdjustment, {-100, "DKK"}, "bank charge on the deposit"));
  EXPECT_EQ(CheckFunds(account, LedgerKind::kAdjustment, {-100, "DKK"}, "  ").error().code, "NOTE_REQUIRED");
  EXPECT_EQ(CheckFunds(account, LedgerKind::kAdjustment, {-100, "DKK"}, std::string(201, 'x')).error().code,
            "INVALID_NOTE");
  EXPECT_EQ(CheckFunds(account, LedgerKind::kBooking, {-100, "DKK"}, "").error().code, "INVALID_LEDGER_KIND");
  EXPECT_TRUE(CheckCreditLimit(account, {0, "DKK"}));
  EXPECT_EQ(CheckCreditLimit(account, {-1, "DKK"}).error().code, "INVALID_AMOUNT");
  EXPECT_EQ(CheckCreditLimit(account, {100, "SEK"}).error().code, "CURRENCY_MISMATCH");
}

TEST(Ledger, KindsAndStatusesReadBackWhatTheyWrite) {
  for (auto kind : {LedgerKind::kDeposit, LedgerKind::kBooking, LedgerKind::kRefund, LedgerKind::kAdjustment})
    EXPECT_EQ(ParseLedgerKind(ToString(kind)), kind);
  EXPECT_FALSE(ParseLedgerKind("gift"));
  EXPECT_EQ(ParseAgencyStatus("suspended"), AgencyStatus::kSuspended);
  EXPECT_FALSE(ParseAgencyStatus("closed"));
  EXPECT_EQ(ParseSettlement("statement"), Settlement::kStatement);
}

}  // namespace
}  // namespace jetway::agents
