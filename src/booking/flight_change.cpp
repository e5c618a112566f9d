// BookingService::ChangeFlight and AssessChange: one flight of a booking for another on the same route, in one
// transaction that takes the locks in the service's order (booking, flights by id, then the agency's account).
#include <fmt/core.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "agents/ledger.hpp"
#include "agents/ledger_store.hpp"
#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "booking/change.hpp"
#include "core/locator.hpp"
#include "inventory/inventory_service.hpp"
#include "inventory/nesting.hpp"
#include "mail/outbox.hpp"
#include "pricing/pricing_service.hpp"
#include "schedule/schedule_service.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps

namespace {

std::string FlightName(const std::string& airline, int number, const std::string& date) {
  return fmt::format("{}{} on {}", airline, number, date);
}

std::string FlightName(const shopping::SegmentView& f) {
  return fmt::format("{} on {}", f.flight_number, f.departure_local.substr(0, 10));  // "X9152": the airline is in it
}

std::vector<Leg> LegsOf(const BookingView& booking) {
  std::vector<Leg> legs;
  for (const auto& s : booking.segments)
    legs.push_back({FlightName(s.flight), s.flight.origin, s.flight.destination, s.flight.departure_utc,
                    s.flight.arrival_utc});
  return legs;
}

std::size_t IndexOf(const BookingView& booking, int segment) {
  for (std::size_t i = 0; i < booking.segments.size(); ++i)
    if (booking.segments[i].seq == segment) return i;
  return booking.segments.size();
}

// Whether flight `segment` of the booking may change at all, whatever it changes for.
core::Result<std::size_t> Changeable(const BookingView& booking, int segment, core::Instant now) {
  if (booking.status != BookingStatus::kHeld && booking.status != BookingStatus::kConfirmed)
    return Fail(ErrorKind::kConflict, "BOOKING_NOT_CHANGEABLE",
                fmt::format("booking {} is {}; only held and confirmed bookings change", booking.locator,
                            ToString(booking.status)));
  const auto index = IndexOf(booking, segment);
  if (index == booking.segments.size())
    return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND",
                fmt::format("booking {} has no flight {}; it has {}", booking.locator, segment,
                            booking.segments.size()),
                "segment");
  const auto& s = booking.segments[index];
  if (s.flight.departure_utc <= now)
    return Fail(ErrorKind::kConflict, "FLIGHT_DEPARTED",
                fmt::format("{} has already left; a flown or missed flight does not change", FlightName(s.flight)),
                "segment");
  if (booking.status == BookingStatus::kConfirmed && (!s.terms || !s.price))
    return Fail(ErrorKind::kConflict, "CHANGE_NOT_POSSIBLE",
                "this booking was made before jetway kept its fares' terms; the airline's staff change it by hand",
                "segment");
  return index;
}

std::optional<core::Money> FeeEach(const BookedSegment& s, const pricing::RateTable& rates,
                                   const std::string& currency) {
  if (!s.terms || !s.terms->change_fee) return std::nullopt;
  return rates.Convert(*s.terms->change_fee, currency);
}

ChangeTerms TermsOf(const BookingView& booking, const BookedSegment& s, const pricing::RateTable& rates) {
  ChangeTerms terms;
  terms.paid = booking.status == BookingStatus::kConfirmed;
  terms.refundable = s.terms && s.terms->refundable;
  terms.fee_each = FeeEach(s, rates, booking.total.currency);
  terms.seated = booking.party.SeatsNeeded();
  return terms;
}

// Each passenger type's share of the segment as it was sold; empty for bookings made before it was kept.
std::vector<pricing::PaxTypePrice> SoldFares(store::Connection& db, const BookingView& booking, int seq) {
  std::vector<pricing::PaxTypePrice> fares;
  auto stmt = db.Prepare(sql::kSegmentFares);
  stmt.Bind(1, booking.id).Bind(2, seq);
  while (stmt.Step())
    fares.push_back({core::ParsePaxType(stmt.Text(0)).value_or(core::PaxType::kAdult), static_cast<int>(stmt.Int(1)),
                     {stmt.Int(2), booking.total.currency}, {stmt.Int(3), booking.total.currency}});
  return fares;
}

