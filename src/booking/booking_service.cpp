#include "booking/booking_service.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>
#include <span>

#include "agents/ledger_store.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "core/client_key.hpp"
#include "core/codes.hpp"
#include "core/locator.hpp"
#include "core/secret.hpp"
#include "core/text.hpp"
#include "inventory/inventory_service.hpp"
#include "mail/outbox.hpp"
#include "partners/partner_events.hpp"
#include "partners/webhook.hpp"
#include "pricing/pricing_service.hpp"
#include "schedule/schedule_service.hpp"
#include "store/privileges.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;

namespace steps {

constexpr int kLocatorAttempts = 8;

std::int64_t Epoch(core::Instant t) { return core::ToEpoch(t); }

// A payment attempt for the booking's total: approved, or declined (kept, so the history shows every try).
void InsertPayment(store::Connection& db, const BookingView& booking, const core::Money& amount,
                   std::string_view method, std::string_view status, const std::string& reference, core::Instant at) {
  db.Prepare(sql::kInsertPayment)
      .Bind(1, booking.id)
      .Bind(2, method)
      .Bind(3, amount.minor)
      .Bind(4, amount.currency)
      .Bind(5, status)
      .Bind(6, reference)
      .Bind(7, Epoch(at))
      .Defer();
}

void AddHistory(store::Connection& db, std::int64_t booking_id, core::Instant at, std::string_view channel,
                std::string_view action, const std::string& detail) {
  const HistoryEntry entry{at, std::string(channel), std::string(action), detail};
  AddHistory(db, booking_id, std::span(&entry, 1));
}

// History lines of one booking, in this order: up to three a statement (a confirmation's payment, confirmation
// and tickets go as one).
void AddHistory(store::Connection& db, std::int64_t booking_id, std::span<const HistoryEntry> entries) {
  constexpr const char* kInsert[] = {nullptr, sql::kInsertHistory, sql::kInsertHistoryPair, sql::kInsertHistoryTriple};
  while (!entries.empty()) {
    const auto chunk = entries.first(std::min<std::size_t>(entries.size(), 3));
    auto insert = db.Prepare(kInsert[chunk.size()]);
    insert.Bind(1, booking_id);
    int column = 2;
    for (const auto& e : chunk) {
      insert.Bind(column, Epoch(e.at))
          .Bind(column + 1, e.channel)
          .Bind(column + 2, e.action)
          .Bind(column + 3, e.detail);
      column += 4;
    }
    insert.Defer();
    entries = entries.subspan(chunk.size());
  }
}

struct BookingRow {
  std::int64_t id = 0;
  BookingStatus status = BookingStatus::kHeld;
  std::optional<core::Instant> hold_expires_at;
  pricing::PartyMix party;
  core::Money total;
};

// The terms columns of kSegments from `first` on; NULL brand: sold before terms were kept.
std::optional<FareTerms> ReadTerms(const store::Statement& stmt, int first) {
  if (stmt.IsNull(first)) return std::nullopt;
  FareTerms terms{stmt.Text(first), stmt.Int(first + 1) != 0, std::nullopt, static_cast<int>(stmt.Int(first + 4))};
  if (!stmt.IsNull(first + 2)) terms.change_fee = core::Money{stmt.Int(first + 2), stmt.Text(first + 3)};
  return terms;
}

// The segment's share of the price, columns `first` and `first + 1` of kSegments; NULL: sold before it was kept.
std::optional<pricing::SegmentPrice> ReadShare(const store::Statement& stmt, int first, const std::string& currency) {
  if (stmt.IsNull(first)) return std::nullopt;
  return pricing::SegmentPrice{{stmt.Int(first), currency}, {stmt.Int(first + 1), currency}};
}

// Which of a booking's parts have rows at all (the last columns of kFindBooking).
struct Present {
  bool passengers, payments, tickets, seats, ssrs, emds, extras_due;
};

// kSegments, kPrices, kPassengers, kPayments or kHistory: one kind of a booking's parts.
store::Statement PartsQuery(store::Connection& db, const char* sql, std::int64_t booking_id) {
  auto stmt = db.Prepare(sql);
  stmt.Bind(1, booking_id);
  return stmt;
}

// Sends the reads of the parts every booking has ahead (store::Statement::Prefetch).
void PrefetchParts(store::Connection& db, std::int64_t booking_id) {
  for (const char* sql : {sql::kSegments, sql::kPrices, sql::kHistory}) PartsQuery(db, sql, booking_id).Prefetch();
}

// The booking under `locator` with all its parts. `id`: the booking's, when the caller knows it (from its lock): the
// parts every booking has then go with the booking's row, in one round trip; else right after it.
std::optional<BookingView> LoadBooking(store::Connection& db, const reference::AirportDirectory& airports,
                                       const std::string& locator, std::optional<std::int64_t> id) {
  if (id) PrefetchParts(db, *id);
  BookingView v;
  Present has{};
  {
    auto stmt = db.Prepare(sql::kFindBooking);
    stmt.Bind(1, locator);
    if (!stmt.Step()) return std::nullopt;
    v.id = stmt.Int(0);
    v.locator = stmt.Text(1);
    v.airline = stmt.Text(2);
    v.status = ParseBookingStatus(stmt.Text(3)).value_or(BookingStatus::kHeld);
    v.channel = stmt.Text(4);
    v.party =
        pricing::PartyMix{static_cast<int>(stmt.Int(5)), static_cast<int>(stmt.Int(6)), static_cast<int>(stmt.Int(7))};
    v.total = core::Money{stmt.Int(8), stmt.Text(9)};
    if (auto t = stmt.OptInt(10)) v.hold_expires_at = core::FromEpoch(*t);
    if (!stmt.IsNull(11)) v.contact = Contact{stmt.Text(11), stmt.Text(12)};
    v.created_at = core::FromEpoch(stmt.Int(13));
    v.updated_at = core::FromEpoch(stmt.Int(14));
    v.agency_id = stmt.Int(15);  // NULL (no agency) reads as 0
    v.partner_id = stmt.Int(16);
    v.confirmation_id = stmt.OptText(17).value_or("");
    has = {stmt.Int(18) != 0, stmt.Int(19) != 0, stmt.Int(20) != 0, stmt.Int(21) != 0,
           stmt.Int(22) != 0, stmt.Int(23) != 0, stmt.Int(24) != 0};
  }
  if (!id) PrefetchParts(db, v.id);
  if (has.passengers) PartsQuery(db, sql::kPassengers, v.id).Prefetch();
  if (has.payments) PartsQuery(db, sql::kPayments, v.id).Prefetch();
  {
    auto stmt = PartsQuery(db, sql::kSegments, v.id);
    while (stmt.Step())
      v.segments.push_back(BookedSegment{
          static_cast<int>(stmt.Int(0)),
          shopping::MakeSegmentView(airports, stmt.Int(1), stmt.Text(5), static_cast<int>(stmt.Int(6)), stmt.Text(7),
                                    stmt.Text(8), core::FromEpoch(stmt.Int(9)), core::FromEpoch(stmt.Int(10))),
          stmt.Text(2), stmt.Text(3), static_cast<int>(stmt.Int(4)), ReadTerms(stmt, 11),
          ReadShare(stmt, 16, v.total.currency), stmt.OptInt(18).value_or(0)});
  }
  {
    auto stmt = PartsQuery(db, sql::kPrices, v.id);
    while (stmt.Step())
      v.price_lines.push_back(pricing::PaxTypePrice{
          core::ParsePaxType(stmt.Text(0)).value_or(core::PaxType::kAdult), static_cast<int>(stmt.Int(1)),
          core::Money{stmt.Int(2), v.total.currency}, core::Money{stmt.Int(3), v.total.currency}});
  }
  if (has.passengers) {
    auto stmt = PartsQuery(db, sql::kPassengers, v.id);
    while (stmt.Step()) {
      Passenger p{core::ParsePaxType(stmt.Text(1)).value_or(core::PaxType::kAdult),
                  stmt.Text(2),
                  stmt.Text(3),
                  stmt.Text(4),
                  {},
                  {}};
      if (auto dob = stmt.OptText(5)) p.date_of_birth = core::ParseIsoDate(*dob);
      if (auto of = stmt.OptInt(6)) p.infant_of = static_cast<int>(*of);
      p.nationality = stmt.OptText(7).value_or("");
      if (auto type = stmt.OptText(8)) {
        TravelDocument d{*type, stmt.OptText(9).value_or(""), stmt.OptText(10).value_or(""), std::nullopt};
        if (auto expiry = stmt.OptText(11)) d.expiry = core::ParseIsoDate(*expiry);
        p.document = std::move(d);
      }
      p.place_of_birth = stmt.OptText(12).value_or("");
      v.passengers.push_back(std::move(p));
    }
  }
  if (has.payments) {
    auto stmt = PartsQuery(db, sql::kPayments, v.id);
    while (stmt.Step())
      v.payments.push_back(PaymentRecord{stmt.Text(0), core::Money{stmt.Int(1), stmt.Text(2)}, stmt.Text(3),
                                         stmt.Text(4), core::FromEpoch(stmt.Int(5))});
  }
  if (has.tickets) v.tickets = ticketing::LoadTickets(db, v.id);
  if (has.seats) v.seats = LoadSeats(db, v.id);
  if (has.ssrs) v.ssrs = LoadSsrs(db, v.id);
  if (has.emds) v.emds = ticketing::LoadEmds(db, v.id);
  if (has.extras_due) v.extras_due = LoadExtrasDue(db, v.id);
  {
    auto stmt = PartsQuery(db, sql::kHistory, v.id);
    while (stmt.Step())
      v.history.push_back(HistoryEntry{core::FromEpoch(stmt.Int(0)), stmt.Text(1), stmt.Text(2), stmt.Text(3)});
  }
  return v;
}

std::optional<BookingView> LoadByLocator(store::Connection& db, const reference::AirportDirectory& airports,
                                         const std::string& locator) {
  return LoadBooking(db, airports, locator, std::nullopt);
}

std::string HoldTokenOf(store::Connection& db, std::int64_t booking_id) {
  auto stmt = db.Prepare(sql::kHoldToken);
  stmt.Bind(1, booking_id);
  return stmt.Step() ? stmt.OptText(0).value_or("") : std::string();
}

// A hold token given against the one stored: a booking without one (named, or made before tokens) matches none.
bool TokenMatches(std::string_view stored, std::string_view given) {
  return !stored.empty() && core::SecretEquals(stored, given);
}

bool HoldTokenMatches(store::Connection& db, std::int64_t booking_id, std::string_view token) {
  return TokenMatches(HoldTokenOf(db, booking_id), token);
}

// The booking site's signed link counts only from the site itself.
bool SiteLink(const core::Actor& actor, const BookingProof& proof) {
  return proof.site_link && actor.channel == core::Channel::kWeb;
}

// Who the limits against abuse count: an anonymous caller by its address; known callers (staff, agencies, partners)
// answer to their own quotas, so the key is empty and no limit applies.
std::string LimitKey(const core::Actor& actor) { return actor.Anonymous() ? core::ClientKey(actor.client) : ""; }

// A booking the calling partner made (the partner API's caller proves who it is with its credential).
bool PartnerOwns(const core::Actor& actor, const BookingView& booking) {
  return actor.partner_id > 0 && booking.partner_id == actor.partner_id;
}

// The one rule for what opens a booking to a passenger (BookingProof says it in words).
bool MayAccess(store::Connection& db, const BookingView& booking, const core::Actor& actor, const BookingProof& proof) {
  if (PartnerOwns(actor, booking) && proof.partner_key) return true;
  if (booking.passengers.empty()) return HoldTokenMatches(db, booking.id, proof.hold_token.value_or(""));
  if (SiteLink(actor, proof)) return true;
  if (!proof.last_name) return false;
  const auto wanted = NormalizeName(*proof.last_name);
  return std::any_of(booking.passengers.begin(), booking.passengers.end(),
                     [&](const Passenger& p) { return p.last_name == wanted; });
}

core::Error NotFound(const std::string& locator) {
  return core::MakeError(
      ErrorKind::kNotFound, "BOOKING_NOT_FOUND",
      fmt::format("no booking {} with that last name (or, before names are given, that hold token)", locator));
}

template <typename Ids>
void LockFlights(store::Connection& db, const Ids& flight_ids) {
  inventory::LockFlights(db, std::vector<std::int64_t>(flight_ids.begin(), flight_ids.end()));
}

std::vector<std::int64_t> FlightIdsOf(const BookingView& booking) {
  std::vector<std::int64_t> ids;
  for (const auto& s : booking.segments) ids.push_back(s.flight.flight_id);
  return ids;
}

// Locks the booking's row and reads it afresh, so a status decision (confirm, cancel, expire) cannot race another
// node's decision about the same booking. The lock is its own statement: on PostgreSQL a locking read that waited
// sees the row as the other transaction left it, but its subqueries (kFindBooking's parts) do not. The reads after
// the lock go in one round trip.
std::optional<BookingView> LockAndLoad(store::Connection& db, const reference::AirportDirectory& airports,
                                       const std::string& locator, std::string* hold_token, bool airline_next) {
  std::int64_t id = 0;
  {
    auto lock = db.PrepareLocking(sql::kLockBooking);
    lock.Bind(1, locator);
    if (!lock.Step()) return std::nullopt;
    if (hold_token) *hold_token = lock.OptText(1).value_or("");
    if (airline_next) reference::PrefetchAirline(db, lock.Text(2));
    id = lock.Int(0);
  }
  return LoadBooking(db, airports, locator, id);
}

// Applies `change(seats)` to the counts of every segment's class (selling held seats, giving seats back), in flight
// id order as every writer locks flights, locking each class's row only. A refusal here means the counts and the
// bookings disagree: a broken invariant, not bad input.
template <typename Change>
void ChangeSeats(store::Connection& db, const BookingView& booking, Change change) {
  std::vector<const BookedSegment*> segments;
  for (const auto& s : booking.segments) segments.push_back(&s);
  std::sort(segments.begin(), segments.end(),
            [](const BookedSegment* a, const BookedSegment* b) { return a->flight.flight_id < b->flight.flight_id; });
  for (const auto* s : segments)
    if (!inventory::ChangeCounts(db, s->flight.flight_id, s->booking_class, change(s->seats)))
      throw std::logic_error(fmt::format("booking {}: flight {} class {} cannot take {} seat(s) back or sold",
                                         booking.locator, s->flight.flight_id, s->booking_class, s->seats));
}

// Gives back every seat of the booking and moves it to `to` (EXPIRED or CANCELLED).
// A partner's booking tells the partner of each change (its webhook), in the change's own transaction.
void QueuePartnerEvent(store::Connection& db, core::Random& random, const BookingView& booking,
                       partners::BookingEventType type, BookingStatus status, core::Instant now,
                       std::string reason = {}) {
  if (booking.partner_id == 0) return;
  partners::QueueEvent(
      db, booking.partner_id,
      {core::GenerateUuid(random), type, now, booking.id, booking.confirmation_id, booking.locator,
       std::string(partners::BookingStatusCode(status, !booking.passengers.empty())), std::move(reason)});
}

void ReleaseAndClose(store::Connection& db, core::Random& random, const BookingView& booking, BookingStatus to,
                     core::Instant now, std::string_view channel, std::string_view action) {
  const bool from_sold = booking.status == BookingStatus::kConfirmed;
  ChangeSeats(db, booking, [from_sold](int seats) { return inventory::Releasing(seats, from_sold); });
  db.Prepare(sql::kSetStatus).Bind(1, ToString(to)).Bind(2, Epoch(now)).Bind(3, booking.id).Exec();
  FreeSeats(db, booking.id, std::nullopt);
  DropExtrasDue(db, booking.id);
  int seats = 0;
  for (const auto& s : booking.segments) seats += s.seats;
  AddHistory(db, booking.id, now, channel, action,
             fmt::format("{} -> {}; released {} seat(s) ({})", ToString(booking.status), ToString(to), seats,
                         from_sold ? "sold" : "held"));
  QueuePartnerEvent(db, random, booking, partners::BookingEventType::kCancelled, to, now,
                    to == BookingStatus::kExpired ? "expired" : "");
}

core::Result<void> CancelWhole(store::Connection& db, core::Random& random, const core::Actor& actor,
                               const BookingView& booking, core::Instant now) {
  if (auto ok = CheckTransition(booking.status, BookingStatus::kCancelled); !ok) return std::unexpected(ok.error());
  if (auto ok = TicketsUnused(booking, std::nullopt); !ok) return std::unexpected(ok.error());
  ReleaseAndClose(db, random, booking, BookingStatus::kCancelled, now, actor.Label(), "CANCEL");
  CloseTickets(db, booking, actor.Label(), now);
  return {};
}

// What an Idempotency-Key already stands for: nullopt when it is new; otherwise the booking its first request made
// (a replay), or an error when the key came with a different request.
std::optional<core::Result<Outcome>> Replay(store::Connection& db, const reference::AirportDirectory& airports,
                                            const std::string& key, const std::string& fingerprint) {
  auto stmt = db.Prepare(sql::kFindIdempotency);
  stmt.Bind(1, key);
  if (!stmt.Step()) return std::nullopt;
  if (stmt.Text(0) != fingerprint)
    return core::Result<Outcome>(Fail(ErrorKind::kInvalid, "IDEMPOTENCY_KEY_REUSED",
                                      "this Idempotency-Key was already used with a different request",
                                      "Idempotency-Key"));
  const std::string locator = stmt.Text(1);
  auto booking = *LoadByLocator(db, airports, locator);
  const auto token = HoldTokenOf(db, booking.id);
  return core::Result<Outcome>(Outcome{std::move(booking), true, token});
}

// Records the key in the same transaction as the work it protects, so a retry finds both or neither.
void Remember(store::Connection& db, const std::string& key, const std::string& fingerprint, int status,
              const std::string& locator, std::int64_t agency_id, core::Instant now) {
  db.Prepare(sql::kInsertIdempotency)
      .Bind(1, key)
      .Bind(2, fingerprint)
      .Bind(3, status)
      .Bind(4, locator)
      .Bind(5, Epoch(now))
      .Bind(6, agency_id > 0 ? std::optional<std::int64_t>(agency_id) : std::nullopt)
      .Exec();
}

std::string Wait(std::chrono::seconds wait) {
  if (wait < std::chrono::minutes{2}) return fmt::format("{} seconds", wait.count());
  if (wait < std::chrono::hours{2}) return fmt::format("{} minutes", (wait.count() + 59) / 60);
  return fmt::format("{} hours", (wait.count() + 3599) / 3600);
}

core::Error TooMany(std::string code, const std::string& what, std::chrono::seconds wait, std::string field = {}) {
  auto error = core::MakeError(ErrorKind::kTooManyRequests, std::move(code),
                               fmt::format("{}; try again in {}", what, Wait(wait)), std::move(field));
  error.retry_after_seconds = static_cast<int>(std::min<std::int64_t>(wait.count(), 7 * 24 * 3600));
  return error;
}

store::Statement ClientHoldsQuery(store::Connection& db, const std::string& client, core::Instant now) {
  auto holds = db.Prepare(sql::kClientHolds);
  holds.Bind(1, client).Bind(2, Epoch(now));
  return holds;
}

// The client's unpaid holds against BookingLimits, with the flights of the hold it asks for. Runs after those
// flights are locked, so two holds on one flight are counted one after the other.
std::optional<core::Error> HoldLimitRefusal(store::Connection& db, const BookingLimits& limits,
                                            const std::string& client, const std::set<std::int64_t>& flight_ids,
                                            int seats, core::Instant now, std::chrono::seconds hold_time) {
  if (client.empty()) return std::nullopt;
  std::int64_t count = 0;
  std::optional<std::int64_t> first_expiry_epoch;
  std::map<std::int64_t, std::int64_t> held_by_flight;
  std::int64_t total = 0;
  auto holds = ClientHoldsQuery(db, client, now);
  while (holds.Step()) {
    if (holds.Int(0) == 0) {
      count = holds.Int(1);
      first_expiry_epoch = holds.OptInt(2);
      continue;
    }
    held_by_flight[holds.Int(0)] = holds.Int(1);
    total += holds.Int(1);
  }
  // Until the client's first hold runs out (or, with none, a hold's time: asking for too much at once).
  const auto first_expiry = first_expiry_epoch ? core::FromEpoch(*first_expiry_epoch) : now + hold_time;
  const auto wait = core::SecondsUntil(first_expiry, now);
  if (count >= limits.holds_per_client)
    return TooMany(
        "TOO_MANY_HOLDS",
        fmt::format("this client already holds {} unpaid bookings, the most it may; pay for or cancel one", count),
        wait);
  for (auto flight_id : flight_ids)
    if (held_by_flight[flight_id] + seats > limits.held_seats_per_client_per_flight)
      return TooMany("TOO_MANY_HELD_SEATS",
                     fmt::format("this client may hold at most {} unpaid seats on one flight",
                                 limits.held_seats_per_client_per_flight),
                     wait, "segments");
  if (total + seats * static_cast<std::int64_t>(flight_ids.size()) > limits.held_seats_per_client)
    return TooMany("TOO_MANY_HELD_SEATS",
                   fmt::format("this client may hold at most {} unpaid seats in all", limits.held_seats_per_client),
                   wait, "segments");
  return std::nullopt;
}

// The checks of a hold request that need no database: the party, the segments and their classes, the currency.
// Fills `flight_ids` with the distinct flights.
core::Result<void> ValidateHold(const HoldRequest& request, std::set<std::int64_t>& flight_ids) {
  if (auto ok = pricing::Validate(request.party); !ok) return ok;
  if (request.segments.empty())
    return Fail(ErrorKind::kInvalid, "NO_SEGMENTS", "a booking needs at least one segment", "segments");
  if (request.segments.size() > static_cast<std::size_t>(kMaxSegments))
    return Fail(ErrorKind::kInvalid, "TOO_MANY_SEGMENTS",
                fmt::format("a booking holds at most {} segments", kMaxSegments), "segments");
  for (std::size_t i = 0; i < request.segments.size(); ++i) {
    if (!core::IsBookingClass(request.segments[i].booking_class))
      return Fail(ErrorKind::kInvalid, "INVALID_BOOKING_CLASS", "booking class must be one upper-case letter",
                  fmt::format("segments[{}].booking_class", i));
    if (!flight_ids.insert(request.segments[i].flight_id).second)
      return Fail(ErrorKind::kInvalid, "DUPLICATE_SEGMENT", "the same flight appears twice",
                  fmt::format("segments[{}].flight_id", i));
  }
  if (request.currency && !core::IsCurrencyCode(*request.currency))
    return Fail(ErrorKind::kInvalid, "INVALID_CURRENCY", "currency must be an ISO 4217 code", "currency");
  return {};
}

// A flight held for the booking: the dated flight, the class and its cabin; then the fare's terms it is sold with.
struct Held {
  schedule::FlightRecord flight;
  std::string booking_class;
  std::string cabin;
  FareTerms terms;
};

// The requested flights, read in the hold's transaction after LockFlights (nullopt for one that does not exist), in the
// request's order.
using Flights = std::vector<std::optional<schedule::FlightRecord>>;

// The reads a hold makes before it writes, sent behind the flights' locks in one round trip: each flight, its
// class's counts, and the client's unpaid holds.
Flights ReadFlights(store::Connection& db, const HoldRequest& request, const std::string& client, core::Instant now) {
  for (const auto& seg : request.segments) {
    schedule::PrefetchFlight(db, seg.flight_id);
    inventory::PrefetchCabinOfClass(db, seg.flight_id, seg.booking_class);
  }
  if (!client.empty()) ClientHoldsQuery(db, client, now).Prefetch();
  Flights flights;
  for (const auto& seg : request.segments) flights.push_back(schedule::FindFlight(db, seg.flight_id));
  return flights;
}

// The day a held flight's fares are filed for: its departure date at the origin airport.
core::LocalDate TravelDate(const reference::AirportDirectory& airports, const schedule::FlightRecord& flight) {
  const auto* origin = airports.Find(flight.origin);
  return origin ? core::LocalDateOf(flight.departure_utc, origin->zone) : *core::ParseIsoDate(flight.departure_date);
}

// The second round trip's reads, sent with the airline's: each class's fares and taxes (PriceHold reads them).
void PrefetchFares(store::Connection& db, const reference::AirportDirectory& airports, const HoldRequest& request,
                   const Flights& flights) {
  for (std::size_t i = 0; i < flights.size(); ++i)
    if (const auto& f = flights[i])
      pricing::PrefetchClassPricing(db, f->airline, f->origin, f->destination, TravelDate(airports, *f),
                                    request.segments[i].booking_class);
}

// The reserve step: each requested class on its (locked) flight, as the caller read it under the locks, takes
// `seats` held seats. On an error the caller rolls back, so nothing is held.
core::Result<std::vector<Held>> Reserve(store::Connection& db, const HoldRequest& request, int seats, core::Instant now,
                                        const std::optional<reference::Airline>& airline, Flights flights) {
  std::vector<Held> held;
  for (std::size_t i = 0; i < request.segments.size(); ++i) {
    const auto& seg = request.segments[i];
    const std::string field = fmt::format("segments[{}]", i);
    auto& flight = flights[i];
    if (!flight)
      return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", fmt::format("no flight with id {}", seg.flight_id),
                  field + ".flight_id");
    // The airline the caller read, unless this flight is another's (refused below).
    const auto cutoff = reference::SalesCutoff(
        airline && airline->designator == flight->airline ? airline : reference::FindAirline(db, flight->airline));
    if (flight->status != "SCHEDULED" || flight->departure_utc < now + cutoff)
      return Fail(
          ErrorKind::kConflict, "FLIGHT_CLOSED",
          fmt::format("{}{} on {} is closed for sale", flight->airline, flight->flight_number, flight->departure_date),
          field + ".flight_id");
    if (!held.empty() && flight->airline != held.front().flight.airline)
      return Fail(ErrorKind::kInvalid, "MIXED_AIRLINES", "all segments of a booking must be on one airline", field);
    const auto& sellable = request.sellable_airlines;
    if (!sellable.empty() && std::find(sellable.begin(), sellable.end(), flight->airline) == sellable.end())
      return Fail(ErrorKind::kForbidden, "AIRLINE_NOT_SOLD",
                  fmt::format("{}'s flights are not sold here", flight->airline), field + ".flight_id");
    auto cabin = inventory::LoadCabinOfClass(db, seg.flight_id, seg.booking_class);
    if (!cabin)
      return Fail(ErrorKind::kInvalid, "UNKNOWN_BOOKING_CLASS",
                  fmt::format("class {} is not sold on this flight", seg.booking_class), field + ".booking_class");
    if (auto ok = inventory::Hold(*cabin, seg.booking_class, seats); !ok) {
      auto error = ok.error();
      error.message =
          fmt::format("{}{} on {}: {}", flight->airline, flight->flight_number, flight->departure_date, error.message);
      error.field = field;
      return std::unexpected(error);
    }
    inventory::SaveCounters(db, seg.flight_id, *cabin, seg.booking_class);
    held.push_back(Held{std::move(*flight), seg.booking_class, cabin->cabin, {}});
  }
  return held;
}

