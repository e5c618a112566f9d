#include "schedule/ssim_schedule.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace jetway::schedule {

namespace {

// The UTC variation (minutes east) of `zone` at `minutes` after local midnight on `day`.
int VariationAt(const date::time_zone* zone, core::LocalDate day, int minutes) {
  const auto utc = core::LocalToUtc(zone, day, minutes);
  const auto local = date::local_days{day} + std::chrono::minutes{minutes};
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::minutes>(local.time_since_epoch() - utc.time_since_epoch()).count());
}

// Everything but the period: what makes two lines the same flight.
auto Identity(const SsimLine& l) {
  const auto& s = l.line;
  return std::tie(s.airline, s.flight_number, s.origin, s.destination, s.departure_local_minutes,
                  s.arrival_local_minutes, s.arrival_day_offset, s.days_of_operation, l.aircraft_type,
                  l.configuration, l.booking_classes);
}


// Lines that are one flight over contiguous periods, as one line; sorted by flight, then period.
std::vector<SsimLine> Joined(std::vector<SsimLine> lines) {
  for (auto& l : lines) l.line.days_of_operation = SevenDays(l.line.days_of_operation);
  std::stable_sort(lines.begin(), lines.end(), [](const SsimLine& a, const SsimLine& b) {
    return std::tuple_cat(Identity(a), std::tie(a.line.valid_from)) <
           std::tuple_cat(Identity(b), std::tie(b.line.valid_from));
  });
  std::vector<SsimLine> joined;
  for (auto& l : lines) {
    if (!joined.empty() && Identity(joined.back()) == Identity(l) &&
        core::AddDays(joined.back().line.valid_to, 1) == l.line.valid_from) {
      joined.back().line.valid_to = l.line.valid_to;
      auto& not_flown = joined.back().not_flown;
      not_flown.insert(not_flown.end(), l.not_flown.begin(), l.not_flown.end());
      continue;
    }
    joined.push_back(std::move(l));
  }
  std::stable_sort(joined.begin(), joined.end(), [](const SsimLine& a, const SsimLine& b) {
    return std::tie(a.line.flight_number, a.line.valid_from, a.line.origin, a.line.departure_local_minutes) <
           std::tie(b.line.flight_number, b.line.valid_from, b.line.origin, b.line.departure_local_minutes);
  });
  return joined;
}

// A line's legs: one per stretch of days with the same variations at both airports and no day not flown between
// them, each with a day it operates.
std::vector<ssim::Leg> Legs(const SsimLine& l, const ZoneOf& zones) {
  const auto& s = l.line;
  const auto* from_zone = zones(s.origin);
  const auto* to_zone = zones(s.destination);
  std::vector<ssim::Leg> legs;
  const auto variations = [&](core::LocalDate day) {
    return std::pair{from_zone ? VariationAt(from_zone, day, s.departure_local_minutes) : 0,
                     to_zone ? VariationAt(to_zone, core::AddDays(day, s.arrival_day_offset), s.arrival_local_minutes)
                             : 0};
  };
  bool open = false;  // the last leg goes on while the days after it are like it
  bool operated = false;
  const auto close = [&] {
    if (open && !operated) legs.pop_back();  // a stretch without a flight says nothing
    open = false;
  };
  for (auto day = s.valid_from; day <= s.valid_to; day = core::AddDays(day, 1)) {
    if (std::binary_search(l.not_flown.begin(), l.not_flown.end(), day)) {
      close();
      continue;
    }
    const auto [dep, arr] = variations(day);
    if (!open || legs.back().departure_offset != dep || legs.back().arrival_offset != arr) {
      close();
      ssim::Leg leg;
      leg.airline = s.airline;
      leg.flight_number = s.flight_number;
      leg.from = day;
      leg.days = s.days_of_operation;
      leg.origin = s.origin;
      leg.departure_minutes = s.departure_local_minutes;
      leg.departure_offset = dep;
      leg.destination = s.destination;
      leg.arrival_minutes = s.arrival_local_minutes;
      leg.arrival_offset = arr;
      leg.aircraft_type = l.aircraft_type;
      leg.booking_classes = l.booking_classes;
      leg.configuration = l.configuration;
      leg.arrival_day_shift = s.arrival_day_offset;
      legs.push_back(std::move(leg));
      open = true;
      operated = false;
    }
    legs.back().to = day;
    operated = operated || Operates(s.days_of_operation, day);
  }
  close();
  return legs;
}

