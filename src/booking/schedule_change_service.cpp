#include "booking/schedule_change_service.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <utility>

#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "booking/reaccommodation.hpp"
#include "inventory/inventory_service.hpp"
#include "inventory/nesting.hpp"
#include "mail/outbox.hpp"
#include "schedule/schedule_service.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the booking service's own steps

namespace {

constexpr const char* kPendingDisruptions =
    "SELECT id FROM disruptions WHERE done_at IS NULL ORDER BY id";
// The bookings a disruption touches that it has not handled: those made before the change (later ones were sold
// the flight as it is now).
constexpr const char* kDisruptedBookings =
    "SELECT DISTINCT b.locator FROM disruptions d JOIN booking_segments s ON s.flight_id = d.flight_id "
    "JOIN bookings b ON b.id = s.booking_id WHERE d.id = ? AND b.status IN ('HELD', 'CONFIRMED') "
    "AND b.created_at <= d.created_at AND NOT EXISTS (SELECT 1 FROM schedule_changes c "
    "WHERE c.disruption_id = d.id AND c.booking_id = b.id) ORDER BY b.locator";
constexpr const char* kDisruptionDone = "UPDATE disruptions SET done_at = ? WHERE id = ? AND done_at IS NULL";
constexpr const char* kDisruption =
    "SELECT flight_id, kind, old_departure_utc, old_arrival_utc, actor, created_at FROM disruptions WHERE id = ?";
constexpr const char* kHandled = "SELECT 1 FROM schedule_changes WHERE disruption_id = ? AND booking_id = ?";
// The same route's other flights departing the same local day, still to fly.
constexpr const char* kSameDayFlights =
    "SELECT id, flight_number, departure_date, departure_utc, arrival_utc FROM flights WHERE airline = ? AND "
    "origin = ? AND destination = ? AND departure_date = ? AND status = 'SCHEDULED' AND departure_utc > ? AND id <> ? "
    "ORDER BY departure_utc, id";
// A smaller aircraft: the earliest bookings keep their seats; a booking fits when the cabin's seats cover it and
// every active booking in the cabin made before it.
constexpr const char* kCabinCapacity = "SELECT capacity FROM flight_cabins WHERE flight_id = ? AND cabin = ?";
constexpr const char* kSeatsBefore =
    "SELECT COALESCE(SUM(s.seats), 0) FROM booking_segments s JOIN bookings b ON b.id = s.booking_id "
    "WHERE s.flight_id = ? AND s.cabin = ? AND b.status IN ('HELD', 'CONFIRMED') AND b.id < ?";
constexpr const char* kMoveSegment =
    "UPDATE booking_segments SET flight_id = ?, booking_class = ? WHERE booking_id = ? AND seq = ?";
constexpr const char* kInsertScheduleChange =
    "INSERT INTO schedule_changes (disruption_id, booking_id, segment_seq, outcome, from_flight_id, to_flight_id, "
    "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kScheduleChangesOf =
    "SELECT c.id, b.locator, c.segment_seq, d.kind, c.outcome, c.from_flight_id, d.old_departure_utc, "
    "d.old_arrival_utc, c.to_flight_id, c.reason, COALESCE(c.answer, ''), c.created_at FROM schedule_changes c "
    "JOIN disruptions d ON d.id = c.disruption_id JOIN bookings b ON b.id = c.booking_id ";
constexpr const char* kResolve =
    "UPDATE schedule_changes SET answer = 'RESOLVED', answered_by = ?, answered_at = ? "
    "WHERE id = ? AND outcome = 'UNPLACED' AND answer IS NULL";

struct Disruption {
  std::int64_t id = 0;
  std::int64_t flight_id = 0;
  std::string kind;
  core::Instant old_departure;
  core::Instant old_arrival;
  std::string actor;
  core::Instant created_at;
};

std::optional<Disruption> LoadDisruption(store::Connection& db, std::int64_t id) {
  auto stmt = db.Prepare(kDisruption);
  stmt.Bind(1, id);
  if (!stmt.Step()) return std::nullopt;
  return Disruption{id,
                    stmt.Int(0),
                    stmt.Text(1),
                    core::FromEpoch(stmt.Int(2)),
                    core::FromEpoch(stmt.Int(3)),
                    stmt.Text(4),
                    core::FromEpoch(stmt.Int(5))};
}

std::string Name(const std::string& airline, std::int64_t number, const std::string& date) {
  return fmt::format("{}{} on {}", airline, number, date);
}

std::string LocalTime(const reference::AirportDirectory& airports, const std::string& airport, core::Instant t) {
  const auto* found = airports.Find(airport);
  const auto text = core::FormatLocal(t, found ? found->zone : date::locate_zone("UTC"));
  return core::LocalDayOf(text) + " " + core::LocalClockOf(text);
}

// The booking's journey as it was sold: the disrupted flight at the times passengers bought.
std::vector<Leg> JourneyAsSold(const BookingView& booking, std::size_t index, const Disruption& d) {
  std::vector<Leg> legs;
  for (const auto& s : booking.segments)
    legs.push_back({fmt::format("{} on {}", s.flight.flight_number, s.flight.departure_local.substr(0, 10)),
                    s.flight.origin, s.flight.destination, s.flight.departure_utc, s.flight.arrival_utc});
  legs[index].departure = d.old_departure;
  legs[index].arrival = d.old_arrival;
  return legs;
}

int RoomFor(store::Connection& db, const BookingView& booking, const BookedSegment& s) {
  auto capacity = db.Prepare(kCabinCapacity);
  capacity.Bind(1, s.flight.flight_id).Bind(2, s.cabin);
  if (!capacity.Step()) return 0;  // the cabin is gone
  auto before = db.Prepare(kSeatsBefore);
  before.Bind(1, s.flight.flight_id).Bind(2, s.cabin).Bind(3, booking.id);
  before.Step();
  return static_cast<int>(capacity.Int(0) - before.Int(0));
}

int FreeIn(store::Connection& db, std::int64_t flight_id, const std::string& cabin) {
  for (const auto& c : inventory::LoadFlightInventory(db, flight_id))
    if (c.cabin == cabin) return inventory::FreeSeats(c);
  return 0;
}

// The flights the party could move to, with their free seats in its cabin; locked with the disrupted one.
std::vector<Option> Alternatives(store::Connection& db, const schedule::FlightRecord& flight,
                                 const BookedSegment& s, core::Instant now) {
  std::vector<Option> options;
  auto stmt = db.Prepare(kSameDayFlights);
  stmt.Bind(1, flight.airline).Bind(2, flight.origin).Bind(3, flight.destination).Bind(4, flight.departure_date)
      .Bind(5, core::ToEpoch(now)).Bind(6, flight.id);
  while (stmt.Step())
    options.push_back({stmt.Int(0),
                       {Name(flight.airline, stmt.Int(1), stmt.Text(2)), flight.origin, flight.destination,
                        core::FromEpoch(stmt.Int(3)), core::FromEpoch(stmt.Int(4))},
                       false,
                       0});
  std::vector<std::int64_t> ids{flight.id};
  for (const auto& o : options) ids.push_back(o.flight_id);
  inventory::LockFlights(db, ids);
  for (auto& o : options) o.seats_free = FreeIn(db, o.flight_id, s.cabin);
  return options;
}

// The class the party takes on the new flight: its own when the cabin sells it there, else the cabin's lowest.
std::string ClassOn(const inventory::CabinInventory& cabin, const std::string& booking_class) {
  for (const auto& c : cabin.classes)
    if (c.booking_class == booking_class) return booking_class;
  return cabin.classes.back().booking_class;
}

// The party's seats go from the old flight to the new one's cabin (held stay held, sold stay sold). Returns the
// class taken.
std::string MoveParty(store::Connection& db, const BookingView& booking, const BookedSegment& s,
                      std::int64_t to_flight) {
  const bool sold = booking.status == BookingStatus::kConfirmed;
  auto from = inventory::LoadCabinOfClass(db, s.flight.flight_id, s.booking_class);
  if (!from) throw std::logic_error(fmt::format("booking {}: segment on a missing flight", booking.locator));
  if (auto ok = inventory::Release(*from, s.booking_class, s.seats, sold); !ok)
    throw std::logic_error(fmt::format("booking {}: {}", booking.locator, ok.error().message));
  inventory::SaveCounters(db, s.flight.flight_id, *from, s.booking_class);
  for (auto& cabin : inventory::LoadFlightInventory(db, to_flight)) {
    if (cabin.cabin != s.cabin || cabin.classes.empty()) continue;
    const auto klass = ClassOn(cabin, s.booking_class);
    // The rule chose this flight for its free seats, read under the same locks.
    if (auto ok = inventory::Protect(cabin, klass, s.seats); !ok)
      throw std::logic_error(fmt::format("booking {}: {}", booking.locator, ok.error().message));
    if (sold) (void)inventory::SellHeld(cabin, klass, s.seats);
    inventory::SaveCounters(db, to_flight, cabin, klass);
    return klass;
  }
  throw std::logic_error(fmt::format("booking {}: flight {} has no cabin {}", booking.locator, to_flight, s.cabin));
}

void MoveSegment(store::Connection& db, core::Random& random, const BookingView& booking, std::size_t index,
                 const Option& to, const std::string& channel, core::Instant now) {
  const auto& s = booking.segments[index];
  const auto klass = MoveParty(db, booking, s, to.flight_id);
  db.Prepare(kMoveSegment).Bind(1, to.flight_id).Bind(2, klass).Bind(3, booking.id).Bind(4, s.seq).Exec();
  FreeSeats(db, booking.id, s.seq);  // seat numbers belong to the flight left
  MoveExtras(db, booking, s.seq, to.flight_id, channel, now);
  auto flights = FlightsOf(booking);
  flights[index].flight_id = to.flight_id;
  flights[index].booking_class = klass;
  ExchangeTickets(db, random, booking, flights, channel, now);
  db.Prepare(sql::kInsertChange)
      .Bind(1, booking.id)
      .Bind(2, s.seq)
      .Bind(3, Epoch(now))
      .Bind(4, channel)
      .Bind(5, s.flight.flight_id)
      .Bind(6, s.booking_class)
      .Bind(7, to.flight_id)
      .Bind(8, klass)
      .Bind(9, 0)
      .Bind(10, 0)
      .Bind(11, 0)
      .Bind(12, 0)
      .Bind(13, booking.total.currency)
      .Bind(14, 0)
      .Exec();
}

std::string What(const Disruption& d) {
  if (d.kind == "CANCELLED") return "cancelled";
  if (d.kind == "REEQUIPPED") return "on a smaller aircraft";
  return "retimed";
}

std::string Detail(const reference::AirportDirectory& airports, const BookedSegment& s, const Disruption& d,
                   const Reaccommodation& r) {
  const auto sold = fmt::format("{} {}-{} departing {}", s.flight.flight_number, s.flight.origin,
                                s.flight.destination, LocalTime(airports, s.flight.origin, d.old_departure));
  switch (r.outcome) {
    case Reaccommodation::Outcome::kStays:
      return fmt::format("flight {}: {} retimed to depart {}, arrive {}", s.seq, sold,
                         LocalTime(airports, s.flight.origin, s.flight.departure_utc),
                         LocalTime(airports, s.flight.destination, s.flight.arrival_utc));
    case Reaccommodation::Outcome::kMoved:
      return fmt::format("flight {}: {} {}; moved to {} departing {} at no cost", s.seq, sold, What(d), r.flight.leg.name,
                         LocalTime(airports, s.flight.origin, r.flight.leg.departure));
    case Reaccommodation::Outcome::kUnplaced: break;
  }
  return fmt::format("flight {}: {} {}; not re-accommodated: {}", s.seq, sold, What(d), r.reason);
}

ScheduleChangeOutcome OutcomeOf(Reaccommodation::Outcome o) {
  switch (o) {
    case Reaccommodation::Outcome::kStays: return ScheduleChangeOutcome::kStays;
    case Reaccommodation::Outcome::kMoved: return ScheduleChangeOutcome::kMoved;
    case Reaccommodation::Outcome::kUnplaced: break;
  }
  return ScheduleChangeOutcome::kUnplaced;
}

void Record(store::Connection& db, const Disruption& d, const BookingView& booking, const BookedSegment& s,
            const Reaccommodation& r, const std::string& detail, core::Instant now) {
  const bool placed = r.outcome != Reaccommodation::Outcome::kUnplaced;
  db.Prepare(kInsertScheduleChange)
      .Bind(1, d.id)
      .Bind(2, booking.id)
      .Bind(3, s.seq)
      .Bind(4, std::string(ToString(OutcomeOf(r.outcome))))
      .Bind(5, d.flight_id)
      .Bind(6, placed ? std::optional<std::int64_t>(r.flight.flight_id) : std::nullopt)
      .Bind(7, r.reason)
      .Bind(8, Epoch(now))
      .Exec();
  AddHistory(db, booking.id, now, d.actor, "SCHEDULE_CHANGE", detail);
  if (!booking.contact) return;
  mail::Enqueue(db, {kScheduleChangeMail, booking.locator, booking.contact->email,
                     mail::FirstLanguage(db, kConfirmationMail, booking.locator).value_or("en"), std::nullopt,
                     booking.agency_id},
                now);
}

ScheduleChangeOutcome ParseOutcome(const std::string& text) {
  if (text == "MOVED") return ScheduleChangeOutcome::kMoved;
  if (text == "UNPLACED") return ScheduleChangeOutcome::kUnplaced;
  return ScheduleChangeOutcome::kStays;
}

ScheduleChange ReadChange(store::Connection& db, const reference::AirportDirectory& airports,
                          const store::Statement& row) {
  ScheduleChange c;
  c.id = row.Int(0);
  c.locator = row.Text(1);
  c.segment = static_cast<int>(row.Int(2));
  c.kind = row.Text(3);
  c.outcome = ParseOutcome(row.Text(4));
  const auto from = schedule::FindFlight(db, row.Int(5));
  if (from) {
    c.flight = Name(from->airline, from->flight_number, from->departure_date);
    c.route = from->origin + "-" + from->destination;
    c.was_departure = LocalTime(airports, from->origin, core::FromEpoch(row.Int(6)));
    c.was_arrival = LocalTime(airports, from->destination, core::FromEpoch(row.Int(7)));
  }
  if (!row.IsNull(8))
    if (const auto to = schedule::FindFlight(db, row.Int(8))) {
      c.now_flight = Name(to->airline, to->flight_number, to->departure_date);
      c.now_departure = LocalTime(airports, to->origin, to->departure_utc);
      c.now_arrival = LocalTime(airports, to->destination, to->arrival_utc);
    }
  c.reason = row.Text(9);
  c.answer = row.Text(10);
  c.created_at = core::FromEpoch(row.Int(11));
  return c;
}

}  // namespace

