// The rules of changing one flight of a booking for another on the same route (a date or time change): what it
// costs by the terms the old flight's fare was sold with, whether the new flight keeps the journey in order, and the
// booking's price lines after it. Pure functions over values; the booking service applies them in its transaction.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"

namespace jetway::booking {

// What the changed segment was sold with, as far as a change is concerned; amounts in the booking's currency.
struct ChangeTerms {
  bool paid = false;        // a confirmed booking: its money was taken, so the fare's change rule applies
  bool refundable = false;  // a cheaper new fare gives the difference back only when the old fare was refundable
  std::optional<core::Money> fee_each;  // per passenger holding a seat; nullopt: the fare permits no changes
  int seated = 0;                       // adults and children (infants on a lap pay no change fee)
};

// What a change costs and gives back. Unpaid (held) bookings change for nothing but the new price: nothing was
// paid, so there is no fee, nothing to give back and nothing forfeited; `collect` is then the new total's change
// (which may be negative).
struct ChangeQuote {
  core::Money fee;        // the change fee for every seated passenger
  core::Money collect;    // the fee, plus a dearer fare's and dearer taxes' difference
  core::Money give_back;  // lower taxes' difference, and a refundable fare's lower fare's
  core::Money forfeited;  // a non-refundable fare's lower fare's difference: the airline keeps it
  core::Money Net() const { return {collect.minor - give_back.minor, collect.currency}; }
};

// CHANGES_NOT_PERMITTED when a paid booking's fare permits no changes.
core::Result<ChangeQuote> QuoteChange(const pricing::SegmentPrice& old_share, const pricing::SegmentPrice& new_share,
                                      const ChangeTerms& terms);

// What cancelling one flight of several costs: a paid booking gets back the flight's taxes, and its fare too when the
// fare was refundable (less the commission an agency settling net kept on it); a non-refundable fare is forfeited.
// An unpaid booking's price just falls by the flight's share (`collect` negative).
ChangeQuote QuoteLegCancel(const pricing::SegmentPrice& share, bool paid, bool refundable,
                           std::int64_t commission_kept);

// The booking's price per passenger type after a segment's share `before` is replaced by `after` (each passenger
// type's share of that segment): each line less the old segment's and plus the new one's.
std::vector<pricing::PaxTypePrice> LinesAfterChange(std::vector<pricing::PaxTypePrice> lines,
                                                    const std::vector<pricing::PaxTypePrice>& before,
                                                    const std::vector<pricing::PaxTypePrice>& after);

// A flight of the journey, as the order of the journey needs it.
struct Leg {
  std::string name;  // "X9101 on 2026-12-10", for messages
  std::string origin;
  std::string destination;
  core::Instant departure;
  core::Instant arrival;
};

// Whether `replacement` may take the place of legs[index]: the same origin and destination, and the journey still
// in order: it departs at least `connection_before` after the previous leg lands, and lands at least
// `connection_after` before the next one departs (the airports' minimum connecting times).
// CHANGE_ROUTE_DIFFERS, CHANGE_BREAKS_CONNECTION.
core::Result<void> CheckReplacement(const std::vector<Leg>& legs, std::size_t index, const Leg& replacement,
                                    std::chrono::minutes connection_before, std::chrono::minutes connection_after);

}  // namespace jetway::booking
