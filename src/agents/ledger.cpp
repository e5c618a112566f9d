#include "agents/ledger.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/text.hpp"

namespace jetway::agents {
namespace {

using core::ErrorKind;

std::string Shown(const core::Money& money) { return fmt::format("{} {}", money.currency, core::FormatAmount(money)); }

core::Result<void> SameCurrency(const Account& account, const core::Money& amount, const char* field) {
  if (amount.currency != account.currency)
    return core::Fail(ErrorKind::kConflict, "CURRENCY_MISMATCH",
                      fmt::format("the agency's account is in {}, not {}", account.currency,
                                  core::ToText(amount.currency, 8)),
                      field);
  return {};
}

}  // namespace

std::string_view ToString(LedgerKind kind) {
  switch (kind) {
    case LedgerKind::kDeposit: return "deposit";
    case LedgerKind::kBooking: return "booking";
    case LedgerKind::kRefund: return "refund";
    case LedgerKind::kAdjustment: return "adjustment";
  }
  return "adjustment";
}

std::optional<LedgerKind> ParseLedgerKind(std::string_view text) {
  for (auto kind : {LedgerKind::kDeposit, LedgerKind::kBooking, LedgerKind::kRefund, LedgerKind::kAdjustment})
    if (ToString(kind) == text) return kind;
  return std::nullopt;
}

core::Money Account::Available() const { return {std::max<std::int64_t>(0, credit_limit + balance), currency}; }

core::Result<void> CheckCharge(const Account& account, const core::Money& charge) {
  if (auto bad = SameCurrency(account, charge, "payment"); !bad) return bad;
  const auto available = account.Available();
  if (charge.minor > available.minor)
    return core::Fail(ErrorKind::kConflict, "CREDIT_LIMIT_EXCEEDED",
                      fmt::format("the booking costs {} and the agency has {} available on its account", Shown(charge),
                                  Shown(available)),
                      "payment");
  return {};
}

core::Result<void> CheckCreditLimit(const Account& account, const core::Money& limit) {
  if (limit.minor < 0 || limit.minor > kMaxLedgerAmount)
    return core::Fail(ErrorKind::kInvalid, "INVALID_AMOUNT",
                      fmt::format("a credit limit is from 0 to {}", Shown({kMaxLedgerAmount, account.currency})),
                      "credit_limit");
  return SameCurrency(account, limit, "credit_limit");
}

core::Result<void> CheckFunds(const Account& account, LedgerKind kind, const core::Money& amount,
                              std::string_view note) {
  if (kind != LedgerKind::kDeposit && kind != LedgerKind::kAdjustment)
    return core::Fail(ErrorKind::kInvalid, "INVALID_LEDGER_KIND", "staff record deposits and adjustments", "kind");
  if (auto bad = SameCurrency(account, amount, "amount"); !bad) return bad;
  const auto size = amount.minor < 0 ? -amount.minor : amount.minor;
  if (amount.minor == 0 || size > kMaxLedgerAmount || (kind == LedgerKind::kDeposit && amount.minor < 0))
    return core::Fail(ErrorKind::kInvalid, "INVALID_AMOUNT",
                      kind == LedgerKind::kDeposit
                          ? fmt::format("a deposit is above zero and at most {}", Shown({kMaxLedgerAmount, account.currency}))
                          : fmt::format("an adjustment is not zero and at most {} either way",
                                        Shown({kMaxLedgerAmount, account.currency})),
                      "amount");
  const auto tidy = core::Trim(note);
  if (kind == LedgerKind::kAdjustment && tidy.empty())
    return core::Fail(ErrorKind::kInvalid, "NOTE_REQUIRED", "say why the account is adjusted", "note");
  if (tidy.size() > kMaxLedgerNote || !core::IsText(tidy) ||
      std::any_of(tidy.begin(), tidy.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return core::Fail(ErrorKind::kInvalid, "INVALID_NOTE",
                      fmt::format("a note is at most {} characters of text", kMaxLedgerNote), "note");
  return {};
}

}  // namespace jetway::agents
