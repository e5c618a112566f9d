#include "booking/extras.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;

namespace {

const std::array<ExtraItem, 3> kKinds{{
    {"BAG", 'C', "0CC", 2, true},
    {"MEAL", 'G', "0B3", 1, false},
    {"SEAT", 'A', "0B5", 1, false},
}};

}  // namespace

std::span<const ExtraItem> ExtraKinds() { return kKinds; }

const ExtraItem* FindExtra(std::string_view code) {
  for (const auto& k : kKinds)
    if (k.code == code) return &k;
  return nullptr;
}

core::Result<void> CheckExtra(const Extra& extra, core::PaxType type, const std::vector<Extra>& existing) {
  const auto field = fmt::format("extras[{}]", extra.passenger);
  const auto* kind = FindExtra(extra.code);
  if (!kind)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_EXTRA", fmt::format("{} is not an extra this airline sells",
                                                                  extra.code.substr(0, 8)), field);
  if (type == core::PaxType::kInfant && !kind->for_infants)
    return Fail(ErrorKind::kInvalid, "EXTRA_NOT_FOR_PASSENGER",
                fmt::format("an infant on a lap has no {} of their own", kind->code == "SEAT" ? "seat" : "meal"),
                field);
  if (kind->code == "SEAT" && extra.seat.empty())
    return Fail(ErrorKind::kInvalid, "SEAT_REQUIRED", "a paid seat names its seat, as 4A", field);
  const auto had = std::count_if(existing.begin(), existing.end(), [&](const Extra& e) {
    return e.passenger == extra.passenger && e.segment == extra.segment && e.code == extra.code;
  });
  if (had >= kind->max_per_flight)
    return Fail(ErrorKind::kConflict, "TOO_MANY_EXTRAS",
                fmt::format("passenger {} has {} {} on this flight already; at most {}", extra.passenger, had,
                            kind->code, kind->max_per_flight),
                field);
  return {};
}

core::Result<core::Money> PriceOf(const std::vector<Extra>& extras,
                                  const std::vector<std::pair<std::string, core::Money>>& prices) {
  if (extras.empty()) return Fail(ErrorKind::kInvalid, "INVALID_EXTRAS", "buy at least one extra", "extras");
  std::optional<core::Money> total;
  for (const auto& e : extras) {
    const auto it = std::find_if(prices.begin(), prices.end(), [&](const auto& p) { return p.first == e.code; });
    if (it == prices.end())
      return Fail(ErrorKind::kConflict, "EXTRA_NOT_SOLD", fmt::format("this airline does not sell {}", e.code),
                  "extras");
    if (!total) {
      total = core::Money{0, it->second.currency};
    } else if (total->currency != it->second.currency) {
      return Fail(ErrorKind::kInvalid, "CURRENCY_MISMATCH", "extras are priced in one currency", "extras");
    }
    total->minor += it->second.minor;
  }
  return *total;
}

}  // namespace jetway::booking