// The flight a segment changes to, priced for the booking's party in its currency.
struct NewFlight {
  schedule::FlightRecord flight;
  std::string cabin;
  FareTerms terms;
  pricing::SegmentPrice share;
};

core::Result<NewFlight> FindNewFlight(store::Connection& db, const reference::AirportDirectory& airports,
                                      const BookingView& booking, const BookedSegment& old,
                                      const ChangeRequest& request, core::Instant now) {
  auto flight = schedule::FindFlight(db, request.flight_id);
  if (!flight || flight->airline != booking.airline)
    return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND",
                fmt::format("no flight of {} with id {}", booking.airline, request.flight_id), "flight_id");
  if (flight->id == old.flight.flight_id && request.booking_class == old.booking_class)
    return Fail(ErrorKind::kInvalid, "CHANGE_SAME_FLIGHT",
                fmt::format("flight {} is already {} in class {}", old.seq, FlightName(old.flight), old.booking_class),
                "flight_id");
  if (flight->status != "SCHEDULED" ||
      flight->departure_utc < now + reference::SalesCutoff(reference::FindAirline(db, flight->airline)))
    return Fail(ErrorKind::kConflict, "FLIGHT_CLOSED",
                fmt::format("{} is closed for sale",
                            FlightName(flight->airline, flight->flight_number, flight->departure_date)),
                "flight_id");
  const auto* origin = airports.Find(flight->origin);
  const auto day = origin ? core::LocalDateOf(flight->departure_utc, origin->zone)
                          : *core::ParseIsoDate(flight->departure_date);
  auto by_class = pricing::LoadSegmentPricing(db, flight->airline, flight->origin, flight->destination, day);
  auto fare = by_class.find(request.booking_class);
  if (fare == by_class.end() || fare->second.fares.empty())
    return Fail(ErrorKind::kConflict, "FARE_NOT_FOUND",
                fmt::format("no fare is filed for class {} on {}-{} that day", request.booking_class, flight->origin,
                            flight->destination),
                "booking_class");
  auto price = pricing::PriceParty(booking.party, {fare->second}, pricing::LoadRates(db), booking.total.currency);
  if (!price) return std::unexpected(price.error());
  const auto& fares = fare->second.fares;
  const auto& sold = fares.count(core::PaxType::kAdult) ? fares.at(core::PaxType::kAdult) : fares.begin()->second;
  return NewFlight{std::move(*flight), "", FareTerms{sold.brand, sold.refundable, sold.change_fee, sold.checked_bags},
                   std::move(price->per_segment.front())};
}

// The seats move: the old flight's go back (as held or sold), the new flight's are taken the same way. Both flights
// are locked first, in id order. A full class refuses, and the caller rolls back.
core::Result<std::string> MoveSeats(store::Connection& db, const BookingView& booking, const BookedSegment& old,
                                    const NewFlight& to, const std::string& booking_class) {
  inventory::LockFlights(db, {old.flight.flight_id, to.flight.id});
  const bool sold = booking.status == BookingStatus::kConfirmed;
  auto before = inventory::LoadCabinOfClass(db, old.flight.flight_id, old.booking_class);
  if (!before) throw std::logic_error(fmt::format("booking {}: segment on a missing flight", booking.locator));
  if (auto ok = inventory::Release(*before, old.booking_class, old.seats, sold); !ok)
    throw std::logic_error(fmt::format("booking {}: {}", booking.locator, ok.error().message));
  inventory::SaveCounters(db, old.flight.flight_id, *before, old.booking_class);
  auto after = inventory::LoadCabinOfClass(db, to.flight.id, booking_class);
  if (!after)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_BOOKING_CLASS",
                fmt::format("class {} is not sold on this flight", booking_class), "booking_class");
  if (auto ok = inventory::Hold(*after, booking_class, old.seats); !ok) {
    auto error = ok.error();
    error.message = fmt::format("{}: {}", FlightName(to.flight.airline, to.flight.flight_number,
                                                     to.flight.departure_date), error.message);
    error.field = "booking_class";
    return std::unexpected(error);
  }
  if (sold)
    if (auto ok = inventory::SellHeld(*after, booking_class, old.seats); !ok)
      throw std::logic_error(fmt::format("booking {}: {}", booking.locator, ok.error().message));
  inventory::SaveCounters(db, to.flight.id, *after, booking_class);
  return after->cabin;
}

