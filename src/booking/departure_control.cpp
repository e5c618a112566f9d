#include "booking/departure_control.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "booking/check_in.hpp"
#include "booking/docs.hpp"
#include "core/locator.hpp"
#include "core/text.hpp"
#include "inventory/inventory_service.hpp"
#include "ticketing/bcbp.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps
using ticketing::CouponStatus;

namespace {

using Key = std::pair<std::int64_t, int>;  // booking id, passenger

core::Result<void> MayControl(const core::Actor& actor) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kDepartureControl))
    return std::unexpected(*refused);
  return {};
}

core::Error Closed(const schedule::FlightRecord& f) {
  return core::Error{ErrorKind::kConflict, "FLIGHT_CLOSED",
                     fmt::format("flight {}{} of {} is closed", f.airline, f.flight_number, f.departure_date), ""};
}

bool IsClosed(store::Connection& db, std::int64_t flight_id) {
  auto stmt = db.Prepare(sql::kFlightClosed);
  stmt.Bind(1, flight_id);
  return stmt.Step();
}

}  // namespace

std::string DeparturePassenger::Status() const {
  if (no_show) return "NO_SHOW";
  if (coupon == CouponStatus::kFlown) return "FLOWN";
  if (coupon == CouponStatus::kBoarded) return "BOARDED";
  if (sequence > 0) return "CHECKED_IN";
  return "NOT_CHECKED_IN";
}

int FlightDeparture::Count(std::string_view status) const {
  return static_cast<int>(
      std::count_if(passengers.begin(), passengers.end(), [&](const DeparturePassenger& p) { return p.Status() == status; }));
}

GateFlight FlightDeparture::Gate() const {
  return {flight.airline, flight.flight_number, ticketing::DayOfYear(flight.departure_date), flight.origin,
          flight.destination};
}

std::vector<ManifestLine> FlightDeparture::Manifest() const {
  std::vector<ManifestLine> lines;
  for (const auto& p : passengers) {
    const auto& d = p.details;
    ManifestLine l;
    l.locator = p.locator;
    l.passenger = p.passenger;
    l.name = fmt::format("{}/{} {}", d.last_name, d.first_name, d.title);
    l.pax_type = std::string(core::ToString(d.pax_type));
    l.infant_of = p.infant_of;
    l.seat = p.seat;
    l.sequence = p.sequence;
    l.status = p.Status() == "FLOWN" ? "BOARDED" : p.Status();
    l.ticket = p.ticket;
    l.bags = p.bags;
    for (const auto& code : p.ssrs) l.ssrs += (l.ssrs.empty() ? "" : " ") + code;
    l.date_of_birth = d.date_of_birth ? core::FormatIsoDate(*d.date_of_birth) : "";
    l.nationality = d.nationality;
    if (d.document) {
      l.document_type = d.document->type;
      l.document_number = d.document->number;
      l.document_country = d.document->issuing_country;
      l.document_expiry = d.document->expiry ? core::FormatIsoDate(*d.document->expiry) : "";
    }
    l.gender = GenderOf(d);
    l.docs = DocsElement(d, flight.airline).value_or("");
    lines.push_back(std::move(l));
  }
  return lines;
}

core::Result<schedule::FlightRecord> DepartureControl::OwnFlight(store::Connection& db, const core::Actor& actor,
                                                                 const std::string& airline, std::int64_t flight_id) {
  if (auto ok = MayControl(actor); !ok) return std::unexpected(ok.error());
  auto flight = schedule::FindFlight(db, flight_id);
  if (!flight || flight->airline != airline)
    return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", fmt::format("no flight {} of {}", flight_id, airline));
  return *flight;
}

