// Fares, taxes, currency rates and the price of a party (adults, children, infants) over one or more segments.
// A journey's price is the sum over its segments of each passenger type's fare and the departure airport's taxes,
// each converted into the requested currency first (so every passenger of a type pays the same, rounded amount).
// Pure functions over values; thread-safe as values are.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/codes.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace jetway::pricing {

struct PartyMix {
  int adults = 1;
  int children = 0;
  int infants = 0;
  int SeatsNeeded() const { return adults + children; }  // infants sit on a lap
};

inline constexpr int kMaxSeatsPerBooking = 9;

// Adults 1-9, no negative counts, at most one infant per adult, at most 9 seats.
// Every rule the mix breaks, one per field, in that order (what a search form shows); Validate answers the first.
std::vector<core::Error> PartyProblems(const PartyMix& mix);
core::Result<void> Validate(const PartyMix& mix);

struct Fare {
  std::string booking_class;
  core::PaxType pax_type = core::PaxType::kAdult;
  std::string brand;
  core::Money amount;
  bool refundable = false;
  std::optional<core::Money> change_fee;  // nullopt: changes not permitted
  int checked_bags = 0;
  std::int64_t id = 0;  // the filed fare's row: what partners name it by (the partner API's fareid)
};

struct Tax {
  std::string code;
  core::Money amount;
  bool applies_to_infants = false;
};

// The fares (one per passenger type present) and the departure taxes of one segment.
struct SegmentPricing {
  std::map<core::PaxType, Fare> fares;
  std::vector<Tax> taxes;
};

class RateTable {
 public:
  void Set(const std::string& from, const std::string& to, std::int64_t rate_micros) {
    rates_[{from, to}] = rate_micros;
  }
  // True when money can be converted to or from this currency.
  bool Knows(const std::string& currency) const {
    for (const auto& [pair, rate] : rates_)
      if (pair.first == currency || pair.second == currency) return true;
    return false;
  }
  // Direct rate, or the inverse of the opposite rate; nullopt when neither is known.
  std::optional<core::Money> Convert(const core::Money& money, const std::string& to) const;

 private:
  std::map<std::pair<std::string, std::string>, std::int64_t> rates_;
};

struct PaxTypePrice {
  core::PaxType pax_type;
  int count = 0;
  core::Money fare_each;
  core::Money taxes_each;
};

// One segment's share of a party's price: its fares and its taxes for every passenger together (what a refund by
// the segment's fare rule gives back), and each passenger type's (what a change of the segment replaces).
struct SegmentPrice {
  core::Money fare;
  core::Money taxes;
  std::vector<PaxTypePrice> per_pax_type = {};
};

struct PartyPrice {
  core::Money total;
  std::vector<PaxTypePrice> per_pax_type;
  std::vector<SegmentPrice> per_segment;  // in the order of the segments priced
};

core::Result<PartyPrice> PriceParty(const PartyMix& mix, const std::vector<SegmentPricing>& segments,
                                    const RateTable& rates, const std::string& currency);
// True when every fare and tax of `segments` is already in `currency`: pricing them converts nothing, and a caller
// need not read the exchange rates.
bool AllIn(const std::vector<SegmentPricing>& segments, const std::string& currency);
// The same over segments held elsewhere (a search's snapshot), copying none.
core::Result<PartyPrice> PriceParty(const PartyMix& mix, std::span<const SegmentPricing* const> segments,
                                    const RateTable& rates, const std::string& currency);

}  // namespace jetway::pricing
