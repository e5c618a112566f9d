#include "schedule/ssim_service.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/codes.hpp"
#include "inventory/controls.hpp"
#include "schedule/ssim_schedule.hpp"

namespace jetway::schedule {

using core::ErrorKind;
using core::Fail;

namespace {

ZoneOf Zones(const reference::AirportDirectory& airports) {
  return [&airports](std::string_view code) -> const date::time_zone* {
    const auto* airport = airports.Find(code);
    return airport ? airport->zone : nullptr;
  };
}

std::string CabinLetters(const std::vector<reference::CabinSpec>& cabins) {
  std::string letters;
  for (const auto& c : cabins) letters += c.cabin;
  return letters;
}

std::string Describe(const SsimLine& s) {
  const auto& l = s.line;
  return fmt::format("{} {} {}-{} {}-{} {} {}-{}{} {} {}", l.airline, l.flight_number, l.origin, l.destination,
                     ssim::FormatDate(l.valid_from), ssim::FormatDate(l.valid_to), SevenDays(l.days_of_operation),
                     ssim::FormatClock(l.departure_local_minutes), ssim::FormatClock(l.arrival_local_minutes),
                     l.arrival_day_offset > 0 ? "+1" : l.arrival_day_offset < 0 ? "-1" : "", s.aircraft_type,
                     s.configuration);
}

bool SameFlight(const ScheduleLine& a, const ScheduleLine& b) {
  return a.airline == b.airline && a.flight_number == b.flight_number && a.origin == b.origin &&
         a.destination == b.destination;
}

// The same dates and at least one day of the week in common: two lines of one flight on other weekdays do not meet.
bool Overlaps(const ScheduleLine& a, const ScheduleLine& b) {
  const auto days_a = SevenDays(a.days_of_operation), days_b = SevenDays(b.days_of_operation);
  bool common_day = false;
  for (std::size_t d = 0; d < 7; ++d) common_day = common_day || (days_a[d] != '.' && days_b[d] != '.');
  return common_day && a.valid_from <= b.valid_to && b.valid_from <= a.valid_to;
}

bool SameLine(const ScheduleLine& a, const ScheduleLine& b) {
  return SameFlight(a, b) && a.departure_local_minutes == b.departure_local_minutes &&
         a.arrival_local_minutes == b.arrival_local_minutes && a.arrival_day_offset == b.arrival_day_offset &&
         SevenDays(a.days_of_operation) == SevenDays(b.days_of_operation) && a.valid_from == b.valid_from &&
         a.valid_to == b.valid_to && a.config_id == b.config_id;
}

// What applying a plan does, step by step.
struct Step {
  SsimLine line;
  std::int64_t existing_id = 0;  // a change's line; 0 for a new line
  std::string fingerprint;       // a change's confirmation
};

// The bookings a change touches, each once, in the order first met.
void AddBookings(const LinePreview& preview, std::vector<std::string>& bookings) {
  for (const auto& t : preview.touched)
    for (const auto& locator : t.locators)
      if (std::find(bookings.begin(), bookings.end(), locator) == bookings.end()) bookings.push_back(locator);
}

constexpr const char* kLineFlightDates =
    "SELECT departure_date FROM flights WHERE schedule_id = ? AND status = 'SCHEDULED' ORDER BY departure_date";

// The days `line` has a scheduled flight on, departed ones included; sorted.
std::vector<core::LocalDate> FlownDays(store::Connection& db, std::int64_t line) {
  auto stmt = db.Prepare(kLineFlightDates);
  stmt.Bind(1, line);
  std::vector<core::LocalDate> days;
  while (stmt.Step())
    if (auto day = core::ParseIsoDate(stmt.Text(0))) days.push_back(*day);
  return days;
}

constexpr const char* kLineFlightsFrom =
    "SELECT id, departure_date FROM flights WHERE schedule_id = ? AND status = 'SCHEDULED' AND departure_date >= ? "
    "ORDER BY departure_date";

// One of jetway's lines flown on fewer days: the same flight, times, days of the week and aircraft, its period
// inside the line's.
bool PieceOf(const SsimLine& piece, std::int64_t config_id, const ScheduleLine& line) {
  const auto& p = piece.line;
  return SameFlight(p, line) && p.departure_local_minutes == line.departure_local_minutes &&
         p.arrival_local_minutes == line.arrival_local_minutes && p.arrival_day_offset == line.arrival_day_offset &&
         SevenDays(p.days_of_operation) == SevenDays(line.days_of_operation) && config_id == line.config_id &&
         line.valid_from <= p.valid_from && p.valid_to <= line.valid_to;
}

constexpr const char* kLineFlightsBetween =
    "SELECT id FROM flights WHERE schedule_id = ? AND status = 'SCHEDULED' AND departure_date >= ? "
    "AND departure_date <= ? ORDER BY departure_date";

}  // namespace

std::string_view ToString(SsimAction::Kind kind) {
  switch (kind) {
    case SsimAction::Kind::kAircraftAdded: return "aircraft_added";
    case SsimAction::Kind::kLineAdded: return "line_added";
    case SsimAction::Kind::kLineChanged: return "line_changed";
    case SsimAction::Kind::kLineUnchanged: return "unchanged";
    case SsimAction::Kind::kFlightsCancelled: return "flights_cancelled";
  }
  return "unchanged";
}

core::Result<std::string> SsimService::Export(const core::Actor& actor, const std::vector<std::string>& wanted) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lines = schedules_.Lines(actor);
  if (!lines) return std::unexpected(lines.error());
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<SsimAirline> airlines;
  for (const auto& a : reference::ListAirlines(*lease)) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), a.designator) == wanted.end()) continue;
    std::map<std::int64_t, reference::CabinConfig> configs;
    for (auto& c : reference::ListCabinConfigs(*lease, a.designator)) configs.emplace(c.id, std::move(c));
    SsimAirline out{a.designator, a.name, {}};
    for (const auto& v : *lines) {
      if (v.line.airline != a.designator || v.flights == 0) continue;  // a line whose flights are all cancelled
      const auto& config = configs.at(v.line.config_id);
      if (config.code.size() > 3)  // written cut to three, it would come back as another aircraft
        return Fail(ErrorKind::kConflict, "SSIM_AIRCRAFT_CODE",
                    fmt::format("{}'s configuration {} is not a three-character IATA aircraft type, which is how SSIM "
                                "names aircraft: rename it to export the schedule",
                                a.designator, config.code));
      out.lines.push_back({v.line, config.code, ConfigurationOf(config.cabins), CabinLetters(config.cabins), 0,
                           NotFlown(v.line, FlownDays(*lease, v.id))});
    }
    airlines.push_back(std::move(out));
  }
  if (!wanted.empty() && airlines.empty())
    return Fail(ErrorKind::kNotFound, "AIRLINE_NOT_FOUND", "none of those airlines is hosted here", "airline");
  const core::LocalDate today{date::floor<date::days>(clock_.Now())};
  return ssim::Write(ToDataSet(airlines, Zones(airports_), today));
}

