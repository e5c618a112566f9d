#include "agents/agency_service.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "agents/agents_sql.hpp"
#include "core/text.hpp"
#include "identity/audit_log.hpp"
#include "store/privileges.hpp"

namespace jetway::agents {
namespace {

using core::ErrorKind;
using core::Permission;

Agency ReadAgency(const store::Statement& row) {
  Agency a;
  a.id = row.Int(0);
  a.code = row.Text(1);
  a.name = row.Text(2);
  a.contact_name = row.Text(3);
  a.email = row.Text(4);
  a.phone = row.Text(5);
  a.address_line1 = row.Text(6);
  a.address_line2 = row.Text(7);
  a.postcode = row.Text(8);
  a.city = row.Text(9);
  a.country = row.Text(10);
  a.status = ParseAgencyStatus(row.Text(11)).value_or(AgencyStatus::kSuspended);
  a.currency = row.Text(12);
  a.airlines = SplitAirlines(row.Text(13));
  a.settlement = ParseSettlement(row.Text(14)).value_or(Settlement::kNet);
  a.created_at = core::FromEpoch(row.Int(15));
  a.updated_at = core::FromEpoch(row.Int(16));
  return a;
}

Account ReadAccount(const store::Statement& row) {
  return {row.Int(0), row.Text(1), row.Int(2), row.Int(3), ParseSettlement(row.Text(4)).value_or(Settlement::kNet)};
}


// Binds the agency's details in kInsertAgency's and kUpdateAgency's shared order, from position 1.
int BindDetails(store::Statement& stmt, const Agency& a) {
  int i = 1;
  for (const auto* text : {&a.code, &a.name, &a.contact_name, &a.email, &a.phone, &a.address_line1, &a.address_line2,
                           &a.postcode, &a.city, &a.country})
    stmt.Bind(i++, *text);
  stmt.Bind(i++, ToString(a.status));
  return i;
}

core::Error NotFound(std::int64_t agency_id) {
  return core::MakeError(ErrorKind::kNotFound, "AGENCY_NOT_FOUND", fmt::format("there is no agency {}", agency_id));
}

core::Error CodeTaken(const std::string& code) {
  return core::MakeError(ErrorKind::kConflict, "AGENCY_CODE_TAKEN",
                         fmt::format("another agency already has the code {}", code), "code");
}

bool CodeTakenByOther(store::Connection& mgmt, const std::string& code, std::int64_t agency_id) {
  auto stmt = mgmt.Prepare(sql::kAgencyByCode);
  stmt.Bind(1, code);
  return stmt.Step() && stmt.Int(0) != agency_id;
}

std::string DescribeAccount(const Account& account) {
  return fmt::format(R"({{"currency":{},"credit_limit":"{}","balance":"{}"}})", core::JsonQuote(account.currency),
                     core::FormatAmount({account.credit_limit, account.currency}),
                     core::FormatAmount({account.balance, account.currency}));
}

}  // namespace

std::string DescribeCommission(const CommissionRule& rule) {
  return fmt::format(
      R"({{"id":{},"airline":{},"route":{},"class":{},"from":"{}","to":"{}","rate":{}}})", rule.id,
      core::JsonQuote(rule.airline),
      core::JsonQuote(rule.origin ? *rule.origin + "-" + rule.destination.value_or("") : ""),
      core::JsonQuote(rule.booking_class.value_or("")), core::FormatIsoDate(rule.valid_from),
      core::FormatIsoDate(rule.valid_to),
      core::JsonQuote(rule.basis_points ? fmt::format("{} bp", *rule.basis_points)
                                        : fmt::format("{} {} per passenger", core::FormatAmount(*rule.per_passenger),
                                                      rule.per_passenger->currency)));
}

std::string DescribeAgency(const Agency& a) {
  std::string json = fmt::format(R"({{"id":{})", a.id);
  for (const auto& [name, value] : AgencyFields(a)) json += fmt::format(",\"{}\":{}", name, core::JsonQuote(value));
  return json + "}";
}

// An agency's people reach their own agency only: another's is as if it did not exist.
std::optional<core::Error> AgencyService::Refused(const core::Actor& actor, Permission permission,
                                                  std::int64_t agency_id) const {
  if (auto refused = core::MissingPermission(actor, permission)) return refused;
  if (actor.agency_id != 0 && actor.agency_id != agency_id) return NotFound(agency_id);
  return std::nullopt;
}

AgencyService::AgencyService(store::ConnectionPool& mgmt, store::ConnectionPool& data, const core::Clock& clock)
    : mgmt_(mgmt), data_(data), clock_(clock) {}

core::Result<Agency> AgencyService::LoadAgency(std::int64_t agency_id) {
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease, store::TransactionMode::kRead);
  auto stmt = lease->Prepare(sql::kAgencyById);
  stmt.Bind(1, agency_id);
  if (!stmt.Step()) return std::unexpected(NotFound(agency_id));
  return ReadAgency(stmt);
}