std::string_view ToString(ScheduleChangeOutcome outcome) {
  switch (outcome) {
    case ScheduleChangeOutcome::kStays: return "STAYS";
    case ScheduleChangeOutcome::kMoved: return "MOVED";
    case ScheduleChangeOutcome::kUnplaced: return "UNPLACED";
  }
  return "STAYS";
}

std::vector<ScheduleChange> LoadScheduleChanges(store::Connection& db, const reference::AirportDirectory& airports,
                                                std::int64_t booking_id) {
  std::vector<ScheduleChange> changes;
  auto stmt = db.Prepare(fmt::format("{}WHERE c.booking_id = ? ORDER BY c.id DESC", kScheduleChangesOf));
  stmt.Bind(1, booking_id);
  while (stmt.Step()) changes.push_back(ReadChange(db, airports, stmt));
  return changes;
}

ScheduleChangeService::Sweep ScheduleChangeService::ProcessPending() {
  std::vector<std::int64_t> pending;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    auto stmt = lease->Prepare(kPendingDisruptions);
    while (stmt.Step()) pending.push_back(stmt.Int(0));
  }
  Sweep sweep;
  for (const auto id : pending) {
    std::vector<std::string> locators;
    {
      auto lease = data_.Acquire();
      store::Transaction tx(*lease, store::Transaction::Mode::kRead);
      auto stmt = lease->Prepare(kDisruptedBookings);
      stmt.Bind(1, id);
      while (stmt.Step()) locators.push_back(stmt.Text(0));
    }
    const auto failed_before = sweep.failures.size();
    for (const auto& locator : locators) {
      try {
        sweep.handled += Handle(id, locator) ? 1 : 0;
      } catch (const std::exception& e) {
        sweep.failures.push_back(fmt::format("disruption {}, booking {}: {}", id, locator, e.what()));
      }
    }
    if (sweep.failures.size() > failed_before) continue;  // the next sweep tries them again
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    lease->Prepare(kDisruptionDone).Bind(1, core::ToEpoch(clock_.Now())).Bind(2, id).Exec();
    tx.Commit();
  }
  return sweep;
}

