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
  return Account{stmt.Int(0), stmt.Text(1), stmt.Int(2), stmt.Int(3)};
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

}  // namespace jetway::agents
