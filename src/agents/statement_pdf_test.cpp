// The statement's PDF read back as text with poppler's pdftotext (poppler-utils, installed by scripts/setup.sh):
// the letterhead, every movement on one page or over several with their numbers, the balances and the totals.
#include "agents/statement_pdf.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "pdf/pdf_text.hpp"

namespace jetway::agents {
namespace {

StatementTexts English() {
  StatementTexts t;
  t.title = "Statement of account";
  t.month = "Month";
  t.currency = "Currency";
  t.credit_limit = "Credit limit";
  t.opening = "Opening balance";
  t.closing = "Closing balance";
  t.date = "Date (UTC)";
  t.kind = "Kind";
  t.booking = "Booking";
  t.reference = "Reference";
  t.amount = "Amount";
  t.balance = "Balance";
  t.totals = "Totals for the month";
  t.none = "No movements this month.";
  t.page = "Page {page} of {pages}";
  t.kinds = {{LedgerKind::kDeposit, "Deposit"}, {LedgerKind::kBooking, "Booking"},
             {LedgerKind::kRefund, "Refund"}, {LedgerKind::kAdjustment, "Adjustment"}};
  t.totals_of = {{LedgerKind::kDeposit, "Deposits"}, {LedgerKind::kBooking, "Bookings"},
                 {LedgerKind::kRefund, "Refunds"}, {LedgerKind::kAdjustment, "Adjustments"}};
  t.commission_deducted = "Commission earned (deducted from the charges)";
  t.commission_to_pay_out = "Commission earned (to be paid out)";
  return t;
}

Statement Sample(int bookings) {
  Agency agency;
  agency.name = "Nordlys Rejser";
  agency.code = "12345675";
  agency.address_line1 = "Vesterbrogade 10";
  agency.postcode = "1620";
  agency.city = "København V";
  agency.country = "DK";
  std::vector<LedgerEntry> rows;
  LedgerEntry deposit;
  deposit.kind = LedgerKind::kDeposit;
  deposit.amount = {500000, "DKK"};
  deposit.at = *core::ParseUtc("2026-11-02T09:00:00Z");
  deposit.reference = "BANK-2026-118";
  rows.push_back(deposit);
  for (int i = 0; i < bookings; ++i) {
    LedgerEntry charge;
    charge.kind = LedgerKind::kBooking;
    charge.amount = {-11500, "DKK"};
    charge.at = *core::ParseUtc("2026-11-03T10:00:00Z") + std::chrono::minutes{i};
    charge.locator = fmt::format("AB{:04}", i);
    charge.reference = fmt::format("ACCOUNT-{}", i + 2);
    rows.push_back(charge);
  }
  return BuildStatement(agency, *ParseStatementMonth("2026-11"), "DKK", 1000000, -20000, std::move(rows));
}

using pdf::PdfText;

TEST(StatementPdf, OnePageHasTheLetterheadTheMovementsAndTheTotals) {
  const auto s = Sample(3);
  const auto pdf = StatementPdf(s, English(), "Kattegat Air");
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  const auto text = PdfText(pdf);
  for (const char* expected : {"Kattegat Air", "Statement of account", "Nordlys Rejser (12345675)", "København V",
                               "2026-11", "10000.00", "Opening balance", "-200.00", "BANK-2026-118", "5000.00",
                               "AB0000", "AB0002", "-115.00", "Closing balance", "4455.00", "Deposits", "Bookings",
                               "-345.00", "Page 1 of 1"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  EXPECT_EQ(s.closing, -20000 + 500000 - 3 * 11500);
}

TEST(StatementPdf, TheCommissionEarnedIsPaidOutOrWasDeducted) {
  auto s = Sample(2);
  s.commission = 2300;
  auto text = PdfText(StatementPdf(s, English(), "Kattegat Air"));
  EXPECT_NE(text.find("Commission earned (deducted from the charges)"), std::string::npos) << text;
  EXPECT_NE(text.find("23.00"), std::string::npos);
  s.agency.settlement = Settlement::kStatement;
  text = PdfText(StatementPdf(s, English(), "Kattegat Air"));
  EXPECT_NE(text.find("Commission earned (to be paid out)"), std::string::npos) << text;
}

TEST(StatementPdf, ManyMovementsRunOverNumberedPagesWithEveryOneOnIt) {
  const auto s = Sample(120);
  const auto text = PdfText(StatementPdf(s, English(), "Kattegat Air"));
  for (int i = 0; i < 120; ++i) EXPECT_NE(text.find(fmt::format("AB{:04}", i)), std::string::npos) << i;
  EXPECT_NE(text.find("Page 1 of 3"), std::string::npos) << text;
  EXPECT_NE(text.find("Page 3 of 3"), std::string::npos);
  EXPECT_EQ(text.find("Page 4"), std::string::npos);
  EXPECT_NE(text.find(core::FormatAmount({s.closing, "DKK"})), std::string::npos);
  const auto empty = PdfText(StatementPdf(Sample(0), English(), "Kattegat Air"));
  EXPECT_NE(empty.find("Page 1 of 1"), std::string::npos);
}

}  // namespace
}  // namespace jetway::agents
