#include "schedule/schedule_admin.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "inventory/inventory_service.hpp"
#include "schedule/schedule_sql.hpp"

namespace jetway::schedule {

using core::ErrorKind;
using core::Fail;

namespace {

LineView ReadLine(const store::Statement& s) {
  ScheduleLine line{s.Text(1),
                    static_cast<int>(s.Int(2)),
                    s.Text(3),
                    s.Text(4),
                    static_cast<int>(s.Int(5)),
                    static_cast<int>(s.Int(6)),
                    static_cast<int>(s.Int(7)),
                    s.Text(8),
                    core::ParseIsoDate(s.Text(9)).value_or(core::LocalDate{}),
                    core::ParseIsoDate(s.Text(10)).value_or(core::LocalDate{}),
                    s.Int(11)};
  return LineView{s.Int(0), std::move(line), static_cast<int>(s.Int(12))};
}

std::optional<LineView> FindLine(store::Connection& db, std::int64_t id) {
  auto stmt = db.Prepare(sql::kLine);
  stmt.Bind(1, id);
  if (!stmt.Step()) return std::nullopt;
  return ReadLine(stmt);
}

std::vector<ExistingFlight> LineFlights(store::Connection& db, std::int64_t line_id, core::Instant now) {
  std::vector<ExistingFlight> flights;
  auto stmt = db.Prepare(sql::kLineFlights);
  stmt.Bind(1, line_id).Bind(2, core::ToEpoch(now));
  while (stmt.Step())
    flights.push_back(ExistingFlight{stmt.Int(0), *core::ParseIsoDate(stmt.Text(1)), core::FromEpoch(stmt.Int(2)),
                                     core::FromEpoch(stmt.Int(3)), stmt.Int(4), static_cast<int>(stmt.Int(5)),
                                     static_cast<int>(stmt.Int(6)), stmt.Int(7) > 0});
  return flights;
}

// The bookings on a flight, and a running fingerprint of every booking a change touches (their ids, in order).
std::vector<std::string> Bookings(store::Connection& db, std::int64_t flight_id, std::string& fingerprint) {
  std::vector<std::string> locators;
  auto stmt = db.Prepare(sql::kFlightBookings);
  stmt.Bind(1, flight_id);
  while (stmt.Step()) {
    fingerprint += fmt::format("{}.{};", flight_id, stmt.Int(0));
    locators.push_back(stmt.Text(1));
  }
  return locators;
}

void Touch(store::Connection& db, LinePreview& preview, const ExistingFlight& f, const char* change) {
  if (f.active_bookings == 0) return;
  preview.touched.push_back(TouchedFlight{f, change, Bookings(db, f.id, preview.fingerprint)});
}

LinePreview Describe(store::Connection& db, ChangePlan plan) {
  LinePreview preview;
  for (const auto& r : plan.retimed) Touch(db, preview, r.flight, "retimed");
  for (const auto& f : plan.removed) Touch(db, preview, f, "removed");
  for (const auto& f : plan.reequipped) Touch(db, preview, f, "reequipped");
  for (const auto& f : plan.kept_on_old_aircraft) Touch(db, preview, f, "kept_on_old_aircraft");
  preview.plan = std::move(plan);
  return preview;
}

std::vector<std::string> Texts(store::Connection& db, const char* sql, std::int64_t id) {
  std::vector<std::string> texts;
  auto stmt = db.Prepare(sql);
  stmt.Bind(1, id);
  while (stmt.Step()) texts.push_back(stmt.Text(0));
  return texts;
}

// What Plan needs to know of booked flights whose aircraft changes.
void ReadBookedCabins(store::Connection& db, std::vector<ExistingFlight>& flights, std::int64_t config_id) {
  for (auto& f : flights) {
    if (f.config_id == config_id || f.booked_seats == 0) continue;
    f.booked_cabins = Texts(db, sql::kBookedCabins, f.id);
    auto seats = db.Prepare(sql::kSeatsAssigned);
    seats.Bind(1, f.id);
    f.seats_assigned = seats.Step() && seats.Int(0) > 0;
  }
}

core::Result<void> ConfigOfAirline(store::Connection& db, std::int64_t config_id, const std::string& airline) {
  auto exists = db.Prepare(sql::kConfigExists);
  exists.Bind(1, config_id).Bind(2, airline);
  if (!exists.Step())
    return Fail(ErrorKind::kInvalid, "UNKNOWN_CONFIG", "cabin configuration not found for this airline", "config_id");
  return {};
}

core::Error ConfirmationRequired(const LinePreview& preview) {
  std::size_t bookings = 0;
  for (const auto& t : preview.touched) bookings += t.locators.size();
  return core::MakeError(ErrorKind::kConflict, "CONFIRMATION_REQUIRED",
                         fmt::format("the change touches {} booking(s) on {} flight(s); look at them and confirm",
                                     bookings, preview.touched.size()));
}

void BuildInventory(store::Connection& db, std::int64_t flight_id) {
  db.Prepare(sql::kInsertFlightCabins).Bind(1, flight_id).Exec();
  db.Prepare(sql::kInsertFlightClasses).Bind(1, flight_id).Exec();
}

void Remove(store::Connection& db, const ExistingFlight& f) {
  if (f.any_segments) {  // a booking of some status points at it: it stays, cancelled
    db.Prepare(sql::kCancelFlight).Bind(1, f.id).Exec();
    return;
  }
  db.Prepare(sql::kDeleteFlightClasses).Bind(1, f.id).Exec();
  db.Prepare(sql::kDeleteFlightCabins).Bind(1, f.id).Exec();
  db.Prepare(sql::kDeleteFlight).Bind(1, f.id).Exec();
}

// Passengers on a flight that moves or goes are re-accommodated after the change commits; the disruption is written
// with it, so none is missed whoever stops when.
void Disrupt(store::Connection& db, const ExistingFlight& f, const char* kind, const core::Actor& actor,
             core::Instant now) {
  if (f.active_bookings == 0) return;
  db.Prepare(sql::kInsertDisruption).Bind(1, f.id).Bind(2, kind).Bind(3, core::ToEpoch(f.departure_utc))
      .Bind(4, core::ToEpoch(f.arrival_utc)).Bind(5, actor.Label()).Bind(6, core::ToEpoch(now)).Exec();
}

// A booked flight on the new aircraft: its inventory rebuilt from the new configuration with every class's sold and
// held seats carried over (the cabins are the ones booked, so the classes are too). A cabin now holding more than
// its seats makes a disruption: the passengers beyond them are re-accommodated.
void Reequip(store::Connection& db, const ExistingFlight& f, std::int64_t config_id, const core::Actor& actor,
             core::Instant now) {
  struct Counter {
    std::string booking_class;
    std::int64_t sold, held;
  };
  std::vector<Counter> counters;
  auto read = db.Prepare(sql::kClassCounters);
  read.Bind(1, f.id);
  while (read.Step()) counters.push_back({read.Text(0), read.Int(1), read.Int(2)});
  db.Prepare(sql::kDeleteFlightClasses).Bind(1, f.id).Exec();
  db.Prepare(sql::kDeleteFlightCabins).Bind(1, f.id).Exec();
  db.Prepare(sql::kSetFlightConfig).Bind(1, config_id).Bind(2, f.id).Exec();
  BuildInventory(db, f.id);
  for (const auto& c : counters)
    db.Prepare(sql::kSetClassCounters).Bind(1, c.sold).Bind(2, c.held).Bind(3, f.id).Bind(4, c.booking_class).Exec();
  auto over = db.Prepare(sql::kCabinsOverCapacity);
  over.Bind(1, f.id);
  if (over.Step() && over.Int(0) > 0) Disrupt(db, f, "REEQUIPPED", actor, now);
}

void Write(store::Connection& db, std::int64_t line_id, const ScheduleLine& line, const ChangePlan& plan,
           const core::Actor& actor, core::Instant now) {
  db.Prepare(sql::kUpdateLine).Bind(1, line.departure_local_minutes).Bind(2, line.arrival_local_minutes)
      .Bind(3, line.arrival_day_offset).Bind(4, line.days_of_operation).Bind(5, core::FormatIsoDate(line.valid_from))
      .Bind(6, core::FormatIsoDate(line.valid_to)).Bind(7, line.config_id).Bind(8, line_id).Exec();
  for (const auto& r : plan.retimed) Disrupt(db, r.flight, "RETIMED", actor, now);
  for (const auto& f : plan.removed) Disrupt(db, f, "CANCELLED", actor, now);
  for (const auto& r : plan.retimed)
    db.Prepare(sql::kRetime).Bind(1, core::ToEpoch(r.to.departure_utc)).Bind(2, core::ToEpoch(r.to.arrival_utc))
        .Bind(3, r.flight.id).Exec();
  for (const auto& f : plan.removed) Remove(db, f);
  for (const auto& f : plan.reequipped) Reequip(db, f, line.config_id, actor, now);
  for (const auto& f : plan.reconfigured) {
    db.Prepare(sql::kDeleteFlightClasses).Bind(1, f.id).Exec();
    db.Prepare(sql::kDeleteFlightCabins).Bind(1, f.id).Exec();
    db.Prepare(sql::kSetFlightConfig).Bind(1, line.config_id).Bind(2, f.id).Exec();
    BuildInventory(db, f.id);
  }
  for (const auto& f : plan.added) {
    auto insert = db.Prepare(sql::kInsertFlight);
    insert.Bind(1, line_id).Bind(2, f.airline).Bind(3, f.flight_number).Bind(4, core::FormatIsoDate(f.departure_date))
        .Bind(5, f.origin).Bind(6, f.destination).Bind(7, core::ToEpoch(f.departure_utc))
        .Bind(8, core::ToEpoch(f.arrival_utc)).Bind(9, line.config_id);
    // No row comes back when another line already flies this number that day: the first one stays.
    if (insert.Step()) BuildInventory(db, insert.Int(0));
  }
}

}  // namespace

core::Result<std::vector<LineView>> ScheduleAdminService::Lines(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<LineView> lines;
  auto stmt = lease->Prepare(sql::kLines);
  while (stmt.Step()) lines.push_back(ReadLine(stmt));
  return lines;
}

core::Result<LineView> ScheduleAdminService::Line(const core::Actor& actor, std::int64_t id) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto line = FindLine(*lease, id);
  if (!line) return Fail(ErrorKind::kNotFound, "LINE_NOT_FOUND", fmt::format("no schedule line {}", id));
  return std::move(*line);
}

