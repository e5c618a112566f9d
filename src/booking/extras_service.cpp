// BookingService::ExtrasOffered and BuyExtras: priced extras added to a held booking (paid with it), or sold for a
// paid one in one transaction (the booking, then the flights of any paid seat, then the airline's serial row, then
// an agency's account, as the service's lock order has it), paid in one payment and issued as EMD-A documents.
#include <fmt/core.h>

#include <algorithm>

#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "agents/ledger_store.hpp"
#include "core/locator.hpp"
#include "inventory/inventory_service.hpp"
#include "pricing/pricing_service.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps

namespace {

// The airline's prices in `currency`; a price that cannot be converted is left out (not sold in that currency).
std::vector<std::pair<std::string, core::Money>> PricesIn(store::Connection& db, const std::string& airline,
                                                          const std::string& currency) {
  const auto rates = pricing::LoadRates(db);
  std::vector<std::pair<std::string, core::Money>> prices;
  for (const auto& [code, price] : reference::ExtraPrices(db, airline)) {
    if (price.currency == currency)
      prices.emplace_back(code, price);
    else if (auto converted = rates.Convert(price, currency))
      prices.emplace_back(code, *converted);
  }
  return prices;
}

std::vector<Extra> ExtrasHeld(const BookingView& b) {
  std::vector<Extra> had;
  for (const auto& e : b.emds)
    if (e.status == ticketing::CouponStatus::kOpen) had.push_back({e.passenger, e.segment_seq, e.code, e.seat});
  for (const auto& d : b.extras_due) had.push_back(d.extra);
  return had;
}

core::Result<const BookedSegment*> FlightToFly(const BookingView& b, int segment, core::Instant now) {
  for (const auto& s : b.segments)
    if (s.seq == segment) {
      if (s.flight.departure_utc <= now)
        return Fail(ErrorKind::kConflict, "FLIGHT_DEPARTED", fmt::format("flight {} has departed", segment), "segment");
      return &s;
    }
  return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND", fmt::format("booking {} has no flight {}", b.locator, segment),
              "segment");
}

std::string Described(const std::vector<ticketing::Emd>& emds) {
  std::string detail;
  for (const auto& e : emds)
    detail += fmt::format("{}{}{} passenger {} flight {}{} {} {}", detail.empty() ? "" : "; ",
                          e.number.empty() ? "" : ticketing::DisplayNumber(e.number) + " ", e.code, e.passenger,
                          e.segment_seq, e.seat.empty() ? "" : " seat " + e.seat, core::FormatAmount(e.amount),
                          e.amount.currency);
  return detail;
}

// A held booking's extras are kept to be paid with it: priced now, seats taken now (as the hold's seats are).
core::Result<void> AddToHold(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                             const ExtrasRequest& request, core::Instant now) {
  if (booking.passengers.empty())
    return Fail(ErrorKind::kConflict, "NAMES_REQUIRED", "give the passengers' names before adding extras", "extras");
  auto emds = PriceExtras(db, booking, booking.passengers, request.extras, now);
  if (!emds) return std::unexpected(emds.error());
  if (auto ok = PlacePaidSeats(db, actor, booking, *emds, now); !ok) return ok;
  KeepExtrasDue(db, booking.id, *emds, now);
  auto due = booking;
  for (const auto& e : *emds) due.extras_due.push_back({{e.passenger, e.segment_seq, e.code, e.seat}, e.amount});
  const auto amount = AmountDue(due);
  AddHistory(db, booking.id, now, actor.Label(), "EXTRAS_ADDED",
             fmt::format("{}; to pay with the booking: {} {}", Described(*emds), core::FormatAmount(amount),
                         amount.currency));
  return {};
}

// An agency's extras on a booking it paid on account go on the account too, locked last as a confirmation's does.
core::Result<void> ChargeExtrasToAccount(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                                         const core::Money& total, const std::string& reference, core::Instant now) {
  auto account = agents::LockAccount(db, actor.agency_id);
  if (!account)
    return Fail(ErrorKind::kConflict, "NO_AGENCY_ACCOUNT", "your agency has no account with the airline yet",
                "payment.method");
  if (auto refused = agents::CheckCharge(*account, total); !refused) return std::unexpected(refused.error());
  agents::AppendLedger(db, *account,
                       {agents::LedgerKind::kAdjustment, {-total.minor, total.currency}, std::nullopt, booking.locator,
                        reference, actor.Label(), "extras"},
                       now);
  return {};
}

}  // namespace

