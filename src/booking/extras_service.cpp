// BookingService::ExtrasOffered and BuyExtras: priced extras for a paid booking, sold in one transaction (the
// booking, then the flights of any paid seat, then the airline's serial row, as the service's lock order has it),
// paid in one payment and issued as EMD-A documents.
#include <fmt/core.h>

#include <algorithm>

#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
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

std::vector<Extra> OpenExtras(const BookingView& b) {
  std::vector<Extra> had;
  for (const auto& e : b.emds)
    if (e.status == ticketing::CouponStatus::kOpen) had.push_back({e.passenger, e.segment_seq, e.code, e.seat});
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

}  // namespace

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

core::Result<BookingView> BookingService::BuyExtras(const core::Actor& actor, const std::string& locator,
                                                    const BookingProof& proof, const ExtrasRequest& request) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (request.extras.empty() || request.extras.size() > 32)
    return Fail(ErrorKind::kInvalid, "INVALID_EXTRAS", "buy 1 to 32 extras at a time", "extras");
  if (request.method == PaymentMethod::kOnAccount)
    return Fail(ErrorKind::kInvalid, "PAYMENT_METHOD_NOT_ALLOWED", "extras are paid by card, or in cash at an office",
                "payment.method");
  const auto now = clock_.Now();
  if (auto refused = PaymentRefusal(actor, request.method, request.card, core::LocalDate{date::floor<date::days>(now)}))
    return std::unexpected(*refused);
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  return store::RetryConflicts([&]() -> core::Result<BookingView> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockChangeable(db, tx, actor, locator, proof, now);
    if (!booking) return std::unexpected(booking.error());
    if (booking->status != BookingStatus::kConfirmed || booking->tickets.empty())
      return Fail(ErrorKind::kConflict, "EXTRAS_NOT_POSSIBLE",
                  fmt::format("booking {} is {}: extras are bought for a paid, ticketed booking", locator,
                              ToString(booking->status)));
    auto had = OpenExtras(*booking);
    std::vector<std::int64_t> seat_flights;
    for (const auto& e : request.extras) {
      if (e.passenger < 1 || e.passenger > static_cast<int>(booking->passengers.size()))
        return Fail(ErrorKind::kInvalid, "INVALID_PASSENGER",
                    fmt::format("passenger {} is not a passenger of this booking", e.passenger), "extras");
      auto flight = FlightToFly(*booking, e.segment, now);
      if (!flight) return std::unexpected(flight.error());
      const auto type = booking->passengers[static_cast<std::size_t>(e.passenger - 1)].pax_type;
      if (auto ok = CheckExtra(e, type, had); !ok) return std::unexpected(ok.error());
      had.push_back(e);
      if (e.code == "SEAT") seat_flights.push_back((*flight)->flight.flight_id);
    }
    const auto prices = PricesIn(db, booking->airline, booking->total.currency);
    auto total = PriceOf(request.extras, prices);
    if (!total) return std::unexpected(total.error());
    // Paid seats: each must be one (a free seat is chosen without paying), taken as ChooseSeats takes seats.
    std::sort(seat_flights.begin(), seat_flights.end());
    seat_flights.erase(std::unique(seat_flights.begin(), seat_flights.end()), seat_flights.end());
    if (!seat_flights.empty()) inventory::LockFlights(db, seat_flights);
    for (const auto& e : request.extras) {
      if (e.code != "SEAT") continue;
      const auto& segment = **FlightToFly(*booking, e.segment, now);
      const auto map = SeatMapOfFlight(db, segment.flight.flight_id);
      const auto* seat = map.Find(seating::NormaliseSeat(e.seat).value_or(""));
      if (seat && !seat->paid)
        return Fail(ErrorKind::kInvalid, "SEAT_IS_FREE",
                    fmt::format("seat {} is not a paid seat: choose it without paying", seat->Name()), "extras");
      if (auto ok = PlaceSeats(db, actor, *booking, segment, {{e.passenger, e.seat}}, now, true); !ok)
        return std::unexpected(ok.error());
    }
    const auto reference = fmt::format("{}-X{}", locator, booking->history.size() + 1);
    const auto taken = TakePayment(gateway_, request.method, request.card, *total, reference);
    if (!taken.approved)  // nothing is kept: the transaction rolls back with the seats
      return Fail(ErrorKind::kPaymentDeclined, "PAYMENT_DECLINED",
                  fmt::format("payment declined: {}; nothing was bought", taken.decline_reason), "payment");
    db.Prepare(sql::kInsertPayment)
        .Bind(1, booking->id)
        .Bind(2, ToString(request.method))
        .Bind(3, total->minor)
        .Bind(4, total->currency)
        .Bind(5, "APPROVED")
        .Bind(6, taken.reference)
        .Bind(7, Epoch(now))
        .Exec();
    std::vector<ticketing::Emd> emds;
    for (const auto& e : request.extras) {
      const auto* kind = FindExtra(e.code);
      const auto price = std::find_if(prices.begin(), prices.end(), [&](const auto& p) { return p.first == e.code; });
      ticketing::Emd emd;
      emd.passenger = e.passenger;
      emd.segment_seq = e.segment;
      emd.flight_id = (*FlightToFly(*booking, e.segment, now))->flight.flight_id;
      emd.code = e.code;
      emd.rfic = kind->rfic;
      emd.rfisc = kind->rfisc;
      emd.seat = e.code == "SEAT" ? seating::NormaliseSeat(e.seat).value_or(e.seat) : "";
      emd.amount = price->second;
      emds.push_back(std::move(emd));
    }
    const auto airline = reference::FindAirline(db, booking->airline);
    if (!airline) throw std::logic_error(fmt::format("booking {}: airline {} is gone", locator, booking->airline));
    ticketing::IssueEmds(db, booking->id, booking->airline, airline->accounting_code, emds, now);
    std::string detail;
    for (const auto& e : emds)
      detail += fmt::format("{}{} {} passenger {} flight {}{}", detail.empty() ? "" : "; ", ticketing::DisplayNumber(e.number),
                            e.code, e.passenger, e.segment_seq, e.seat.empty() ? "" : " seat " + e.seat);
    AddHistory(db, booking->id, now, actor.Label(), "EXTRAS",
               fmt::format("{} {} paid {}: {}", core::FormatAmount(*total), total->currency,
                           taken.masked.empty() ? "in cash" : "by card " + taken.masked, detail));
    auto view = LoadByLocator(db, airports_, locator);
    tx.Commit();
    return std::move(*view);
  });
}

}  // namespace jetway::booking
