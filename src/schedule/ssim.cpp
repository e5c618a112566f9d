#include "schedule/ssim.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace jetway::schedule::ssim {

namespace {

constexpr std::size_t kRecord = 200;
constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::string_view kTitle = "AIRLINE STANDARD SCHEDULE DATA SET";

// Columns `from`..`to` (1-based, inclusive) of a record, as SSIM numbers them.
std::string_view Cols(std::string_view record, int from, int to) {
  return record.substr(static_cast<std::size_t>(from - 1), static_cast<std::size_t>(to - from + 1));
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::optional<int> Digits(std::string_view text) {
  text = Trimmed(text);
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool IsAllZero(std::string_view record) {
  return std::all_of(record.begin(), record.end(), [](char c) { return c == '0'; });
}

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// HHMM → minutes after midnight (0000-2359).
std::optional<int> Clock(std::string_view text) {
  if (text.size() != 4 || !AllDigits(text)) return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[2] - '0') * 10 + (text[3] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

// ±HHMM → minutes east of UTC.
std::optional<int> Offset(std::string_view text) {
  if (text.size() != 5 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const auto clock = Clock(text.substr(1));
  if (!clock || *clock > 14 * 60) return std::nullopt;
  return text[0] == '-' ? -*clock : *clock;
}

std::optional<int> DayShift(char c) {
  if (c == ' ' || c == '0') return 0;
  if (c == '1') return 1;
  if (c == '2') return 2;
  if (c == 'A') return -1;
  return std::nullopt;
}

char DayShiftCode(int shift) {
  if (shift == 0) return ' ';
  if (shift < 0) return 'A';
  return static_cast<char>('0' + std::min(shift, 9));
}

bool IsAirport(std::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool IsDesignator(std::string_view code) {
  return (code.size() == 2 || code.size() == 3) &&
         std::all_of(code.begin(), code.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// "J8Y66": cabin letters, each with its seats.
bool IsConfiguration(std::string_view text) {
  if (text.empty()) return false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] < 'A' || text[i] > 'Z') return false;
    const auto start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == start || i - start > 3) return false;
  }
  return true;
}

// Writes `text` into `record` from 1-based column `col`.
void Put(std::string& record, int col, std::string_view text) {
  record.replace(static_cast<std::size_t>(col - 1), text.size(), text);
}

struct Reader {
  std::vector<ssim::Problem> problems;
  DataSet set;
  int serial = 0;          // the last record's serial number
  const Carrier* carrier = nullptr;
  bool header = false;

  void Report(int line, std::string field, std::string message) {
    problems.push_back({line, std::move(field), std::move(message)});
  }

  std::optional<core::LocalDate> Date(int line, std::string_view record, int from, const char* name) {
    auto date = ParseDate(Cols(record, from, from + 6));
    if (!date)
      Report(line, fmt::format("{} ({}-{})", name, from, from + 6),
              fmt::format("'{}' is not a date like 29MAR26", Cols(record, from, from + 6)));
    return date;
  }

  void Serial(int line, std::string_view record) {
    const auto number = Digits(Cols(record, 195, 200));
    if (!number) {
      Report(line, "record serial number (195-200)", "six digits");
    } else if (*number != serial + 1) {
      Report(line, "record serial number (195-200)", fmt::format("{:06d} follows {:06d}", *number, serial));
    }
    serial = number.value_or(serial + 1);
  }

  void HeaderRecord(int line, std::string_view record) {
    if (Cols(record, 2, 35) != kTitle) Report(line, "title (2-35)", fmt::format("must be '{}'", kTitle));
    if (header) Report(line, "record type (1)", "a second header record");
    header = true;
  }

  void CarrierRecord(int line, std::string_view record) {
    Carrier c;
    c.line = line;
    c.time_mode = record[1];
    if (c.time_mode != 'L' && c.time_mode != 'U') Report(line, "time mode (2)", "L (local) or U (UTC)");
    c.airline = std::string(Trimmed(Cols(record, 3, 5)));
    if (!IsDesignator(c.airline)) Report(line, "airline designator (3-5)", "two or three letters or digits");
    c.season = std::string(Trimmed(Cols(record, 11, 13)));
    const auto from = Date(line, record, 15, "period of validity from");
    const auto to = Date(line, record, 22, "period of validity to");
    if (from && to && *to < *from) Report(line, "period of validity (15-28)", "ends before it begins");
    c.valid_from = from.value_or(core::LocalDate{});
    c.valid_to = to.value_or(core::LocalDate{});
    c.created = ParseDate(Cols(record, 29, 35)).value_or(c.valid_from);
    c.title = std::string(Trimmed(Cols(record, 36, 64)));
    c.status = record[71];
    if (!header) Report(line, "record type (1)", "a carrier record before the header record");
    set.carriers.push_back(std::move(c));
    carrier = &set.carriers.back();
  }

  void LegRecord(int line, std::string_view record) {
    Leg leg;
    leg.line = line;
    leg.suffix = record[1];
    leg.airline = std::string(Trimmed(Cols(record, 3, 5)));
    if (!carrier)
      Report(line, "record type (1)", "a flight leg before any carrier record");
    else if (leg.airline != carrier->airline)
      Report(line, "airline designator (3-5)", fmt::format("'{}' is not the carrier's ({})", leg.airline,
                                                            carrier->airline));
    const auto number = Digits(Cols(record, 6, 9));
    if (!number || *number < 1) Report(line, "flight number (6-9)", "1 to 9999, right-aligned");
    leg.flight_number = number.value_or(0);
    const auto ivi = Digits(Cols(record, 10, 11));
    if (!ivi || *ivi < 1) Report(line, "itinerary variation identifier (10-11)", "01 to 99");
    leg.variation = ivi.value_or(1);
    const auto seq = Digits(Cols(record, 12, 13));
    if (!seq || *seq < 1) Report(line, "leg sequence number (12-13)", "01 to 99");
    leg.leg_sequence = seq.value_or(1);
    leg.service_type = record[13];
    if (leg.service_type != 'J' && leg.service_type != 'G' && leg.service_type != 'C')
      Report(line, "service type (14)",
             fmt::format("'{}': jetway sells passenger flights (J scheduled, G additional, C charter)",
                         leg.service_type));
    if (record[35] != ' ') Report(line, "frequency rate (36)", "only weekly flights (blank) are held");
    const auto from = Date(line, record, 15, "period of operation from");
    const auto to = Date(line, record, 22, "period of operation to");
    if (from && to && *to < *from) Report(line, "period of operation (15-28)", "ends before it begins");
    leg.from = from.value_or(core::LocalDate{});
    leg.to = to.value_or(core::LocalDate{});
    leg.days = std::string(7, '.');
    bool any = false;
    for (int d = 0; d < 7; ++d) {
      const char c = record[static_cast<std::size_t>(28 + d)];
      if (c == ' ') continue;
      if (c != '1' + d) {
        Report(line, "days of operation (29-35)", fmt::format("day {} is '{}', not {} or blank", d + 1, c, d + 1));
        continue;
      }
      leg.days[static_cast<std::size_t>(d)] = c;
      any = true;
    }
    if (!any) Report(line, "days of operation (29-35)", "no day of operation");
    leg.origin = std::string(Cols(record, 37, 39));
    if (!IsAirport(leg.origin)) Report(line, "departure station (37-39)", "three letters");
    const auto std_ = Clock(Cols(record, 40, 43));
    if (!std_) Report(line, "passenger STD (40-43)", "HHMM, 0000 to 2359");
    leg.departure_minutes = std_.value_or(0);
    const auto dep_offset = Offset(Cols(record, 48, 52));
    if (!dep_offset) Report(line, "UTC/local time variation (48-52)", "+HHMM or -HHMM");
    leg.departure_offset = dep_offset.value_or(0);
    leg.destination = std::string(Cols(record, 55, 57));
    if (!IsAirport(leg.destination)) Report(line, "arrival station (55-57)", "three letters");
    const auto sta = Clock(Cols(record, 62, 65));
    if (!sta) Report(line, "passenger STA (62-65)", "HHMM, 0000 to 2359");
    leg.arrival_minutes = sta.value_or(0);
    const auto arr_offset = Offset(Cols(record, 66, 70));
    if (!arr_offset) Report(line, "UTC/local time variation (66-70)", "+HHMM or -HHMM");
    leg.arrival_offset = arr_offset.value_or(0);
    leg.aircraft_type = std::string(Trimmed(Cols(record, 73, 75)));
    if (leg.aircraft_type.empty()) Report(line, "aircraft type (73-75)", "the IATA aircraft type");
    leg.booking_classes = std::string(Trimmed(Cols(record, 76, 95)));
    leg.configuration = std::string(Trimmed(Cols(record, 173, 192)));
    if (!IsConfiguration(leg.configuration))
      Report(line, "aircraft configuration/version (173-192)", "cabins and seats, as J8Y66");
    const auto dep_shift = DayShift(record[192]);
    const auto arr_shift = DayShift(record[193]);
    if (!dep_shift || !arr_shift) Report(line, "date variation (193-194)", "blank, 0, 1, 2 or A for each");
    leg.departure_day_shift = dep_shift.value_or(0);
    leg.arrival_day_shift = arr_shift.value_or(0);
    set.legs.push_back(std::move(leg));
  }

  // Segment data (DEI lines: code shares, meal notes, traffic restrictions) is not held, so it is neither imported nor
  // exported; the record is still checked to belong where it stands, after a leg of its flight, and counted so the
  // import can say what it left out.
  void SegmentRecord(int line, std::string_view record) {
    ++set.segment_records;
    if (!carrier) {
      Report(line, "record type (1)", "a segment data record before any carrier record");
      return;
    }
    const auto airline = Trimmed(Cols(record, 3, 5));
    const auto number = Digits(Cols(record, 6, 9));
    const auto ivi = Digits(Cols(record, 10, 11));
    const Leg* leg = set.legs.empty() || set.legs.back().line < carrier->line ? nullptr : &set.legs.back();
    if (!leg || airline != leg->airline || number != leg->flight_number || ivi != leg->variation)
      Report(line, "flight designator (3-11)", "not the flight of a leg record before it");
    if (!AllDigits(Cols(record, 31, 33))) Report(line, "data element identifier (31-33)", "three digits");
    if (!IsAirport(Cols(record, 34, 36))) Report(line, "board point (34-36)", "three letters");
    if (!IsAirport(Cols(record, 37, 39))) Report(line, "off point (37-39)", "three letters");
  }

  void TrailerRecord(int line, std::string_view record, int previous) {
    const auto airline = Trimmed(Cols(record, 3, 5));
    if (!carrier || airline != carrier->airline)
      Report(line, "airline designator (3-5)", "the trailer of no carrier record before it");
    const auto check = Digits(Cols(record, 188, 193));
    if (!check || *check != previous)
      Report(line, "serial number check reference (188-193)", fmt::format("the previous record is {:06d}", previous));
    if (record[193] != 'E' && record[193] != 'C') Report(line, "continuation/end code (194)", "E or C");
    carrier = nullptr;
  }

  void Record(int line, std::string_view record) {
    const int previous = serial;
    Serial(line, record);
    switch (record[0]) {
      case '1': HeaderRecord(line, record); break;
      case '2': CarrierRecord(line, record); break;
      case '3': LegRecord(line, record); break;
      case '4': SegmentRecord(line, record); break;
      case '5': TrailerRecord(line, record, previous); break;
      default: Report(line, "record type (1)", fmt::format("'{}' is not a record type (1 to 5)", record[0]));
    }
  }
};

// The file's records with their 1-based numbers (its lines, when it has line breaks).
std::vector<std::pair<int, std::string>> Records(std::string_view text, std::vector<Problem>& problems) {
  std::vector<std::pair<int, std::string>> records;
  if (text.find('\n') == std::string_view::npos) {
    for (std::size_t at = 0, n = 1; at < text.size(); at += kRecord, ++n) {
      const auto record = text.substr(at, kRecord);
      if (record.size() < kRecord)
        problems.push_back({static_cast<int>(n), "record", fmt::format("{} characters, not 200", record.size())});
      else
        records.emplace_back(static_cast<int>(n), std::string(record));
    }
    return records;
  }
  int n = 0;
  while (!text.empty()) {
    ++n;
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trimmed(line).empty()) continue;
    if (line.size() > kRecord) {
      problems.push_back({n, "record", fmt::format("{} characters, not 200", line.size())});
      continue;
    }
    std::string record(line);
    record.resize(kRecord, ' ');  // trailing blanks an editor dropped
    records.emplace_back(n, std::move(record));
  }
  return records;
}

}  // namespace

std::string FormatClock(int minutes) { return fmt::format("{:02d}{:02d}", minutes / 60, minutes % 60); }

std::string FormatVariation(int minutes) {
  return fmt::format("{}{:02d}{:02d}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
}

std::string FormatDate(core::LocalDate date) {
  return fmt::format("{:02d}{}{:02d}", static_cast<unsigned>(date.day()),
                     kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()) % 100);
}

std::optional<core::LocalDate> ParseDate(std::string_view text) {
  if (text.size() != 7) return std::nullopt;
  const auto day = Digits(text.substr(0, 2));
  const auto year = Digits(text.substr(5, 2));
  const auto month = std::find(std::begin(kMonths), std::end(kMonths), text.substr(2, 3));
  if (!day || !year || month == std::end(kMonths) || text[0] == ' ' || text[5] == ' ') return std::nullopt;
  const core::LocalDate date{date::year{2000 + *year}, date::month{static_cast<unsigned>(month - std::begin(kMonths) + 1)},
                             date::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string SeasonOf(core::LocalDate day) {
  using namespace date;  // NOLINT(google-build-using-namespace): the calendar's literals
  const auto year = day.year();
  const auto summer = year_month_day{year / March / Sunday[last]};
  const auto winter = year_month_day{year / October / Sunday[last]};
  if (day < summer) return fmt::format("W{:02d}", (static_cast<int>(year) - 1) % 100);
  if (day < winter) return fmt::format("S{:02d}", static_cast<int>(year) % 100);
  return fmt::format("W{:02d}", static_cast<int>(year) % 100);
}

std::variant<DataSet, std::vector<Problem>> Parse(std::string_view text) {
  Reader reader;
  for (auto& [line, record] : Records(text, reader.problems)) {
    if (IsAllZero(record)) continue;
    reader.Record(line, record);
  }
  if (!reader.header && reader.problems.empty()) reader.Report(1, "record type (1)", "no header record");
  if (!reader.problems.empty()) return std::move(reader.problems);
  return std::move(reader.set);
}

std::string Write(const DataSet& set) {
  std::vector<std::string> records;
  int serial = 0;
  const auto add = [&](std::string record) {
    Put(record, 195, fmt::format("{:06d}", ++serial));
    records.push_back(std::move(record));
  };
  const auto new_block = [&] {
    while (records.size() % 5 != 0) records.emplace_back(kRecord, '0');
  };
  std::string header(kRecord, ' ');
  Put(header, 1, "1");
  Put(header, 2, kTitle);
  Put(header, 41, "1");
  Put(header, 192, "001");
  add(std::move(header));
  for (const auto& c : set.carriers) {
    new_block();
    std::string carrier(kRecord, ' ');
    Put(carrier, 1, "2");
    Put(carrier, 2, std::string(1, c.time_mode));
    Put(carrier, 3, c.airline);
    Put(carrier, 11, c.season);
    Put(carrier, 15, FormatDate(c.valid_from));
    Put(carrier, 22, FormatDate(c.valid_to));
    Put(carrier, 29, FormatDate(c.created));
    Put(carrier, 36, c.title.substr(0, 29));
    Put(carrier, 65, FormatDate(c.created));
    Put(carrier, 72, std::string(1, c.status));
    add(std::move(carrier));
    for (const auto& l : set.legs) {
      if (l.airline != c.airline) continue;
      std::string leg(kRecord, ' ');
      Put(leg, 1, "3");
      Put(leg, 2, std::string(1, l.suffix));
      Put(leg, 3, l.airline);
      Put(leg, 6, fmt::format("{:>4}", l.flight_number));
      Put(leg, 10, fmt::format("{:02d}{:02d}", l.variation, l.leg_sequence));
      Put(leg, 14, std::string(1, l.service_type));
      Put(leg, 15, FormatDate(l.from));
      Put(leg, 22, FormatDate(l.to));
      for (int d = 0; d < 7; ++d)
        if (static_cast<std::size_t>(d) < l.days.size() && l.days[static_cast<std::size_t>(d)] == '1' + d)
          Put(leg, 29 + d, std::string(1, static_cast<char>('1' + d)));
      Put(leg, 37, l.origin);
      Put(leg, 40, FormatClock(l.departure_minutes) + FormatClock(l.departure_minutes));
      Put(leg, 48, FormatVariation(l.departure_offset));
      Put(leg, 55, l.destination);
      Put(leg, 58, FormatClock(l.arrival_minutes) + FormatClock(l.arrival_minutes));
      Put(leg, 66, FormatVariation(l.arrival_offset));
      Put(leg, 73, l.aircraft_type.substr(0, 3));
      Put(leg, 76, l.booking_classes.substr(0, 20));
      Put(leg, 173, l.configuration.substr(0, 20));
      Put(leg, 193, std::string{DayShiftCode(l.departure_day_shift), DayShiftCode(l.arrival_day_shift)});
      add(std::move(leg));
    }
    std::string trailer(kRecord, ' ');
    Put(trailer, 1, "5");
    Put(trailer, 3, c.airline);
    Put(trailer, 6, FormatDate(c.created));
    Put(trailer, 188, fmt::format("{:06d}", serial));
    Put(trailer, 194, "E");
    add(std::move(trailer));
  }
  new_block();
  std::string out;
  out.reserve(records.size() * (kRecord + 1));
  for (const auto& r : records) out += r + "\n";
  return out;
}

}  // namespace jetway::schedule::ssim