// The journey's flights for the tickets after flight `index` changes to `flight_id` in `booking_class`.
std::vector<ticketing::FlightToTicket> FlightsAfter(const BookingView& booking, std::size_t index,
                                                    std::int64_t flight_id, const std::string& booking_class) {
  auto flights = FlightsOf(booking);
  flights[index].flight_id = flight_id;
  flights[index].booking_class = booking_class;
  return flights;
}

// The booking as its new tickets price it: each passenger type's line with the changed flight's share replaced.
BookingView Reissued(const BookingView& booking, std::size_t index, const NewFlight& to,
                     const std::string& booking_class, const std::vector<pricing::PaxTypePrice>& sold_fares) {
  BookingView reissued = booking;
  reissued.price_lines = LinesAfterChange(booking.price_lines, sold_fares, to.share.per_pax_type);
  reissued.segments[index].booking_class = booking_class;
  return reissued;
}

// The change's money on the agency's account that paid the booking, last (after the booking and the flights):
// the account is locked, a charge checked against what it may spend. Returns the ledger amount (negative for a
// charge), 0 when nothing went through an account. A card-paid booking changes only when it costs nothing more.
core::Result<std::int64_t> SettleOnAccount(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                                           const ChangeQuote& quote, const std::string& reference, core::Instant now) {
  if (booking.status != BookingStatus::kConfirmed) return 0;
  const auto net = quote.Net();
  const auto charge = agents::BookingCharge(db, booking.id);
  if (!charge) {
    if (net.minor > 0)
      return Fail(ErrorKind::kConflict, "PAYMENT_REQUIRED",
                  fmt::format("this change costs {} {}; a booking not paid on an agency's account changes only when "
                              "it costs nothing more",
                              core::FormatAmount(net), net.currency));
    return 0;
  }
  if (net.minor == 0) return 0;
  auto account = agents::LockAccount(db, charge->agency_id);
  if (!account) throw std::logic_error(fmt::format("booking {}: its agency's account is gone", booking.locator));
  if (net.minor > 0)
    if (auto refused = agents::CheckCharge(*account, net); !refused) return std::unexpected(refused.error());
  agents::AppendLedger(db, *account,
                       {agents::LedgerKind::kAdjustment, {-net.minor, net.currency}, std::nullopt, booking.locator,
                        reference, actor.Label(),
                        fmt::format("flight change: fee {}, collected {}, given back {}", core::FormatAmount(quote.fee),
                                    core::FormatAmount(quote.collect), core::FormatAmount(quote.give_back))},
                       now);
  return -net.minor;
}

// Everything the record step writes for a change.
struct ChangeRecord {
  const core::Actor& actor;
  const BookingView& booking;
  const BookedSegment& old;
  const NewFlight& to;
  const std::string& booking_class;
  const std::string& cabin;
  const ChangeQuote& quote;
  const std::vector<pricing::PaxTypePrice>& sold_fares;
  std::int64_t ledger_amount;
  const std::string& reference;
  core::Instant now;
};