FlightDeparture DepartureControl::Load(store::Connection& db, const schedule::FlightRecord& flight) {
  FlightDeparture out;
  out.flight = flight;
  const auto* origin = airports_.Find(flight.origin);
  out.departure_local = core::FormatLocal(flight.departure_utc, origin ? origin->zone : nullptr);
  out.closed = IsClosed(db, flight.id);
  std::map<Key, std::pair<CouponStatus, std::string>> coupons;
  std::map<Key, std::pair<int, std::string>> checked;
  std::map<Key, std::string> seats;
  std::map<Key, NoShowOutcome> no_shows;
  {
    auto stmt = db.Prepare(sql::kFlightCoupons);
    stmt.Bind(1, flight.id);
    while (stmt.Step())
      if (auto status = ticketing::ParseCouponStatus(stmt.Text(2)))
        coupons[{stmt.Int(0), static_cast<int>(stmt.Int(1))}] = {*status, stmt.Text(3)};
  }
  {
    auto stmt = db.Prepare(sql::kFlightCheckIns);
    stmt.Bind(1, flight.id);
    while (stmt.Step()) checked[{stmt.Int(0), static_cast<int>(stmt.Int(1))}] = {static_cast<int>(stmt.Int(2)), stmt.Text(3)};
  }
  {
    auto stmt = db.Prepare(sql::kFlightSeatsHeld);
    stmt.Bind(1, flight.id);
    while (stmt.Step()) seats[{stmt.Int(0), static_cast<int>(stmt.Int(1))}] = stmt.Text(2);
  }
  {
    auto stmt = db.Prepare(sql::kFlightNoShows);
    stmt.Bind(1, flight.id);
    while (stmt.Step())
      no_shows[{stmt.Int(0), static_cast<int>(stmt.Int(1))}] =
          stmt.Text(2) == "CLOSED" ? NoShowOutcome::kClosed : NoShowOutcome::kKeptOpen;
  }
  std::map<Key, std::vector<std::string>> ssrs;
  {
    auto stmt = db.Prepare(sql::kFlightSsrs);
    stmt.Bind(1, flight.id);
    while (stmt.Step()) ssrs[{stmt.Int(0), static_cast<int>(stmt.Int(1))}].push_back(stmt.Text(2));
  }
  std::map<Key, std::string> names;  // for infants' adults
  auto stmt = db.Prepare(sql::kDeparturePassengers);
  stmt.Bind(1, flight.id);
  std::vector<std::pair<DeparturePassenger, std::optional<Key>>> rows;
  while (stmt.Step()) {
    DeparturePassenger p;
    const std::int64_t booking_id = stmt.Int(0);
    p.locator = stmt.Text(1);
    p.segment = static_cast<int>(stmt.Int(2));
    p.cabin = stmt.Text(3);
    p.booking_id = booking_id;
    p.bags = static_cast<int>(stmt.OptInt(4).value_or(0));
    p.refundable = stmt.OptInt(5).value_or(0) != 0;
    p.changeable = !stmt.IsNull(6);
    p.passenger = static_cast<int>(stmt.Int(7));
    auto& d = p.details;
    d.pax_type = core::ParsePaxType(stmt.Text(8)).value_or(core::PaxType::kAdult);
    d.title = stmt.Text(9);
    d.first_name = stmt.Text(10);
    d.last_name = stmt.Text(11);
    if (auto dob = stmt.OptText(13)) d.date_of_birth = core::ParseIsoDate(*dob);
    d.nationality = stmt.OptText(14).value_or("");
    if (auto number = stmt.OptText(16)) {
      TravelDocument doc{stmt.OptText(15).value_or(""), *number, stmt.OptText(17).value_or(""), std::nullopt};
      if (auto expiry = stmt.OptText(18)) doc.expiry = core::ParseIsoDate(*expiry);
      d.document = std::move(doc);
    }
    const Key key{booking_id, p.passenger};
    names[key] = fmt::format("{} {}", d.first_name, d.last_name);
    if (d.pax_type == core::PaxType::kInfant) p.bags = 0;
    if (auto it = coupons.find(key); it != coupons.end()) {
      p.coupon = it->second.first;
      p.ticket = it->second.second;
    }
    if (auto it = checked.find(key); it != checked.end()) {
      p.sequence = it->second.first;
      p.seat = it->second.second;
    }
    if (p.seat.empty())
      if (auto it = seats.find(key); it != seats.end()) p.seat = it->second;
    if (auto it = no_shows.find(key); it != no_shows.end()) p.no_show = it->second;
    if (auto it = ssrs.find(key); it != ssrs.end()) p.ssrs = it->second;
    std::optional<Key> adult;
    if (auto of = stmt.OptInt(12)) adult = Key{booking_id, static_cast<int>(*of)};
    rows.emplace_back(std::move(p), adult);
  }
  for (auto& [p, adult] : rows) {
    if (adult) p.infant_of = names[*adult];
    out.passengers.push_back(std::move(p));
  }
  return out;
}

core::Result<std::vector<schedule::FlightRecord>> DepartureControl::FlightsOn(const core::Actor& actor,
                                                                              const std::string& airline,
                                                                              core::LocalDate date) {
  if (auto ok = MayControl(actor); !ok) return std::unexpected(ok.error());
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<schedule::FlightRecord> flights;
  auto stmt = lease->Prepare(sql::kFlightsOn);
  stmt.Bind(1, airline).Bind(2, core::FormatIsoDate(date));
  std::vector<std::int64_t> ids;
  while (stmt.Step()) ids.push_back(stmt.Int(0));
  for (auto id : ids)
    if (auto f = schedule::FindFlight(*lease, id)) flights.push_back(*f);
  return flights;
}

std::optional<std::string> DepartureControl::AirlineOf(std::int64_t flight_id) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto flight = schedule::FindFlight(*lease, flight_id);
  if (!flight) return std::nullopt;
  return flight->airline;
}