core::Result<LineView> ScheduleAdminService::Create(const core::Actor& actor, const ScheduleLine& line) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesWrite))
    return std::unexpected(*refused);
  return store::RetryConflicts([&]() -> core::Result<LineView> {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    auto view = CreateIn(*lease, line);
    if (view) tx.Commit();
    return view;
  });
}

core::Result<LineView> ScheduleAdminService::CreateIn(store::Connection& db, const ScheduleLine& line) {
  if (auto ok = Validate(line); !ok) return std::unexpected(ok.error());
  const auto today = core::LocalDate{date::floor<date::days>(clock_.Now())};
  if (line.valid_to < today)
    return Fail(ErrorKind::kInvalid, "INVALID_PERIOD", "a new line must fly on some day from today on", "valid_to");
  auto from_today = line;
  from_today.valid_from = std::max(line.valid_from, today);
  std::int64_t id = 0;
  auto created = AddSchedule(db, airports_, from_today, &id);
  if (!created) return std::unexpected(created.error());
  return std::move(*FindLine(db, id));
}

core::Result<LinePreview> ScheduleAdminService::Preview(const core::Actor& actor, std::int64_t id,
                                                        const ScheduleLine& edited) {
  return Change(actor, id, edited, std::nullopt);
}

core::Result<LinePreview> ScheduleAdminService::Apply(const core::Actor& actor, std::int64_t id,
                                                      const ScheduleLine& edited, const std::string& confirmation) {
  return Change(actor, id, edited, confirmation);
}