void UpdateSegment(store::Connection& db, const ChangeRecord& c) {
  const auto& terms = c.to.terms;
  db.Prepare(sql::kChangeSegment)
      .Bind(1, c.to.flight.id)
      .Bind(2, c.booking_class)
      .Bind(3, c.cabin)
      .Bind(4, terms.brand)
      .Bind(5, terms.refundable)
      .Bind(6, terms.change_fee ? std::optional<std::int64_t>(terms.change_fee->minor) : std::nullopt)
      .Bind(7, terms.change_fee ? std::optional<std::string>(terms.change_fee->currency) : std::nullopt)
      .Bind(8, terms.checked_bags)
      .Bind(9, c.to.share.fare.minor)
      .Bind(10, c.to.share.taxes.minor)
      .Bind(11, c.booking.id)
      .Bind(12, c.old.seq)
      .Exec();
  for (const auto& line : c.to.share.per_pax_type)
    db.Prepare(sql::kChangeSegmentFare)
        .Bind(1, line.fare_each.minor)
        .Bind(2, line.taxes_each.minor)
        .Bind(3, c.booking.id)
        .Bind(4, c.old.seq)
        .Bind(5, core::ToString(line.pax_type))
        .Exec();
  for (const auto& line : LinesAfterChange(c.booking.price_lines, c.sold_fares, c.to.share.per_pax_type))
    db.Prepare(sql::kChangePrice)
        .Bind(1, line.fare_each.minor)
        .Bind(2, line.taxes_each.minor)
        .Bind(3, c.booking.id)
        .Bind(4, core::ToString(line.pax_type))
        .Exec();
}

void RecordChange(store::Connection& db, const ChangeRecord& c) {
  UpdateSegment(db, c);
  const bool paid = c.booking.status == BookingStatus::kConfirmed;
  const auto moved = paid ? c.quote.Net().minor : c.quote.collect.minor;
  db.Prepare(sql::kSetTotal).Bind(1, c.booking.total.minor + moved).Bind(2, Epoch(c.now)).Bind(3, c.booking.id).Exec();
  const auto& q = c.quote;
  db.Prepare(sql::kInsertChange)
      .Bind(1, c.booking.id)
      .Bind(2, c.old.seq)
      .Bind(3, Epoch(c.now))
      .Bind(4, c.actor.Label())
      .Bind(5, c.old.flight.flight_id)
      .Bind(6, c.old.booking_class)
      .Bind(7, c.to.flight.id)
      .Bind(8, c.booking_class)
      .Bind(9, q.fee.minor)
      .Bind(10, q.collect.minor)
      .Bind(11, q.give_back.minor)
      .Bind(12, q.forfeited.minor)
      .Bind(13, q.collect.currency)
      .Bind(14, c.ledger_amount)
      .Exec();
  if (c.ledger_amount < 0)
    db.Prepare(sql::kInsertPayment)
        .Bind(1, c.booking.id)
        .Bind(2, "on_account")
        .Bind(3, -c.ledger_amount)
        .Bind(4, q.collect.currency)
        .Bind(5, "APPROVED")
        .Bind(6, c.reference)
        .Bind(7, Epoch(c.now))
        .Exec();
  const auto& f = c.to.flight;
  const auto money =
      paid ? fmt::format("fee {}, collected {}, given back {}, kept {} {}{}", core::FormatAmount(q.fee),
                         core::FormatAmount(q.collect), core::FormatAmount(q.give_back),
                         core::FormatAmount(q.forfeited), q.collect.currency,
                         c.ledger_amount != 0 ? " on the agency's account" : "")
           : fmt::format("price {} by {} {}", moved >= 0 ? "up" : "down", core::FormatAmount({std::abs(moved), ""}),
                         q.collect.currency);
  AddHistory(db, c.booking.id, c.now, c.actor.Label(), "CHANGE",
             fmt::format("flight {}: {} {}-{} {} -> {} {}; {}", c.old.seq, FlightName(c.old.flight),
                         c.old.flight.origin, c.old.flight.destination, c.old.booking_class,
                         FlightName(f.airline, f.flight_number, f.departure_date), c.booking_class, money));
}

// A confirmed booking's contact is sent the confirmation again, as the booking now is, in the first one's language.
void QueueChangedConfirmation(store::Connection& db, const BookingView& booking, bool send_mail, core::Instant now) {
  if (!send_mail || booking.status != BookingStatus::kConfirmed || !booking.contact) return;
  mail::Enqueue(db, {kConfirmationMail, booking.locator, booking.contact->email,
                     mail::FirstLanguage(db, kConfirmationMail, booking.locator).value_or("en"), std::nullopt,
                     booking.agency_id},
                now);
}