core::Result<FlightDeparture> DepartureControl::Flight(const core::Actor& actor, const std::string& airline,
                                                       std::int64_t flight_id) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto flight = OwnFlight(*lease, actor, airline, flight_id);
  if (!flight) return std::unexpected(flight.error());
  return Load(*lease, *flight);
}

core::Result<BoardedPassenger> DepartureControl::Board(const core::Actor& actor, const std::string& airline,
                                                       std::int64_t flight_id, std::string_view bcbp) {
  if (auto ok = MayControl(actor); !ok) return std::unexpected(ok.error());
  auto pass = ticketing::DecodeBcbp(core::Trim(bcbp));
  if (!pass) return std::unexpected(pass.error());
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<BoardedPassenger> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    auto flight = OwnFlight(db, actor, airline, flight_id);
    if (!flight) return std::unexpected(flight.error());
    const GateFlight gate{flight->airline, flight->flight_number, ticketing::DayOfYear(flight->departure_date),
                          flight->origin, flight->destination};
    auto leg = LegFor(*pass, gate);
    if (!leg) return std::unexpected(leg.error());
    const auto not_found = Fail(ErrorKind::kNotFound, "PASSENGER_NOT_FOUND",
                                fmt::format("no passenger {} with sequence {} in booking {} on this flight", pass->name,
                                            leg->sequence, leg->pnr));
    if (!core::IsValidLocator(leg->pnr)) return not_found;
    auto booking = LockAndLoad(db, airports_, leg->pnr);
    if (!booking) return not_found;
    inventory::LockFlights(db, {flight_id});
    if (IsClosed(db, flight_id)) return std::unexpected(Closed(*flight));
    auto who = db.Prepare(sql::kCheckInBySequence);
    who.Bind(1, flight_id).Bind(2, booking->id).Bind(3, leg->sequence);
    if (!who.Step()) return not_found;
    const int passenger = static_cast<int>(who.Int(0));
    const int segment = static_cast<int>(who.Int(1));
    if (passenger < 1 || passenger > static_cast<int>(booking->passengers.size())) return not_found;
    const auto& p = booking->passengers[static_cast<std::size_t>(passenger - 1)];
    if (PassName(p) != pass->name) return not_found;  // a pass copied onto another name
    if (!ticketing::MovePassengerCoupon(db, booking->id, passenger, segment, CouponStatus::kCheckedIn,
                                        CouponStatus::kBoarded, now)) {
      const auto* seat = booking->SeatOf(passenger, segment);
      const bool boarded = seat && seat->sequence > 0;
      return Fail(ErrorKind::kConflict, boarded ? "ALREADY_BOARDED" : "NOT_CHECKED_IN",
                  boarded ? fmt::format("{} has already boarded", pass->name)
                          : fmt::format("{} is not checked in on this flight", pass->name));
    }
    db.Prepare(sql::kSetBoarded).Bind(1, Epoch(now)).Bind(2, flight_id).Bind(3, booking->id).Bind(4, passenger).Exec();
    const auto* seat = booking->SeatOf(passenger, segment);
    AddHistory(db, booking->id, now, actor.Label(), "BOARDED",
               fmt::format("flight {}: passenger {} boarded {}{}", segment, passenger,
                           flight->airline, flight->flight_number));
    tx.Commit();
    return BoardedPassenger{booking->locator, fmt::format("{} {} {}", p.title, p.first_name, p.last_name),
                            seat ? seat->seat : "", leg->sequence};
  });
}

core::Result<void> DepartureControl::Offload(const core::Actor& actor, const std::string& airline,
                                             std::int64_t flight_id, const std::string& locator, int passenger) {
  if (auto ok = MayControl(actor); !ok) return std::unexpected(ok.error());
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<void> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    auto flight = OwnFlight(db, actor, airline, flight_id);
    if (!flight) return std::unexpected(flight.error());
    auto booking = core::IsValidLocator(locator) ? LockAndLoad(db, airports_, locator) : std::nullopt;
    if (!booking) return std::unexpected(NotFound(locator));
    inventory::LockFlights(db, {flight_id});
    if (IsClosed(db, flight_id)) return std::unexpected(Closed(*flight));
    auto checked = db.Prepare(sql::kCheckInOf);
    checked.Bind(1, flight_id).Bind(2, booking->id).Bind(3, passenger);
    if (!checked.Step())
      return Fail(ErrorKind::kConflict, "NOT_CHECKED_IN",
                  fmt::format("passenger {} of {} is not checked in on this flight", passenger, locator));
    const int sequence = static_cast<int>(checked.Int(0));
    const std::string seat = checked.Text(1);
    const int segment = static_cast<int>(checked.Int(2));
    if (!ticketing::MovePassengerCoupon(db, booking->id, passenger, segment, CouponStatus::kCheckedIn,
                                        CouponStatus::kOpen, now))
      return Fail(ErrorKind::kConflict, "ALREADY_BOARDED",
                  fmt::format("passenger {} of {} has boarded: a boarded passenger is not offloaded here", passenger,
                              locator));
    db.Prepare(sql::kInsertOffload)
        .Bind(1, flight_id)
        .Bind(2, booking->id)
        .Bind(3, passenger)
        .Bind(4, segment)
        .Bind(5, sequence)
        .Bind(6, seat)
        .Bind(7, Epoch(now))
        .Bind(8, actor.Label())
        .Exec();
    db.Prepare(sql::kDeleteCheckIn).Bind(1, flight_id).Bind(2, booking->id).Bind(3, passenger).Exec();
    db.Prepare(sql::kDeletePassengerSeat).Bind(1, booking->id).Bind(2, passenger).Bind(3, segment).Exec();
    AddHistory(db, booking->id, now, actor.Label(), "OFFLOADED",
               fmt::format("flight {}: passenger {} offloaded from {}{} (sequence {}, seat {})", segment, passenger,
                           flight->airline, flight->flight_number, sequence, seat.empty() ? "none" : seat));
    tx.Commit();
    return {};
  });
}