namespace steps {

core::Result<std::vector<ticketing::Emd>> PriceExtras(store::Connection& db, const BookingView& booking,
                                                      const std::vector<Passenger>& passengers,
                                                      const std::vector<Extra>& extras, core::Instant now) {
  if (extras.empty()) return std::vector<ticketing::Emd>{};
  if (extras.size() > 32) return Fail(ErrorKind::kInvalid, "INVALID_EXTRAS", "buy 1 to 32 extras at a time", "extras");
  auto had = ExtrasHeld(booking);
  for (const auto& e : extras) {
    if (e.passenger < 1 || e.passenger > static_cast<int>(passengers.size()))
      return Fail(ErrorKind::kInvalid, "INVALID_PASSENGER",
                  fmt::format("passenger {} is not a passenger of this booking", e.passenger), "extras");
    auto flight = FlightToFly(booking, e.segment, now);
    if (!flight) return std::unexpected(flight.error());
    const auto type = passengers[static_cast<std::size_t>(e.passenger - 1)].pax_type;
    if (auto ok = CheckExtra(e, type, had); !ok) return std::unexpected(ok.error());
    had.push_back(e);
  }
  const auto prices = PricesIn(db, booking.airline, booking.total.currency);
  if (auto total = PriceOf(extras, prices); !total) return std::unexpected(total.error());
  std::vector<ticketing::Emd> emds;
  for (const auto& e : extras) {
    const auto* kind = FindExtra(e.code);
    const auto price = std::find_if(prices.begin(), prices.end(), [&](const auto& p) { return p.first == e.code; });
    ticketing::Emd emd;
    emd.passenger = e.passenger;
    emd.segment_seq = e.segment;
    emd.flight_id = (*FlightToFly(booking, e.segment, now))->flight.flight_id;
    emd.code = e.code;
    emd.rfic = kind->rfic;
    emd.rfisc = kind->rfisc;
    emd.seat = e.code == "SEAT" ? seating::NormaliseSeat(e.seat).value_or(e.seat) : "";
    emd.amount = price->second;
    emds.push_back(std::move(emd));
  }
  return emds;
}

std::int64_t ExtrasTotal(const std::vector<ticketing::Emd>& emds) {
  std::int64_t total = 0;
  for (const auto& e : emds) total += e.amount.minor;
  return total;
}

core::Result<void> PlacePaidSeats(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                                  const std::vector<ticketing::Emd>& emds, core::Instant now, bool check_only) {
  std::vector<std::int64_t> flights;
  for (const auto& e : emds)
    if (e.code == "SEAT") flights.push_back(e.flight_id);
  if (flights.empty()) return {};
  std::sort(flights.begin(), flights.end());
  flights.erase(std::unique(flights.begin(), flights.end()), flights.end());
  inventory::LockFlights(db, flights);
  for (const auto& e : emds) {
    if (e.code != "SEAT") continue;
    const auto& segment = **FlightToFly(booking, e.segment_seq, now);
    const auto map = SeatMapOfFlight(db, segment.flight.flight_id);
    const auto* seat = map.Find(e.seat);
    if (seat && !seat->paid)
      return Fail(ErrorKind::kInvalid, "SEAT_IS_FREE",
                  fmt::format("seat {} is not a paid seat: choose it without paying", seat->Name()), "extras");
    if (auto ok = PlaceSeats(db, actor, booking, segment, {{e.passenger, e.seat}}, now, true, check_only); !ok)
      return ok;
  }
  return {};
}

void IssueExtras(store::Connection& db, const BookingView& booking, std::vector<ticketing::Emd>& emds,
                 std::string_view channel, const std::string& paid, core::Instant now) {
  if (emds.empty()) return;
  const auto airline = reference::FindAirline(db, booking.airline);
  if (!airline)
    throw std::logic_error(fmt::format("booking {}: airline {} is gone", booking.locator, booking.airline));
  ticketing::IssueEmds(db, booking.id, booking.airline, airline->accounting_code, emds, now);
  const auto total = core::Money{ExtrasTotal(emds), emds.front().amount.currency};
  AddHistory(db, booking.id, now, channel, "EXTRAS",
             fmt::format("{} {} paid {}: {}", core::FormatAmount(total), total.currency, paid, Described(emds)));
}

}  // namespace steps

core::Result<std::vector<ExtraOffer>> BookingService::ExtrasOffered(const core::Actor& actor,
                                                                    const std::string& locator,
                                                                    const BookingProof& proof) {
  auto booking = Retrieve(actor, locator, proof);
  if (!booking) return std::unexpected(booking.error());
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<ExtraOffer> offers;
  for (const auto& [code, price] : PricesIn(*lease, booking->airline, booking->total.currency))
    if (const auto* item = FindExtra(code)) offers.push_back({*item, price});
  return offers;
}

