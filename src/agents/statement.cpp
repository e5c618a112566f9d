#include "agents/statement.hpp"

#include <fmt/core.h>

#include "core/money.hpp"
#include "core/text.hpp"
#include "reports/table.hpp"

namespace jetway::agents {
namespace {

std::string Amount(std::int64_t minor, const std::string& currency) { return core::FormatAmount({minor, currency}); }

void Add(Statement& s, const LedgerEntry& e) {
  switch (e.kind) {
    case LedgerKind::kDeposit: s.deposits += e.amount.minor; break;
    case LedgerKind::kBooking: s.bookings += e.amount.minor; break;
    case LedgerKind::kRefund: s.refunds += e.amount.minor; break;
    case LedgerKind::kAdjustment: s.adjustments += e.amount.minor; break;
  }
}

}  // namespace

core::Instant StatementMonth::From() const {
  return date::sys_days{date::year{year} / date::month{month} / date::day{1}};
}

core::Instant StatementMonth::To() const {
  const auto next = date::year_month{date::year{year} / date::month{month}} + date::months{1};
  return date::sys_days{next / date::day{1}};
}

std::string StatementMonth::Label() const { return fmt::format("{:04}-{:02}", year, month); }

core::Result<StatementMonth> ParseStatementMonth(std::string_view text) {
  const auto year = text.size() == 7 && text[4] == '-' ? core::ParseInteger(text.substr(0, 4), 2000, 2100)
                                                       : std::nullopt;
  const auto month = year ? core::ParseInteger(text.substr(5, 2), 1, 12) : std::nullopt;
  if (!year || !month)
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_MONTH", "a statement month is written 2026-11", "month");
  return StatementMonth{static_cast<int>(*year), static_cast<unsigned>(*month)};
}

StatementMonth MonthOf(core::Instant at) {
  const date::year_month_day day{date::floor<date::days>(at)};
  return {static_cast<int>(day.year()), static_cast<unsigned>(day.month())};
}

Statement BuildStatement(const Agency& agency, StatementMonth month, const std::string& currency,
                         std::int64_t credit_limit, std::int64_t opening, std::vector<LedgerEntry> rows) {
  Statement s{agency, month, currency, credit_limit, opening, {}, opening, 0, 0, 0, 0};
  for (auto& row : rows) {
    s.closing += row.amount.minor;
    Add(s, row);
    s.lines.push_back({std::move(row), s.closing});
  }
  return s;
}

reports::Table StatementTable(const Statement& s) {
  const auto& c = s.currency;
  reports::Table table{"statement " + s.month.Label(),
                       {"date", "kind", "booking", "reference", "by", "note", "amount", "balance", "currency"},
                       {}};
  const auto row = [&](std::string when, std::string kind, const LedgerEntry* e, std::string amount,
                       std::string balance) {
    table.rows.push_back({reports::Text(std::move(when)), reports::Text(std::move(kind)),
                          reports::Text(e ? e->locator : ""), reports::Text(e ? e->reference : ""),
                          reports::Text(e ? e->actor : ""), reports::Text(e ? e->note : ""),
                          reports::Number(std::move(amount)), reports::Number(std::move(balance)),
                          reports::Text(c)});
  };
  row(core::FormatIsoDate(date::year_month_day{date::floor<date::days>(s.month.From())}), "opening", nullptr, "",
      Amount(s.opening, c));
  for (const auto& line : s.lines)
    row(core::FormatUtc(line.entry.at), std::string(ToString(line.entry.kind)), &line.entry,
        Amount(line.entry.amount.minor, c), Amount(line.balance, c));
  const auto last = core::FormatIsoDate(date::year_month_day{date::floor<date::days>(s.month.To() - date::days{1})});
  row(last, "closing", nullptr, "", Amount(s.closing, c));
  for (const auto& [kind, total] : {std::pair{"total_deposits", s.deposits}, {"total_bookings", s.bookings},
                                    {"total_refunds", s.refunds}, {"total_adjustments", s.adjustments}})
    row(last, kind, nullptr, Amount(total, c), "");
  row(last, s.agency.settlement == Settlement::kNet ? "commission_deducted" : "commission_to_pay_out", nullptr,
      Amount(s.commission, c), "");
  return table;
}

std::string StatementCsv(const Statement& statement) { return reports::ToCsv(StatementTable(statement)); }

}  // namespace jetway::agents