core::Result<FlightClosing> DepartureControl::Close(const core::Actor& actor, const std::string& airline,
                                                    std::int64_t flight_id) {
  if (auto ok = MayControl(actor); !ok) return std::unexpected(ok.error());
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<FlightClosing> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    auto flight = OwnFlight(db, actor, airline, flight_id);
    if (!flight) return std::unexpected(flight.error());
    inventory::LockFlights(db, {flight_id});
    if (IsClosed(db, flight_id)) return std::unexpected(Closed(*flight));
    const auto departure = Load(db, *flight);
    FlightClosing closing;
    std::map<std::int64_t, std::pair<std::string, std::string>> history;  // booking id: flown, no-shows
    for (const auto& p : departure.passengers) {
      const std::int64_t id = p.booking_id;
      if (!p.coupon) continue;  // not ticketed: nothing to fly or forfeit
      auto& [flown, missed] = history[id];
      if (*p.coupon == CouponStatus::kBoarded) {
        ticketing::MovePassengerCoupon(db, id, p.passenger, p.segment, CouponStatus::kBoarded, CouponStatus::kFlown,
                                       now);
        ++closing.flown;
        flown += fmt::format("{}{}", flown.empty() ? "" : ", ", p.passenger);
        continue;
      }
      if (*p.coupon == CouponStatus::kCheckedIn)
        ticketing::MovePassengerCoupon(db, id, p.passenger, p.segment, CouponStatus::kCheckedIn, CouponStatus::kOpen,
                                       now);
      if (*p.coupon != CouponStatus::kCheckedIn && *p.coupon != CouponStatus::kOpen) continue;
      const auto outcome = NoShowRule(p.refundable, p.changeable);
      if (outcome == NoShowOutcome::kClosed &&
          ticketing::MovePassengerCoupon(db, id, p.passenger, p.segment, CouponStatus::kOpen, CouponStatus::kClosed,
                                         now))
        ++closing.coupons_closed;
      db.Prepare(sql::kInsertNoShow)
          .Bind(1, flight_id)
          .Bind(2, id)
          .Bind(3, p.passenger)
          .Bind(4, p.segment)
          .Bind(5, std::string(ToString(outcome)))
          .Bind(6, Epoch(now))
          .Exec();
      db.Prepare(sql::kDeleteCheckIn).Bind(1, flight_id).Bind(2, id).Bind(3, p.passenger).Exec();
      db.Prepare(sql::kDeletePassengerSeat).Bind(1, id).Bind(2, p.passenger).Bind(3, p.segment).Exec();
      ++closing.no_shows;
      missed += fmt::format("{}{} ({})", missed.empty() ? "" : ", ", p.passenger,
                            outcome == NoShowOutcome::kClosed ? "coupon closed" : "coupon kept open");
    }
    const auto name = fmt::format("{}{} {}-{}", flight->airline, flight->flight_number, flight->origin,
                                  flight->destination);
    for (const auto& [id, lines] : history) {
      if (!lines.first.empty())
        AddHistory(db, id, now, actor.Label(), "FLOWN", fmt::format("{}: passenger {} flew", name, lines.first));
      if (!lines.second.empty())
        AddHistory(db, id, now, actor.Label(), "NO_SHOW", fmt::format("{}: no-show {}", name, lines.second));
    }
    db.Prepare(sql::kInsertClosure)
        .Bind(1, flight_id)
        .Bind(2, Epoch(now))
        .Bind(3, actor.Label())
        .Bind(4, closing.flown)
        .Bind(5, closing.no_shows)
        .Exec();
    db.Prepare(sql::kCloseFlight).Bind(1, flight_id).Exec();
    tx.Commit();
    return closing;
  });
}

}  // namespace jetway::booking
