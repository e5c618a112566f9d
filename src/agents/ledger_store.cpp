#include "agents/ledger_store.hpp"

#include "agents/agents_sql.hpp"

namespace jetway::agents {

void OpenAccount(store::Connection& data, std::int64_t agency_id, const std::string& currency, core::Instant now) {
  data.Prepare(sql::kOpenAccount)
      .Bind(1, agency_id)
      .Bind(2, currency)
      .Bind(3, core::ToEpoch(now))
      .Bind(4, core::ToEpoch(now))
      .Exec();
}

std::optional<Account> LockAccount(store::Connection& data, std::int64_t agency_id) {
  auto stmt = data.PrepareLocking(sql::kAccount);
  stmt.Bind(1, agency_id);
  if (!stmt.Step()) return std::nullopt;
  return Account{stmt.Int(0), stmt.Text(1), stmt.Int(2), stmt.Int(3),
                 ParseSettlement(stmt.Text(4)).value_or(Settlement::kNet)};
}

LedgerEntry AppendLedger(store::Connection& data, Account& account, const NewLedgerRow& row, core::Instant now) {
  account.balance += row.amount.minor;
  std::int64_t id = 0;
  {
    auto insert = data.Prepare(sql::kInsertLedger);
    insert.Bind(1, account.agency_id)
        .Bind(2, core::ToEpoch(now))
        .Bind(3, ToString(row.kind))
        .Bind(4, row.amount.minor)
        .Bind(5, row.amount.currency)
        .Bind(6, account.balance)
        .Bind(7, row.booking_id)
        .Bind(8, row.locator)
        .Bind(9, row.reference)
        .Bind(10, row.actor)
        .Bind(11, row.note);
    insert.Step();
    id = insert.Int(0);
  }  // the RETURNING statement is done before the next one runs
  data.Prepare(sql::kAddToBalance)
      .Bind(1, row.amount.minor)
      .Bind(2, core::ToEpoch(now))
      .Bind(3, account.agency_id)
      .Exec();
  return {id,          account.agency_id, now,       row.kind, row.amount, account.balance,
          row.locator, row.reference,     row.actor, row.note};
}

std::optional<LedgerEntry> BookingCharge(store::Connection& data, std::int64_t booking_id) {
  auto stmt = data.Prepare(sql::kBookingCharge);
  stmt.Bind(1, booking_id);
  if (!stmt.Step()) return std::nullopt;
  return ReadLedgerRow(stmt);
}

LedgerEntry ReadLedgerRow(const store::Statement& row) {
  LedgerEntry e;
  e.id = row.Int(0);
  e.agency_id = row.Int(1);
  e.at = core::FromEpoch(row.Int(2));
  e.kind = ParseLedgerKind(row.Text(3)).value_or(LedgerKind::kAdjustment);
  e.amount = {row.Int(4), row.Text(5)};
  e.balance_after = row.Int(6);
  e.locator = row.Text(7);
  e.reference = row.Text(8);
  e.actor = row.Text(9);
  e.note = row.Text(10);
  return e;
}

void KeepSettlement(store::Connection& data, std::int64_t agency_id, Settlement settlement, core::Instant now) {
  data.Prepare(sql::kKeepSettlement)
      .Bind(1, std::string(ToString(settlement)))
      .Bind(2, core::ToEpoch(now))
      .Bind(3, agency_id)
      .Exec();
}

std::vector<CommissionRule> LoadCommissionRules(store::Connection& data, std::int64_t agency_id) {
  std::vector<CommissionRule> rules;
  auto stmt = data.Prepare(sql::kCommissionRules);
  stmt.Bind(1, agency_id);
  while (stmt.Step()) {
    CommissionRule rule;
    rule.id = stmt.Int(0);
    rule.airline = stmt.Text(1);
    rule.origin = stmt.OptText(2);
    rule.destination = stmt.OptText(3);
    rule.booking_class = stmt.OptText(4);
    rule.valid_from = core::ParseIsoDate(stmt.Text(5)).value_or(core::LocalDate{});
    rule.valid_to = core::ParseIsoDate(stmt.Text(6)).value_or(core::LocalDate{});
    if (auto bp = stmt.OptInt(7)) rule.basis_points = static_cast<int>(*bp);
    if (auto amount = stmt.OptInt(8)) rule.per_passenger = core::Money{*amount, stmt.OptText(9).value_or("")};
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::int64_t InsertCommissionRule(store::Connection& data, std::int64_t agency_id, const CommissionRule& rule,
                                  const std::string& actor, core::Instant now) {
  auto insert = data.Prepare(sql::kInsertCommissionRule);
  insert.Bind(1, agency_id)
      .Bind(2, rule.airline)
      .Bind(3, rule.origin)
      .Bind(4, rule.destination)
      .Bind(5, rule.booking_class)
      .Bind(6, core::FormatIsoDate(rule.valid_from))
      .Bind(7, core::FormatIsoDate(rule.valid_to))
      .Bind(8, rule.basis_points ? std::optional<std::int64_t>(*rule.basis_points) : std::nullopt)
      .Bind(9, rule.per_passenger ? std::optional<std::int64_t>(rule.per_passenger->minor) : std::nullopt)
      .Bind(10, rule.per_passenger ? std::optional<std::string>(rule.per_passenger->currency) : std::nullopt)
      .Bind(11, core::ToEpoch(now))
      .Bind(12, actor);
  insert.Step();
  const auto id = insert.Int(0);
  insert.Exec();
  return id;
}

bool DeleteCommissionRule(store::Connection& data, std::int64_t agency_id, std::int64_t rule_id) {
  data.Prepare(sql::kDeleteCommissionRule).Bind(1, rule_id).Bind(2, agency_id).Exec();
  return data.Changes() == 1;
}

}  // namespace jetway::agents