Account AgencyService::LoadAccount(const Agency& agency) {
  auto lease = data_.Acquire();
  store::ScopeToAgency(*lease, agency.id);
  store::Transaction tx(*lease, store::TransactionMode::kRead);
  auto stmt = lease->Prepare(sql::kAccount);
  stmt.Bind(1, agency.id);
  if (stmt.Step()) return ReadAccount(stmt);
  return {agency.id, agency.currency, 0, 0, agency.settlement};  // not opened yet: opened by its first change
}

void AgencyService::Audit(const core::Actor& actor, const std::string& action, const Agency& agency,
                          const std::string& before, const std::string& after) {
  auto lease = mgmt_.Acquire();
  store::Transaction tx(*lease);
  identity::AppendAudit(*lease, {actor.id, actor.client, action, "agency " + agency.code, before, after},
                        clock_.Now());
  tx.Commit();
}

core::Result<AgencyView> AgencyService::Create(const core::Actor& actor, Agency draft) {
  if (auto refused = core::MissingPermission(actor, Permission::kAgenciesManage)) return std::unexpected(*refused);
  draft.status = AgencyStatus::kActive;
  auto agency = ValidAgency(std::move(draft));
  if (!agency) return std::unexpected(agency.error());
  const auto now = clock_.Now();
  agency->created_at = agency->updated_at = now;
  auto created = store::RetryConflicts([&]() -> core::Result<Agency> {
    auto lease = mgmt_.Acquire();
    store::Transaction tx(*lease);
    if (CodeTakenByOther(*lease, agency->code, 0)) return std::unexpected(CodeTaken(agency->code));
    Agency saved = *agency;
    {
      auto insert = lease->Prepare(sql::kInsertAgency);
      int next = BindDetails(insert, *agency);
      insert.Bind(next, agency->currency)
          .Bind(next + 1, JoinAirlines(agency->airlines))
          .Bind(next + 2, ToString(agency->settlement))
          .Bind(next + 3, core::ToEpoch(now))
          .Bind(next + 4, core::ToEpoch(now));
      insert.Step();
      saved.id = insert.Int(0);
    }  // done before the audit row and the commit
    identity::AppendAudit(*lease, {actor.id, actor.client, "agency.create", "agency " + saved.code, "",
                                   DescribeAgency(saved)},
                          now);
    tx.Commit();
    return saved;
  });
  if (!created) return std::unexpected(created.error());
  Account account = store::RetryConflicts([&] {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    OpenAccount(*lease, created->id, created->currency, now);
    KeepSettlement(*lease, created->id, created->settlement, now);
    auto opened = LockAccount(*lease, created->id);
    tx.Commit();
    return *opened;
  });
  return AgencyView{*created, account};
}