core::Result<LinePreview> ScheduleAdminService::PreviewPart(const core::Actor& actor, std::int64_t id,
                                                            core::LocalDate from, core::LocalDate to,
                                                            const ScheduleLine& edited) {
  return Change(actor, id, edited, std::nullopt, std::pair{from, to});
}

core::Result<std::vector<std::int64_t>> ScheduleAdminService::Split(const core::Actor& actor, std::int64_t id,
                                                                    const std::vector<core::LocalDate>& starts) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesWrite))
    return std::unexpected(*refused);
  return store::RetryConflicts([&]() -> core::Result<std::vector<std::int64_t>> {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    auto ids = SplitIn(*lease, id, starts);
    if (ids) tx.Commit();
    return ids;
  });
}

core::Result<std::vector<std::int64_t>> ScheduleAdminService::SplitIn(store::Connection& db, std::int64_t id,
                                                                      const std::vector<core::LocalDate>& starts) {
  auto stored = FindLine(db, id);
  if (!stored) return Fail(ErrorKind::kNotFound, "LINE_NOT_FOUND", fmt::format("no schedule line {}", id));
  const auto& line = stored->line;
  auto previous = line.valid_from;
  for (const auto start : starts) {
    if (start <= previous || start > line.valid_to)
      return Fail(ErrorKind::kInvalid, "INVALID_PERIOD",
                  fmt::format("a line of {} to {} is cut on days after its first, in order",
                              core::FormatIsoDate(line.valid_from), core::FormatIsoDate(line.valid_to)),
                  "valid_from");
    previous = start;
  }
  std::vector<std::int64_t> ids{id};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    auto part = line;
    part.valid_from = starts[i];
    part.valid_to = i + 1 < starts.size() ? core::AddDays(starts[i + 1], -1) : line.valid_to;
    ids.push_back(InsertLine(db, part));
    db.Prepare(sql::kMoveFlights).Bind(1, ids.back()).Bind(2, id).Bind(3, core::FormatIsoDate(part.valid_from))
        .Bind(4, core::FormatIsoDate(part.valid_to)).Exec();
  }
  if (!starts.empty())
    db.Prepare(sql::kUpdateLine).Bind(1, line.departure_local_minutes).Bind(2, line.arrival_local_minutes)
        .Bind(3, line.arrival_day_offset).Bind(4, line.days_of_operation).Bind(5, core::FormatIsoDate(line.valid_from))
        .Bind(6, core::FormatIsoDate(core::AddDays(starts.front(), -1))).Bind(7, line.config_id).Bind(8, id).Exec();
  return ids;
}