// The cancelled flight's money: a paid booking's refund on the agency's account that paid it (locked after the
// flight), less the commission a net-settling agency kept on a refundable fare. Returns the quote and the ledger
// amount (0 when nothing went through an account).
std::pair<ChangeQuote, std::int64_t> SettleLegCancel(store::Connection& db, const core::Actor& actor,
                                                     const BookingView& booking, const BookedSegment& leg,
                                                     const std::string& reference, core::Instant now) {
  const bool paid = booking.status == BookingStatus::kConfirmed;
  const bool refundable = leg.terms && leg.terms->refundable;
  const auto charge = paid ? agents::BookingCharge(db, booking.id) : std::nullopt;
  auto account = charge ? agents::LockAccount(db, charge->agency_id) : std::nullopt;
  const bool net = account && account->settlement == agents::Settlement::kNet;
  const auto quote = QuoteLegCancel(*leg.price, paid, refundable, net && refundable ? leg.commission : 0);
  if (!account || quote.give_back.minor <= 0) return {quote, 0};
  agents::AppendLedger(db, *account,
                       {agents::LedgerKind::kAdjustment, quote.give_back, std::nullopt, booking.locator, reference,
                        actor.Label(), fmt::format("flight {} cancelled", FlightName(leg.flight))},
                       now);
  return {quote, quote.give_back.minor};
}

void RecordLegCancel(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                     const BookedSegment& leg, const std::vector<pricing::PaxTypePrice>& sold_fares,
                     const ChangeQuote& q, std::int64_t ledger_amount, core::Instant now) {
  db.Prepare(sql::kDeleteSegmentFares).Bind(1, booking.id).Bind(2, leg.seq).Exec();
  db.Prepare(sql::kDeleteSegment).Bind(1, booking.id).Bind(2, leg.seq).Exec();
  for (const auto& line : LinesAfterChange(booking.price_lines, sold_fares, {}))
    db.Prepare(sql::kChangePrice)
        .Bind(1, line.fare_each.minor)
        .Bind(2, line.taxes_each.minor)
        .Bind(3, booking.id)
        .Bind(4, core::ToString(line.pax_type))
        .Exec();
  const bool paid = booking.status == BookingStatus::kConfirmed;
  const auto moved = paid ? -q.give_back.minor : q.collect.minor;
  db.Prepare(sql::kSetTotal).Bind(1, booking.total.minor + moved).Bind(2, Epoch(now)).Bind(3, booking.id).Exec();
  db.Prepare(sql::kInsertChange)
      .Bind(1, booking.id)
      .Bind(2, leg.seq)
      .Bind(3, Epoch(now))
      .Bind(4, actor.Label())
      .Bind(5, leg.flight.flight_id)
      .Bind(6, leg.booking_class)
      .Bind(7, std::optional<std::int64_t>())
      .Bind(8, std::optional<std::string>())
      .Bind(9, q.fee.minor)
      .Bind(10, q.collect.minor)
      .Bind(11, q.give_back.minor)
      .Bind(12, q.forfeited.minor)
      .Bind(13, q.give_back.currency)
      .Bind(14, ledger_amount)
      .Exec();
  const auto& c = q.give_back.currency;
  std::string money = paid ? fmt::format("given back {}, kept {} {}", core::FormatAmount(q.give_back),
                                         core::FormatAmount(q.forfeited), c)
                           : fmt::format("price down by {} {}", core::FormatAmount({-q.collect.minor, c}), c);
  if (paid && q.give_back.minor > 0)
    money += ledger_amount != 0 ? " to the agency's account" : "; to be refunded to the card by the airline's staff";
  AddHistory(db, booking.id, now, actor.Label(), "FLIGHT_CANCELLED",
             fmt::format("flight {}: {} {}-{} {} cancelled; released {} seat(s); {}", leg.seq, FlightName(leg.flight),
                         leg.flight.origin, leg.flight.destination, leg.booking_class, leg.seats, money));
}

}  // namespace

