// Seats: a flight's seat map as a booking sees it, passengers choosing seats, and seats given at check-in. The seat
// rules are seating/'s; here they meet the flight's taken seats inside the transaction that locks the flight, and
// the primary key (flight, seat) makes sure no seat is ever held twice whatever happens above it.
#include <fmt/core.h>

#include <algorithm>

#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "core/locator.hpp"
#include "inventory/inventory_service.hpp"
#include "schedule/schedule_service.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps

const PassengerSeat* BookingView::SeatOf(int passenger, int segment) const {
  for (const auto& s : seats)
    if (s.passenger == passenger && s.segment == segment) return &s;
  return nullptr;
}

namespace {

seating::SeatMap SeatMapOf(store::Connection& db, std::int64_t flight_id) {
  auto stmt = db.Prepare(sql::kSeatMapOfFlight);
  stmt.Bind(1, flight_id);
  if (!stmt.Step()) return {};
  auto map = seating::ParseSeatMap(stmt.Text(0));
  // Saved maps were checked when saved; one that no longer reads is the configuration's to fix, not a passenger's.
  return map ? std::move(*map) : seating::SeatMap{};
}

// Seats on the flight held by anyone but `booking_id`'s passengers in `except` (those choosing again).
std::set<std::string> SeatsTaken(store::Connection& db, std::int64_t flight_id, std::int64_t booking_id,
                            const std::set<int>& except, std::map<std::string, int>* ours = nullptr) {
  std::set<std::string> taken;
  auto stmt = db.Prepare(sql::kFlightSeats);
  stmt.Bind(1, flight_id);
  while (stmt.Step()) {
    const bool mine = stmt.Int(1) == booking_id;
    const int passenger = static_cast<int>(stmt.Int(2));
    if (mine && ours) (*ours)[stmt.Text(0)] = passenger;
    if (!mine || !except.count(passenger)) taken.insert(stmt.Text(0));
  }
  return taken;
}

}  // namespace

seating::Sitter SitterOf(const BookingView& b, int passenger) {
  const auto& p = b.passengers[static_cast<std::size_t>(passenger - 1)];
  const bool with_infant = std::any_of(b.passengers.begin(), b.passengers.end(), [&](const Passenger& q) {
    return q.pax_type == core::PaxType::kInfant && q.infant_of == passenger;
  });
  return {passenger, p.pax_type == core::PaxType::kChild, with_infant};
}

namespace {

bool OnLap(const BookingView& b, int passenger) {
  return b.passengers[static_cast<std::size_t>(passenger - 1)].pax_type == core::PaxType::kInfant;
}

void Keep(store::Connection& db, const BookingView& b, const BookedSegment& s, int passenger, const std::string& seat,
          bool chosen, core::Instant now) {
  db.Prepare(sql::kDeletePassengerSeat).Bind(1, b.id).Bind(2, passenger).Bind(3, s.seq).Exec();
  db.Prepare(sql::kInsertSeat)
      .Bind(1, s.flight.flight_id)
      .Bind(2, seat)
      .Bind(3, b.id)
      .Bind(4, passenger)
      .Bind(5, s.seq)
      .Bind(6, chosen ? 1 : 0)
      .Bind(7, Epoch(now))
      .Exec();
}

// The seat the passenger paid for on that flight (an open SEAT EMD, or one to pay with the hold); "" none.
std::string PaidSeatOf(const BookingView& b, int passenger, int segment) {
  for (const auto& e : b.emds)
    if (e.code == "SEAT" && e.passenger == passenger && e.segment_seq == segment &&
        e.status == ticketing::CouponStatus::kOpen)
      return e.seat;
  for (const auto& d : b.extras_due)
    if (d.extra.code == "SEAT" && d.extra.passenger == passenger && d.extra.segment == segment) return d.extra.seat;
  return "";
}

core::Result<const BookedSegment*> SegmentOf(const BookingView& b, int segment) {
  const auto it = std::find_if(b.segments.begin(), b.segments.end(), [&](const BookedSegment& s) { return s.seq == segment; });
  if (it == b.segments.end())
    return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND", fmt::format("booking {} has no flight {}", b.locator, segment),
                "segment");
  return &*it;
}

}  // namespace

