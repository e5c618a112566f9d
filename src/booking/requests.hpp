// What a caller asks of the booking service: a hold (flights, classes, party) and its confirmation (names, contact,
// payment). Plain types, read from each front door's requests (the API's in api/requests.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "booking/payment.hpp"
#include "booking/pnr.hpp"
#include "pricing/fare.hpp"

namespace jetway::booking {

struct SegmentRequest {
  std::int64_t flight_id = 0;
  std::string booking_class;
};

struct HoldRequest {
  std::vector<SegmentRequest> segments;
  pricing::PartyMix party;
  std::optional<std::string> currency;
  // The airlines the caller may sell (a travel agency's); empty: any. AIRLINE_NOT_SOLD for another's flight.
  std::vector<std::string> sellable_airlines;
  std::optional<std::string> idempotency_key;  // scoped to the caller (core::Actor::Scope)
  std::string fingerprint;  // hash of the request body, to refuse a reused key with a different request
};

struct ConfirmRequest {
  std::string hold_token;  // the secret the hold returned: only the one who made the hold (or staff) may confirm it
  std::vector<Passenger> passengers;
  Contact contact;
  PaymentMethod method = PaymentMethod::kCash;
  CardDetails card;
  std::optional<std::string> idempotency_key;
  std::string fingerprint;
  std::string language = "en";  // of the confirmation e-mail
};

}  // namespace jetway::booking
