#include "booking/payment.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace jetway::booking {

using core::ErrorKind;

std::string_view ToString(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::kCash: return "cash";
    case PaymentMethod::kTestCard: return "test_card";
    case PaymentMethod::kOnAccount: return "on_account";
  }
  return "test_card";
}

namespace {

std::optional<core::Error> CardRefusal(const CardDetails& c, core::LocalDate today) {
  auto invalid = [](const char* code, const char* message, const char* field) {
    return std::optional(core::MakeError(ErrorKind::kInvalid, code, message, field));
  };
  if (c.number.empty()) return invalid("CARD_REQUIRED", "card details are required", "payment.card.number");
  if (c.number.size() < 12 || c.number.size() > 19 ||
      !std::all_of(c.number.begin(), c.number.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return invalid("INVALID_CARD_NUMBER", "card number must be 12 to 19 digits (spaces and hyphens allowed)",
                   "payment.card.number");
  if (c.expiry_month < 1 || c.expiry_month > 12)
    return invalid("INVALID_CARD_EXPIRY", "expiry month must be 1-12", "payment.card.expiry_month");
  const int now_ym = static_cast<int>(today.year()) * 12 + static_cast<int>(static_cast<unsigned>(today.month()));
  if (c.expiry_year * 12 + c.expiry_month < now_ym)
    return invalid("CARD_EXPIRED", "the card has expired", "payment.card.expiry_year");
  if (c.cvc.size() < 3 || c.cvc.size() > 4 ||
      !std::all_of(c.cvc.begin(), c.cvc.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return invalid("INVALID_CVC", "security code must be 3 or 4 digits", "payment.card.cvc");
  if (c.holder.empty() || c.holder.size() > 60)
    return invalid("INVALID_CARD_HOLDER", "card holder name is required", "payment.card.holder");
  return std::nullopt;
}

}  // namespace

std::optional<core::Error> PaymentRefusal(const core::Actor& actor, PaymentMethod method, const CardDetails& card,
                                          core::LocalDate today) {
  switch (method) {
    case PaymentMethod::kCash:
      if (actor.May(core::Permission::kPaymentsCash)) return std::nullopt;
      return core::MakeError(ErrorKind::kForbidden, "PAYMENT_METHOD_NOT_ALLOWED",
                             "cash is taken only at an airline office; pay by card", "payment.method");
    case PaymentMethod::kTestCard:
      return CardRefusal(card, today);
    case PaymentMethod::kOnAccount:
      if (actor.agency_id > 0) return std::nullopt;
      return core::MakeError(ErrorKind::kForbidden, "PAYMENT_METHOD_NOT_ALLOWED",
                             "only a travel agency pays on account; pay by card", "payment.method");
  }
  return std::nullopt;
}

Taken TakePayment(PaymentGateway& gateway, PaymentMethod method, const CardDetails& card, const core::Money& amount,
                  const std::string& locator) {
  if (method == PaymentMethod::kCash) return {true, fmt::format("CASH-{}", locator), "", ""};
  const auto outcome = gateway.Charge(amount, card, locator);
  const std::string masked = "****" + card.number.substr(card.number.size() - std::min<std::size_t>(4, card.number.size()));
  return {outcome.approved, outcome.reference, outcome.decline_reason, masked};
}

std::string CardDigits(std::string_view typed) {
  std::string digits;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (digits.size() == 20) break;
    digits.push_back(c);
  }
  return digits;
}

bool LuhnValid(std::string_view digits) {
  if (digits.size() < 12 || digits.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (std::size_t i = digits.size(); i-- > 0;) {
    char c = digits[i];
    if (c < '0' || c > '9') return false;
    int d = c - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

PaymentOutcome TestCardGateway::Charge(const core::Money& amount, const CardDetails& card, std::string_view idempotency) {
  if (card.number == "4000000000000002") return {false, {}, "card declined by issuer (test card 4000 0000 0000 0002)"};
  if (!card.number.starts_with("4242") || !LuhnValid(card.number))
    return {false, {}, "card declined: use test card 4242 4242 4242 4242"};
  return {true, fmt::format("TEST-{}-{}{}", idempotency, amount.minor, amount.currency), {}};
}

}  // namespace jetway::booking
