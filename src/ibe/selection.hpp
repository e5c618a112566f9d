// The flight a passenger picked on the results page travels to the server inside a signed token: the flights,
// the booking class, the price shown, the party and an expiry, with an HMAC over all of it. A changed price,
// flight or party fails verification, so the form cannot be used to book at a price the server never offered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"
#include "web/signer.hpp"

namespace jetway::ibe {

enum class Direction { kOutbound, kReturn };

struct Selection {
  Direction direction = Direction::kOutbound;
  std::vector<std::int64_t> flight_ids;
  std::string booking_class;
  core::Money price;
  pricing::PartyMix party;
  core::Instant expires_at;
};

// How long a results page's choices stay valid: long enough to compare, short enough that prices stay current.
inline constexpr std::chrono::minutes kSelectionLifetime{30};

std::string EncodeSelection(const web::Signer& signer, const Selection& selection);
// TAMPERED_SELECTION when the token is malformed or its signature does not match; SELECTION_EXPIRED after its time.
core::Result<Selection> DecodeSelection(const web::Signer& signer, std::string_view token, core::Instant now);

// The signed link to a booking's pages (/booking/LOCATOR?t=...): whoever made or retrieved the booking holds it.
// What a booking link grants: its booking's pages until `expires_at`; for a booking without names yet, also the
// hold's secret token, which the link carries because the booking service asks for it.
struct BookingGrant {
  std::string hold_token;
  core::Instant expires_at;
};
// "<expires epoch>.<hold token or nothing>.<signature of locator, expiry and hold token>".
std::string BookingToken(const web::Signer& signer, std::string_view locator, const BookingGrant& grant);
// nullopt for a token that is not ours for this locator; BOOKING_LINK_EXPIRED for one past its time.
core::Result<BookingGrant> ReadBookingToken(const web::Signer& signer, std::string_view locator,
                                            std::string_view token, core::Instant now);

}  // namespace jetway::ibe
