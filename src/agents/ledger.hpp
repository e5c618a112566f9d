// An agency's account with the airline: a credit limit and a ledger of signed movements in the agency's currency
// (a deposit or a refund is positive, a booking charged to the account negative), so that its balance is the sum of
// its rows and what it may still spend is the credit limit plus that balance. A prepaid agency has a credit limit
// of 0 and spends its deposits; an agency on credit goes below zero down to minus its limit. Pure rules, no I/O:
// agents/agency_service.hpp keeps the rows in the data database, where bookings commit, so that a booking and its
// charge are one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agents/agency.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace jetway::agents {

enum class LedgerKind {
  kDeposit,     // money the agency paid in
  kBooking,     // a booking paid on account (negative)
  kRefund,      // what a cancelled booking's fare rules give back
  kAdjustment,  // a correction by the airline's finance staff, either sign, with a note
};
std::string_view ToString(LedgerKind kind);  // "deposit", "booking", "refund", "adjustment"
std::optional<LedgerKind> ParseLedgerKind(std::string_view text);

// The largest credit limit, deposit or adjustment accepted: 10^12 minor units (ten billion in a two-decimal
// currency) keeps every sum of a ledger far inside 64 bits.
inline constexpr std::int64_t kMaxLedgerAmount = 1'000'000'000'000;
// The longest note on a ledger row.
inline constexpr std::size_t kMaxLedgerNote = 200;

struct Account {
  std::int64_t agency_id = 0;
  std::string currency;
  std::int64_t credit_limit = 0;  // minor units, >= 0
  std::int64_t balance = 0;       // minor units: the sum of the ledger's rows (kept with each row, see the service)
  Settlement settlement = Settlement::kNet;  // the agency's (kept here for the charge): net, or gross with commission paid out

  // What the agency may still charge: its credit limit plus its balance (never below zero for the rules here).
  core::Money Available() const;
};

struct LedgerEntry {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  core::Instant at;
  LedgerKind kind = LedgerKind::kDeposit;
  core::Money amount;        // signed
  std::int64_t balance_after = 0;
  std::string locator;       // the booking it belongs to, if any
  std::string reference;     // the payment's or deposit's reference
  std::string actor;         // who: "office:finance@airline.example", "agent:…", "system"
  std::string note;
};

// CREDIT_LIMIT_EXCEEDED (409) naming what is available when `charge` is more than the account may spend;
// CURRENCY_MISMATCH (409) when the charge is not in the account's currency.
core::Result<void> CheckCharge(const Account& account, const core::Money& charge);

// A credit limit from 0 to kMaxLedgerAmount in the account's currency (INVALID_AMOUNT, CURRENCY_MISMATCH).
core::Result<void> CheckCreditLimit(const Account& account, const core::Money& limit);

// A deposit (above zero) or an adjustment (non-zero, either sign, with a note) recorded by staff: INVALID_AMOUNT,
// CURRENCY_MISMATCH, NOTE_REQUIRED, INVALID_NOTE. Other kinds come only from bookings (INVALID_LEDGER_KIND).
core::Result<void> CheckFunds(const Account& account, LedgerKind kind, const core::Money& amount,
                              std::string_view note);

}  // namespace jetway::agents