// A hold's price, and the terms each of its segments is sold with (in the request's order).
struct HoldPrice {
  pricing::PartyPrice price;
  std::vector<FareTerms> terms;
};

// The price step: each requested class's fare on its flight's travel day (at the origin airport), the terms it is
// sold with (the adult fare's brand and conditions, which every passenger type's fare in a class shares), and the
// party's total in the requested currency or the airline's. `flights` in the request's order.
core::Result<HoldPrice> PriceHold(store::Connection& db, const reference::AirportDirectory& airports,
                                  const HoldRequest& request, const std::vector<const schedule::FlightRecord*>& flights,
                                  const std::optional<reference::Airline>& airline) {
  std::vector<pricing::SegmentPricing> prices;
  std::vector<FareTerms> terms;
  for (std::size_t i = 0; i < flights.size(); ++i) {
    const auto& flight = *flights[i];
    const auto& booking_class = request.segments[i].booking_class;
    auto pricing = pricing::LoadClassPricing(db, flight.airline, flight.origin, flight.destination,
                                             TravelDate(airports, flight), booking_class);
    if (!pricing || pricing->fares.empty())
      return Fail(
          ErrorKind::kConflict, "FARE_NOT_FOUND",
          fmt::format("no fare is filed for class {} on {}-{}", booking_class, flight.origin, flight.destination),
          fmt::format("segments[{}].booking_class", i));
    const auto& fares = pricing->fares;
    const auto& sold = fares.count(core::PaxType::kAdult) ? fares.at(core::PaxType::kAdult) : fares.begin()->second;
    terms.push_back(FareTerms{sold.brand, sold.refundable, sold.change_fee, sold.checked_bags});
    prices.push_back(std::move(*pricing));
  }
  const std::string currency = request.currency.value_or(airline ? airline->base_currency : "EUR");
  // Most holds are priced in the currency their fares are filed in: then the rates are not read.
  const auto rates = pricing::AllIn(prices, currency) ? pricing::RateTable{} : pricing::LoadRates(db);
  auto price = pricing::PriceParty(request.party, prices, rates, currency);
  if (!price) return std::unexpected(price.error());
  return HoldPrice{std::move(*price), std::move(terms)};
}