core::Result<std::vector<ExtraOffer>> BookingService::ExtrasSold(const core::Actor& actor, const std::string& airline,
                                                                 const std::string& currency) {
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  if (!reference::FindAirline(*lease, airline))
    return Fail(ErrorKind::kNotFound, "AIRLINE_NOT_FOUND", fmt::format("no airline {}", airline.substr(0, 3)),
                "companycode");
  std::vector<ExtraOffer> offers;
  const auto own = reference::ExtraPrices(*lease, airline);
  const auto priced = currency.empty() ? own : PricesIn(*lease, airline, currency);
  for (const auto& [code, price] : priced)
    if (const auto* item = FindExtra(code)) offers.push_back({*item, price});
  if (offers.empty() && !own.empty())
    return Fail(ErrorKind::kInvalid, "INVALID_CURRENCY",
                fmt::format("{}'s extras are not priced in {}", airline, currency.substr(0, 3)), "currency");
  return offers;
}

core::Result<BookingView> BookingService::BuyExtras(const core::Actor& actor, const std::string& locator,
                                                    const BookingProof& proof, const ExtrasRequest& request) {
  if (request.extras.empty() || request.extras.size() > 32)
    return Fail(ErrorKind::kInvalid, "INVALID_EXTRAS", "buy 1 to 32 extras at a time", "extras");
  return Changing(actor, locator, proof,
                  [&](store::Connection& db, BookingView& booking, core::Instant now) -> core::Result<void> {
    if (booking.status == BookingStatus::kHeld) return AddToHold(db, actor, booking, request, now);
    return PayExtras(db, actor, booking, request, now);
  });
}

core::Result<void> BookingService::PayExtras(store::Connection& db, const core::Actor& actor,
                                             const BookingView& booking, const ExtrasRequest& request,
                                             core::Instant now) {
  if (booking.status != BookingStatus::kConfirmed || booking.tickets.empty())
    return Fail(ErrorKind::kConflict, "EXTRAS_NOT_POSSIBLE",
                fmt::format("booking {} is {}: extras are added to a held booking or bought for a paid, ticketed one",
                            booking.locator, ToString(booking.status)));
  if (!request.with_payment)
    return Fail(ErrorKind::kBadRequest, "MISSING_FIELD",
                fmt::format("payment is required: booking {} is paid, so its extras are paid now", booking.locator),
                "payment");
  if (auto refused = PaymentRefusal(actor, request.method, request.card, core::LocalDate{date::floor<date::days>(now)}))
    return std::unexpected(*refused);
  const bool on_account = request.method == PaymentMethod::kOnAccount;
  if (on_account && booking.agency_id != actor.agency_id)
    return Fail(ErrorKind::kForbidden, "PAYMENT_METHOD_NOT_ALLOWED",
                "this booking was not made by your agency; its extras cannot go on your account", "payment.method");
  auto emds = PriceExtras(db, booking, booking.passengers, request.extras, now);
  if (!emds) return std::unexpected(emds.error());
  if (auto ok = PlacePaidSeats(db, actor, booking, *emds, now); !ok) return ok;
  const auto total = core::Money{ExtrasTotal(*emds), booking.total.currency};
  const auto reference = fmt::format("{}-X{}", booking.locator, booking.history.size() + 1);
  const auto taken = on_account ? Taken{true, "ACCOUNT-" + reference, "", ""}
                                : TakePayment(gateway_, request.method, request.card, total, reference);
  if (!taken.approved)  // nothing is kept: the transaction rolls back with the seats
    return Fail(ErrorKind::kPaymentDeclined, "PAYMENT_DECLINED",
                fmt::format("payment declined: {}; nothing was bought", taken.decline_reason), "payment");
  db.Prepare(sql::kInsertPayment)
      .Bind(1, booking.id)
      .Bind(2, ToString(request.method))
      .Bind(3, total.minor)
      .Bind(4, total.currency)
      .Bind(5, "APPROVED")
      .Bind(6, taken.reference)
      .Bind(7, Epoch(now))
      .Exec();
  IssueExtras(db, booking, *emds, actor.Label(),
              on_account ? "on the agency's account" : taken.masked.empty() ? "in cash" : "by card " + taken.masked,
              now);
  if (on_account) return ChargeExtrasToAccount(db, actor, booking, total, taken.reference, now);
  return {};
}

}  // namespace jetway::booking