core::Result<BookingView> BookingService::LockChangeable(store::Connection& db, store::Transaction& tx,
                                                         const core::Actor& actor, const std::string& locator,
                                                         const BookingProof& proof, core::Instant now) {
  auto booking = LockAndLoad(db, airports_, locator);
  if (auto refused = Opens(db, booking, locator, actor, proof, core::Permission::kBookingsWrite))
    return std::unexpected(*refused);
  if (ExpireIfDue(db, random_, *booking, now)) {
    tx.Commit();  // the expiry stands, whatever the change
    Count(BookingEvent::kExpired);
    return Fail(ErrorKind::kConflict, "HOLD_EXPIRED", "the hold on this booking has expired; its seats were released");
  }
  return std::move(*booking);
}

core::Result<BookingView> BookingService::Changing(const core::Actor& actor, const std::string& locator,
                                                   const BookingProof& proof, const Change& change) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<BookingView> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockChangeable(db, tx, actor, locator, proof, now);
    if (!booking) return std::unexpected(booking.error());
    if (auto ok = change(db, *booking, now); !ok) return std::unexpected(ok.error());
    auto view = LoadByLocator(db, airports_, locator);
    tx.Commit();
    return std::move(*view);
  });
}

core::Result<ChangeOutcome> BookingService::ChangeFlight(const core::Actor& actor, const std::string& locator,
                                                         const BookingProof& proof, const ChangeRequest& request) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (!core::IsBookingClass(request.booking_class))
    return Fail(ErrorKind::kInvalid, "INVALID_BOOKING_CLASS", "booking class must be one upper-case letter",
                "booking_class");
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<ChangeOutcome> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockChangeable(db, tx, actor, locator, proof, now);
    if (!booking) return std::unexpected(booking.error());
    auto index = Changeable(*booking, request.segment, now);
    if (!index) return std::unexpected(index.error());
    const auto& old = booking->segments[*index];
    const auto sold_fares = SoldFares(db, *booking, old.seq);
    if (sold_fares.empty())
      return Fail(ErrorKind::kConflict, "CHANGE_NOT_POSSIBLE",
                  "this booking was made before jetway kept each flight's price per passenger; the airline's staff "
                  "change it by hand",
                  "segment");
    auto to = FindNewFlight(db, airports_, *booking, old, request, now);
    if (!to) return std::unexpected(to.error());
    const auto legs = LegsOf(*booking);
    const Leg replacement{FlightName(to->flight.airline, to->flight.flight_number, to->flight.departure_date),
                          to->flight.origin, to->flight.destination, to->flight.departure_utc, to->flight.arrival_utc};
    if (auto ok = CheckReplacement(legs, *index, replacement,
                                   reference::MinConnectionTime(db, booking->airline, replacement.origin),
                                   reference::MinConnectionTime(db, booking->airline, replacement.destination));
        !ok)
      return std::unexpected(ok.error());
    auto quote = QuoteChange(*old.price, to->share, TermsOf(*booking, old, pricing::LoadRates(db)));
    if (!quote) return std::unexpected(quote.error());
    if (auto ok = TicketsUnused(*booking, std::nullopt); !ok) return std::unexpected(ok.error());
    auto cabin = MoveSeats(db, *booking, old, *to, request.booking_class);
    if (!cabin) return std::unexpected(cabin.error());
    FreeSeats(db, booking->id, old.seq);  // seat numbers belong to the flight left
    MoveExtras(db, *booking, old.seq, to->flight.id, actor.Label(), now);
    ExchangeTickets(db, random_, Reissued(*booking, *index, *to, request.booking_class, sold_fares), FlightsAfter(
                        *booking, *index, to->flight.id, request.booking_class), actor.Label(), now);
    const auto reference = fmt::format("CHANGE-{}-{}", locator, booking->history.size() + 1);
    auto ledger = SettleOnAccount(db, actor, *booking, *quote, reference, now);
    if (!ledger) return std::unexpected(ledger.error());
    RecordChange(db, {actor, *booking, old, *to, request.booking_class, *cabin, *quote, sold_fares, *ledger, reference,
                      now});
    auto view = LoadByLocator(db, airports_, locator);
    QueuePartnerEvent(db, random_, *view, partners::BookingEventType::kChanged, view->status, now, "");
    QueueChangedConfirmation(db, *view, request.send_mail, now);
    tx.Commit();
    return ChangeOutcome{std::move(*view), *quote};
  });
}