int SsimService::PlanCancel(const core::Actor& actor, const std::vector<std::int64_t>& flights, SsimAction& action,
                            std::vector<Cancellation>& cancellations) {
  int count = 0;
  for (const auto id : flights) {
    auto preview = schedules_.PreviewCancel(actor, id);
    if (!preview) continue;  // departed today already: nothing to cancel
    ++count;
    AddBookings(*preview, action.bookings);
    cancellations.push_back({id, preview->fingerprint});
  }
  return count;
}

bool SsimService::PlanPieces(const core::Actor& actor, store::Connection& db, const LineView& line,
                             const std::vector<const SsimLine*>& pieces, core::LocalDate today,
                             const SsimImportRequest& request, SsimImport& out,
                             std::vector<Cancellation>& cancellations) {
  std::set<core::LocalDate> flown_by_pieces;
  for (const auto* piece : pieces) {
    const auto days = SevenDays(piece->line.days_of_operation);
    for (auto day = std::max(piece->line.valid_from, today); day <= piece->line.valid_to; day = core::AddDays(day, 1))
      if (Operates(days, day)) flown_by_pieces.insert(day);
  }
  auto stmt = db.Prepare(kLineFlightsFrom);
  stmt.Bind(1, line.id).Bind(2, core::FormatIsoDate(today));
  std::vector<std::int64_t> not_flown;  // the line's flights on days no piece flies
  std::set<core::LocalDate> scheduled;
  while (stmt.Step()) {
    const auto day = *core::ParseIsoDate(stmt.Text(1));
    scheduled.insert(day);
    if (!flown_by_pieces.count(day)) not_flown.push_back(stmt.Int(0));
  }
  const auto& first = *pieces.front();
  if (pieces.size() == 1 && !not_flown.empty()) return false;
  // Days a piece flies on which the line has no flight: cancelled here (by staff, or by an earlier data set). A
  // planning system's next file still lists them; it does not fly them again, and says so.
  std::vector<std::string> again;
  for (const auto day : flown_by_pieces)
    if (!scheduled.count(day)) again.push_back(ssim::FormatDate(day));
  const auto stays = again.empty() ? std::string()
                                   : fmt::format(" (cancelled on {}: it stays so; the back office reinstates a flight)",
                                                 fmt::join(again, ", "));
  SsimAction action{SsimAction::Kind::kFlightsCancelled, first.source_line, "", {}};
  const int count = PlanCancel(actor, not_flown, action, cancellations);
  if (count == 0) {
    out.actions.push_back({SsimAction::Kind::kLineUnchanged, first.source_line, Describe(first) + stays, {}});
    return true;
  }
  action.text = fmt::format("{} {} {}-{}: {} flight(s) on the days between the data set's {} pieces of the line{}",
                            line.line.airline, line.line.flight_number, line.line.origin, line.line.destination,
                            count, pieces.size(), stays);
  if (!action.bookings.empty() && !request.confirm_bookings) {
    out.problems.push_back({first.source_line, "period of operation (15-28)",
                            fmt::format("{} {} {}-{}: cancels flights with {} booking(s): confirm to apply",
                                        line.line.airline, line.line.flight_number, line.line.origin,
                                        line.line.destination, action.bookings.size())});
    ++out.awaiting_confirmation;
  }
  out.actions.push_back(std::move(action));
  return true;
}