core::Result<AgencyView> AgencyService::Update(const core::Actor& actor, std::int64_t agency_id, Agency changes) {
  if (auto refused = Refused(actor, Permission::kAgenciesManage, agency_id)) return std::unexpected(*refused);
  auto before = LoadAgency(agency_id);
  if (!before) return std::unexpected(before.error());
  if (!changes.currency.empty() && core::AsciiUpper(core::Trim(changes.currency)) != before->currency)
    return core::Fail(ErrorKind::kConflict, "CURRENCY_FIXED",
                      fmt::format("the agency's account is kept in {}; its currency does not change", before->currency),
                      "currency");
  changes.currency = before->currency;
  auto agency = ValidAgency(std::move(changes));
  if (!agency) return std::unexpected(agency.error());
  const auto now = clock_.Now();
  agency->id = agency_id;
  agency->created_at = before->created_at;
  agency->updated_at = now;
  auto updated = store::RetryConflicts([&]() -> core::Result<void> {
    auto lease = mgmt_.Acquire();
    store::Transaction tx(*lease);
    if (CodeTakenByOther(*lease, agency->code, agency_id)) return std::unexpected(CodeTaken(agency->code));
    auto update = lease->Prepare(sql::kUpdateAgency);
    int next = BindDetails(update, *agency);
    update.Bind(next, JoinAirlines(agency->airlines))
        .Bind(next + 1, ToString(agency->settlement))
        .Bind(next + 2, core::ToEpoch(now))
        .Bind(next + 3, agency_id)
        .Exec();
    const bool suspended = before->status != agency->status;
    identity::AppendAudit(*lease,
                          {actor.id, actor.client,
                           suspended ? (agency->status == AgencyStatus::kSuspended ? "agency.suspend" : "agency.reinstate")
                                     : "agency.edit",
                           "agency " + agency->code, DescribeAgency(*before), DescribeAgency(*agency)},
                          now);
    tx.Commit();
    return {};
  });
  if (!updated) return std::unexpected(updated.error());
  store::RetryConflicts([&] {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    OpenAccount(*lease, agency_id, agency->currency, now);
    KeepSettlement(*lease, agency_id, agency->settlement, now);
    tx.Commit();
  });
  return AgencyView{*agency, LoadAccount(*agency)};
}

core::Result<std::vector<AgencyView>> AgencyService::List(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, Permission::kAgenciesRead)) return std::unexpected(*refused);
  if (actor.agency_id != 0) {  // an agency's people: their own
    auto own = Find(actor, actor.agency_id);
    if (!own) return std::unexpected(own.error());
    return std::vector<AgencyView>{*own};
  }
  std::vector<AgencyView> views;
  {
    auto lease = mgmt_.Acquire();
    store::Transaction tx(*lease, store::TransactionMode::kRead);
    auto stmt = lease->Prepare(sql::kAgencies);
    while (stmt.Step()) views.push_back({ReadAgency(stmt), {}});
  }
  std::vector<Account> accounts;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, store::TransactionMode::kRead);
    auto stmt = lease->Prepare(sql::kAccounts);
    while (stmt.Step()) accounts.push_back(ReadAccount(stmt));
  }
  for (auto& view : views) {
    view.account = {view.agency.id, view.agency.currency, 0, 0};
    for (const auto& account : accounts)
      if (account.agency_id == view.agency.id) view.account = account;
  }
  return views;
}

core::Result<AgencyView> AgencyService::Find(const core::Actor& actor, std::int64_t agency_id) {
  if (auto refused = Refused(actor, Permission::kAgenciesRead, agency_id)) return std::unexpected(*refused);
  auto agency = LoadAgency(agency_id);
  if (!agency) return std::unexpected(agency.error());
  return AgencyView{*agency, LoadAccount(*agency)};
}

core::Result<std::vector<CommissionRule>> AgencyService::Commissions(const core::Actor& actor,
                                                                     std::int64_t agency_id) {
  if (auto refused = Refused(actor, Permission::kAgenciesRead, agency_id)) return std::unexpected(*refused);
  return RulesOf(agency_id);
}

std::vector<CommissionRule> AgencyService::OwnCommissions(const core::Actor& actor) {
  return actor.agency_id == 0 ? std::vector<CommissionRule>{} : RulesOf(actor.agency_id);
}

std::vector<CommissionRule> AgencyService::RulesOf(std::int64_t agency_id) {
  auto lease = data_.Acquire();
  store::ScopeToAgency(*lease, agency_id);
  store::Transaction tx(*lease, store::TransactionMode::kRead);
  return LoadCommissionRules(*lease, agency_id);
}

