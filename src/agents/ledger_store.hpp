// An agency's account as rows in the data database, for the transactions that move it: opening it, locking it for
// a charge's check and its row, and appending a row with the balance kept beside it. Each call runs inside the
// caller's open write transaction, so a booking and its charge (booking::BookingService) or a deposit
// (agents::AgencyService) commit or roll back together. Lock order in `data`: a booking, its flights, then the
// account.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/commission.hpp"
#include "agents/ledger.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace jetway::agents {

// Opens the agency's account in `currency` with no credit, if it has none (AgencyService opens it with the agency;
// this also mends an account lost to a crash between the two databases).
void OpenAccount(store::Connection& data, std::int64_t agency_id, const std::string& currency, core::Instant now);

// The account, locked until the transaction ends (every node's charges to it queue here); nullopt when none is open.
std::optional<Account> LockAccount(store::Connection& data, std::int64_t agency_id);

struct NewLedgerRow {
  LedgerKind kind = LedgerKind::kDeposit;
  core::Money amount;  // signed, in the account's currency
  std::optional<std::int64_t> booking_id;
  std::string locator;
  std::string reference;
  std::string actor;
  std::string note;
};

// After LockAccount: appends the row with its running balance and moves the kept balance (and `account`'s).
LedgerEntry AppendLedger(store::Connection& data, Account& account, const NewLedgerRow& row, core::Instant now);

// The booking's charge to an account (its kBooking row), if it was paid on account.
std::optional<LedgerEntry> BookingCharge(store::Connection& data, std::int64_t booking_id);

// A row of agents_sql.hpp's ledger selects (kLedgerBetween, kBookingCharge).
LedgerEntry ReadLedgerRow(const store::Statement& row);

// The agency's settlement beside its account, where a booking's charge reads it (the agency's row in mgmt is the
// record; AgencyService copies each change here).
void KeepSettlement(store::Connection& data, std::int64_t agency_id, Settlement settlement, core::Instant now);

// The agency's commission rules, oldest first.
std::vector<CommissionRule> LoadCommissionRules(store::Connection& data, std::int64_t agency_id);
// Adds a rule (already validated) and returns its id; removes one of the agency's (false when it has no such rule).
std::int64_t InsertCommissionRule(store::Connection& data, std::int64_t agency_id, const CommissionRule& rule,
                                  const std::string& actor, core::Instant now);
bool DeleteCommissionRule(store::Connection& data, std::int64_t agency_id, std::int64_t rule_id);

}  // namespace jetway::agents