bool SsimService::PlanSplit(const core::Actor& actor, const LineView& line, const std::vector<const SsimLine*>& pieces,
                            const std::vector<std::int64_t>& config_ids, const SsimImportRequest& request,
                            SsimImport& out, std::vector<Split>& splits) {
  const auto problem = [&](const SsimLine& piece, std::string field, std::string message) {
    out.problems.push_back({piece.source_line, std::move(field), std::move(message)});
    return false;
  };
  Split split{line.id, {}, {}};
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    if (pieces[i]->line.valid_from <= pieces[i - 1]->line.valid_to)
      return problem(*pieces[i], "period of operation (15-28)",
                     fmt::format("overlaps another leg of {} {} {}-{} in this data set on other times or days",
                                 line.line.airline, line.line.flight_number, line.line.origin,
                                 line.line.destination));
    split.starts.push_back(pieces[i]->line.valid_from);
  }
  constexpr core::LocalDate kFirst{date::year{1}, date::January, date::day{1}};
  constexpr core::LocalDate kLast{date::year{9999}, date::December, date::day{31}};
  bool planned = true;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    Piece piece{*pieces[i], ""};
    piece.line.line.config_id = config_ids[i];
    if (piece.line.line.config_id == 0) {
      planned = problem(piece.line, "aircraft type (73-75)",
                        fmt::format("{} flies here on {}, new to {}: add the aircraft first", Describe(piece.line),
                                    piece.line.aircraft_type, line.line.airline));
      continue;
    }
    const auto from = i == 0 ? kFirst : split.starts[i - 1];
    const auto to = i + 1 < pieces.size() ? core::AddDays(split.starts[i], -1) : kLast;
    auto preview = schedules_.PreviewPart(actor, line.id, from, to, piece.line.line);
    if (!preview) {
      planned = problem(piece.line, "flight leg", preview.error().message);
      continue;
    }
    SsimAction change{SsimAction::Kind::kLineChanged, piece.line.source_line, Describe(piece.line), {}};
    AddBookings(*preview, change.bookings);
    if (!preview->fingerprint.empty() && !request.confirm_bookings) {
      planned = problem(piece.line, "flight leg",
                        fmt::format("moves or removes flights with {} booking(s): confirm to apply",
                                    change.bookings.size()));
      ++out.awaiting_confirmation;
    }
    out.actions.push_back(std::move(change));
    piece.fingerprint = preview->fingerprint;
    split.pieces.push_back(std::move(piece));
  }
  if (planned) splits.push_back(std::move(split));
  return planned;
}