core::Result<LinePreview> ScheduleAdminService::Change(const core::Actor& actor, std::int64_t id,
                                                       const ScheduleLine& edited,
                                                       const std::optional<std::string>& confirmation,
                                                       std::optional<std::pair<core::LocalDate, core::LocalDate>> part) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesWrite))
    return std::unexpected(*refused);
  return store::RetryConflicts([&]() -> core::Result<LinePreview> {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, confirmation ? store::Transaction::Mode::kWrite : store::Transaction::Mode::kRead);
    auto preview = ChangeOn(*lease, actor, id, edited, confirmation, part);
    if (preview && confirmation) tx.Commit();
    return preview;
  });
}

core::Result<LinePreview> ScheduleAdminService::ApplyIn(store::Connection& db, const core::Actor& actor,
                                                        std::int64_t id, const ScheduleLine& edited,
                                                        const std::string& confirmation) {
  return ChangeOn(db, actor, id, edited, confirmation, std::nullopt);
}

core::Result<LinePreview> ScheduleAdminService::ChangeOn(
    store::Connection& db, const core::Actor& actor, std::int64_t id, const ScheduleLine& edited,
    const std::optional<std::string>& confirmation, std::optional<std::pair<core::LocalDate, core::LocalDate>> part) {
  const auto now = clock_.Now();
  auto stored = FindLine(db, id);
  if (!stored) return Fail(ErrorKind::kNotFound, "LINE_NOT_FOUND", fmt::format("no schedule line {}", id));
  // What identifies the line stays; the rest is the edit.
  auto line = edited;
  line.airline = stored->line.airline;
  line.flight_number = stored->line.flight_number;
  line.origin = stored->line.origin;
  line.destination = stored->line.destination;
  if (auto ok = Validate(line); !ok) return std::unexpected(ok.error());
  if (auto ok = ConfigOfAirline(db, line.config_id, line.airline); !ok) return std::unexpected(ok.error());
  const auto* origin = airports_.Find(line.origin);
  const auto* destination = airports_.Find(line.destination);
  if (!origin || !destination)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_AIRPORT", "the line's airports are not in the directory", "origin");
  auto wanted = Expand(line, origin->zone, destination->zone);
  if (!wanted) return std::unexpected(wanted.error());
  const auto flights = [&] {
    auto all = LineFlights(db, id, now);
    if (part)
      std::erase_if(all, [&](const ExistingFlight& f) { return f.date < part->first || f.date > part->second; });
    return all;
  };
  auto existing = flights();
  if (confirmation) {  // changing: the flights' counters stay put until this transaction ends
    std::vector<std::int64_t> ids;
    for (const auto& f : existing) ids.push_back(f.id);
    inventory::LockFlights(db, ids);
    existing = flights();
  }
  const auto today_at_origin = core::LocalDateOf(now, origin->zone);
  ReadBookedCabins(db, existing, line.config_id);
  auto preview = Describe(db, Plan(existing, *wanted, line.config_id, Texts(db, sql::kConfigCabins, line.config_id),
                                   today_at_origin));
  if (!confirmation) return preview;
  if (!preview.fingerprint.empty() && *confirmation != preview.fingerprint)
    return std::unexpected(ConfirmationRequired(preview));
  Write(db, id, line, preview.plan, actor, now);
  return preview;
}

