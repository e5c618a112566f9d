// A statement of account as a PDF to print or file: the airline and the agency at the top, the month, the opening
// balance, every movement with the balance after it (continued over as many A4 pages as it takes, the column heads
// repeated, each page numbered), the closing balance and the month's totals. Drawn with cairo's PDF surface and set
// in type by pango (Debian's libcairo2 and libpango, the DejaVu fonts). The texts come from the caller, in the
// reader's language. Thread-safe: each call has its own surface.
#pragma once

#include <map>
#include <string>

#include "agents/statement.hpp"

namespace jetway::agents {

struct StatementTexts {
  std::string title;         // "Statement of account"
  std::string month;         // "Month"
  std::string currency;      // "Currency"
  std::string credit_limit;  // "Credit limit"
  std::string opening;       // "Opening balance"
  std::string closing;       // "Closing balance"
  std::string date;          // column heads
  std::string kind;
  std::string booking;
  std::string reference;
  std::string amount;
  std::string balance;
  std::string totals;  // "Totals for the month"
  std::string none;    // "No movements this month."
  std::string page;    // "Page {} of {}"
  std::map<LedgerKind, std::string> kinds;   // a row's kind, as a reader calls it
  std::map<LedgerKind, std::string> totals_of;  // "Deposits", "Bookings", ...
  std::string commission_deducted;  // "Commission earned (deducted from the charges)"
  std::string commission_to_pay_out;  // "Commission earned (to be paid out)"
};

// The PDF's bytes. `issuer` is the airline's name. Throws std::runtime_error if cairo fails.
std::string StatementPdf(const Statement& statement, const StatementTexts& texts, const std::string& issuer);

}  // namespace jetway::agents