namespace steps {

seating::SeatMap SeatMapOfFlight(store::Connection& db, std::int64_t flight_id) { return SeatMapOf(db, flight_id); }

std::vector<PassengerSeat> LoadSeats(store::Connection& db, std::int64_t booking_id) {
  std::map<std::pair<int, int>, PassengerSeat> found;
  {
    auto stmt = db.Prepare(sql::kBookingSeats);
    stmt.Bind(1, booking_id);
    while (stmt.Step()) {
      const int p = static_cast<int>(stmt.Int(0));
      const int s = static_cast<int>(stmt.Int(1));
      found[{s, p}] = {p, s, stmt.Text(2), 0, {}, 'W'};
    }
  }
  auto stmt = db.Prepare(sql::kCheckIns);
  stmt.Bind(1, booking_id);
  while (stmt.Step()) {
    const int p = static_cast<int>(stmt.Int(0));
    const int s = static_cast<int>(stmt.Int(1));
    auto& seat = found[{s, p}];
    const auto source = stmt.Text(5);
    seat = {p, s, seat.seat.empty() ? stmt.Text(3) : seat.seat, static_cast<int>(stmt.Int(2)),
            core::FromEpoch(stmt.Int(4)), source.empty() ? 'W' : source[0]};
  }
  std::vector<PassengerSeat> seats;
  for (auto& [key, seat] : found) seats.push_back(std::move(seat));
  return seats;
}

void FreeSeats(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq) {
  if (segment_seq)
    db.Prepare(sql::kDeleteSegmentSeats).Bind(1, booking_id).Bind(2, *segment_seq).Exec();
  else
    db.Prepare(sql::kDeleteBookingSeats).Bind(1, booking_id).Exec();
}

core::Result<void> PlaceSeats(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                              const BookedSegment& segment, const std::vector<SeatChoice>& choices, core::Instant now,
                              bool bought, bool check_only) {
  const bool airport = actor.May(core::Permission::kDepartureControl);
  const bool paid_ok = bought || airport || actor.May(core::Permission::kBookingsWrite);
  const auto map = SeatMapOf(db, segment.flight.flight_id);
  if (map.Empty())
    return Fail(ErrorKind::kConflict, "NO_SEAT_MAP",
                "this flight's aircraft has no seat map: seats are given at the airport", "seats");
  if (booking.passengers.empty())
    return Fail(ErrorKind::kConflict, "NAMES_REQUIRED", "give the passengers' names before choosing their seats",
                "seats");
  std::set<int> choosing;
  for (const auto& c : choices) {
    const auto field = fmt::format("seats[{}]", c.passenger);
    if (c.passenger < 1 || c.passenger > static_cast<int>(booking.passengers.size()) || !choosing.insert(c.passenger).second)
      return Fail(ErrorKind::kInvalid, "INVALID_PASSENGER",
                  fmt::format("passenger {} is not a passenger of this booking, or is named twice", c.passenger), field);
    if (OnLap(booking, c.passenger))
      return Fail(ErrorKind::kInvalid, "INFANT_NO_SEAT",
                  fmt::format("passenger {} is an infant on a lap and has no seat of their own", c.passenger), field);
    // A seat paid for stays the passenger's: choosing another would leave the EMD paying for an empty seat. The
    // airport may move them (an aircraft change, a blocked row); the EMD then stays for staff to refund.
    if (const auto paid = PaidSeatOf(booking, c.passenger, segment.seq);
        !paid.empty() && !bought && !airport && seating::NormaliseSeat(c.seat).value_or("") != paid)
      return Fail(ErrorKind::kConflict, "SEAT_PAID_FOR",
                  fmt::format("passenger {} paid for seat {} on this flight; it stays theirs (the airline changes it)",
                              c.passenger, paid),
                  field);
    const auto* held = booking.SeatOf(c.passenger, segment.seq);
    if (held && held->sequence > 0 && !airport)
      return Fail(ErrorKind::kConflict, "SEAT_CHANGE_AFTER_CHECK_IN",
                  fmt::format("passenger {} is checked in on this flight in seat {}; the airport desk changes seats",
                              c.passenger, held->seat),
                  field);
  }
  std::map<std::string, int> ours;
  auto taken = SeatsTaken(db, segment.flight.flight_id, booking.id, choosing, &ours);
  std::vector<std::pair<int, std::string>> placed;
  for (const auto& c : choices) {
    // A paid seat the booking already holds may change hands inside it (a swap).
    const bool theirs = seating::NormaliseSeat(c.seat) && ours.count(*seating::NormaliseSeat(c.seat));
    auto seat = seating::CheckSeat(map, segment.cabin, c.seat, SitterOf(booking, c.passenger), taken,
                                   paid_ok || theirs);
    if (!seat) return std::unexpected(seat.error());
    taken.insert((*seat)->Name());
    placed.emplace_back(c.passenger, (*seat)->Name());
  }
  if (check_only) return {};
  // Given up first, all of them, so passengers of one booking may swap seats.
  for (const auto& [passenger, seat] : placed)
    db.Prepare(sql::kDeletePassengerSeat).Bind(1, booking.id).Bind(2, passenger).Bind(3, segment.seq).Exec();
  std::string detail;
  for (const auto& [passenger, seat] : placed) {
    Keep(db, booking, segment, passenger, seat, true, now);
    if (const auto* held = booking.SeatOf(passenger, segment.seq); held && held->sequence > 0)
      db.Prepare(sql::kSetCheckInSeat).Bind(1, seat).Bind(2, booking.id).Bind(3, passenger).Bind(4, segment.seq).Exec();
    detail += fmt::format("{}passenger {} {}", detail.empty() ? "" : ", ", passenger, seat);
  }
  AddHistory(db, booking.id, now, "seats", "SEATS",
             fmt::format("flight {}: {} {}-{}: {}", segment.seq, segment.flight.flight_number, segment.flight.origin,
                         segment.flight.destination, detail));
  return {};
}

void AutoSeat(store::Connection& db, const BookingView& booking, const BookedSegment& segment, core::Instant now) {
  const auto map = SeatMapOf(db, segment.flight.flight_id);
  if (map.Empty()) return;
  std::vector<seating::Sitter> party;
  for (int p = 1; p <= static_cast<int>(booking.passengers.size()); ++p) {
    const auto* held = booking.SeatOf(p, segment.seq);
    if (!OnLap(booking, p) && (!held || held->seat.empty())) party.push_back(SitterOf(booking, p));
  }
  if (party.empty()) return;
  const auto given = seating::AutoAssign(map, segment.cabin, party, SeatsTaken(db, segment.flight.flight_id, booking.id, {}));
  for (const auto& [passenger, seat] : given) Keep(db, booking, segment, passenger, seat, false, now);
}

}  // namespace steps

