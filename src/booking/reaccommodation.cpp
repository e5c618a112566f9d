#include "booking/reaccommodation.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace jetway::booking {

namespace {

// Whether `option` can carry the party in the journey's place of the disrupted leg.
bool Works(const Disruption& d, const Option& option) {
  return !option.cancelled && option.seats_free >= d.seats &&
         CheckReplacement(d.legs, d.index, option.leg, d.connection_before, d.connection_after).has_value();
}

std::chrono::minutes Distance(const Option& option, const Leg& original) {
  return std::chrono::abs(std::chrono::duration_cast<std::chrono::minutes>(option.leg.departure - original.departure));
}

}  // namespace

Reaccommodation Reaccommodate(const Disruption& d, const std::vector<Option>& alternatives) {
  if (Works(d, d.now)) return {Reaccommodation::Outcome::kStays, d.now, ""};
  const auto& original = d.legs.at(d.index);
  const Option* best = nullptr;
  for (const auto& option : alternatives) {
    if (option.flight_id == d.now.flight_id || !Works(d, option)) continue;
    // Nearest to the time sold; of two as near, the later (no one is asked to be at the airport earlier).
    if (!best || Distance(option, original) < Distance(*best, original) ||
        (Distance(option, original) == Distance(*best, original) && option.leg.departure > best->leg.departure))
      best = &option;
  }
  if (best) return {Reaccommodation::Outcome::kMoved, *best, ""};
  const auto why = d.now.cancelled ? std::string("cancelled")
                   : d.now.seats_free < d.seats
                       ? fmt::format("{} seat(s) left for a party of {}", d.now.seats_free, d.seats)
                       : std::string("its new times break the journey's connections");
  return {Reaccommodation::Outcome::kUnplaced, {},
          fmt::format("{} is {}, and no flight the same day on {}-{} has {} seat(s) in the cabin and keeps the "
                      "connections",
                      original.name, why, original.origin, original.destination, d.seats)};
}

}  // namespace jetway::booking
