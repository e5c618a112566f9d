// What a caller asks of the booking service: a hold (flights, classes, party) and its confirmation (names, contact,
// payment). Plain types, read from each front door's requests (the API's in api/requests.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "booking/extras.hpp"
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
  // The airlines the caller may sell (a travel agency's, a partner's, an airline's booking site's); empty: any.
  // AIRLINE_NOT_SOLD for another's flight.
  std::vector<std::string> sellable_airlines;
  // How long the seats are held, when the front door promises its callers a time of its own (the partner API's 20
  // minutes); else the airline's, and before names are given at most BookingLimits::unnamed_hold_time.
  std::optional<std::chrono::seconds> hold_time;
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
  bool send_mail = true;         // false: the caller sends its own (a partner's `sendemail: 0`)
  // Extras bought with the booking (the booking site's payment page), checked against `passengers` and paid with
  // the fare and those already added to the hold (BookingView::extras_due).
  std::vector<Extra> extras;
};

// A change of one flight of a booking for another flight on the same route (booking/change.hpp's rules).
struct ChangeRequest {
  int segment = 0;  // 1-based, in the order the booking lists its flights
  std::int64_t flight_id = 0;
  std::string booking_class;
  bool send_mail = true;  // a confirmed booking's contact is sent the confirmation again, with the new flight
};

}  // namespace jetway::booking