// A replacing data set's cancellations: the scheduled flights, from today and in the carrier's period, of the
// airline's lines it does not name; one action a line, with the bookings they carry.
void SsimService::PlanCancellations(const core::Actor& actor, store::Connection& db, const SsimAirline& airline,
                                    const std::vector<LineView>& existing, const std::set<std::int64_t>& named,
                                    core::LocalDate today, const SsimImportRequest& request, SsimImport& out,
                                    std::vector<Cancellation>& cancellations) {
  const auto from = std::max(airline.valid_from, today);
  for (const auto& v : existing) {
    if (v.line.airline != airline.designator || named.count(v.id) || v.line.valid_to < from ||
        v.line.valid_from > airline.valid_to)
      continue;
    auto stmt = db.Prepare(kLineFlightsBetween);
    stmt.Bind(1, v.id).Bind(2, core::FormatIsoDate(from)).Bind(3, core::FormatIsoDate(airline.valid_to));
    std::vector<std::int64_t> flights;
    while (stmt.Step()) flights.push_back(stmt.Int(0));
    SsimAction action{SsimAction::Kind::kFlightsCancelled, airline.carrier_record, "", {}};
    const int count = PlanCancel(actor, flights, action, cancellations);
    if (count == 0) continue;
    action.text = fmt::format("{} {} {}-{}: {} flight(s) from {} to {} the data set does not name", v.line.airline,
                              v.line.flight_number, v.line.origin, v.line.destination, count,
                              ssim::FormatDate(std::max(from, v.line.valid_from)),
                              ssim::FormatDate(std::min(airline.valid_to, v.line.valid_to)));
    if (!action.bookings.empty() && !request.confirm_bookings) {
      out.problems.push_back({airline.carrier_record, "flight leg",
                              fmt::format("{} {} {}-{}: cancels flights with {} booking(s): confirm to apply",
                                          v.line.airline, v.line.flight_number, v.line.origin, v.line.destination,
                                          action.bookings.size())});
      ++out.awaiting_confirmation;
    }
    out.actions.push_back(std::move(action));
  }
}

