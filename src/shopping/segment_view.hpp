// One flight of a journey as a search shows it: its identity, airports, and times in UTC and local at each end.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.hpp"

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

}  // namespace jetway::shopping
