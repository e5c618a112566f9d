// jetway's schedule lines as SSIM flight legs and back (schedule/ssim.hpp is the file format). jetway keeps local
// times and each airport's time zone; SSIM gives each leg's UTC variation for its period, so a line whose airports
// change their clocks inside its period is written as one leg per stretch of the same variations (the DST split),
// and such stretches are joined again when read. Each line is its own itinerary variation (a multi-leg flight is
// written leg by leg, each its own variation of the same number). Canonical both ways: writing what was read gives
// the same data set. Pure given the airports' zones; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <date/tz.h>

#include "reference/reference_service.hpp"
#include "schedule/schedule.hpp"
#include "schedule/ssim.hpp"

namespace jetway::schedule {

// A schedule line with what SSIM says of its aircraft.
struct SsimLine {
  ScheduleLine line;            // config_id unused when read: the aircraft is named by type and configuration
  std::string aircraft_type;    // the configuration's code: an IATA aircraft type, "DH4"
  std::string configuration;    // "J8Y66"
  std::string booking_classes;  // PRBD, "JY"
  int source_line = 0;          // the first leg's record, when read
  // Written: days the line operates on which jetway has no scheduled flight of it (cancelled one by one), sorted.
  // SSIM has no "except" for a period: the period is cut around them, as airlines write such a flight.
  std::vector<core::LocalDate> not_flown;
};

struct SsimAirline {
  std::string designator;
  std::string name;
  std::vector<SsimLine> lines;
  // Read: the carrier record's period of validity (what a data set that is the whole schedule speaks for), and where.
  core::LocalDate valid_from{};
  core::LocalDate valid_to{};
  int carrier_record = 0;
};

// Days of operation as SSIM writes them, whatever form a line keeps them in ("135", "1.3.5.."): "1.3.5..", the digit
// where the day is operated and '.' where not.
std::string SevenDays(const std::string& days);

// Whether `days`, as SevenDays writes them, include `day`'s day of the week.
bool Operates(const std::string& days, core::LocalDate day);

// The days of `line`'s period it operates on with no date in `flown` (sorted): its not_flown.
std::vector<core::LocalDate> NotFlown(const ScheduleLine& line, const std::vector<core::LocalDate>& flown);

// An airport's time zone; nullptr for an airport jetway does not know.
using ZoneOf = std::function<const date::time_zone*(std::string_view airport)>;

// "J8Y66" from cabins (letters in the order given), and back; nullopt for text that is not one.
std::string ConfigurationOf(const std::vector<reference::CabinSpec>& cabins);
std::optional<std::vector<reference::CabinSpec>> ParseConfiguration(std::string_view text);

// The data set of `airlines`' lines, created on `created`: lines that differ only in being contiguous periods are
// joined, then split where an airport's UTC variation changes and around each day not flown; operating days only (a
// stretch with none is left out); legs ordered by flight number, then period.
ssim::DataSet ToDataSet(const std::vector<SsimAirline>& airlines, const ZoneOf& zones, core::LocalDate created);

// The lines a data set holds (a UTC-mode carrier's legs turned to local time by their variations), each checked: airports jetway knows, the variations right for
// the airports' zones on the period's first day, the line's own rules (schedule::Validate), no leg departing a day
// after its flight's first. Contiguous legs that differ only in period are joined. Every problem with its record.
std::variant<std::vector<SsimAirline>, std::vector<ssim::Problem>> FromDataSet(const ssim::DataSet& set,
                                                                               const ZoneOf& zones);

}  // namespace jetway::schedule
