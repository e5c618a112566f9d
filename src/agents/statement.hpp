// An agency's monthly statement of account: the opening balance, every movement of the month in order with the
// balance after it, the closing balance, and the month's totals by kind. Months are calendar months in UTC (the
// ledger's times are UTC; an agency has no time zone of its own). Pure rules, no I/O: AgencyService reads the rows,
// statement_pdf.hpp prints it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agents/agency.hpp"
#include "agents/ledger.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "reports/table.hpp"

namespace jetway::agents {

struct StatementMonth {
  int year = 0;
  unsigned month = 0;  // 1-12
  core::Instant From() const;  // the first second of the month, UTC
  core::Instant To() const;    // the first second of the next month
  std::string Label() const;   // "2026-11"
};
// "2026-11": INVALID_MONTH for anything else, or a month before 2000 or after 2100.
core::Result<StatementMonth> ParseStatementMonth(std::string_view text);
// The month an instant falls in (UTC).
StatementMonth MonthOf(core::Instant at);

struct StatementLine {
  LedgerEntry entry;
  std::int64_t balance = 0;  // after this movement, from the opening balance
};

struct Statement {
  Agency agency;
  StatementMonth month;
  std::string currency;
  std::int64_t credit_limit = 0;  // today's
  std::int64_t opening = 0;
  std::vector<StatementLine> lines;
  std::int64_t closing = 0;
  std::int64_t deposits = 0;     // the month's deposits (positive)
  std::int64_t bookings = 0;     // charges for bookings (negative)
  std::int64_t refunds = 0;      // credits for cancellations (positive)
  std::int64_t adjustments = 0;  // either sign
  // The commission the agency earned on the month's bookings, less what refunds took back: deducted from the
  // charges for a net-settling agency, to be paid out to the others (agency.settlement).
  std::int64_t commission = 0;
};

// From the balance before the month and the month's rows (oldest first): each line's running balance, the closing
// balance and the totals. The closing balance is the opening plus the rows, so the statement adds up by itself.
Statement BuildStatement(const Agency& agency, StatementMonth month, const std::string& currency,
                         std::int64_t credit_limit, std::int64_t opening, std::vector<LedgerEntry> rows);

// The statement as a table: one row per movement, then the opening, closing and totals as rows of their own kind,
// amounts as decimal strings; and as CSV through the reports' writer (RFC 4180, formulas defused), for an agency's
// accounting to import.
reports::Table StatementTable(const Statement& statement);
std::string StatementCsv(const Statement& statement);

}  // namespace jetway::agents
