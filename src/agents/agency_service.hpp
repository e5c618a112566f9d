// The airline's side of its travel agencies: adding and changing agencies (management database, each change audited
// in its own transaction), and their accounts (data database): credit limits, deposits and adjustments, the ledger,
// and a check that every account's kept balance equals the sum of its rows. Charging a booking to an account happens
// in the booking's own transaction (ChargeBooking, called by the booking service). Thread-safe: shares only the
// pools and the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/agency.hpp"
#include "agents/ledger.hpp"
#include "agents/ledger_store.hpp"
#include "agents/statement.hpp"
#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace jetway::agents {

// The audit log's form of a commission rule.
std::string DescribeCommission(const CommissionRule& rule);

struct AgencyView {
  Agency agency;
  Account account;
};

// One account's kept balance beside what its rows add up to (CheckLedger).
struct LedgerCheck {
  std::int64_t agency_id = 0;
  std::int64_t kept = 0;     // agency_accounts.balance
  std::int64_t summed = 0;   // SUM(agency_ledger.amount)
  std::int64_t running = 0;  // the newest row's balance_after (0 without rows)
  bool Holds() const { return kept == summed && kept == running; }
};

class AgencyService {
 public:
  AgencyService(store::ConnectionPool& mgmt, store::ConnectionPool& data, const core::Clock& clock);

  // agencies.manage. A new agency, active, with an account in its currency and no credit (AGENCY_CODE_TAKEN, 409,
  // when another agency has the code; ValidAgency's errors).
  core::Result<AgencyView> Create(const core::Actor& actor, Agency draft);
  // agencies.manage. New details and status; the currency stays what the agency was opened in (CURRENCY_FIXED).
  core::Result<AgencyView> Update(const core::Actor& actor, std::int64_t agency_id, Agency changes);
  // agencies.read.
  core::Result<std::vector<AgencyView>> List(const core::Actor& actor);
  // agencies.read; AGENCY_NOT_FOUND (404).
  core::Result<AgencyView> Find(const core::Actor& actor, std::int64_t agency_id);
  // The agency an agency's person works for (any of its people, whatever their role: they sell in its currency, for
  // its airlines); AGENCY_NOT_FOUND for anyone else.
  core::Result<Agency> OwnAgency(const core::Actor& actor);

  // The agency's commission rules (agencies.read); adding one (validated, a fixed amount in the agency's currency)
  // or removing one needs agencies.manage and is audited. They apply to bookings confirmed after the change.
  core::Result<std::vector<CommissionRule>> Commissions(const core::Actor& actor, std::int64_t agency_id);
  core::Result<CommissionRule> AddCommission(const core::Actor& actor, std::int64_t agency_id, CommissionRule rule);
  core::Result<void> RemoveCommission(const core::Actor& actor, std::int64_t agency_id, std::int64_t rule_id);
  // The rules of the actor's own agency (any of its people: their prices show gross and net); none for others.
  std::vector<CommissionRule> OwnCommissions(const core::Actor& actor);

  // agencies.funds. Audited after the data database committed (two databases: a crash between them loses the audit
  // row, never the change; the ledger row names who in any case).
  core::Result<AgencyView> SetCreditLimit(const core::Actor& actor, std::int64_t agency_id, const core::Money& limit);
  // agencies.funds: a deposit or an adjustment (agents/ledger.hpp CheckFunds), with the payment's reference.
  core::Result<LedgerEntry> RecordFunds(const core::Actor& actor, std::int64_t agency_id, LedgerKind kind,
                                        const core::Money& amount, const std::string& reference,
                                        const std::string& note);
  // agencies.read: the rows from `from` (inclusive) to `to` (exclusive), oldest first.
  core::Result<std::vector<LedgerEntry>> Ledger(const core::Actor& actor, std::int64_t agency_id, core::Instant from,
                                                core::Instant to);

  // agencies.read: the month's statement (agents/statement.hpp), read in one transaction.
  core::Result<agents::Statement> MonthlyStatement(const core::Actor& actor, std::int64_t agency_id,
                                                   StatementMonth month);

  // Every account, kept balance against its rows (tests; an operator's check).
  std::vector<LedgerCheck> CheckLedger();

 private:
  store::ConnectionPool& mgmt_;
  store::ConnectionPool& data_;
  const core::Clock& clock_;

  std::optional<core::Error> Refused(const core::Actor& actor, core::Permission permission,
                                     std::int64_t agency_id) const;
  core::Result<Agency> LoadAgency(std::int64_t agency_id);
  std::vector<CommissionRule> RulesOf(std::int64_t agency_id);
  Account LoadAccount(const Agency& agency);
  void Audit(const core::Actor& actor, const std::string& action, const Agency& agency, const std::string& before,
             const std::string& after);
};

// The agency as JSON, for the audit log's before and after.
std::string DescribeAgency(const Agency& agency);

}  // namespace jetway::agents