// A leg of a UTC-mode data set in local time: each time moved by its station's variation; where the departure moves
// to another day, the period and the days of operation move with it (SSIM gives them for the UTC departure).
ssim::Leg LocalLeg(const ssim::Leg& utc) {
  const auto day_of = [](int minutes) { return minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440); };
  ssim::Leg local = utc;
  const int departure = utc.departure_minutes + 1440 * utc.departure_day_shift + utc.departure_offset;
  const int shift = day_of(departure);
  local.departure_minutes = departure - shift * 1440;
  const int arrival = utc.arrival_minutes + 1440 * utc.arrival_day_shift + utc.arrival_offset;
  local.arrival_minutes = arrival - day_of(arrival) * 1440;
  local.arrival_day_shift = day_of(arrival) - shift;
  local.departure_day_shift = 0;
  local.from = core::AddDays(utc.from, shift);
  local.to = core::AddDays(utc.to, shift);
  std::string days(7, '.');
  for (int d = 0; d < 7; ++d)
    if (utc.days[static_cast<std::size_t>(d)] != '.') {
      const int moved = ((d + shift) % 7 + 7) % 7;
      days[static_cast<std::size_t>(moved)] = static_cast<char>('1' + moved);
    }
  local.days = days;
  return local;
}

// A leg that continues `previous` as the next leg of one flight: same number, period and days, leaving where it
// arrived, the same day, after it arrived.
bool Continues(const ssim::Leg& previous, const ssim::Leg& leg) {
  return leg.flight_number == previous.flight_number && leg.from == previous.from && leg.to == previous.to &&
         leg.days == previous.days && leg.origin == previous.destination && previous.arrival_day_shift == 0 &&
         leg.departure_minutes >= previous.arrival_minutes;
}

// Legs in the data set's order (by flight number, period, then departure) with their itinerary variations: a
// multi-leg flight (jetway keeps each leg as a line of the same number) is one variation with legs 01, 02, ...
void NumberVariations(std::vector<ssim::Leg>& legs) {
  std::stable_sort(legs.begin(), legs.end(), [](const ssim::Leg& a, const ssim::Leg& b) {
    return std::tie(a.flight_number, a.from, a.to, a.days, a.departure_minutes, a.origin) <
           std::tie(b.flight_number, b.from, b.to, b.days, b.departure_minutes, b.origin);
  });
  std::map<int, int> variations;  // per flight number
  for (std::size_t i = 0; i < legs.size(); ++i) {
    if (i > 0 && Continues(legs[i - 1], legs[i])) {
      legs[i].variation = legs[i - 1].variation;
      legs[i].leg_sequence = legs[i - 1].leg_sequence + 1;
      continue;
    }
    legs[i].variation = ++variations[legs[i].flight_number];
    legs[i].leg_sequence = 1;
  }
}

}  // namespace

std::string SevenDays(const std::string& days) {
  std::string seven(7, '.');
  for (char c : days)
    if (c >= '1' && c <= '7') seven[static_cast<std::size_t>(c - '1')] = c;
  return seven;
}

bool Operates(const std::string& days, core::LocalDate day) {
  return days[static_cast<std::size_t>(core::IsoWeekday(day) - 1)] != '.';
}

std::vector<core::LocalDate> NotFlown(const ScheduleLine& line, const std::vector<core::LocalDate>& flown) {
  const auto days = SevenDays(line.days_of_operation);
  std::vector<core::LocalDate> not_flown;
  for (auto day = line.valid_from; day <= line.valid_to; day = core::AddDays(day, 1))
    if (Operates(days, day) && !std::binary_search(flown.begin(), flown.end(), day)) not_flown.push_back(day);
  return not_flown;
}

std::string ConfigurationOf(const std::vector<reference::CabinSpec>& cabins) {
  std::string text;
  for (const auto& c : cabins) text += fmt::format("{}{}", c.cabin, c.seats);
  return text;
}

std::optional<std::vector<reference::CabinSpec>> ParseConfiguration(std::string_view text) {
  std::vector<reference::CabinSpec> cabins;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] < 'A' || text[i] > 'Z') return std::nullopt;
    reference::CabinSpec cabin{std::string(1, text[i++]), 0, 0};
    const auto start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3)
      cabin.seats = cabin.seats * 10 + (text[i++] - '0');
    if (i == start || cabin.seats == 0) return std::nullopt;
    cabins.push_back(std::move(cabin));
  }
  if (cabins.empty()) return std::nullopt;
  return cabins;
}

ssim::DataSet ToDataSet(const std::vector<SsimAirline>& airlines, const ZoneOf& zones, core::LocalDate created) {
  ssim::DataSet set;
  for (const auto& a : airlines) {
    std::vector<ssim::Leg> legs;
    for (const auto& l : Joined(a.lines))
      for (auto& leg : Legs(l, zones)) legs.push_back(std::move(leg));
    if (legs.empty()) continue;
    NumberVariations(legs);
    ssim::Carrier c;
    c.airline = a.designator;
    c.title = a.name;
    c.created = created;
    c.valid_from = legs.front().from;
    c.valid_to = legs.front().to;
    for (const auto& leg : legs) {
      c.valid_from = std::min(c.valid_from, leg.from);
      c.valid_to = std::max(c.valid_to, leg.to);
    }
    c.season = ssim::SeasonOf(c.valid_from);
    set.carriers.push_back(std::move(c));
    for (auto& leg : legs) set.legs.push_back(std::move(leg));
  }
  return set;
}

