#include "booking/boarding_card.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "booking/check_in.hpp"
#include "core/time.hpp"
#include "ticketing/ticket.hpp"
#include "web/format.hpp"

namespace jetway::booking {

namespace {

// The local clock of `at` at `airport`; UTC when the airport is unknown.
std::string ClockAt(const reference::AirportDirectory& airports, const std::string& airport, core::Instant at) {
  const auto* a = airports.Find(airport);
  return core::LocalClockOf(core::FormatLocal(at, a ? a->zone : nullptr));
}

std::string FullName(const Passenger& p) { return fmt::format("{} {} {}", p.title, p.first_name, p.last_name); }

}  // namespace

std::vector<BoardingCard> BoardingCardsOf(const BookingView& booking, const std::vector<BoardingPass>& passes,
                                          const reference::AirportDirectory& airports, const web::Locales& locales,
                                          const web::Language& lang) {
  std::vector<BoardingCard> cards;
  for (const auto& pass : passes) {
    const auto s = std::find_if(booking.segments.begin(), booking.segments.end(),
                                [&](const BookedSegment& x) { return x.seq == pass.segment; });
    if (s == booking.segments.end() || pass.passenger < 1 ||
        pass.passenger > static_cast<int>(booking.passengers.size()))
      continue;
    const auto& p = booking.passengers[static_cast<std::size_t>(pass.passenger - 1)];
    const auto& f = s->flight;
    BoardingCard c;
    c.passenger = pass.passenger;
    c.segment = pass.segment;
    c.name = FullName(p);
    for (const auto& q : booking.passengers)
      if (q.pax_type == core::PaxType::kInfant && q.infant_of == pass.passenger)
        c.infant = fmt::format("+ {}", FullName(q));
    c.flight_number = f.flight_number;
    c.date = web::FormatLocalDay(locales, lang, f.departure_local);
    c.departs = core::LocalClockOf(f.departure_local);
    c.boarding = ClockAt(airports, f.origin, f.departure_utc - kBoardingStartsBefore);
    c.gate_closes = ClockAt(airports, f.origin, f.departure_utc - kGateClosesBefore);
    c.origin = f.origin;
    c.origin_city = airports.CityOf(f.origin);
    c.destination = f.destination;
    c.destination_city = airports.CityOf(f.destination);
    const auto* seat = booking.SeatOf(pass.passenger, pass.segment);
    c.seat = p.pax_type == core::PaxType::kInfant ? "INF" : seat ? seat->seat : "";
    c.sequence = fmt::format("{:03d}", pass.sequence);
    c.cabin = s->cabin;
    c.locator = booking.locator;
    if (const auto* ticket = ticketing::CurrentTicket(booking.tickets, pass.passenger))
      c.eticket = ticketing::DisplayNumber(ticket->number);
    c.bcbp = pass.bcbp;
    cards.push_back(std::move(c));
  }
  return cards;
}

}  // namespace jetway::booking
