// The payment gateway seen by the booking service. TestCardGateway is the test implementation the issue calls for
// and the one jetway runs with until a real acquirer is configured: card numbers starting 4242 are approved,
// 4000000000000002 is declined, anything else fails Luhn or is declined. It keeps no state and is thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

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

// How a booking is paid. Each method says who may use it and how the money is taken (TakePayment). Cash is counted
// by staff at an airline office, so it needs the payments.cash permission; anyone may pay by card; only a travel
// agency pays on account, charged to its ledger by the booking service in the confirmation's own transaction.
enum class PaymentMethod { kCash, kTestCard, kOnAccount };

// "cash", "test_card", "on_account": the payments table's method column.
std::string_view ToString(PaymentMethod method);

// Whether `actor` may pay this way and the details are complete (a card's number, expiry on or after `today`, CVC,
// holder): FORBIDDEN or INVALID with the field, before anything is locked or charged.
std::optional<core::Error> PaymentRefusal(const core::Actor& actor, PaymentMethod method, const CardDetails& card,
                                          core::LocalDate today);

struct Taken {
  bool approved = false;
  std::string reference;       // the gateway's transaction id, or the cash receipt's
  std::string decline_reason;  // when not approved
  std::string masked;          // what the history may show of a card ("****4242"); empty for cash
};
// Takes `amount` for booking `locator`: cash as counted at the office, a card through the gateway. Not for
// kOnAccount, which the booking service charges to the agency's ledger.
Taken TakePayment(PaymentGateway& gateway, PaymentMethod method, const CardDetails& card, const core::Money& amount,
                  const std::string& locator);

class TestCardGateway final : public PaymentGateway {
 public:
  PaymentOutcome Charge(const core::Money& amount, const CardDetails& card, std::string_view idempotency) override;
};

}  // namespace jetway::booking