// What a hold is priced by, read before its write transaction where every write of the node waits for one turn
// (SQLite): the flights' schedule, the airline and its fares, taxes and rates, which only the back office and
// schedule imports change, never a booking. The transaction reads its flights and airline again and takes the quote
// only if they are as quoted (QuoteHolds); a fare, tax or rate filed in between prices the hold as it stood when the
// hold was asked for, as the search just before it showed. The seats, the client's limits, the sales cutoff and the
// hold time are always decided in the transaction. Measured (bench/booking_instructions.sh): pricing was a tenth
// of the instructions a booking ran inside the turn.
struct Quote {
  Flights flights;  // as read for the quote, in the request's order
  std::optional<reference::Airline> airline;
  core::Result<HoldPrice> price;
};

// Whether `quote` prices a hold on `flights` of `airline`, as read inside its transaction: a price (an error is
// priced again: a fare may have been filed since), the same flights on the same route and times (the travel day a
// fare is filed for follows from them), and the same currency to price in when the request names none.
bool QuoteHolds(const Quote& quote, const Flights& flights, const std::optional<reference::Airline>& airline) {
  if (!quote.price || quote.flights.size() != flights.size()) return false;
  if (quote.airline.has_value() != airline.has_value() ||
      (airline && quote.airline->base_currency != airline->base_currency))
    return false;
  for (std::size_t i = 0; i < flights.size(); ++i) {
    const auto& a = quote.flights[i];
    const auto& b = flights[i];
    if (!a || !b) return false;
    if (a->id != b->id || a->airline != b->airline || a->origin != b->origin || a->destination != b->destination ||
        a->departure_date != b->departure_date || a->departure_utc != b->departure_utc)
      return false;
  }
  return true;
}