core::Result<LinePreview> ScheduleAdminService::PreviewCancel(const core::Actor& actor, std::int64_t flight_id) {
  return Cancel(actor, flight_id, std::nullopt);
}

core::Result<LinePreview> ScheduleAdminService::CancelFlight(const core::Actor& actor, std::int64_t flight_id,
                                                             const std::string& confirmation) {
  return Cancel(actor, flight_id, confirmation);
}

core::Result<LinePreview> ScheduleAdminService::Cancel(const core::Actor& actor, std::int64_t flight_id,
                                                       const std::optional<std::string>& confirmation) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kSchedulesWrite))
    return std::unexpected(*refused);
  return store::RetryConflicts([&]() -> core::Result<LinePreview> {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, confirmation ? store::Transaction::Mode::kWrite : store::Transaction::Mode::kRead);
    auto preview = CancelOn(*lease, actor, flight_id, confirmation);
    if (preview && confirmation) tx.Commit();
    return preview;
  });
}

core::Result<LinePreview> ScheduleAdminService::CancelFlightIn(store::Connection& db, const core::Actor& actor,
                                                               std::int64_t flight_id,
                                                               const std::string& confirmation) {
  return CancelOn(db, actor, flight_id, confirmation);
}

core::Result<LinePreview> ScheduleAdminService::CancelOn(store::Connection& db, const core::Actor& actor,
                                                         std::int64_t flight_id,
                                                         const std::optional<std::string>& confirmation) {
  const auto now = clock_.Now();
  if (confirmation) inventory::LockFlights(db, {flight_id});
  auto flight = FindFlight(db, flight_id);
  if (!flight)
    return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", fmt::format("no flight with id {}", flight_id),
                "flight_id");
  if (flight->departure_utc <= now)
    return Fail(ErrorKind::kConflict, "FLIGHT_DEPARTED", "the flight has departed; it can no longer be cancelled");
  if (flight->status != "SCHEDULED")
    return Fail(ErrorKind::kConflict, "FLIGHT_CANCELLED", "the flight is already cancelled");
  LinePreview preview;
  ExistingFlight f{flight->id, *core::ParseIsoDate(flight->departure_date), flight->departure_utc,
                   flight->arrival_utc, 0, 0, 0, false};
  auto locators = Bookings(db, flight_id, preview.fingerprint);
  f.active_bookings = static_cast<int>(locators.size());
  if (!locators.empty()) preview.touched.push_back(TouchedFlight{f, "cancelled", std::move(locators)});
  preview.plan.removed.push_back(f);
  if (!confirmation) return preview;
  if (!preview.fingerprint.empty() && *confirmation != preview.fingerprint)
    return std::unexpected(ConfirmationRequired(preview));
  // The row stays (bookings and history point at it), so the date cannot be scheduled again by mistake.
  db.Prepare(sql::kCancelFlight).Bind(1, flight_id).Exec();
  Disrupt(db, f, "CANCELLED", actor, now);
  return preview;
}

}  // namespace jetway::schedule
