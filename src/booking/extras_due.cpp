// A held booking's extras: added before paying (API v1, the partner API), priced then, charged with the fare when
// the booking is confirmed and only then issued as EMDs; dropped with the hold. And extras following a changed flight.
#include <fmt/core.h>

#include <algorithm>

#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"

namespace jetway::booking {

core::Money AmountDue(const BookingView& booking) {
  core::Money due = booking.total;
  if (booking.status != BookingStatus::kHeld) return due;
  for (const auto& e : booking.extras_due) due.minor += e.price.minor;
  return due;
}

namespace steps {

std::vector<ExtraDue> LoadExtrasDue(store::Connection& db, std::int64_t booking_id) {
  std::vector<ExtraDue> due;
  auto stmt = db.Prepare(sql::kExtrasDue);
  stmt.Bind(1, booking_id);
  while (stmt.Step())
    due.push_back({{static_cast<int>(stmt.Int(0)), static_cast<int>(stmt.Int(1)), stmt.Text(2), stmt.Text(3)},
                   {stmt.Int(4), stmt.Text(5)}});
  return due;
}

void KeepExtrasDue(store::Connection& db, std::int64_t booking_id, const std::vector<ticketing::Emd>& emds,
                   core::Instant now) {
  for (const auto& e : emds)
    db.Prepare(sql::kInsertExtraDue)
        .Bind(1, booking_id)
        .Bind(2, e.passenger)
        .Bind(3, e.segment_seq)
        .Bind(4, e.code)
        .Bind(5, e.seat)
        .Bind(6, e.amount.minor)
        .Bind(7, e.amount.currency)
        .Bind(8, Epoch(now))
        .Exec();
}

std::vector<ticketing::Emd> EmdsOfExtrasDue(const BookingView& booking) {
  std::vector<ticketing::Emd> emds;
  for (const auto& d : booking.extras_due) {
    const auto* kind = FindExtra(d.extra.code);
    const auto segment = std::find_if(booking.segments.begin(), booking.segments.end(),
                                      [&](const BookedSegment& s) { return s.seq == d.extra.segment; });
    if (!kind || segment == booking.segments.end())
      throw std::logic_error(fmt::format("booking {}: extra due {} on flight {} is not sold", booking.locator,
                                         d.extra.code, d.extra.segment));
    ticketing::Emd e;
    e.passenger = d.extra.passenger;
    e.segment_seq = d.extra.segment;
    e.flight_id = segment->flight.flight_id;
    e.code = d.extra.code;
    e.rfic = kind->rfic;
    e.rfisc = kind->rfisc;
    e.seat = d.extra.seat;
    e.amount = d.price;
    emds.push_back(std::move(e));
  }
  return emds;
}

void DropExtrasDue(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq) {
  const std::int64_t seq = segment_seq.value_or(0);
  db.Prepare(sql::kDeleteExtrasDue).Bind(1, booking_id).Bind(2, seq).Bind(3, seq).Exec();
}

void MoveExtras(store::Connection& db, const BookingView& booking, int segment_seq, std::int64_t flight_id,
                std::string_view channel, core::Instant now) {
  const auto moved = ticketing::MoveEmds(db, booking.id, segment_seq, flight_id, now);
  const bool seat_due = std::any_of(booking.extras_due.begin(), booking.extras_due.end(), [&](const ExtraDue& d) {
    return d.extra.segment == segment_seq && d.extra.code == "SEAT";
  });
  if (seat_due) db.Prepare(sql::kDeleteSeatsDue).Bind(1, booking.id).Bind(2, segment_seq).Exec();
  if (moved.moved == 0 && moved.refunded == 0 && !seat_due) return;
  AddHistory(db, booking.id, now, channel, "EXTRAS_MOVED",
             fmt::format("flight {}: {} EMD(s) moved to the new flight, {} paid seat(s) refunded{}", segment_seq,
                         moved.moved, moved.refunded, seat_due ? ", the paid seat to pay dropped" : ""));
}

}  // namespace steps
}  // namespace jetway::booking