// The flights of `held`, for the price step.
std::vector<const schedule::FlightRecord*> FlightsHeld(const std::vector<Held>& held) {
  std::vector<const schedule::FlightRecord*> flights;
  for (const auto& h : held) flights.push_back(&h.flight);
  return flights;
}

// The quote for `request` (see Quote), read in a read transaction of its own; none when a flight does not exist (the
// transaction answers that) or the database failed the read (the transaction prices the hold itself).
std::optional<Quote> ReadQuote(store::Connection& db, const reference::AirportDirectory& airports,
                               const HoldRequest& request) try {
  store::Transaction tx(db, store::Transaction::Mode::kRead);
  Quote quote;
  for (const auto& seg : request.segments) {
    quote.flights.push_back(schedule::FindFlight(db, seg.flight_id));
    if (!quote.flights.back()) return std::nullopt;
  }
  std::vector<const schedule::FlightRecord*> flights;
  for (const auto& flight : quote.flights) flights.push_back(&*flight);
  quote.airline = reference::FindAirline(db, flights.front()->airline);
  quote.price = PriceHold(db, airports, request, flights, quote.airline);
  return quote;
} catch (const store::StoreError&) {
  return std::nullopt;
}

// Everything the record step writes for a new hold.
struct NewHold {
  const core::Actor& actor;
  const HoldRequest& request;
  const std::vector<Held>& held;
  const pricing::PartyPrice& price;
  const std::string& hold_token;
  const std::string& client;  // the limit key it counts against; empty for none
  core::Instant now;
  core::Instant expires;
};

// The booking's row under a fresh locator (drawn again while one is taken: the insert finds out, no look-up first);
// returns its id.
std::int64_t InsertBooking(store::Connection& db, core::Random& random, BookingView& v, const NewHold& h) {
  for (int attempt = 0; attempt < kLocatorAttempts; ++attempt) {
    v.locator = core::GenerateLocator(random);
    auto insert = db.Prepare(sql::kInsertBooking);
    insert.Bind(1, v.locator)
        .Bind(2, v.airline)
        .Bind(3, v.channel)
        .Bind(4, v.party.adults)
        .Bind(5, v.party.children)
        .Bind(6, v.party.infants)
        .Bind(7, v.total.minor)
        .Bind(8, v.total.currency)
        .Bind(9, Epoch(h.expires))
        .Bind(10, Epoch(h.now))
        .Bind(11, Epoch(h.now))
        .Bind(12, h.hold_token)
        .Bind(13, h.client.empty() ? std::nullopt : std::optional<std::string>(h.client))
        .Bind(14, v.agency_id > 0 ? std::optional<std::int64_t>(v.agency_id) : std::nullopt)
        .Bind(15, v.partner_id > 0 ? std::optional<std::int64_t>(v.partner_id) : std::nullopt)
        .Bind(16, v.partner_id > 0 ? std::optional<std::string>(v.confirmation_id) : std::nullopt);
    if (insert.Step()) return insert.Int(0);
  }
  throw std::runtime_error("could not find a free record locator");
}

// The record step of a hold: the booking under a fresh locator, its segments in time order, its prices per
// passenger type and the history line. Returns the booking as a fresh read would (LoadByLocator), from what it wrote.
BookingView RecordHold(store::Connection& db, core::Random& random, const reference::AirportDirectory& airports,
                       const NewHold& h) {
  BookingView v;
  v.airline = h.held.front().flight.airline;
  v.channel = core::ToString(h.actor.channel);
  v.party = h.request.party;
  v.total = h.price.total;
  v.hold_expires_at = h.expires;
  v.created_at = v.updated_at = h.now;
  v.agency_id = std::max<std::int64_t>(h.actor.agency_id, 0);
  v.partner_id = std::max<std::int64_t>(h.actor.partner_id, 0);
  if (h.actor.partner_id > 0) v.confirmation_id = core::GenerateUuid(random);
  const int seats = h.request.party.SeatsNeeded();
  v.id = InsertBooking(db, random, v, h);
  std::vector<const Held*> order;
  for (const auto& segment : h.held) order.push_back(&segment);
  std::stable_sort(order.begin(), order.end(),
                   [](const Held* a, const Held* b) { return a->flight.departure_utc < b->flight.departure_utc; });
  std::string detail = fmt::format("held {} seat(s) until {}:", seats, core::FormatUtc(h.expires));
  int seq = 0;
  for (const Held* segment : order) {
    const auto& terms = segment->terms;
    const auto& share = h.price.per_segment.at(static_cast<std::size_t>(segment - h.held.data()));
    db.Prepare(sql::kInsertSegment)
        .Bind(1, v.id)
        .Bind(2, ++seq)
        .Bind(3, segment->flight.id)
        .Bind(4, segment->booking_class)
        .Bind(5, segment->cabin)
        .Bind(6, seats)
        .Bind(7, terms.brand)
        .Bind(8, terms.refundable)
        .Bind(9, terms.change_fee ? std::optional<std::int64_t>(terms.change_fee->minor) : std::nullopt)
        .Bind(10, terms.change_fee ? std::optional<std::string>(terms.change_fee->currency) : std::nullopt)
        .Bind(11, terms.checked_bags)
        .Bind(12, share.fare.minor)
        .Bind(13, share.taxes.minor)
        .Defer();
    for (const auto& line : share.per_pax_type)
      db.Prepare(sql::kInsertSegmentFare)
          .Bind(1, v.id)
          .Bind(2, seq)
          .Bind(3, core::ToString(line.pax_type))
          .Bind(4, line.count)
          .Bind(5, line.fare_each.minor)
          .Bind(6, line.taxes_each.minor)
          .Defer();
    const auto& f = segment->flight;
    detail += fmt::format(" {}{} {} {}-{} {};", f.airline, f.flight_number, f.departure_date, f.origin, f.destination,
                          segment->booking_class);
    // As kSegments reads it back: the share without its lines per passenger type, in the booking's currency.
    v.segments.push_back(BookedSegment{
        seq,
        shopping::MakeSegmentView(airports, f.id, f.airline, f.flight_number, f.origin, f.destination, f.departure_utc,
                                  f.arrival_utc),
        segment->booking_class, segment->cabin, seats, terms,
        pricing::SegmentPrice{{share.fare.minor, v.total.currency}, {share.taxes.minor, v.total.currency}}, 0});
  }
  for (const auto& line : h.price.per_pax_type) {
    db.Prepare(sql::kInsertPrice)
        .Bind(1, v.id)
        .Bind(2, core::ToString(line.pax_type))
        .Bind(3, line.count)
        .Bind(4, line.fare_each.minor)
        .Bind(5, line.taxes_each.minor)
        .Defer();
    v.price_lines.push_back({line.pax_type,
                             line.count,
                             {line.fare_each.minor, v.total.currency},
                             {line.taxes_each.minor, v.total.currency}});
  }
  detail += fmt::format(" total {} {}", core::FormatAmount(v.total), v.total.currency);
  AddHistory(db, v.id, h.now, h.actor.Label(), "HOLD", detail);
  v.history.push_back(HistoryEntry{h.now, h.actor.Label(), "HOLD", std::move(detail)});
  return v;
}

// An Idempotency-Key as stored: the caller's scope, what it protects, the key. Empty without a key.
std::string ScopedKey(const core::Actor& actor, const std::string& what, const std::optional<std::string>& key) {
  return key ? fmt::format("{}|{}:{}", actor.Scope(), what, *key) : std::string();
}

// A hold past its time limit expires here if the sweep has not reached it yet: its seats go back. True if it did.
bool ExpireIfDue(store::Connection& db, core::Random& random, const BookingView& booking, core::Instant now) {
  if (booking.status != BookingStatus::kHeld || !booking.hold_expires_at || *booking.hold_expires_at > now)
    return false;
  ReleaseAndClose(db, random, booking, BookingStatus::kExpired, now, "system", "EXPIRE");
  return true;
}

