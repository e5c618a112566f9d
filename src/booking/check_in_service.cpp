// BookingService::CheckIn: web check-in of a booking's passengers on one flight, in one transaction (the booking,
// then the flight, whose lock serialises its sequence numbers), and their boarding passes' barcode text.
#include <fmt/core.h>

#include <map>

#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "booking/check_in.hpp"
#include "core/locator.hpp"
#include "core/text.hpp"
#include "inventory/inventory_service.hpp"
#include "mail/outbox.hpp"
#include "schedule/schedule_service.hpp"
#include "ticketing/bcbp.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps

namespace {

struct CheckedIn {
  int sequence = 0;
  std::string seat;
};

// Who of the booking is checked in on which flight: (passenger, segment) → their sequence number and seat.
std::map<std::pair<int, int>, CheckedIn> CheckInsOf(store::Connection& db, std::int64_t booking_id) {
  std::map<std::pair<int, int>, CheckedIn> found;
  auto stmt = db.Prepare(sql::kCheckIns);
  stmt.Bind(1, booking_id);
  while (stmt.Step())
    found[{static_cast<int>(stmt.Int(0)), static_cast<int>(stmt.Int(1))}] = {static_cast<int>(stmt.Int(2)),
                                                                             stmt.Text(3)};
  return found;
}

// The coupon of `passenger`'s current ticket for flight `segment`, if any.
const ticketing::Coupon* CouponOf(const BookingView& b, int passenger, int segment, std::string* ticket_number) {
  const ticketing::Coupon* found = nullptr;
  for (const auto& t : b.tickets)
    if (t.passenger == passenger)
      for (const auto& c : t.coupons)
        if (c.segment_seq == segment && c.status != ticketing::CouponStatus::kExchanged) {
          found = &c;
          *ticket_number = t.number;
        }
  return found;
}

core::Result<void> Ticketed(const BookingView& b) {
  if (b.status != BookingStatus::kConfirmed || b.tickets.empty())
    return Fail(ErrorKind::kConflict, "CHECK_IN_NOT_POSSIBLE",
                fmt::format("booking {} is {}: only a paid, ticketed booking checks in", b.locator, ToString(b.status)));
  return {};
}

}  // namespace

bool NeedsDocuments(const BookedSegment& s, const reference::AirportDirectory& airports) {
  const auto* origin = airports.Find(s.flight.origin);
  const auto* destination = airports.Find(s.flight.destination);
  return origin && destination && DocumentsRequired(origin->country, destination->country);
}

namespace {

CheckInWindow WindowAt(store::Connection& db, const std::string& airline, const std::string& airport) {
  const auto times = reference::CheckInTimesAt(db, airline, airport);
  return times ? CheckInWindow{std::chrono::minutes{times->opens_minutes}, std::chrono::minutes{times->closes_minutes}}
               : CheckInWindow{};
}

// The airport's desk checks in until the gate closes; the web until the window's end.
core::Result<void> Checkable(const BookingView& b, const BookedSegment& s, const reference::AirportDirectory& airports,
                             const CheckInWindow& web, bool desk, core::Instant now) {
  const CheckInWindow window = desk ? CheckInWindow{web.opens_before, kGateClosesBefore} : web;
  if (auto ok = CheckWindow(window, s.flight.departure_utc, now); !ok) return ok;
  if (NeedsDocuments(s, airports)) {
    const auto travel = core::ParseIsoDate(core::LocalDayOf(s.flight.departure_local)).value_or(core::LocalDate{});
    for (std::size_t i = 0; i < b.passengers.size(); ++i)
      if (auto ok = CheckDocument(b.passengers[i], travel, static_cast<int>(i + 1)); !ok) return ok;
  }
  return {};
}

// The Resolution 792 text of one passenger's boarding pass for one flight.
std::string BarcodeText(const BookingView& b, const BookedSegment& s, const PassengerSeat& checked,
                        const std::string& ticket_number, bool documents_checked) {
  const auto& p = b.passengers[static_cast<std::size_t>(checked.passenger - 1)];
  ticketing::BoardingPass pass;
  pass.name = PassName(p);
  pass.passenger_description = PassengerDescription(p);
  pass.checkin_source = checked.source;
  pass.issuance_source = checked.source;
  pass.issue_date = ticketing::IssueDate(core::FormatUtc(checked.checked_in_at).substr(0, 10));
  pass.issuer = b.airline;
  ticketing::BoardingLeg leg;
  leg.pnr = b.locator;
  leg.from = s.flight.origin;
  leg.to = s.flight.destination;
  leg.carrier = s.flight.airline;
  const auto digits = s.flight.flight_number.substr(std::min(s.flight.airline.size(), s.flight.flight_number.size()));
  leg.flight_number = static_cast<int>(core::ParseInteger(digits, 1, 9999).value_or(0));
  leg.day_of_year = ticketing::DayOfYear(core::LocalDayOf(s.flight.departure_local));
  leg.compartment = s.cabin.empty() ? 'Y' : s.cabin[0];
  leg.seat = p.pax_type == core::PaxType::kInfant ? "INF" : ticketing::SeatField(checked.seat);
  leg.sequence = checked.sequence;
  leg.passenger_status = '1';
  leg.ticket_number = ticket_number;
  leg.document_verification = documents_checked ? '2' : '0';
  leg.marketing_carrier = b.airline;
  if (s.terms && p.pax_type != core::PaxType::kInfant) leg.baggage_allowance = fmt::format("{}PC", s.terms->checked_bags);
  leg.fast_track = 'N';
  pass.legs.push_back(leg);
  auto text = ticketing::EncodeBcbp(pass);
  if (!text) throw std::logic_error(fmt::format("booking {}: {}", b.locator, text.error().message));
  return *text;
}


}  // namespace

