#include "booking/payment.hpp"

#include <fmt/core.h>

namespace jetway::booking {

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
