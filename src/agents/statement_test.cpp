// The monthly statement without a database: months in UTC, the running balance from the opening balance, the
// totals by kind, and a CSV that a spreadsheet imports without running anything.
#include "agents/statement.hpp"

#include <gtest/gtest.h>

namespace jetway::agents {
namespace {

LedgerEntry Row(LedgerKind kind, std::int64_t amount, const char* when, std::string note = "") {
  LedgerEntry e;
  e.kind = kind;
  e.amount = {amount, "DKK"};
  e.at = *core::ParseUtc(when);
  e.locator = kind == LedgerKind::kBooking || kind == LedgerKind::kRefund ? "ABC234" : "";
  e.actor = "agent:ida@nordlys.example";
  e.note = std::move(note);
  return e;
}

TEST(StatementMonth, MonthsAreCalendarMonthsInUtc) {
  auto november = ParseStatementMonth("2026-11");
  ASSERT_TRUE(november);
  EXPECT_EQ(core::FormatUtc(november->From()), "2026-11-01T00:00:00Z");
  EXPECT_EQ(core::FormatUtc(november->To()), "2026-12-01T00:00:00Z");
  EXPECT_EQ(core::FormatUtc(ParseStatementMonth("2026-12")->To()), "2027-01-01T00:00:00Z");
  EXPECT_EQ(november->Label(), "2026-11");
  EXPECT_EQ(MonthOf(*core::ParseUtc("2026-11-30T23:59:59Z")).Label(), "2026-11");
  for (const char* bad : {"2026-13", "2026-1", "26-11", "2026/11", "1999-12", "", "2026-11-01"})
    EXPECT_EQ(ParseStatementMonth(bad).error().code, "INVALID_MONTH") << bad;
}

TEST(Statement, TheLinesRunFromTheOpeningBalanceAndTheTotalsAddUp) {
  Agency agency;
  agency.name = "Nordlys Rejser";
  const auto s = BuildStatement(agency, *ParseStatementMonth("2026-11"), "DKK", 500000, -20000,
                                {Row(LedgerKind::kDeposit, 100000, "2026-11-02T09:00:00Z"),
                                 Row(LedgerKind::kBooking, -34500, "2026-11-03T10:00:00Z"),
                                 Row(LedgerKind::kRefund, 3000, "2026-11-04T11:00:00Z"),
                                 Row(LedgerKind::kAdjustment, -2500, "2026-11-05T12:00:00Z", "bank charge")});
  ASSERT_EQ(s.lines.size(), 4u);
  EXPECT_EQ(s.lines[0].balance, 80000);
  EXPECT_EQ(s.lines[1].balance, 45500);
  EXPECT_EQ(s.lines[3].balance, 46000);
  EXPECT_EQ(s.closing, 46000);
  EXPECT_EQ(s.deposits, 100000);
  EXPECT_EQ(s.bookings, -34500);
  EXPECT_EQ(s.refunds, 3000);
  EXPECT_EQ(s.adjustments, -2500);
  EXPECT_EQ(s.opening + s.deposits + s.bookings + s.refunds + s.adjustments, s.closing);
  const auto empty = BuildStatement(agency, *ParseStatementMonth("2026-10"), "DKK", 0, -20000, {});
  EXPECT_EQ(empty.closing, -20000);
}

TEST(Statement, TheCsvHasEveryMovementAndNoFormulas) {
  Agency agency;
  const auto s = BuildStatement(agency, *ParseStatementMonth("2026-11"), "DKK", 0, 0,
                                {Row(LedgerKind::kDeposit, 100000, "2026-11-02T09:00:00Z", "=HYPERLINK(\"x\")"),
                                 Row(LedgerKind::kAdjustment, -2500, "2026-11-05T12:00:00Z", "fee, bank")});
  const auto csv = StatementCsv(s);
  EXPECT_EQ(csv,
            "date,kind,booking,reference,by,note,amount,balance,currency\r\n"
            "2026-11-01,opening,,,,,,0.00,DKK\r\n"
            "2026-11-02T09:00:00Z,deposit,,,agent:ida@nordlys.example,\"'=HYPERLINK(\"\"x\"\")\",1000.00,1000.00,DKK\r\n"
            "2026-11-05T12:00:00Z,adjustment,,,agent:ida@nordlys.example,\"fee, bank\",-25.00,975.00,DKK\r\n"
            "2026-11-30,closing,,,,,,975.00,DKK\r\n"
            "2026-11-30,total_deposits,,,,,1000.00,,DKK\r\n"
            "2026-11-30,total_bookings,,,,,0.00,,DKK\r\n"
            "2026-11-30,total_refunds,,,,,0.00,,DKK\r\n"
            "2026-11-30,total_adjustments,,,,,-25.00,,DKK\r\n"
            "2026-11-30,commission_deducted,,,,,0.00,,DKK\r\n");
}

}  // namespace
}  // namespace jetway::agents
