#include "booking/change.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <utility>

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;

core::Result<ChangeQuote> QuoteChange(const pricing::SegmentPrice& old_share, const pricing::SegmentPrice& new_share,
                                      const ChangeTerms& terms) {
  const auto& currency = old_share.fare.currency;
  ChangeQuote quote{{0, currency}, {0, currency}, {0, currency}, {0, currency}};
  const auto fare_difference = new_share.fare.minor - old_share.fare.minor;
  const auto tax_difference = new_share.taxes.minor - old_share.taxes.minor;
  if (!terms.paid) {
    quote.collect.minor = fare_difference + tax_difference;
    return quote;
  }
  if (!terms.fee_each)
    return Fail(ErrorKind::kConflict, "CHANGES_NOT_PERMITTED", "the fare this flight was sold with permits no changes");
  quote.fee.minor = terms.fee_each->minor * terms.seated;
  quote.collect.minor = quote.fee.minor + std::max<std::int64_t>(fare_difference, 0) +
                        std::max<std::int64_t>(tax_difference, 0);
  // Taxes are charged for flying and are not the airline's to keep; a fare's lower price comes back only when the
  // fare was refundable.
  quote.give_back.minor = std::max<std::int64_t>(-tax_difference, 0);
  const auto cheaper_by = std::max<std::int64_t>(-fare_difference, 0);
  (terms.refundable ? quote.give_back : quote.forfeited).minor += cheaper_by;
  return quote;
}

ChangeQuote QuoteLegCancel(const pricing::SegmentPrice& share, bool paid, bool refundable,
                           std::int64_t commission_kept) {
  const auto& currency = share.fare.currency;
  ChangeQuote quote{{0, currency}, {0, currency}, {0, currency}, {0, currency}};
  if (!paid) {
    quote.collect.minor = -(share.fare.minor + share.taxes.minor);
    return quote;
  }
  quote.give_back.minor = share.taxes.minor + (refundable ? share.fare.minor - commission_kept : 0);
  quote.forfeited.minor = refundable ? 0 : share.fare.minor;
  return quote;
}

std::vector<pricing::PaxTypePrice> LinesAfterChange(std::vector<pricing::PaxTypePrice> lines,
                                                    const std::vector<pricing::PaxTypePrice>& before,
                                                    const std::vector<pricing::PaxTypePrice>& after) {
  for (auto& line : lines) {
    for (const auto& old : before)
      if (old.pax_type == line.pax_type) {
        line.fare_each.minor -= old.fare_each.minor;
        line.taxes_each.minor -= old.taxes_each.minor;
      }
    for (const auto& now : after)
      if (now.pax_type == line.pax_type) {
        line.fare_each.minor += now.fare_each.minor;
        line.taxes_each.minor += now.taxes_each.minor;
      }
  }
  return lines;
}

namespace {

std::string Minutes(std::chrono::minutes m) { return fmt::format("{} minutes", m.count()); }

}  // namespace

core::Result<void> CheckReplacement(const std::vector<Leg>& legs, std::size_t index, const Leg& replacement,
                                    std::chrono::minutes connection_before, std::chrono::minutes connection_after) {
  const auto& old = legs.at(index);
  if (replacement.origin != old.origin || replacement.destination != old.destination)
    return Fail(ErrorKind::kInvalid, "CHANGE_ROUTE_DIFFERS",
                fmt::format("{} flies {}-{}; it can be changed for another {}-{} flight only, not {}-{}", old.name,
                            old.origin, old.destination, old.origin, old.destination, replacement.origin,
                            replacement.destination),
                "flight_id");
  if (index > 0 && replacement.departure < legs[index - 1].arrival + connection_before)
    return Fail(ErrorKind::kConflict, "CHANGE_BREAKS_CONNECTION",
                fmt::format("{} leaves {} less than {} after {} lands there", replacement.name, replacement.origin,
                            Minutes(connection_before), legs[index - 1].name),
                "flight_id");
  if (index + 1 < legs.size() && replacement.arrival + connection_after > legs[index + 1].departure)
    return Fail(ErrorKind::kConflict, "CHANGE_BREAKS_CONNECTION",
                fmt::format("{} lands in {} less than {} before {} leaves", replacement.name, replacement.destination,
                            Minutes(connection_after), legs[index + 1].name),
                "flight_id");
  return {};
}

}  // namespace jetway::booking