std::vector<BoardingPass> BoardingPassesOf(const BookingView& booking, int segment,
                                           const reference::AirportDirectory& airports) {
  std::vector<BoardingPass> passes;
  const auto it = std::find_if(booking.segments.begin(), booking.segments.end(),
                               [&](const BookedSegment& s) { return s.seq == segment; });
  if (it == booking.segments.end()) return passes;
  const bool documents = NeedsDocuments(*it, airports);
  for (const auto& seat : booking.seats) {
    if (seat.segment != segment || seat.sequence == 0) continue;
    std::string number;
    CouponOf(booking, seat.passenger, segment, &number);
    passes.push_back({seat.passenger, segment, seat.sequence, BarcodeText(booking, *it, seat, number, documents)});
  }
  return passes;
}

CheckInWindow BookingService::CheckInWindowAt(const std::string& airline, const std::string& airport) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  return WindowAt(*lease, airline, airport);
}

core::Result<CheckInOutcome> BookingService::CheckIn(const core::Actor& actor, const std::string& locator,
                                                     const BookingProof& proof, int segment,
                                                     const std::vector<SeatChoice>& seats) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<CheckInOutcome> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockChangeable(db, tx, actor, locator, proof, now);
    if (!booking) return std::unexpected(booking.error());
    const auto it = std::find_if(booking->segments.begin(), booking->segments.end(),
                                 [&](const BookedSegment& s) { return s.seq == segment; });
    if (it == booking->segments.end())
      return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND",
                  fmt::format("booking {} has no flight {}", locator, segment), "segment");
    const BookedSegment s = *it;  // a copy: the booking is read again below, after the check-in
    if (auto ok = Ticketed(*booking); !ok) return std::unexpected(ok.error());
    auto checked = CheckInsOf(db, booking->id);
    const int passengers = static_cast<int>(booking->passengers.size());
    bool all_in = true;
    for (int p = 1; p <= passengers; ++p) all_in = all_in && checked.count({p, segment});
    if (all_in && !seats.empty())
      return Fail(ErrorKind::kConflict, "SEAT_CHANGE_AFTER_CHECK_IN",
                  "every passenger is checked in on this flight; the airport desk changes seats", "seats");
    if (!all_in) {
      const bool desk = actor.May(core::Permission::kDepartureControl);
      const auto web = WindowAt(db, s.flight.airline, s.flight.origin);
      if (auto ok = Checkable(*booking, s, airports_, web, desk, now); !ok) return std::unexpected(ok.error());
      inventory::LockFlights(db, {s.flight.flight_id});
      if (auto flight = schedule::FindFlight(db, s.flight.flight_id); !flight || flight->status != "SCHEDULED")
        return Fail(ErrorKind::kConflict, "FLIGHT_CLOSED",
                    fmt::format("flight {} is {}: check-in is over", s.flight.flight_number,
                                flight ? flight->status : "gone"));
      if (!seats.empty()) {
        if (auto ok = PlaceSeats(db, actor, *booking, s, seats, now); !ok)
          return std::unexpected(ok.error());
        booking->seats = LoadSeats(db, booking->id);
      }
      AutoSeat(db, *booking, s, now);
      booking->seats = LoadSeats(db, booking->id);
      for (int p = 1; p <= passengers; ++p) {
        if (checked.count({p, segment})) continue;
        std::string number;
        const auto* coupon = CouponOf(*booking, p, segment, &number);
        if (!coupon || coupon->status != ticketing::CouponStatus::kOpen)
          return Fail(ErrorKind::kConflict, "COUPON_NOT_OPEN",
                      fmt::format("passenger {}'s ticket for this flight is {}", p,
                                  coupon ? ticketing::Name(coupon->status) : "missing"));
        auto next = db.Prepare(sql::kNextSequence);
        next.Bind(1, s.flight.flight_id);
        next.Step();
        const int sequence = static_cast<int>(next.Int(0));
        const auto* held = booking->SeatOf(p, segment);
        const std::string seat = held ? held->seat : "";
        db.Prepare(sql::kInsertCheckIn)
            .Bind(1, booking->id)
            .Bind(2, p)
            .Bind(3, segment)
            .Bind(4, s.flight.flight_id)
            .Bind(5, sequence)
            .Bind(6, seat)
            .Bind(7, actor.Label())
            .Bind(8, Epoch(now))
            .Bind(9, std::string(1, CheckInSource(actor)))
            .Exec();
        checked[{p, segment}] = {sequence, seat};
      }
      ticketing::MoveCoupons(db, booking->id, segment, ticketing::CouponStatus::kOpen,
                             ticketing::CouponStatus::kCheckedIn, now);
      AddHistory(db, booking->id, now, actor.Label(), "CHECK_IN",
                 fmt::format("flight {}: {} {}-{}, {} passenger(s) checked in", segment, s.flight.flight_number,
                             s.flight.origin, s.flight.destination, passengers));
      booking = std::move(*LoadByLocator(db, airports_, locator));
      // The passes by e-mail too, in the language of the booking's confirmation.
      if (booking->contact && !booking->contact->email.empty())
        mail::Enqueue(db, {kBoardingPassMail, locator, booking->contact->email,
                           mail::FirstLanguage(db, kConfirmationMail, locator).value_or("en"), std::to_string(segment),
                           booking->agency_id}, now);
    }
    CheckInOutcome outcome{*booking, BoardingPassesOf(*booking, segment, airports_)};
    tx.Commit();
    return outcome;
  });
}

}  // namespace jetway::booking
