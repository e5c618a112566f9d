// Priced extras a passenger buys for a flight (checked bags, a hot meal, a paid seat), each sold as an EMD-A: an
// electronic miscellaneous document associated with the passenger's flight coupon, numbered like a ticket from the
// airline's serial range, its reason for issuance (RFIC) and sub-code (RFISC) as ../shared/reference/iata.md §4 gives
// them (the sub-codes vary by airline filing: jetway's choice). The catalogue's rules and a purchase's checks. Pure;
// thread-safe. The service that sells them (prices in the booking's currency, issue with the payment) comes next.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace jetway::booking {

// An extra as the airline sells it.
struct ExtraItem {
  std::string code;    // jetway's: BAG, MEAL, SEAT
  char rfic = 'C';     // C baggage, G in-flight services, A air transportation (seats)
  std::string rfisc;   // 0CC first checked bag, 0B5 seat assignment, 0B3 meal (unverified filing)
  int max_per_flight = 1;  // per passenger
  bool for_infants = false;  // an infant on a lap has no seat and eats from the adult's tray
};

// The kinds jetway sells, with their codes and limits; the airline prices them.
std::span<const ExtraItem> ExtraKinds();
const ExtraItem* FindExtra(std::string_view code);

// One extra bought, or to buy.
struct Extra {
  int passenger = 0;  // 1-based
  int segment = 0;    // the flight's seq
  std::string code;
  std::string seat;   // SEAT: which paid seat
};

// A purchase checked against the passenger and what they already have on that flight: UNKNOWN_EXTRA,
// EXTRA_NOT_FOR_PASSENGER (a seat or meal for an infant on a lap), TOO_MANY_EXTRAS (over the kind's limit),
// SEAT_REQUIRED (a paid seat names its seat).
core::Result<void> CheckExtra(const Extra& extra, core::PaxType passenger_type, const std::vector<Extra>& existing);

// What a purchase costs: the airline's price of each kind (nullopt: not sold by this airline: EXTRA_NOT_SOLD), all
// in one currency (CURRENCY_MISMATCH otherwise); INVALID_EXTRAS for none.
core::Result<core::Money> PriceOf(const std::vector<Extra>& extras,
                                  const std::vector<std::pair<std::string, core::Money>>& prices);

}  // namespace jetway::booking