// Whether these passengers may confirm this booking now: it must be held, and the names must fit the party on the
// day of travel and give what the airline requires of every passenger.
core::Result<void> Confirmable(const BookingView& booking, const std::vector<Passenger>& passengers,
                               const std::optional<reference::Airline>& airline,
                               const reference::AirportDirectory& airports, core::Instant now) {
  if (auto ok = CheckTransition(booking.status, BookingStatus::kConfirmed); !ok) return ok;
  const auto days = TravelDaysOf(booking, airports, now);
  return ValidatePassengers(passengers, booking.party, days.first_travel, days.today,
                            airline ? airline->passenger_rules : core::PassengerRules{});
}

// A text the passenger may not have given: NULL when empty.
std::optional<std::string> Given(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// A passenger as kInsertPassenger keeps it and LoadByLocator reads it back: names normalized, a document only with its
// type.
Passenger AsStored(const Passenger& p) {
  Passenger stored = p;
  stored.title = NormalizeName(p.title);
  stored.first_name = NormalizeName(p.first_name);
  stored.last_name = NormalizeName(p.last_name);
  if (stored.document && stored.document->type.empty()) stored.document.reset();
  return stored;
}

void InsertPassengers(store::Connection& db, std::int64_t booking_id, const std::vector<Passenger>& passengers) {
  int seq = 0;
  for (const auto& given : passengers) {
    const auto p = AsStored(given);
    db.Prepare(sql::kInsertPassenger)
        .Bind(1, booking_id)
        .Bind(2, ++seq)
        .Bind(3, core::ToString(p.pax_type))
        .Bind(4, p.title)
        .Bind(5, p.first_name)
        .Bind(6, p.last_name)
        .Bind(7, p.date_of_birth ? std::optional<std::string>(core::FormatIsoDate(*p.date_of_birth)) : std::nullopt)
        .Bind(8, p.infant_of ? std::optional<std::int64_t>(*p.infant_of) : std::nullopt)
        .Bind(9, Given(p.nationality))
        .Bind(10, p.document ? Given(p.document->type) : std::nullopt)
        .Bind(11, p.document ? Given(p.document->number) : std::nullopt)
        .Bind(12, p.document ? Given(p.document->issuing_country) : std::nullopt)
        .Bind(13,
              p.document && p.document->expiry ? std::optional(core::FormatIsoDate(*p.document->expiry)) : std::nullopt)
        .Bind(14, Given(p.place_of_birth))
        .Defer();
  }
}

std::string NamesOf(const std::vector<Passenger>& passengers) {
  std::string names;
  for (const auto& p : passengers)
    names += fmt::format("{}{}/{} {}", names.empty() ? "" : ", ", NormalizeName(p.last_name),
                         NormalizeName(p.first_name), NormalizeName(p.title));
  return names;
}

// What a confirmation takes for names and contact: the request's, or those kept with the held booking (KeepNames)
// when it brings none. INVALID_EMAIL when neither has a contact.
core::Result<ConfirmRequest> WithKeptNames(const BookingView& booking, ConfirmRequest request) {
  if (!booking.passengers.empty()) {
    if (!request.passengers.empty())
      return Fail(
          ErrorKind::kConflict, "NAMES_ALREADY_GIVEN",
          fmt::format("booking {} already has its passengers' names; pay without giving them again", booking.locator),
          "passengers");
    request.passengers = booking.passengers;
  }
  if (request.contact.email.empty() && booking.contact) request.contact = *booking.contact;
  if (auto ok = ValidateContact(request.contact); !ok) return std::unexpected(ok.error());
  return request;
}

// The record step of a paid confirmation: held seats become sold, the names, contact and payment are stored, and the
// confirmation e-mail queued — in this transaction, so a confirmed booking always has its e-mail queued and a
// rolled-back one never. The payment's and confirmation's history lines are added to `booking` only: the caller
// writes them with the tickets' line (AddHistory). `booking` becomes what a fresh read would show once they are.
void RecordConfirmation(store::Connection& db, const core::Actor& actor, BookingView& booking,
                        const ConfirmRequest& request, const core::Money& amount, const Taken& paid,
                        core::Instant now) {
  ChangeSeats(db, booking, [](int seats) { return inventory::SellingHeld(seats); });
  if (booking.passengers.empty()) {
    InsertPassengers(db, booking.id, request.passengers);
    for (const auto& p : request.passengers) booking.passengers.push_back(AsStored(p));
  }
  db.Prepare(sql::kConfirm)
      .Bind(1, request.contact.email)
      .Bind(2, request.contact.phone)
      .Bind(3, Epoch(now))
      .Bind(4, booking.id)
      .Defer();
  booking.status = BookingStatus::kConfirmed;
  booking.hold_expires_at.reset();
  booking.contact = request.contact;
  booking.updated_at = now;
  const auto method = ToString(request.method);
  InsertPayment(db, booking, amount, method, "APPROVED", paid.reference, now);
  booking.payments.push_back(PaymentRecord{std::string(method), amount, "APPROVED", paid.reference, now});
  // The payment's line and the confirmation's: written by the caller with the tickets' line, one statement.
  booking.history.push_back({now, actor.Label(), "PAYMENT",
                             fmt::format("{} {} {} approved, reference {}", method, core::FormatAmount(amount),
                                         amount.currency, paid.reference)});
  booking.history.push_back(
      {now, actor.Label(), "CONFIRM", fmt::format("HELD -> CONFIRMED; names: {}", NamesOf(request.passengers))});
  if (request.send_mail)
    mail::Enqueue(
        db,
        {kConfirmationMail, booking.locator, request.contact.email, request.language, std::nullopt, booking.agency_id},
        now);
}

// The on-account charge, last in the confirmation's transaction (after the booking and its flights are locked): the
// agency's account is locked, checked and charged the booking's total. Refused when the account cannot cover it
// (CREDIT_LIMIT_EXCEEDED says what is available), and the caller then rolls the confirmation back whole.
// The agency's commission on each segment's fare by its rules (agents/commission.hpp), kept with the segment (and
// in `booking`, the confirmation's answer).
std::int64_t KeepCommission(store::Connection& db, std::int64_t agency_id, BookingView& booking) {
  const auto rules = agents::LoadCommissionRules(db, agency_id);
  if (rules.empty()) return 0;
  std::int64_t total = 0;
  for (auto& s : booking.segments) {
    if (!s.price) continue;
    const agents::SoldSegment sold{
        s.flight.airline,
        s.flight.origin,
        s.flight.destination,
        s.booking_class,
        core::ParseIsoDate(s.flight.departure_local.substr(0, 10)).value_or(core::LocalDate{}),
        s.price->fare,
        booking.party.adults + booking.party.children + booking.party.infants};
    const auto rule = agents::ApplicableRule(rules, sold);
    const auto commission = rule ? agents::CommissionOn(*rule, sold).minor : 0;
    db.Prepare(sql::kSetSegmentCommission).Bind(1, commission).Bind(2, booking.id).Bind(3, s.seq).Exec();
    s.commission = commission;
    total += commission;
  }
  return total;
}

core::Result<void> ChargeAccount(store::Connection& db, const core::Actor& actor, BookingView& booking,
                                 const core::Money& extras, const std::string& reference, core::Instant now) {
  // The commission first, before the account's row is locked: every agent of the agency waits on that row, so it is
  // held for the check and the ledger row only. A net-settling agency is charged the gross less its commission; the
  // others the gross, their commission paid out on the statement.
  const auto commission = KeepCommission(db, actor.agency_id, booking);
  auto account = agents::LockAccount(db, actor.agency_id);
  if (!account)
    return Fail(ErrorKind::kConflict, "NO_AGENCY_ACCOUNT", "your agency has no account with the airline yet",
                "payment.method");
  const bool net = account->settlement == agents::Settlement::kNet;
  const core::Money charge{booking.total.minor + extras.minor - (net ? commission : 0), booking.total.currency};
  if (auto refused = agents::CheckCharge(*account, charge); !refused) return std::unexpected(refused.error());
  const auto note = commission == 0
                        ? std::string()
                        : fmt::format("commission {} {}{}", core::FormatAmount({commission, charge.currency}),
                                      charge.currency, net ? " deducted" : " to be paid out");
  agents::AppendLedger(db, *account,
                       {agents::LedgerKind::kBooking,
                        {-charge.minor, charge.currency},
                        booking.id,
                        booking.locator,
                        reference,
                        actor.Label(),
                        note},
                       now);
  return {};
}

// A cancelled booking that was charged to an agency's account gets back what its fare rules refund (RefundDue), in
// the cancellation's transaction; the history says how much.
void CreditAccount(store::Connection& db, const core::Actor& actor, const BookingView& booking, core::Instant now) {
  if (booking.status != BookingStatus::kConfirmed || booking.agency_id == 0) return;
  const auto charge = agents::BookingCharge(db, booking.id);
  if (!charge) return;
  auto account = agents::LockAccount(db, charge->agency_id);
  if (!account) throw std::logic_error(fmt::format("booking {}: its agency's account is gone", booking.locator));
  const auto due = RefundDue(booking, account->settlement == agents::Settlement::kNet);
  auto changes = db.Prepare(sql::kChangesOnAccount);
  changes.Bind(1, booking.id);
  changes.Step();
  // Never more than was charged: the booking and its changes, less what the changes gave back.
  const auto refund = std::min(due.minor, -(charge->amount.minor + changes.Int(0)));
  if (refund > 0)
    agents::AppendLedger(db, *account,
                         {agents::LedgerKind::kRefund,
                          {refund, charge->amount.currency},
                          booking.id,
                          booking.locator,
                          charge->reference,
                          actor.Label(),
                          "cancelled"},
                         now);
  AddHistory(db, booking.id, now, actor.Label(), "REFUND",
             fmt::format("{} {} back to the agency's account", core::FormatAmount({refund, charge->amount.currency}),
                         charge->amount.currency));
}

}  // namespace steps