core::Result<FlightSeats> BookingService::SeatsOf(const core::Actor& actor, const std::string& locator,
                                                  const BookingProof& proof, int segment) {
  auto booking = Retrieve(actor, locator, proof);
  if (!booking) return std::unexpected(booking.error());
  auto s = SegmentOf(*booking, segment);
  if (!s) return std::unexpected(s.error());
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  FlightSeats seats{**s, SeatMapOf(*lease, (*s)->flight.flight_id), {}, {}};
  seats.taken = SeatsTaken(*lease, (*s)->flight.flight_id, booking->id, {}, &seats.ours);
  for (const auto& [seat, passenger] : seats.ours) seats.taken.erase(seat);
  return seats;
}

core::Result<FlightSeats> BookingService::SeatsOfFlight(std::int64_t flight_id,
                                                        const std::vector<std::string>& airlines) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  const auto flight = schedule::FindFlight(*lease, flight_id);
  const bool seen = flight && (airlines.empty() ||
                               std::find(airlines.begin(), airlines.end(), flight->airline) != airlines.end());
  if (!seen) return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", fmt::format("no flight {}", flight_id), "flightid");
  FlightSeats seats;
  seats.segment.flight = shopping::MakeSegmentView(airports_, flight->id, flight->airline, flight->flight_number,
                                                   flight->origin, flight->destination, flight->departure_utc,
                                                   flight->arrival_utc);
  seats.map = SeatMapOf(*lease, flight_id);
  seats.taken = SeatsTaken(*lease, flight_id, 0, {});
  return seats;
}

std::optional<std::int64_t> BookingService::FlightNumbered(const std::string& airline, int number,
                                                          core::LocalDate date, const std::string& origin) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt = lease->Prepare(sql::kFlightNumbered);
  stmt.Bind(1, airline).Bind(2, number).Bind(3, core::FormatIsoDate(date)).Bind(4, origin);
  if (!stmt.Step()) return std::nullopt;
  return stmt.Int(0);
}

core::Result<BookingView> BookingService::ChooseSeats(const core::Actor& actor, const std::string& locator,
                                                      const BookingProof& proof, int segment,
                                                      const std::vector<SeatChoice>& choices) {
  if (choices.empty())
    return Fail(ErrorKind::kInvalid, "INVALID_SEATS", "choose a seat for at least one passenger", "seats");
  return Changing(actor, locator, proof,
                  [&](store::Connection& db, BookingView& booking, core::Instant now) -> core::Result<void> {
    if (booking.status != BookingStatus::kHeld && booking.status != BookingStatus::kConfirmed)
      return Fail(ErrorKind::kConflict, "SEATS_NOT_POSSIBLE",
                  fmt::format("booking {} is {}: seats are chosen for held and confirmed bookings", locator,
                              ToString(booking.status)));
    auto s = SegmentOf(booking, segment);
    if (!s) return std::unexpected(s.error());
    if ((*s)->flight.departure_utc <= now)
      return Fail(ErrorKind::kConflict, "FLIGHT_DEPARTED", "this flight has departed", "segment");
    inventory::LockFlights(db, {(*s)->flight.flight_id});
    return PlaceSeats(db, actor, booking, **s, choices, now);
  });
}

}  // namespace jetway::booking