core::Result<SsimImport> SsimService::Import(const core::Actor& actor, std::string_view text,
                                             const SsimImportRequest& request) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesWrite))
    return std::unexpected(*refused);
  SsimImport out;
  auto parsed = ssim::Parse(text);
  if (auto* problems = std::get_if<std::vector<ssim::Problem>>(&parsed)) {
    out.problems = std::move(*problems);
    return out;
  }
  out.segment_records = std::get<ssim::DataSet>(parsed).segment_records;
  auto read = FromDataSet(std::get<ssim::DataSet>(parsed), Zones(airports_));
  if (auto* problems = std::get_if<std::vector<ssim::Problem>>(&read)) {
    out.problems = std::move(*problems);
    return out;
  }
  auto airlines = std::get<std::vector<SsimAirline>>(std::move(read));
  if (request.airline) {
    std::erase_if(airlines, [&](const SsimAirline& a) { return a.designator != *request.airline; });
    if (airlines.empty())
      out.problems.push_back({1, "airline designator (3-5)",
                              fmt::format("the data set has no carrier {}", request.airline->substr(0, 3))});
  }
  auto existing = schedules_.Lines(actor);
  if (!existing) return std::unexpected(existing.error());
  const core::LocalDate today{date::floor<date::days>(clock_.Now())};
  std::vector<Step> steps;
  std::vector<Cancellation> cancellations;
  std::vector<Split> splits;
  std::map<std::pair<std::string, std::string>, std::vector<reference::CabinSpec>> new_aircraft;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    for (auto& a : airlines) {
      const int first_record = a.lines.empty() ? 1 : a.lines.front().source_line;
      if (!reference::FindAirline(*lease, a.designator)) {
        out.problems.push_back({first_record, "airline designator (3-5)",
                                fmt::format("airline {} is not hosted here", a.designator)});
        continue;
      }
      std::map<std::string, reference::CabinConfig> configs;
      for (auto& c : reference::ListCabinConfigs(*lease, a.designator)) configs.emplace(c.code, std::move(c));
      std::set<std::int64_t> named;  // jetway's lines the data set speaks of
      const auto overlapping_lines = [&](const SsimLine& l) {
        std::vector<const LineView*> overlapping;
        for (const auto& v : *existing)
          // A line whose flights are all cancelled is history (export leaves it out too).
          if (v.flights > 0 && SameFlight(v.line, l.line) && Overlaps(v.line, l.line)) overlapping.push_back(&v);
        return overlapping;
      };
      const auto config_id_of = [&](const SsimLine& l) -> std::int64_t {
        const auto config = configs.find(l.aircraft_type);
        return config != configs.end() && ConfigurationOf(config->second.cabins) == l.configuration
                   ? config->second.id
                   : 0;
      };
      std::map<std::int64_t, std::vector<const SsimLine*>> pieces_of;  // the data set's lines meeting one line only
      for (const auto& l : a.lines)
        if (const auto overlapping = overlapping_lines(l); overlapping.size() == 1)
          pieces_of[overlapping.front()->id].push_back(&l);
      std::set<std::int64_t> planned_as_pieces;
      for (auto& l : a.lines) {
        const auto problem = [&](std::string field, std::string message) {
          out.problems.push_back({l.source_line, std::move(field), std::move(message)});
        };
        const auto config = configs.find(l.aircraft_type);
        const auto planned = new_aircraft.find({a.designator, l.aircraft_type});
        if (config != configs.end()) {
          if (ConfigurationOf(config->second.cabins) != l.configuration) {
            problem("aircraft configuration/version (173-192)",
                    fmt::format("{}'s {} seats {} here, not {}: another configuration is another aircraft code",
                                a.designator, l.aircraft_type, ConfigurationOf(config->second.cabins),
                                l.configuration));
            continue;
          }
          l.line.config_id = config->second.id;
        } else if (planned == new_aircraft.end()) {
          const auto cabins = *ParseConfiguration(l.configuration);
          // Checked now as adding the aircraft will check it, so a plan that would fail is never applied.
          if (std::any_of(cabins.begin(), cabins.end(), [](const reference::CabinSpec& c) {
                return !core::IsCabinCode(c.cabin) || c.seats > inventory::kMaxCabinSeats;
              })) {
            problem("aircraft configuration/version (173-192)",
                    fmt::format("{}: jetway's cabins are F, J, W and Y, each of 1-{} seats", l.configuration,
                                inventory::kMaxCabinSeats));
            continue;
          }
          new_aircraft[{a.designator, l.aircraft_type}] = cabins;
          out.actions.push_back({SsimAction::Kind::kAircraftAdded, l.source_line,
                                 fmt::format("{} {} {}", a.designator, l.aircraft_type, l.configuration), {}});
        } else if (ConfigurationOf(planned->second) != l.configuration) {
          problem("aircraft configuration/version (173-192)",
                  fmt::format("{} is {} on another leg of this data set", l.aircraft_type,
                              ConfigurationOf(planned->second)));
          continue;
        }
        const auto overlapping = overlapping_lines(l);
        const bool same = std::any_of(overlapping.begin(), overlapping.end(),
                                      [&](const LineView* v) { return SameLine(v->line, l.line); });
        for (const auto* v : overlapping) named.insert(v->id);
        if (overlapping.size() == 1) {
          const auto& line = *overlapping.front();
          if (planned_as_pieces.count(line.id)) continue;
          const auto& pieces = pieces_of.at(line.id);
          std::vector<std::int64_t> config_ids;
          for (const auto* p : pieces) config_ids.push_back(config_id_of(*p));
          bool like_the_line = true;
          for (std::size_t i = 0; i < pieces.size(); ++i)
            like_the_line = like_the_line && PieceOf(*pieces[i], config_ids[i], line.line);
          if (like_the_line && PlanPieces(actor, *lease, line, pieces, today, request, out, cancellations)) {
            planned_as_pieces.insert(line.id);
            continue;
          }
          if (!like_the_line && pieces.size() > 1) {
            planned_as_pieces.insert(line.id);
            PlanSplit(actor, line, pieces, config_ids, request, out, splits);
            continue;
          }
        }
        if (same && overlapping.size() == 1) {
          out.actions.push_back({SsimAction::Kind::kLineUnchanged, l.source_line, Describe(l), {}});
          continue;
        }
        if (overlapping.size() > 1) {
          problem("flight leg", fmt::format("overlaps {} of jetway's lines of {} {}: change them in the back office",
                                            overlapping.size(), l.line.airline, l.line.flight_number));
          continue;
        }
        if (overlapping.empty()) {
          if (l.line.valid_to < today) problem("period of operation (15-28)", "the period has ended");
          out.actions.push_back({SsimAction::Kind::kLineAdded, l.source_line, Describe(l), {}});
          steps.push_back({l, 0, ""});
          continue;
        }
        if (l.line.config_id == 0) {
          problem("aircraft type (73-75)", fmt::format("{} flies here on {}, new to {}: add the aircraft first",
                                                       Describe(l), l.aircraft_type, a.designator));
          continue;
        }
        auto preview = schedules_.Preview(actor, overlapping.front()->id, l.line);
        if (!preview) {
          problem("flight leg", preview.error().message);
          continue;
        }
        SsimAction change{SsimAction::Kind::kLineChanged, l.source_line, Describe(l), {}};
        AddBookings(*preview, change.bookings);
        if (!preview->fingerprint.empty() && !request.confirm_bookings) {
          problem("flight leg", fmt::format("moves or removes flights with {} booking(s): confirm to apply",
                                            change.bookings.size()));
          ++out.awaiting_confirmation;
        }
        out.actions.push_back(std::move(change));
        steps.push_back({l, overlapping.front()->id, preview->fingerprint});
      }
      if (request.replace) PlanCancellations(actor, *lease, a, *existing, named, today, request, out, cancellations);
    }
  }
  if (!out.problems.empty() || request.dry_run) return out;
  // One transaction: should any step fail (a booking made since the plan was read, a database error), nothing of
  // the import stays. On SQLite every other write of the node waits meanwhile (a 110,000-flight airline's year:
  // about a second, bench/scale.sh).
  auto applied = store::RetryConflicts([&]() -> core::Result<void> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    std::map<std::pair<std::string, std::string>, std::int64_t> config_ids;
    for (const auto& [key, cabins] : new_aircraft) {
      auto id = reference::UpsertCabinConfig(db, key.first, key.second, key.second, cabins);
      if (!id) return std::unexpected(id.error());
      config_ids[key] = *id;
    }
    for (const auto& step : steps) {
      auto line = step.line.line;
      if (line.config_id == 0) line.config_id = config_ids.at({line.airline, step.line.aircraft_type});
      if (step.existing_id == 0) {
        if (auto created = schedules_.CreateIn(db, line); !created) return std::unexpected(created.error());
      } else if (auto changed = schedules_.ApplyIn(db, actor, step.existing_id, line, step.fingerprint); !changed) {
        return std::unexpected(changed.error());
      }
    }
    for (const auto& split : splits) {
      auto parts = schedules_.SplitIn(db, split.line_id, split.starts);
      if (!parts) return std::unexpected(parts.error());
      for (std::size_t i = 0; i < split.pieces.size(); ++i)
        if (auto changed = schedules_.ApplyIn(db, actor, (*parts)[i], split.pieces[i].line.line,
                                              split.pieces[i].fingerprint);
            !changed)
          return std::unexpected(changed.error());
    }
    for (const auto& c : cancellations)
      if (auto cancelled = schedules_.CancelFlightIn(db, actor, c.flight_id, c.fingerprint); !cancelled)
        return std::unexpected(cancelled.error());
    tx.Commit();
    return {};
  });
  if (!applied) return std::unexpected(applied.error());
  out.applied = true;
  return out;
}

}  // namespace jetway::schedule