using namespace steps;  // NOLINT(google-build-using-namespace): this file's own steps

CancelRefund RefundOnCancel(const BookingView& booking) {
  int refundable = 0, known = 0;
  for (const auto& s : booking.segments)
    if (s.terms) {
      ++known;
      refundable += s.terms->refundable ? 1 : 0;
    }
  if (known == 0 || known < static_cast<int>(booking.segments.size())) return CancelRefund::kUnknown;
  if (refundable == known) return CancelRefund::kRefundable;
  return refundable == 0 ? CancelRefund::kNotRefundable : CancelRefund::kPartlyRefundable;
}

core::Money RefundDue(const BookingView& booking, bool net_of_commission) {
  core::Money due{0, booking.total.currency};
  for (const auto& s : booking.segments) {
    if (!s.price || !s.terms) continue;
    const auto fare = s.price->fare.minor - (net_of_commission ? s.commission : 0);
    due.minor += s.price->taxes.minor + (s.terms->refundable ? fare : 0);
  }
  return due;
}

std::string_view ToString(CancelRefund refund) {
  switch (refund) {
    case CancelRefund::kRefundable:
      return "refundable";
    case CancelRefund::kNotRefundable:
      return "not_refundable";
    case CancelRefund::kPartlyRefundable:
      return "partly_refundable";
    case CancelRefund::kUnknown:
      return "unknown";
  }
  return "unknown";
}

TravelDays TravelDaysOf(const BookingView& booking, const reference::AirportDirectory& airports, core::Instant now) {
  const auto* utc = date::locate_zone("UTC");
  if (booking.segments.empty()) return {core::LocalDateOf(now, utc), core::LocalDateOf(now, utc)};
  const auto& first = booking.segments.front().flight;
  const auto* origin = airports.Find(first.origin);
  const auto* zone = origin ? origin->zone : utc;
  return {core::LocalDateOf(first.departure_utc, zone), core::LocalDateOf(now, zone)};
}

std::optional<core::Error> BookingService::ClientRefused(const core::Actor& actor, const BookingProof& proof) const {
  if (SiteLink(actor, proof)) return std::nullopt;  // the site's own link: nothing was guessed
  const auto key = LimitKey(actor);
  if (key.empty()) return std::nullopt;
  auto wait = lookups_by_client_.Refusal(key);
  if (!wait) return std::nullopt;
  return TooMany("TOO_MANY_ATTEMPTS", "too many failed attempts to open a booking from this client", *wait);
}

namespace {

// An agency's people reach their agency's bookings and no other (on PostgreSQL row-level security says the same);
// everyone else is not scoped by agency.
bool InScope(const core::Actor& actor, const BookingView& booking) {
  return (actor.agency_id == 0 || booking.agency_id == actor.agency_id) &&
         (actor.partner_id == 0 || booking.partner_id == actor.partner_id);
}

// Names given (NamesGiven, KeepNames): the held booking's time limit grows to one full hold time from when the hold
// was made, never shorter than it is, so giving names again and again never keeps seats longer than one full hold.
core::Instant ExtendForNames(store::Connection& db, const BookingView& booking,
                             const std::optional<reference::Airline>& airline, std::chrono::seconds deployment_default,
                             core::Instant now) {
  const auto until =
      std::max(*booking.hold_expires_at, booking.created_at + reference::HoldTime(airline, deployment_default));
  db.Prepare(sql::kSetHoldExpiry).Bind(1, Epoch(until)).Bind(2, Epoch(now)).Bind(3, booking.id).Exec();
  return until;
}

}  // namespace

// Whether `proof` opens `booking` for `actor` (nullopt) or the error to answer, counting failures against guessing.
// Only a last name can be guessed (a hold token is 128 random bits; the signed link is the site's own), so a look-up by
// name is refused once the reference has had too many failures from all clients; an unknown reference is treated
// the same, so the refusal does not tell which references exist. The client's own failures of any kind count
// against it (ClientRefused, asked before the booking is read). Staff whose role grants `staff_need` need no proof.
std::optional<core::Error> BookingService::Opens(store::Connection& db, const std::optional<BookingView>& booking,
                                                 const std::string& locator, const core::Actor& actor,
                                                 const BookingProof& proof, core::Permission staff_need) {
  if (booking && !InScope(actor, *booking)) return NotFound(locator);
  if (actor.May(staff_need)) return booking ? std::nullopt : std::optional(NotFound(locator));
  const bool by_name = !SiteLink(actor, proof) && !proof.partner_key && (!booking || !booking->passengers.empty());
  if (by_name)
    if (auto wait = lookups_by_booking_.Refusal(locator))
      return TooMany("TOO_MANY_ATTEMPTS", "too many failed attempts to open this booking", *wait);
  if (booking && MayAccess(db, *booking, actor, proof)) return std::nullopt;
  if (by_name) lookups_by_booking_.Fail(locator);
  return FailedToken(locator, actor);
}

core::Result<BookingView> BookingService::LockByHoldToken(store::Connection& db, const core::Actor& actor,
                                                          const std::string& locator, const std::string& hold_token) {
  std::string stored_token;
  // Every caller reads the booking's airline next: it goes with the booking's row.
  auto booking = LockAndLoad(db, airports_, locator, &stored_token, true);
  if (booking && !InScope(actor, *booking)) return std::unexpected(NotFound(locator));
  if (booking && (actor.May(core::Permission::kBookingsWrite) || PartnerOwns(actor, *booking) ||
                  TokenMatches(stored_token, hold_token)))
    return std::move(*booking);
  if (actor.May(core::Permission::kBookingsWrite)) return std::unexpected(NotFound(locator));
  return std::unexpected(FailedToken(locator, actor));
}

core::Error BookingService::FailedToken(const std::string& locator, const core::Actor& actor) {
  if (const auto key = LimitKey(actor); !key.empty()) lookups_by_client_.Fail(key);
  return NotFound(locator);
}

core::Result<Outcome> BookingService::Hold(const core::Actor& actor, const HoldRequest& request) {
  std::set<std::int64_t> flight_ids;
  if (auto ok = ValidateHold(request, flight_ids); !ok) return std::unexpected(ok.error());
  const auto now = clock_.Now();
  const int seats = request.party.SeatsNeeded();
  const auto client = LimitKey(actor);
  // Where every write of the node waits for one turn (SQLite), the hold is priced before its turn (Quote).
  std::optional<Quote> quote;
  if (data_.engine() == store::Engine::kSqlite) {
    auto lease = Acquire(actor);
    quote = ReadQuote(*lease, airports_, request);
  }
  // Counted once durable: the body may run more than once (a conflict), on another thread (InWriteTransaction).
  std::optional<BookingEvent> event;
  auto outcome = store::RetryConflicts([&]() -> core::Result<Outcome> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    event.reset();
    return store::InWriteTransaction(db, [&](store::WriteScope& tx) -> core::Result<Outcome> {
      // Scoped to the caller, so the replay (with the hold's secret) goes only to the caller that made the hold.
      const auto idem_key = ScopedKey(actor, "hold", request.idempotency_key);
      if (!idem_key.empty())
        if (auto seen = Replay(db, airports_, idem_key, request.fingerprint)) return std::move(*seen);
      // One client's holds are counted one after the other (PostgreSQL reads committed rows only; SQLite's write
      // lock already serialises every hold).
      if (!client.empty() && db.engine() == store::Engine::kPostgres)
        db.Prepare(sql::kLockClient).Bind(1, client).Defer();
      LockFlights(db, flight_ids);
      auto flights = ReadFlights(db, request, client, now);
      // The booking's airline (every flight of a booking is one airline's: Reserve refuses others), read once: its
      // hold time, sales cutoff and currency. The hold time is the airline's, and before names are given (NamesGiven)
      // at most the unnamed one. Unless the hold was quoted before its turn, the fares go in the same round trip.
      const auto& first = flights.front();
      if (first) {
        reference::PrefetchAirline(db, first->airline);
        if (!quote) PrefetchFares(db, airports_, request, flights);
      }
      const auto airline = first ? reference::FindAirline(db, first->airline) : std::nullopt;
      const bool quoted = quote && QuoteHolds(*quote, flights, airline);
      const auto hold_time = request.hold_time.value_or(
          std::min(std::chrono::seconds{reference::HoldTime(airline, hold_time_)}, limits_.unnamed_hold_time));
      if (auto refused = HoldLimitRefusal(db, limits_, client, flight_ids, seats, now, hold_time))
        return std::unexpected(*refused);
      auto held = Reserve(db, request, seats, now, airline, std::move(flights));
      if (!held) return std::unexpected(held.error());
      auto price = quoted ? quote->price : PriceHold(db, airports_, request, FlightsHeld(*held), airline);
      if (!price) return std::unexpected(price.error());
      for (std::size_t i = 0; i < held->size(); ++i) (*held)[i].terms = price->terms[i];
      const auto hold_token = core::GenerateSecretToken(random_);
      auto view = RecordHold(db, random_, airports_,
                             {actor, request, *held, price->price, hold_token, client, now, now + hold_time});
      if (!idem_key.empty()) Remember(db, idem_key, request.fingerprint, 201, view.locator, actor.agency_id, now);
      tx.Commit();
      event = BookingEvent::kHeld;
      return Outcome{std::move(view), false, hold_token};
    });
  });
  if (event) Count(*event);
  return outcome;
}