std::variant<std::vector<SsimAirline>, std::vector<ssim::Problem>> FromDataSet(const ssim::DataSet& set,
                                                                               const ZoneOf& zones) {
  std::vector<ssim::Problem> problems;
  std::vector<SsimAirline> airlines;
  std::map<std::string, char> time_modes;
  for (const auto& c : set.carriers) {
    time_modes[c.airline] = c.time_mode;
    if (std::none_of(airlines.begin(), airlines.end(), [&](const SsimAirline& a) { return a.designator == c.airline; }))
      airlines.push_back({c.airline, c.title, {}, c.valid_from, c.valid_to, c.line});
  }
  for (const auto& read : set.legs) {
    const auto leg = time_modes[read.airline] == 'U' ? LocalLeg(read) : read;
    const auto problem = [&](std::string field, std::string message) {
      problems.push_back({leg.line, std::move(field), std::move(message)});
    };
    const auto* from_zone = zones(leg.origin);
    const auto* to_zone = zones(leg.destination);
    if (!from_zone) problem("departure station (37-39)", fmt::format("jetway has no airport {}", leg.origin));
    if (!to_zone) problem("arrival station (55-57)", fmt::format("jetway has no airport {}", leg.destination));
    if (leg.departure_day_shift != 0)
      problem("date variation (193)", "a leg departing on another day than its flight's first is not supported");
    const int arrival_offset_days = leg.arrival_day_shift - leg.departure_day_shift;
    // On the period's first and last days: a variation that changes inside a leg's period is two legs in SSIM (and
    // in a UTC data set it would move the local times of part of the period).
    for (const auto day : {leg.from, leg.to}) {
      if (from_zone)
        if (const auto expected = VariationAt(from_zone, day, leg.departure_minutes); expected != leg.departure_offset) {
          problem("UTC/local time variation (48-52)",
                  fmt::format("{} is UTC{} on {} at {}, not UTC{}", leg.origin, ssim::FormatVariation(expected),
                              ssim::FormatDate(day), ssim::FormatClock(leg.departure_minutes),
                              ssim::FormatVariation(leg.departure_offset)));
          break;
        }
      if (to_zone)
        if (const auto expected = VariationAt(to_zone, core::AddDays(day, arrival_offset_days), leg.arrival_minutes);
            expected != leg.arrival_offset) {
          problem("UTC/local time variation (66-70)",
                  fmt::format("{} is UTC{} on arrival at {}, not UTC{}", leg.destination,
                              ssim::FormatVariation(expected), ssim::FormatClock(leg.arrival_minutes),
                              ssim::FormatVariation(leg.arrival_offset)));
          break;
        }
    }
    // The block time by the file's own variations: what jetway would sell as the flight's length.
    const int block = (leg.arrival_minutes + 24 * 60 * arrival_offset_days - leg.arrival_offset) -
                      (leg.departure_minutes - leg.departure_offset);
    if (block <= 0 || block > kMaxBlockMinutes)
      problem("passenger STA (62-65)", fmt::format("the flight would take {} minutes ({} to {}, arrival day {:+d}): "
                                                   "more than 0 and at most {} are flown",
                                                   block, ssim::FormatClock(leg.departure_minutes),
                                                   ssim::FormatClock(leg.arrival_minutes), arrival_offset_days,
                                                   kMaxBlockMinutes));
    if (!ParseConfiguration(leg.configuration))
      problem("aircraft configuration/version (173-192)", "cabins and seats, as J8Y66");
    SsimLine line;
    line.line = {leg.airline, leg.flight_number, leg.origin, leg.destination, leg.departure_minutes,
                 leg.arrival_minutes, arrival_offset_days, leg.days, leg.from, leg.to, 0};
    line.aircraft_type = leg.aircraft_type;
    line.configuration = leg.configuration;
    line.booking_classes = leg.booking_classes;
    line.source_line = leg.line;
    if (auto ok = Validate(line.line); !ok) problem("flight leg", ok.error().message);
    auto airline = std::find_if(airlines.begin(), airlines.end(),
                                [&](const SsimAirline& a) { return a.designator == leg.airline; });
    if (airline != airlines.end()) airline->lines.push_back(std::move(line));
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const ssim::Problem& a, const ssim::Problem& b) { return a.line < b.line; });
    return problems;
  }
  for (auto& a : airlines) {
    auto joined = Joined(std::move(a.lines));
    a.lines = std::move(joined);
  }
  return airlines;
}

}  // namespace jetway::schedule
