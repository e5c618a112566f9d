// The booking service's ticket steps (booking_steps.hpp): a paid booking's tickets issued, checked, exchanged,
// refunded and voided inside the booking's own transactions. The serial row they take is locked after the flights
// and before an agency's account, as every booking transaction takes its locks.
#include <fmt/core.h>

#include <algorithm>
#include <span>

#include "booking/booking_steps.hpp"

namespace jetway::booking::steps {

namespace {

std::string Numbers(const std::vector<ticketing::Ticket>& tickets) {
  std::string out;
  for (const auto& t : tickets) out += (out.empty() ? "" : ", ") + t.number;
  return out;
}

const pricing::PaxTypePrice* LineOf(const BookingView& booking, core::PaxType type) {
  for (const auto& line : booking.price_lines)
    if (line.pax_type == type) return &line;
  return nullptr;
}

bool Live(ticketing::CouponStatus s) {
  using S = ticketing::CouponStatus;
  return s != S::kExchanged && s != S::kRefunded && s != S::kVoid;
}

}  // namespace

std::vector<ticketing::FlightToTicket> FlightsOf(const BookingView& booking) {
  std::vector<ticketing::FlightToTicket> flights;
  for (const auto& s : booking.segments) flights.push_back({s.seq, s.flight.flight_id, s.booking_class});
  return flights;
}

void IssueTickets(store::Connection& db, core::Random& random, BookingView& booking,
                  const std::vector<ticketing::FlightToTicket>& flights, std::string_view channel, core::Instant now,
                  const std::optional<reference::Airline>& known) {
  const auto airline =
      known && known->designator == booking.airline ? known : reference::FindAirline(db, booking.airline);
  if (!airline) throw std::logic_error(fmt::format("booking {}: airline {} is gone", booking.locator, booking.airline));
  std::vector<ticketing::PassengerToTicket> passengers;
  const core::Money zero{0, booking.total.currency};
  for (std::size_t i = 0; i < booking.passengers.size(); ++i) {
    const auto* line = LineOf(booking, booking.passengers[i].pax_type);
    passengers.push_back({static_cast<int>(i + 1), line ? line->fare_each : zero, line ? line->taxes_each : zero});
  }
  auto tickets = ticketing::Issue(db, booking.id, booking.airline, airline->accounting_code, passengers, flights, now);
  booking.history.push_back(
      {now, std::string(channel), "TICKETED", fmt::format("{} e-ticket(s): {}", tickets.size(), Numbers(tickets))});
  booking.tickets.insert(booking.tickets.end(), tickets.begin(), tickets.end());
  QueuePartnerEvent(db, random, booking, partners::BookingEventType::kTicketed, BookingStatus::kConfirmed, now, "");
}

core::Result<void> TicketsUnused(const BookingView& booking, std::optional<int> segment_seq) {
  for (const auto& t : booking.tickets)
    for (const auto& c : t.coupons)
      if ((!segment_seq || c.segment_seq == *segment_seq) && Live(c.status) &&
          c.status != ticketing::CouponStatus::kOpen)
        return core::Fail(core::ErrorKind::kConflict, "TICKET_IN_USE",
                          fmt::format("ticket {} coupon {} is {}: a checked-in or flown flight does not change "
                                      "(offload the passenger first)",
                                      t.number, c.number, ticketing::Name(c.status)),
                          "segment");
  return {};
}

void CloseTickets(store::Connection& db, const BookingView& booking, std::string_view channel, core::Instant now) {
  // The extras' EMDs go with the booking: void on their day of issue, refunded after.
  for (const auto& e : booking.emds)
    if (e.status == ticketing::CouponStatus::kOpen) {
      const bool today = date::floor<date::days>(e.issued_at) == date::floor<date::days>(now);
      ticketing::CloseEmds(db, booking.id, e.segment_seq,
                           today ? ticketing::CouponStatus::kVoid : ticketing::CouponStatus::kRefunded, now);
    }
  if (!booking.emds.empty()) AddHistory(db, booking.id, now, channel, "EMDS_CLOSED", "the extras' EMDs closed");
  if (booking.tickets.empty()) return;
  // Voided on the day they were issued (UTC), refunded after.
  const bool same_day = date::floor<date::days>(booking.tickets.front().issued_at) == date::floor<date::days>(now);
  const auto to = same_day ? ticketing::CouponStatus::kVoid : ticketing::CouponStatus::kRefunded;
  const int moved = ticketing::MoveCoupons(db, booking.id, std::nullopt, ticketing::CouponStatus::kOpen, to, now);
  if (moved > 0)
    AddHistory(db, booking.id, now, channel, same_day ? "TICKETS_VOIDED" : "TICKETS_REFUNDED",
               fmt::format("{} coupon(s) {} on {}", moved, ticketing::Name(to), Numbers(booking.tickets)));
}

void ExchangeTickets(store::Connection& db, core::Random& random, const BookingView& booking,
                     const std::vector<ticketing::FlightToTicket>& flights, std::string_view channel,
                     core::Instant now) {
  if (booking.tickets.empty()) return;
  ticketing::MoveCoupons(db, booking.id, std::nullopt, ticketing::CouponStatus::kOpen,
                         ticketing::CouponStatus::kExchanged, now);
  BookingView reissued = booking;
  const auto history_before = reissued.history.size();
  reissued.history.push_back(
      {now, std::string(channel), "TICKETS_EXCHANGED", fmt::format("exchanged: {}", Numbers(booking.tickets))});
  IssueTickets(db, random, reissued, flights, channel, now);
  AddHistory(db, booking.id, std::span(reissued.history).subspan(history_before));  // exchanged, then the new tickets
}

void RefundCoupons(store::Connection& db, const BookingView& booking, int segment_seq, std::string_view channel,
                   core::Instant now) {
  if (ticketing::CloseEmds(db, booking.id, segment_seq, ticketing::CouponStatus::kRefunded, now) > 0)
    AddHistory(db, booking.id, now, channel, "EMDS_REFUNDED", fmt::format("the extras of flight {} refunded", segment_seq));
  const int moved = ticketing::MoveCoupons(db, booking.id, segment_seq, ticketing::CouponStatus::kOpen,
                                           ticketing::CouponStatus::kRefunded, now);
  if (moved > 0)
    AddHistory(db, booking.id, now, channel, "COUPONS_REFUNDED",
               fmt::format("{} coupon(s) of flight {} refunded", moved, segment_seq));
}

}  // namespace jetway::booking::steps