core::Result<CommissionRule> AgencyService::AddCommission(const core::Actor& actor, std::int64_t agency_id,
                                                          CommissionRule rule) {
  if (auto refused = Refused(actor, Permission::kAgenciesManage, agency_id)) return std::unexpected(*refused);
  auto agency = LoadAgency(agency_id);
  if (!agency) return std::unexpected(agency.error());
  if (auto ok = ValidateCommission(rule); !ok) return std::unexpected(ok.error());
  if (rule.per_passenger && rule.per_passenger->currency != agency->currency)
    return core::Fail(ErrorKind::kInvalid, "CURRENCY_MISMATCH",
                      fmt::format("a fixed commission is paid in the agency's currency, {}", agency->currency),
                      "currency");
  const auto now = clock_.Now();
  rule.id = store::RetryConflicts([&] {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    OpenAccount(*lease, agency_id, agency->currency, now);
    const auto id = InsertCommissionRule(*lease, agency_id, rule, actor.Label(), now);
    tx.Commit();
    return id;
  });
  Audit(actor, "agency.commission_add", *agency, "", DescribeCommission(rule));
  return rule;
}

core::Result<void> AgencyService::RemoveCommission(const core::Actor& actor, std::int64_t agency_id,
                                                   std::int64_t rule_id) {
  if (auto refused = Refused(actor, Permission::kAgenciesManage, agency_id)) return std::unexpected(*refused);
  auto agency = LoadAgency(agency_id);
  if (!agency) return std::unexpected(agency.error());
  const auto rules = RulesOf(agency_id);
  const auto rule = std::find_if(rules.begin(), rules.end(), [&](const CommissionRule& r) { return r.id == rule_id; });
  if (rule == rules.end())
    return core::Fail(ErrorKind::kNotFound, "COMMISSION_NOT_FOUND",
                      fmt::format("the agency has no commission rule {}", rule_id));
  store::RetryConflicts([&] {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    DeleteCommissionRule(*lease, agency_id, rule_id);
    tx.Commit();
  });
  Audit(actor, "agency.commission_remove", *agency, DescribeCommission(*rule), "");
  return {};
}

core::Result<Agency> AgencyService::OwnAgency(const core::Actor& actor) {
  if (actor.agency_id == 0) return std::unexpected(NotFound(0));
  return LoadAgency(actor.agency_id);
}

core::Result<AgencyView> AgencyService::SetCreditLimit(const core::Actor& actor, std::int64_t agency_id,
                                                       const core::Money& limit) {
  if (auto refused = Refused(actor, Permission::kAgencyFunds, agency_id)) return std::unexpected(*refused);
  auto agency = LoadAgency(agency_id);
  if (!agency) return std::unexpected(agency.error());
  const auto now = clock_.Now();
  Account before;
  auto after = store::RetryConflicts([&]() -> core::Result<Account> {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    OpenAccount(*lease, agency_id, agency->currency, now);
    auto account = *LockAccount(*lease, agency_id);
    if (auto bad = CheckCreditLimit(account, limit); !bad) return std::unexpected(bad.error());
    before = account;
    lease->Prepare(sql::kSetCreditLimit).Bind(1, limit.minor).Bind(2, core::ToEpoch(now)).Bind(3, agency_id).Exec();
    account.credit_limit = limit.minor;
    tx.Commit();
    return account;
  });
  if (!after) return std::unexpected(after.error());
  Audit(actor, "agency.credit_limit", *agency, DescribeAccount(before), DescribeAccount(*after));
  return AgencyView{*agency, *after};
}

