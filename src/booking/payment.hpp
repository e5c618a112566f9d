// The payment gateway seen by the booking service. TestCardGateway is the test implementation the issue calls for
// and the one jetway runs with until a real acquirer is configured: card numbers starting 4242 are approved,
// 4000000000000002 is declined, anything else fails Luhn or is declined. It keeps no state and is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/money.hpp"

namespace jetway::booking {

struct CardDetails {
  std::string number;
  int expiry_month = 0;
  int expiry_year = 0;
  std::string cvc;
  std::string holder;
};

struct PaymentOutcome {
  bool approved = false;
  std::string reference;       // gateway's transaction id when approved
  std::string decline_reason;  // human reason when declined
};

class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  virtual PaymentOutcome Charge(const core::Money& amount, const CardDetails& card, std::string_view idempotency) = 0;
};

bool LuhnValid(std::string_view digits);
// A card number as people type it ("4242 4242-4242 4242") without its spaces and dashes. Anything longer than a
// card number can be is cut to 20 characters, still too long, so the payment is refused rather than stored whole.
std::string CardDigits(std::string_view typed);

class TestCardGateway final : public PaymentGateway {
 public:
  PaymentOutcome Charge(const core::Money& amount, const CardDetails& card, std::string_view idempotency) override;
};

}  // namespace jetway::booking
