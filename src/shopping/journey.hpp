// What a search shows: journeys of one or more flights (each with its identity, airports, and times in UTC and local
// at each end) and the offers a party can book on each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"

namespace jetway::shopping {

struct SegmentView {
  std::int64_t flight_id = 0;
  std::string airline;
  std::string flight_number;
  std::string origin;
  std::string destination;
  core::Instant departure_utc;
  core::Instant arrival_utc;
  std::string departure_local;
  std::string arrival_local;
};

struct Offer {
  std::string booking_class;
  std::string cabin;
  std::string brand;
  int seats_available = 0;
  pricing::PartyPrice price;
  bool refundable = false;
  std::optional<core::Money> change_fee;
  int checked_bags = 0;
  std::vector<std::int64_t> fare_ids;  // the adult fare filed for each segment, in segment order
};

struct Journey {
  std::vector<SegmentView> segments;
  std::vector<Offer> offers;  // cheapest first; empty when the journey is sold out for this party
};

}  // namespace jetway::shopping
