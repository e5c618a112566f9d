#include "pricing/fare.hpp"

#include <fmt/core.h>

namespace jetway::pricing {

using core::ErrorKind;
using core::Fail;
using core::Money;
using core::PaxType;

std::vector<core::Error> PartyProblems(const PartyMix& mix) {
  std::vector<core::Error> problems;
  // In the order Validate has always checked; a field already in error gets no second problem.
  auto problem = [&](const char* message, std::string_view field) {
    for (const auto& p : problems)
      if (p.field == field) return;
    problems.push_back(core::MakeError(ErrorKind::kInvalid, "INVALID_PASSENGER_MIX", message, std::string(field)));
  };
  if (mix.adults < 1 || mix.adults > kMaxSeatsPerBooking) problem("adults must be between 1 and 9", "adults");
  if (mix.children < 0) problem("children cannot be negative", "children");
  if (mix.infants < 0) problem("infants cannot be negative", "infants");
  if (mix.SeatsNeeded() > kMaxSeatsPerBooking)
    problem("at most 9 seated passengers (adults + children) per booking", "children");
  if (mix.infants > mix.adults) problem("each infant must travel on the lap of a different adult", "infants");
  return problems;
}

core::Result<void> Validate(const PartyMix& mix) {
  auto problems = PartyProblems(mix);
  if (!problems.empty()) return std::unexpected(std::move(problems.front()));
  return {};
}

std::optional<Money> RateTable::Convert(const Money& money, const std::string& to) const {
  if (money.currency == to) return money;
  if (auto it = rates_.find({money.currency, to}); it != rates_.end()) return core::Convert(money, to, it->second);
  if (auto it = rates_.find({to, money.currency}); it != rates_.end()) {
    // Inverse rate in millionths, rounded to nearest.
    const std::int64_t inverse = (1'000'000'000'000LL + it->second / 2) / it->second;
    return core::Convert(money, to, inverse);
  }
  return std::nullopt;
}

bool AllIn(const std::vector<SegmentPricing>& segments, const std::string& currency) {
  for (const auto& segment : segments) {
    for (const auto& [type, fare] : segment.fares)
      if (fare.amount.currency != currency) return false;
    for (const auto& tax : segment.taxes)
      if (tax.amount.currency != currency) return false;
  }
  return true;
}

core::Result<PartyPrice> PriceParty(const PartyMix& mix, const std::vector<SegmentPricing>& segments,
                                    const RateTable& rates, const std::string& currency) {
  std::vector<const SegmentPricing*> each;
  for (const auto& segment : segments) each.push_back(&segment);
  return PriceParty(mix, each, rates, currency);
}

core::Result<PartyPrice> PriceParty(const PartyMix& mix, std::span<const SegmentPricing* const> segments,
                                    const RateTable& rates, const std::string& currency) {
  PartyPrice price{Money{0, currency}, {}, std::vector<SegmentPrice>(segments.size(),
                                                                      SegmentPrice{Money{0, currency}, Money{0, currency}})};
  const std::pair<PaxType, int> counts[] = {
      {PaxType::kAdult, mix.adults}, {PaxType::kChild, mix.children}, {PaxType::kInfant, mix.infants}};
  for (auto [type, count] : counts) {
    if (count == 0) continue;
    PaxTypePrice line{type, count, Money{0, currency}, Money{0, currency}};
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const auto& segment = *segments[i];
      auto& share = price.per_segment[i];
      auto fare = segment.fares.find(type);
      if (fare == segment.fares.end())
        return Fail(ErrorKind::kConflict, "FARE_NOT_FOUND",
                    fmt::format("no {} fare is filed for this booking class", core::ToString(type)));
      auto amount = rates.Convert(fare->second.amount, currency);
      if (!amount)
        return Fail(ErrorKind::kInvalid, "UNSUPPORTED_CURRENCY",
                    fmt::format("no exchange rate from {} to {}", fare->second.amount.currency, currency), "currency");
      line.fare_each.minor += amount->minor;
      share.fare.minor += amount->minor * count;
      PaxTypePrice own{type, count, *amount, Money{0, currency}};
      for (const auto& tax : segment.taxes) {
        if (type == PaxType::kInfant && !tax.applies_to_infants) continue;
        auto tax_amount = rates.Convert(tax.amount, currency);
        if (!tax_amount)
          return Fail(ErrorKind::kInvalid, "UNSUPPORTED_CURRENCY",
                      fmt::format("no exchange rate from {} to {}", tax.amount.currency, currency), "currency");
        line.taxes_each.minor += tax_amount->minor;
        share.taxes.minor += tax_amount->minor * count;
        own.taxes_each.minor += tax_amount->minor;
      }
      share.per_pax_type.push_back(std::move(own));
    }
    price.total.minor += (line.fare_each.minor + line.taxes_each.minor) * count;
    price.per_pax_type.push_back(std::move(line));
  }
  return price;
}

}  // namespace jetway::pricing
