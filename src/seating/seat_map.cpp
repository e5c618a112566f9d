#include "seating/seat_map.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "core/codes.hpp"
#include "core/text.hpp"

namespace jetway::seating {

using core::ErrorKind;
using core::Fail;

namespace {

std::vector<std::string_view> Split(std::string_view text, char by) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(by, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::optional<int> Row(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  if (text.empty() || text.size() > 2 || std::from_chars(text.data(), end, value).ptr != end) return std::nullopt;
  if (value < 1 || value > kMaxRow) return std::nullopt;
  return value;
}

// "1-3,12" → {1, 2, 3, 12}.
std::optional<std::vector<int>> Rows(std::string_view text) {
  std::vector<int> rows;
  for (auto part : Split(text, ',')) {
    const auto dash = part.find('-');
    const auto first = Row(part.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : Row(part.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    for (int r = *first; r <= *last; ++r) rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end());
  if (std::adjacent_find(rows.begin(), rows.end()) != rows.end()) return std::nullopt;
  return rows;
}

// {1, 2, 3, 12} → "1-3,12".
std::string FormatRows(const std::vector<int>& rows) {
  std::string out;
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t j = i;
    while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(rows[i]);
    if (j > i) out += fmt::format("-{}", rows[j]);
    i = j + 1;
  }
  return out;
}

bool ValidLetters(std::string_view letters) {
  if (letters.empty() || letters.front() == '.' || letters.back() == '.') return false;
  if (letters.find("..") != std::string_view::npos) return false;
  std::set<char> seen;
  int seats = 0;
  for (char c : letters) {
    if (c == '.') continue;
    if (c < 'A' || c > 'Z' || !seen.insert(c).second) return false;
    ++seats;
  }
  return seats <= kMaxSeatsAcross && std::count(letters.begin(), letters.end(), '.') <= 2;
}

Position PositionOf(std::string_view letters, std::size_t i) {
  if (i == 0 || i + 1 == letters.size()) return Position::kWindow;
  if (letters[i - 1] == '.' || letters[i + 1] == '.') return Position::kAisle;
  return Position::kMiddle;
}

struct Line {
  std::string cabin;
  std::vector<int> rows;
  std::string letters;
  std::vector<int> exits;
  std::vector<int> paid;
  std::vector<std::string> blocked;
};

core::Error Bad(int line, std::string_view what) {
  return core::Error{ErrorKind::kInvalid, "INVALID_SEAT_MAP", fmt::format("seat map line {}: {}", line, what),
                     "seat_map"};
}

core::Result<Line> ParseLine(std::string_view text, int number) {
  std::istringstream in{core::AsciiUpper(text)};
  Line line;
  std::string rows;
  if (!(in >> line.cabin >> rows >> line.letters)) return std::unexpected(Bad(number, "write the cabin, rows and letters, as Y 4-28 AB.CD"));
  if (!core::IsCabinCode(line.cabin)) return std::unexpected(Bad(number, "the cabin must be F, J, W or Y"));
  auto parsed = Rows(rows);
  if (!parsed) return std::unexpected(Bad(number, fmt::format("rows '{}' are not rows 1-{} such as 4-12,14-28", rows, kMaxRow)));
  line.rows = *parsed;
  if (!ValidLetters(line.letters))
    return std::unexpected(Bad(number, fmt::format("letters '{}' must be up to {} different letters A-Z with '.' for "
                                                   "at most two aisles, as ABC.DEF",
                                                   line.letters, kMaxSeatsAcross)));
  std::string option;
  while (in >> option) {
    const auto eq = option.find('=');
    std::string key = option.substr(0, eq);
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto value = eq == std::string::npos ? std::string() : option.substr(eq + 1);
    if (key == "exit" || key == "paid") {
      auto list = Rows(value);
      const bool inside = list && std::all_of(list->begin(), list->end(), [&](int r) {
                            return std::binary_search(line.rows.begin(), line.rows.end(), r);
                          });
      if (!inside) return std::unexpected(Bad(number, fmt::format("{} rows '{}' are not rows of this line", key, value)));
      (key == "exit" ? line.exits : line.paid) = *list;
    } else if (key == "blocked") {
      for (auto seat : Split(value, ',')) {
        auto name = NormaliseSeat(seat);
        const bool inside = name && std::binary_search(line.rows.begin(), line.rows.end(), std::stoi(*name)) &&
                            line.letters.find(name->back()) != std::string::npos;
        if (!inside) return std::unexpected(Bad(number, fmt::format("blocked seat '{}' is not a seat of this line", seat)));
        line.blocked.push_back(*name);
      }
    } else {
      return std::unexpected(Bad(number, fmt::format("'{}' is not exit=, paid= or blocked=", option)));
    }
  }
  return line;
}

std::string FormatLine(const Line& l) {
  std::string out = fmt::format("{} {} {}", l.cabin, FormatRows(l.rows), l.letters);
  if (!l.exits.empty()) out += " exit=" + FormatRows(l.exits);
  if (!l.paid.empty()) out += " paid=" + FormatRows(l.paid);
  if (!l.blocked.empty()) {
    out += " blocked=";
    for (std::size_t i = 0; i < l.blocked.size(); ++i) out += (i ? "," : "") + l.blocked[i];
  }
  return out;
}

void AddSeats(const Line& l, std::vector<Seat>& seats) {
  for (int row : l.rows)
    for (std::size_t i = 0; i < l.letters.size(); ++i) {
      if (l.letters[i] == '.') continue;
      Seat s;
      s.row = row;
      s.letter = l.letters[i];
      s.cabin = l.cabin;
      s.position = PositionOf(l.letters, i);
      s.block = static_cast<int>(std::count(l.letters.begin(), l.letters.begin() + static_cast<long>(i), '.'));
      s.exit = std::binary_search(l.exits.begin(), l.exits.end(), row);
      s.paid = std::binary_search(l.paid.begin(), l.paid.end(), row);
      s.blocked = std::find(l.blocked.begin(), l.blocked.end(), s.Name()) != l.blocked.end();
      seats.push_back(s);
    }
}

bool MayUse(const Seat& s, const Sitter& who) { return !s.exit || (!who.child && !who.with_infant); }

bool Free(const Seat& s, const Sitter& who, std::string_view cabin, const std::set<std::string>& taken) {
  return s.cabin == cabin && !s.blocked && !s.paid && MayUse(s, who) && !taken.count(s.Name());
}

}  // namespace

std::string Seat::Name() const { return fmt::format("{}{}", row, letter); }

const Seat* SeatMap::Find(std::string_view name) const {
  for (const auto& s : seats)
    if (s.Name() == name) return &s;
  return nullptr;
}

int SeatMap::Sellable(std::string_view cabin) const {
  return static_cast<int>(
      std::count_if(seats.begin(), seats.end(), [&](const Seat& s) { return s.cabin == cabin && !s.blocked; }));
}

std::optional<std::string> NormaliseSeat(std::string_view name) {
  const auto text = core::AsciiUpper(core::Trim(name));
  if (text.size() < 2 || text.size() > 3) return std::nullopt;
  const char letter = text.back();
  const auto row = Row(std::string_view(text).substr(0, text.size() - 1));
  if (!row || letter < 'A' || letter > 'Z') return std::nullopt;
  return fmt::format("{}{}", *row, letter);
}

core::Result<SeatMap> ParseSeatMap(std::string_view text) {
  SeatMap map;
  std::set<int> rows_seen;
  int number = 0;
  for (auto raw : Split(text, '\n')) {
    ++number;
    const auto trimmed = core::Trim(raw);
    if (trimmed.empty()) continue;
    auto line = ParseLine(trimmed, number);
    if (!line) return std::unexpected(line.error());
    for (int r : line->rows)
      if (!rows_seen.insert(r).second) return std::unexpected(Bad(number, fmt::format("row {} is on an earlier line", r)));
    AddSeats(*line, map.seats);
    map.text += (map.text.empty() ? "" : "\n") + FormatLine(*line);
  }
  std::stable_sort(map.seats.begin(), map.seats.end(), [](const Seat& a, const Seat& b) { return a.row < b.row; });
  return map;
}

core::Result<void> CheckFitsCabins(const SeatMap& map, const std::map<std::string, int>& seats_by_cabin) {
  if (map.Empty()) return {};
  for (const auto& s : map.seats)
    if (!seats_by_cabin.count(s.cabin))
      return Fail(ErrorKind::kInvalid, "SEAT_MAP_MISMATCH",
                  fmt::format("the seat map lays out cabin {}, which this configuration does not have", s.cabin),
                  "seat_map");
  for (const auto& [cabin, seats] : seats_by_cabin)
    if (map.Sellable(cabin) != seats)
      return Fail(ErrorKind::kInvalid, "SEAT_MAP_MISMATCH",
                  fmt::format("cabin {} sells {} seats but its seat map has {} unblocked seats", cabin, seats,
                              map.Sellable(cabin)),
                  "seat_map");
  return {};
}

core::Result<const Seat*> CheckSeat(const SeatMap& map, std::string_view cabin, std::string_view seat,
                                    const Sitter& sitter, const std::set<std::string>& taken, bool paid_ok) {
  const auto name = NormaliseSeat(seat);
  const Seat* s = name ? map.Find(*name) : nullptr;
  const auto field = fmt::format("seats[{}]", sitter.passenger);
  if (!s) return Fail(ErrorKind::kInvalid, "SEAT_NOT_FOUND", fmt::format("this aircraft has no seat {}", seat), field);
  if (s->cabin != cabin)
    return Fail(ErrorKind::kInvalid, "SEAT_WRONG_CABIN",
                fmt::format("seat {} is in cabin {}; the ticket is for cabin {}", s->Name(), s->cabin, cabin), field);
  if (s->blocked)
    return Fail(ErrorKind::kConflict, "SEAT_BLOCKED", fmt::format("seat {} is not available on this flight", s->Name()),
                field);
  if (taken.count(s->Name()))
    return Fail(ErrorKind::kConflict, "SEAT_TAKEN", fmt::format("seat {} has just been taken; choose another", s->Name()),
                field);
  if (!MayUse(*s, sitter))
    return Fail(ErrorKind::kInvalid, "EXIT_ROW_NOT_ALLOWED",
                fmt::format("seat {} is in an emergency exit row: children and adults with an infant may not sit there",
                            s->Name()),
                field);
  if (s->paid && !paid_ok)
    return Fail(ErrorKind::kConflict, "SEAT_NOT_PAID",
                fmt::format("seat {} is a paid seat; buy it before choosing it", s->Name()), field);
  return s;
}

std::map<int, std::string> AutoAssign(const SeatMap& map, std::string_view cabin, const std::vector<Sitter>& party,
                                      const std::set<std::string>& taken) {
  std::map<int, std::string> given;
  // Side by side, for two or more: the front-most row block with a free run as long as the party, every seat fit for its sitter.
  for (std::size_t i = 0; party.size() > 1 && i + party.size() <= map.seats.size(); ++i) {
    bool fits = true;
    for (std::size_t k = 0; k < party.size() && fits; ++k) {
      const auto& s = map.seats[i + k];
      fits = s.row == map.seats[i].row && s.block == map.seats[i].block && Free(s, party[k], cabin, taken);
    }
    if (!fits) continue;
    for (std::size_t k = 0; k < party.size(); ++k) given[party[k].passenger] = map.seats[i + k].Name();
    return given;
  }
  std::vector<const Seat*> order;
  for (const auto& s : map.seats) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [](const Seat* a, const Seat* b) {
    return a->row != b->row ? a->row < b->row : (a->position == Position::kMiddle) < (b->position == Position::kMiddle);
  });
  auto used = taken;
  for (const auto& who : party)
    for (const auto* s : order)
      if (Free(*s, who, cabin, used)) {
        given[who.passenger] = s->Name();
        used.insert(s->Name());
        break;
      }
  return given;
}

}  // namespace jetway::seating