bool ScheduleChangeService::Handle(std::int64_t disruption_id, const std::string& locator) {
  const auto now = clock_.Now();
  auto done = store::RetryConflicts([&]() -> core::Result<bool> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockAndLoad(db, airports_, locator);
    const auto d = LoadDisruption(db, disruption_id);
    if (!booking || !d) return false;
    auto handled = db.Prepare(kHandled);
    handled.Bind(1, d->id).Bind(2, booking->id);
    if (handled.Step()) return false;
    if (ExpireIfDue(db, random_, *booking, now)) {
      tx.Commit();  // an expired hold has no seats left to move
      return false;
    }
    if (booking->status != BookingStatus::kHeld && booking->status != BookingStatus::kConfirmed) return false;
    const auto it = std::find_if(booking->segments.begin(), booking->segments.end(),
                                 [&](const BookedSegment& s) { return s.flight.flight_id == d->flight_id; });
    if (it == booking->segments.end()) return false;
    const auto index = static_cast<std::size_t>(it - booking->segments.begin());
    const auto flight = schedule::FindFlight(db, d->flight_id);
    if (!flight) return false;
    booking::Disruption disruption;
    disruption.legs = JourneyAsSold(*booking, index, *d);
    disruption.index = index;
    disruption.now = {flight->id,
                      {disruption.legs[index].name, flight->origin, flight->destination, flight->departure_utc,
                       flight->arrival_utc},
                      flight->status != "SCHEDULED",
                      it->seats};  // the party holds its seats there already
    disruption.seats = it->seats;
    disruption.connection_before = reference::MinConnectionTime(db, booking->airline, flight->origin);
    disruption.connection_after = reference::MinConnectionTime(db, booking->airline, flight->destination);
    const auto alternatives = Alternatives(db, *flight, *it, now);  // locks the flight too
    const bool smaller = d->kind == "REEQUIPPED";
    if (smaller) disruption.now.seats_free = RoomFor(db, *booking, *it);
    auto outcome = Reaccommodate(disruption, alternatives);
    // Nothing changed for a party that keeps its seats on the smaller aircraft: nothing to tell it.
    if (smaller && outcome.outcome == Reaccommodation::Outcome::kStays) return true;
    if (outcome.outcome == Reaccommodation::Outcome::kMoved && !TicketsUnused(*booking, std::nullopt))
      outcome = {Reaccommodation::Outcome::kUnplaced, {},
                 "a passenger is already checked in or has flown; the tickets are exchanged by hand"};
    const auto detail = Detail(airports_, *it, *d, outcome);
    if (outcome.outcome == Reaccommodation::Outcome::kMoved)
      MoveSegment(db, random_, *booking, index, outcome.flight, d->actor, now);
    Record(db, *d, *booking, *it, outcome, detail, now);
    // A partner's copy of the booking is out of date whatever the outcome: new times, a new flight, or none.
    if (auto view = LoadByLocator(db, airports_, locator))
      QueuePartnerEvent(db, random_, *view, partners::BookingEventType::kChanged, view->status, now, "");
    tx.Commit();
    return true;
  });
  return done && *done;
}

core::Result<std::vector<ScheduleChange>> ScheduleChangeService::Unplaced(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kBookingsRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<ScheduleChange> changes;
  auto stmt = lease->Prepare(
      fmt::format("{}WHERE c.outcome = 'UNPLACED' AND c.answer IS NULL ORDER BY c.id", kScheduleChangesOf));
  while (stmt.Step()) changes.push_back(ReadChange(*lease, airports_, stmt));
  return changes;
}

core::Result<void> ScheduleChangeService::Resolve(const core::Actor& actor, std::int64_t change_id) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kBookingsWrite))
    return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  auto stmt = lease->Prepare(kResolve);
  stmt.Bind(1, actor.Label()).Bind(2, core::ToEpoch(clock_.Now())).Bind(3, change_id).Exec();
  if (lease->Changes() == 0)
    return Fail(ErrorKind::kNotFound, "CHANGE_NOT_FOUND",
                fmt::format("no unplaced booking {} waits for staff", change_id));
  tx.Commit();
  return {};
}

}  // namespace jetway::booking
