// IATA SSIM Chapter 7 schedule data sets (../shared/reference/iata.md §6): fixed 200-character records (1 header,
// 2 carrier, 3 flight leg, 4 segment data, 5 trailer), each ending with its serial number, blocked five at a time
// with all-'0' filler records. Read (with or without line breaks, every bad record reported with its line and
// field) and written (one record per line, deterministic: the same data set is the same bytes). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time.hpp"

namespace jetway::schedule::ssim {

// A carrier record (type 2): one airline's part of the data set.
struct Carrier {
  char time_mode = 'L';  // L local times, U UTC
  std::string airline;   // IATA designator
  std::string season;    // "S26", "W25"
  core::LocalDate valid_from;
  core::LocalDate valid_to;
  core::LocalDate created;
  std::string title;
  char status = 'C';  // P, C (planning, confirmed: unverified meaning)
  int line = 0;       // where it was read (1-based record number)
};

// A flight leg (type 3).
struct Leg {
  std::string airline;
  int flight_number = 0;
  char suffix = ' ';           // the operational suffix
  int variation = 1;           // itinerary variation identifier (IVI)
  int leg_sequence = 1;
  char service_type = 'J';
  core::LocalDate from;        // period of operation
  core::LocalDate to;
  std::string days;            // "1.3.5.7": the days operated, Monday = 1, '.' where not
  std::string origin;
  int departure_minutes = 0;   // passenger STD after midnight, in the carrier's time mode
  int departure_offset = 0;    // the origin's UTC variation for the period, minutes
  std::string destination;
  int arrival_minutes = 0;     // passenger STA
  int arrival_offset = 0;
  std::string aircraft_type;   // IATA 3-character type
  std::string booking_classes; // PRBD
  std::string configuration;   // "J8Y66": cabins and their seats
  int departure_day_shift = 0; // the leg's departure after the flight's first: 0, 1, -1
  int arrival_day_shift = 0;   // its arrival after the flight's first departure day: 0, 1, -1
  int line = 0;
};

struct DataSet {
  std::vector<Carrier> carriers;
  std::vector<Leg> legs;  // in the file's order
  int segment_records = 0;  // type 4 records read (their data elements are not kept)
};

// A record's problem: the record's 1-based number in the file, the field (SSIM's name and columns) and what is wrong.
struct Problem {
  int line = 0;
  std::string field;
  std::string message;
};

// Reads a data set: 200-character records, one per line or run together, all-'0' filler skipped. Every problem is
// reported (the data set is all or nothing).
std::variant<DataSet, std::vector<Problem>> Parse(std::string_view text);

// Writes `set`: the header, then each carrier (its record starting a new block) with its legs and its trailer, each
// record on its own line, blocks filled with '0' records.
std::string Write(const DataSet& set);

// "29MAR26" ↔ a date (years 2000-2099).
std::string FormatDate(core::LocalDate date);
std::optional<core::LocalDate> ParseDate(std::string_view text);

// 0830 from minutes after midnight; +0200 from minutes east of UTC.
std::string FormatClock(int minutes);
std::string FormatVariation(int minutes);

// The IATA season a date falls in: S from the last Sunday of March, W from the last Sunday of October ("S26", "W25").
std::string SeasonOf(core::LocalDate date);

}  // namespace jetway::schedule::ssim