core::Result<Outcome> BookingService::Confirm(const core::Actor& actor, const std::string& locator,
                                              const ConfirmRequest& request) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  const auto now = clock_.Now();
  if (auto refused = PaymentRefusal(actor, request.method, request.card, core::LocalDate{date::floor<date::days>(now)}))
    return std::unexpected(*refused);
  // A contact given is checked before anything is locked; none given may be the one kept with the names.
  if (!request.contact.email.empty() || request.passengers.size() > 0)
    if (auto ok = ValidateContact(request.contact); !ok) return std::unexpected(ok.error());
  if (auto refused = CardTestingRefused(actor, request.method)) return std::unexpected(*refused);

  // Counted once durable: the body may run more than once (a conflict), on another thread (InWriteTransaction).
  std::optional<BookingEvent> event;
  auto outcome = store::RetryConflicts([&]() -> core::Result<Outcome> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    event.reset();
    return store::InWriteTransaction(db, [&](store::WriteScope& tx) -> core::Result<Outcome> {
      // The booking's lock comes first, so that a concurrent retry with the same key waits and then finds the key.
      // Confirming is the hold's business: its token, even on an Idempotency-Key retry after the names went in.
      auto booking = LockByHoldToken(db, actor, locator, request.hold_token);
      if (!booking) return std::unexpected(booking.error());
      const auto idem_key = ScopedKey(actor, "confirm:" + locator, request.idempotency_key);
      if (!idem_key.empty())
        if (auto seen = Replay(db, airports_, idem_key, request.fingerprint)) return std::move(*seen);
      if (ExpireIfDue(db, random_, *booking, now)) {
        tx.Commit();
        event = BookingEvent::kExpired;
        return Fail(ErrorKind::kConflict, "HOLD_EXPIRED",
                    "the hold on this booking has expired; its seats were released");
      }
      auto named = WithKeptNames(*booking, request);
      if (!named) return std::unexpected(named.error());
      const ConfirmRequest& effective = *named;
      // The booking's airline, read once: its passenger rules here, its accounting code for the tickets.
      const auto airline = reference::FindAirline(db, booking->airline);
      if (auto ok = Confirmable(*booking, effective.passengers, airline, airports_, now); !ok)
        return std::unexpected(ok.error());
      // The extras added to the hold and those bought with it on the way, paid with the fare.
      auto extras = PriceExtras(db, *booking, effective.passengers, effective.extras, now);
      if (!extras) return std::unexpected(extras.error());
      auto emds = EmdsOfExtrasDue(*booking);
      emds.insert(emds.end(), extras->begin(), extras->end());
      const core::Money amount{AmountDue(*booking).minor + ExtrasTotal(*extras), booking->total.currency};
      // The seats sold with it are checked (under all its flights' locks, in the order the confirmation takes them)
      // before the money is taken, and kept after: a card is never charged for a seat it then cannot have.
      if (std::any_of(extras->begin(), extras->end(), [](const ticketing::Emd& e) { return e.code == "SEAT"; })) {
        LockFlights(db, FlightIdsOf(*booking));
        auto named = *booking;
        named.passengers = effective.passengers;
        if (auto ok = PlacePaidSeats(db, actor, named, *extras, now, true); !ok) return std::unexpected(ok.error());
      }
      auto paid = Pay(db, actor, *booking, effective, amount, now);
      if (!paid) {
        if (paid.error().kind == ErrorKind::kPaymentDeclined) {
          tx.Commit();  // the declined attempt stays on record
          event = BookingEvent::kPaymentDeclined;
        }
        return std::unexpected(paid.error());
      }
      const auto held_total = booking->total;
      BookingView view = std::move(*booking);
      const auto history_before = view.history.size();
      RecordConfirmation(db, actor, view, effective, amount, *paid, now);
      if (!idem_key.empty()) Remember(db, idem_key, request.fingerprint, 200, locator, actor.agency_id, now);
      QueuePartnerEvent(db, random_, view, partners::BookingEventType::kConfirmed, view.status, now);
      // Paid in full: every passenger's e-ticket, before the account's lock (the serial row comes first).
      IssueTickets(db, random_, view, FlightsOf(view), actor.Label(), now, airline);
      AddHistory(db, view.id, std::span(view.history).subspan(history_before));  // payment, confirmation, tickets
      if (!emds.empty()) {
        if (auto placed = PlacePaidSeats(db, actor, view, *extras, now); !placed)
          return std::unexpected(placed.error());
        IssueExtras(db, view, emds, actor.Label(), "with the booking", now);
        DropExtrasDue(db, view.id);
        view = *LoadByLocator(db, airports_, locator);
      }
      // Last, so that the agency's account, which all its agents' confirmations share, is locked only for its own row
      // and the commit; refused, the transaction rolls back whole.
      if (request.method == PaymentMethod::kOnAccount)
        if (auto charged = ChargeAccount(db, actor, view, {amount.minor - held_total.minor, amount.currency},
                                         paid->reference, now);
            !charged)
          return std::unexpected(charged.error());
      tx.Commit();
      event = BookingEvent::kConfirmed;
      return Outcome{std::move(view), false, request.hold_token};
    });
  });
  if (event) Count(*event);
  return outcome;
}

std::optional<core::Error> BookingService::CardTestingRefused(const core::Actor& actor, PaymentMethod method) const {
  const auto client = LimitKey(actor);
  if (method != PaymentMethod::kTestCard || client.empty()) return std::nullopt;
  auto wait = declines_by_client_.Refusal(client);
  if (!wait) return std::nullopt;
  return TooMany("TOO_MANY_DECLINED_CARDS", "too many declined cards from this client", *wait, "payment.card.number");
}

// The pay step: takes the money by the request's method. A declined card is recorded (payment row, history, the
// client's count) and answered PAYMENT_DECLINED, for the caller to commit; a booking that has had its fill of
// declined cards takes no more.
core::Result<Taken> BookingService::Pay(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                                        const ConfirmRequest& request, const core::Money& amount, core::Instant now) {
  if (request.method == PaymentMethod::kOnAccount) {
    if (booking.agency_id != actor.agency_id)
      return Fail(ErrorKind::kForbidden, "PAYMENT_METHOD_NOT_ALLOWED",
                  "this booking was not made by your agency; it cannot go on your account", "payment.method");
    return Taken{true, "ACCOUNT-" + booking.locator, "", ""};  // charged by ChargeAccount, last in the transaction
  }
  if (request.method == PaymentMethod::kTestCard) {
    // The booking was read under its lock, its payments with it.
    const auto declined = std::count_if(booking.payments.begin(), booking.payments.end(),
                                        [](const PaymentRecord& p) { return p.status == "DECLINED"; });
    if (declined >= limits_.declines_per_booking)
      return Fail(ErrorKind::kConflict, "PAYMENT_ATTEMPTS_EXCEEDED",
                  fmt::format("{} cards were declined for this booking, the most it takes; it is still held, but "
                              "to pay with another card please make a new booking",
                              declined),
                  "payment");
  }
  auto taken = TakePayment(gateway_, request.method, request.card, amount, booking.locator);
  if (taken.approved) return taken;
  InsertPayment(db, booking, amount, ToString(request.method), "DECLINED", taken.masked, now);
  if (const auto client = LimitKey(actor); !client.empty()) declines_by_client_.Fail(client);
  AddHistory(db, booking.id, now, actor.Label(), "PAYMENT_DECLINED",
             fmt::format("card {} declined: {}", taken.masked, taken.decline_reason));
  return Fail(ErrorKind::kPaymentDeclined, "PAYMENT_DECLINED",
              fmt::format("payment declined: {}; the booking is still held", taken.decline_reason), "payment");
}

core::Result<BookingView> BookingService::Cancel(const core::Actor& actor, const std::string& locator,
                                                 const BookingProof& proof) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<BookingView> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockAndLoad(db, airports_, locator);
    if (auto refused = Opens(db, booking, locator, actor, proof, core::Permission::kBookingsWrite))
      return std::unexpected(*refused);
    if (auto ok = CancelWhole(db, random_, actor, *booking, now); !ok) return std::unexpected(ok.error());
    CreditAccount(db, actor, *booking, now);  // the account after the flights, as a confirmation takes them
    auto view = LoadByLocator(db, airports_, locator);
    tx.Commit();
    Count(BookingEvent::kCancelled);
    return std::move(*view);
  });
}

core::Result<BookingView> BookingService::CorrectName(const core::Actor& actor, const std::string& locator,
                                                      int passenger, const Passenger& corrected) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kBookingsWrite)) return std::unexpected(*refused);
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<BookingView> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockAndLoad(db, airports_, locator);
    if (!booking || !InScope(actor, *booking)) return std::unexpected(NotFound(locator));
    if (booking->status != BookingStatus::kConfirmed)
      return Fail(ErrorKind::kConflict, "BOOKING_NOT_CONFIRMED",
                  fmt::format("booking {} is {}; names are corrected on confirmed bookings", locator,
                              ToString(booking->status)));
    if (passenger < 1 || passenger > static_cast<int>(booking->passengers.size()))
      return Fail(ErrorKind::kNotFound, "PASSENGER_NOT_FOUND",
                  fmt::format("booking {} has no passenger {}", locator, passenger), "passenger");
    const auto& before = booking->passengers[static_cast<std::size_t>(passenger - 1)];
    if (auto ok = CheckNameCorrection(before, corrected); !ok) return std::unexpected(ok.error());
    db.Prepare(sql::kCorrectName)
        .Bind(1, NormalizeName(corrected.title))
        .Bind(2, NormalizeName(corrected.first_name))
        .Bind(3, NormalizeName(corrected.last_name))
        .Bind(4, booking->id)
        .Bind(5, passenger)
        .Exec();
    AddHistory(db, booking->id, now, actor.Label(), "NAME_CORRECTED",
               fmt::format("passenger {}: {}/{} {} -> {}/{} {}", passenger, before.last_name, before.first_name,
                           before.title, NormalizeName(corrected.last_name), NormalizeName(corrected.first_name),
                           NormalizeName(corrected.title)));
    auto view = LoadByLocator(db, airports_, locator);
    tx.Commit();
    return std::move(*view);
  });
}