core::Result<ChangeOutcome> BookingService::CancelFlight(const core::Actor& actor, const std::string& locator,
                                                         const BookingProof& proof, int segment, bool send_mail) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<ChangeOutcome> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockChangeable(db, tx, actor, locator, proof, now);
    if (!booking) return std::unexpected(booking.error());
    auto index = Changeable(*booking, segment, now);
    if (!index) return std::unexpected(index.error());
    if (booking->segments.size() < 2)
      return Fail(ErrorKind::kConflict, "LAST_FLIGHT",
                  fmt::format("flight {} is booking {}'s only flight: cancel the booking instead", segment, locator),
                  "segment");
    const auto& leg = booking->segments[*index];
    const auto sold_fares = SoldFares(db, *booking, leg.seq);
    if (auto ok = TicketsUnused(*booking, leg.seq); !ok) return std::unexpected(ok.error());
    if (sold_fares.empty() || !leg.price)
      return Fail(ErrorKind::kConflict, "CHANGE_NOT_POSSIBLE",
                  "this booking was made before jetway kept each flight's price per passenger; the airline's staff "
                  "change it by hand",
                  "segment");
    inventory::LockFlights(db, {leg.flight.flight_id});
    auto cabin = inventory::LoadCabinOfClass(db, leg.flight.flight_id, leg.booking_class);
    if (!cabin) throw std::logic_error(fmt::format("booking {}: segment on a missing flight", locator));
    if (auto ok = inventory::Release(*cabin, leg.booking_class, leg.seats,
                                     booking->status == BookingStatus::kConfirmed);
        !ok)
      throw std::logic_error(fmt::format("booking {}: {}", locator, ok.error().message));
    inventory::SaveCounters(db, leg.flight.flight_id, *cabin, leg.booking_class);
    const auto reference = fmt::format("CHANGE-{}-{}", locator, booking->history.size() + 1);
    const auto [quote, ledger] = SettleLegCancel(db, actor, *booking, leg, reference, now);
    RecordLegCancel(db, actor, *booking, leg, sold_fares, quote, ledger, now);
    RefundCoupons(db, *booking, leg.seq, actor.Label(), now);
    FreeSeats(db, booking->id, leg.seq);
    DropSsrs(db, booking->id, leg.seq);
    DropExtrasDue(db, booking->id, leg.seq);
    auto view = LoadByLocator(db, airports_, locator);
    QueuePartnerEvent(db, random_, *view, partners::BookingEventType::kChanged, view->status, now, "");
    QueueChangedConfirmation(db, *view, send_mail, now);
    tx.Commit();
    return ChangeOutcome{std::move(*view), quote};
  });
}

core::Result<ChangeAssessment> BookingService::AssessChange(const core::Actor& actor, const std::string& locator,
                                                            const BookingProof& proof, int segment) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto booking = LoadByLocator(*lease, airports_, locator);
  if (auto refused = Opens(*lease, booking, locator, actor, proof, core::Permission::kBookingsRead))
    return std::unexpected(*refused);
  auto index = Changeable(*booking, segment, now);
  if (!index) return std::unexpected(index.error());
  const auto& s = booking->segments[*index];
  const auto& currency = booking->total.currency;
  ChangeAssessment assessment{s, std::nullopt, {0, currency}};
  const auto terms = TermsOf(*booking, s, pricing::LoadRates(*lease));
  if (!terms.paid)
    assessment.change_fee = core::Money{0, currency};  // nothing bought yet: nothing to pay for changing it
  else if (terms.fee_each)
    assessment.change_fee = core::Money{terms.fee_each->minor * terms.seated, currency};
  if (terms.paid && s.price && !terms.refundable) assessment.kept_on_cancel = s.price->fare;
  return assessment;
}

}  // namespace jetway::booking