core::Result<LedgerEntry> AgencyService::RecordFunds(const core::Actor& actor, std::int64_t agency_id,
                                                     LedgerKind kind, const core::Money& amount,
                                                     const std::string& reference, const std::string& note) {
  if (auto refused = Refused(actor, Permission::kAgencyFunds, agency_id)) return std::unexpected(*refused);
  auto agency = LoadAgency(agency_id);
  if (!agency) return std::unexpected(agency.error());
  const auto tidy_reference = std::string(core::Trim(reference));
  if (tidy_reference.size() > 60 || !core::IsText(tidy_reference))
    return core::Fail(ErrorKind::kInvalid, "INVALID_REFERENCE", "a reference is at most 60 characters of text",
                      "reference");
  const auto now = clock_.Now();
  auto entry = store::RetryConflicts([&]() -> core::Result<LedgerEntry> {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    OpenAccount(*lease, agency_id, agency->currency, now);
    auto account = *LockAccount(*lease, agency_id);
    if (auto bad = CheckFunds(account, kind, amount, note); !bad) return std::unexpected(bad.error());
    auto row = AppendLedger(*lease, account,
                            {kind, amount, std::nullopt, "", tidy_reference, actor.Label(), std::string(core::Trim(note))},
                            now);
    tx.Commit();
    return row;
  });
  if (!entry) return std::unexpected(entry.error());
  Audit(actor, fmt::format("agency.{}", ToString(kind)), *agency, "",
        fmt::format(R"({{"amount":"{}","currency":{},"reference":{},"note":{},"balance_after":"{}"}})",
                    core::FormatAmount(amount), core::JsonQuote(amount.currency), core::JsonQuote(entry->reference),
                    core::JsonQuote(entry->note), core::FormatAmount({entry->balance_after, amount.currency})));
  return entry;
}

core::Result<std::vector<LedgerEntry>> AgencyService::Ledger(const core::Actor& actor, std::int64_t agency_id,
                                                             core::Instant from, core::Instant to) {
  if (auto refused = Refused(actor, Permission::kAgenciesRead, agency_id)) return std::unexpected(*refused);
  std::vector<LedgerEntry> rows;
  auto lease = data_.Acquire();
  store::ScopeToAgency(*lease, agency_id);
  store::Transaction tx(*lease, store::TransactionMode::kRead);
  auto stmt = lease->Prepare(sql::kLedgerBetween);
  stmt.Bind(1, agency_id).Bind(2, core::ToEpoch(from)).Bind(3, core::ToEpoch(to));
  while (stmt.Step()) rows.push_back(ReadLedgerRow(stmt));
  return rows;
}

core::Result<Statement> AgencyService::MonthlyStatement(const core::Actor& actor, std::int64_t agency_id,
                                                        StatementMonth month) {
  if (auto refused = Refused(actor, Permission::kAgenciesRead, agency_id)) return std::unexpected(*refused);
  auto agency = LoadAgency(agency_id);
  if (!agency) return std::unexpected(agency.error());
  auto lease = data_.Acquire();
  store::ScopeToAgency(*lease, agency_id);
  store::Transaction tx(*lease, store::TransactionMode::kRead);
  Account account{agency_id, agency->currency, 0, 0};
  {
    auto stmt = lease->Prepare(sql::kAccount);
    stmt.Bind(1, agency_id);
    if (stmt.Step()) account = ReadAccount(stmt);
  }
  std::int64_t opening = 0;
  {
    auto stmt = lease->Prepare(sql::kLedgerSumBefore);
    stmt.Bind(1, agency_id).Bind(2, core::ToEpoch(month.From()));
    stmt.Step();
    opening = stmt.Int(0);
  }
  std::vector<LedgerEntry> rows;
  {
    auto stmt = lease->Prepare(sql::kLedgerBetween);
    stmt.Bind(1, agency_id).Bind(2, core::ToEpoch(month.From())).Bind(3, core::ToEpoch(month.To()));
    while (stmt.Step()) rows.push_back(ReadLedgerRow(stmt));
  }
  auto statement = BuildStatement(*agency, month, account.currency, account.credit_limit, opening, std::move(rows));
  auto commission = lease->Prepare(sql::kCommissionBetween);
  commission.Bind(1, agency_id).Bind(2, core::ToEpoch(month.From())).Bind(3, core::ToEpoch(month.To()));
  commission.Step();
  statement.commission = commission.Int(0);
  return statement;
}

std::vector<LedgerCheck> AgencyService::CheckLedger() {
  std::vector<LedgerCheck> checks;
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::TransactionMode::kRead);
  auto stmt = lease->Prepare(sql::kLedgerTotals);
  while (stmt.Step()) checks.push_back({stmt.Int(0), stmt.Int(1), stmt.Int(2), stmt.Int(3)});
  return checks;
}

}  // namespace jetway::agents