core::Result<BookingView> BookingService::AddRemark(const core::Actor& actor, const std::string& locator,
                                                    const std::string& text) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kBookingsWrite)) return std::unexpected(*refused);
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto ok = ValidateRemark(text); !ok) return std::unexpected(ok.error());
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<BookingView> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockAndLoad(db, airports_, locator);
    if (!booking || !InScope(actor, *booking)) return std::unexpected(NotFound(locator));
    AddHistory(db, booking->id, now, actor.Label(), "REMARK", std::string(core::Trim(text)));
    auto view = LoadByLocator(db, airports_, locator);
    tx.Commit();
    return std::move(*view);
  });
}

core::Result<BookingView> BookingService::Retrieve(const core::Actor& actor, const std::string& locator,
                                                   const BookingProof& proof) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto booking = LoadByLocator(*lease, airports_, locator);
  if (auto refused = Opens(*lease, booking, locator, actor, proof, core::Permission::kBookingsRead))
    return std::unexpected(*refused);
  return std::move(*booking);
}

core::Result<core::Instant> BookingService::NamesGiven(const core::Actor& actor, const std::string& locator,
                                                       const BookingProof& proof) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<core::Instant> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockByHoldToken(db, actor, locator, proof.hold_token.value_or(""));
    if (!booking) return std::unexpected(booking.error());
    if (booking->status != BookingStatus::kHeld || !booking->hold_expires_at || *booking->hold_expires_at <= now)
      return Fail(ErrorKind::kConflict, "BOOKING_NOT_HELD",
                  fmt::format("booking {} is {}; only a held booking's time limit can be extended", locator,
                              ToString(booking->status)));
    const auto extended = ExtendForNames(db, *booking, reference::FindAirline(db, booking->airline), hold_time_, now);
    tx.Commit();
    return extended;
  });
}

core::Result<BookingView> BookingService::KeepNames(const core::Actor& actor, const std::string& locator,
                                                    const ConfirmRequest& request) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto ok = ValidateContact(request.contact); !ok) return std::unexpected(ok.error());
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<BookingView> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockByHoldToken(db, actor, locator, request.hold_token);
    if (!booking) return std::unexpected(booking.error());
    if (ExpireIfDue(db, random_, *booking, now)) {
      tx.Commit();
      Count(BookingEvent::kExpired);
      return Fail(ErrorKind::kConflict, "HOLD_EXPIRED",
                  "the hold on this booking has expired; its seats were released");
    }
    if (!booking->passengers.empty())
      return Fail(ErrorKind::kConflict, "NAMES_ALREADY_GIVEN",
                  fmt::format("booking {} already has its passengers' names", locator), "passengers");
    // The booking's airline, read once: its passenger rules, then its hold time.
    const auto airline = reference::FindAirline(db, booking->airline);
    if (auto ok = Confirmable(*booking, request.passengers, airline, airports_, now); !ok)
      return std::unexpected(ok.error());
    InsertPassengers(db, booking->id, request.passengers);
    db.Prepare(sql::kSetContact)
        .Bind(1, request.contact.email)
        .Bind(2, request.contact.phone)
        .Bind(3, Epoch(now))
        .Bind(4, booking->id)
        .Exec();
    const auto until = ExtendForNames(db, *booking, airline, hold_time_, now);
    AddHistory(db, booking->id, now, actor.Label(), "NAMES",
               fmt::format("names given, payment due by {}: {}", core::FormatUtc(until), NamesOf(request.passengers)));
    auto view = LoadByLocator(db, airports_, locator);
    tx.Commit();
    return std::move(*view);
  });
}

core::Result<void> BookingService::ResendConfirmation(const core::Actor& actor, const std::string& locator,
                                                      const BookingProof& proof,
                                                      const std::optional<std::string>& language) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<void> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    // Locked, so a cancellation cannot slip in between the status check and the enqueue.
    auto booking = LockAndLoad(db, airports_, locator);
    if (auto refused = Opens(db, booking, locator, actor, proof, core::Permission::kBookingsWrite))
      return std::unexpected(*refused);
    if (booking->status != BookingStatus::kConfirmed || !booking->contact)
      return Fail(ErrorKind::kConflict, "BOOKING_NOT_CONFIRMED",
                  fmt::format("booking {} is {}; only a confirmed booking has a confirmation to send", locator,
                              ToString(booking->status)));
    const auto recent = mail::QueuedFor(db, kConfirmationMail, locator, now - std::chrono::hours{1});
    if (recent.count >= limits_.confirmation_mails_per_hour) {
      const auto next = recent.oldest.value_or(now) + std::chrono::hours{1};
      return std::unexpected(TooMany("TOO_MANY_EMAILS",
                                     fmt::format("the confirmation was sent {} times in the last hour", recent.count),
                                     core::SecondsUntil(next, now)));
    }
    const std::string lang = language ? *language : mail::FirstLanguage(db, kConfirmationMail, locator).value_or("en");
    mail::Enqueue(db, {kConfirmationMail, locator, booking->contact->email, lang, std::nullopt, booking->agency_id},
                  now);
    tx.Commit();
    return {};
  });
}

store::ConnectionPool::Lease BookingService::Acquire(const core::Actor& actor) {
  auto lease = data_.Acquire();
  if (actor.agency_id != 0) store::ScopeToAgency(*lease, actor.agency_id);
  return lease;
}

core::PassengerRules BookingService::PassengerRulesOf(const std::string& airline) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  const auto found = reference::FindAirline(*lease, airline);
  return found ? found->passenger_rules : core::PassengerRules{};
}

core::Result<std::vector<BookingSummary>> BookingService::Search(const core::Actor& actor, const BookingQuery& query) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kBookingsRead)) return std::unexpected(*refused);
  const auto text = std::string(core::Trim(query.text));
  const auto flight = core::AsciiUpper(core::Trim(query.flight));
  std::optional<std::pair<std::string, std::int64_t>> flight_number;
  if (flight.size() >= 3 && flight.size() <= 6)
    if (auto number = core::ParseInteger(flight.substr(2), 1, 9999)) flight_number = {flight.substr(0, 2), *number};
  if (text.empty() && !(flight_number && query.date))
    return Fail(ErrorKind::kInvalid, "INVALID_SEARCH",
                "search by booking reference, last name or e-mail, or by a flight (such as X9101) and its date", "q");
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  // An agency's people search its bookings only.
  const bool agency = actor.agency_id != 0;
  auto stmt = lease->Prepare(text.empty() ? (agency ? sql::kSearchAgencyByFlight : sql::kSearchByFlight)
                                          : (agency ? sql::kSearchAgencyByText : sql::kSearchByText));
  if (text.empty())
    stmt.Bind(1, flight_number->first)
        .Bind(2, flight_number->second)
        .Bind(3, core::FormatIsoDate(*query.date))
        .Bind(4, static_cast<std::int64_t>(kMaxSearchResults));
  else
    stmt.Bind(1, NormalizeName(text))
        .Bind(2, core::AsciiLower(text))
        .Bind(3, static_cast<std::int64_t>(kMaxSearchResults));
  if (agency) stmt.Bind(text.empty() ? 5 : 4, actor.agency_id);
  std::vector<BookingSummary> found;
  while (stmt.Step())
    found.push_back({stmt.Text(0), ParseBookingStatus(stmt.Text(1)).value_or(BookingStatus::kHeld),
                     core::Money{stmt.Int(2), stmt.Text(3)}, stmt.OptText(4).value_or(""), core::FromEpoch(stmt.Int(5)),
                     stmt.OptText(6).value_or("")});
  return found;
}

std::optional<BookingView> BookingService::Find(const std::string& locator) {
  if (!core::IsValidLocator(locator)) return std::nullopt;
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  return LoadByLocator(*lease, airports_, locator);
}

core::Result<std::string> BookingService::PartnerLocator(const core::Actor& actor, const PartnerKey& key) {
  const auto unknown = [&] {
    return core::MakeError(ErrorKind::kNotFound, "BOOKING_NOT_FOUND",
                           key.confirmation_id.empty() ? fmt::format("no booking {} of yours", key.booking_id)
                                                       : fmt::format("no booking {} of yours", key.confirmation_id));
  };
  if (actor.partner_id <= 0) return std::unexpected(unknown());
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt =
      lease->Prepare(key.confirmation_id.empty() ? sql::kPartnerBookingById : sql::kPartnerBookingByConfirmation);
  if (key.confirmation_id.empty())
    stmt.Bind(1, key.booking_id);
  else
    stmt.Bind(1, core::AsciiUpper(key.confirmation_id));
  if (!stmt.Step() || stmt.Int(1) != actor.partner_id) return std::unexpected(unknown());
  return stmt.Text(0);
}

int BookingService::ExpireDue() {
  const auto now = clock_.Now();
  std::vector<std::int64_t> due;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease, store::Transaction::Mode::kRead);
    auto stmt = lease->Prepare(sql::kDueHolds);
    stmt.Bind(1, Epoch(now));
    while (stmt.Step()) due.push_back(stmt.Int(0));
  }
  // One short transaction per booking. Every node runs this sweep: the booking's row lock and a fresh look at its
  // status under that lock make each hold expire exactly once.
  int expired = 0;
  for (auto id : due) {
    expired += store::RetryConflicts([&] {
      auto lease = data_.Acquire();
      auto& db = *lease;
      store::Transaction tx(db);
      std::string locator;
      {
        auto lock = db.PrepareLocking(sql::kLockBookingById);
        lock.Bind(1, id);
        if (!lock.Step()) return 0;
        locator = lock.Text(0);
      }
      auto booking = LoadByLocator(db, airports_, locator);
      if (!booking || booking->status != BookingStatus::kHeld || !booking->hold_expires_at ||
          *booking->hold_expires_at > now)
        return 0;
      ReleaseAndClose(db, random_, *booking, BookingStatus::kExpired, now, "system", "EXPIRE");
      tx.Commit();
      return 1;
    });
  }
  Count(BookingEvent::kExpired, expired);
  return expired;
}

}  // namespace jetway::booking
