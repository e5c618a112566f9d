#include "ticketing/ticket_store.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "ticketing/ticket_sql.hpp"

namespace jetway::ticketing {

namespace {

std::int64_t Epoch(core::Instant t) { return core::ToEpoch(t); }

// Serials are cut from the airline's counter (ticket_serials) a block at a time and handed out from the blocks
// (ticket_serial_blocks): every ticketing transaction that took from the counter itself held its row until it
// committed, so an airline's confirmations queued there one commit after another (on PostgreSQL 1.6 ms a take
// under the booking benchmark, nearly all of it waiting). A block's serials go back with a transaction that rolls
// back, as the counter's did.
const std::string& TakeFromBlockSql(store::Engine engine) {
  static const std::string postgres =
      fmt::format(fmt::runtime(sql::kTakeFromBlock), fmt::arg("lock", " FOR NO KEY UPDATE SKIP LOCKED"));
  static const std::string sqlite = fmt::format(fmt::runtime(sql::kTakeFromBlock), fmt::arg("lock", ""));
  return engine == store::Engine::kPostgres ? postgres : sqlite;
}

// A new block for the airline, of which the first `count` serials are taken; the first is returned.
std::int64_t CutBlock(store::Connection& db, const std::string& airline, std::int64_t count) {
  const auto size = std::max(kSerialBlock, count);
  auto cut = db.Prepare(sql::kCutBlock);
  cut.Bind(1, airline).Bind(2, kFirstSerial + size).Bind(3, size);
  if (!cut.Step()) throw std::logic_error(fmt::format("no ticket serials for {}", airline));
  const auto end = cut.Int(0);
  if (end - 1 > kMaxSerial) throw std::runtime_error(fmt::format("{}'s ticket serials are used up", airline));
  const auto first = end - size;
  db.Prepare(sql::kAddBlock).Bind(1, airline).Bind(2, first + count).Bind(3, end).Defer();
  return first;
}

}  // namespace

std::int64_t TakeSerials(store::Connection& db, const std::string& airline, int count) {
  auto take = db.Prepare(TakeFromBlockSql(db.engine()));
  take.Bind(1, airline).Bind(2, static_cast<std::int64_t>(count));
  if (take.Step()) return take.Int(0) - count;
  return CutBlock(db, airline, count);
}

const Ticket* CurrentTicket(const std::vector<Ticket>& tickets, int passenger) {
  const Ticket* current = nullptr;
  for (const auto& t : tickets)
    if (t.passenger == passenger && t.conjunction_of.empty()) current = &t;
  return current;
}

std::vector<Ticket> Issue(store::Connection& db, std::int64_t booking_id, const std::string& airline,
                          const std::string& accounting_code, const std::vector<PassengerToTicket>& passengers,
                          const std::vector<FlightToTicket>& flights, core::Instant now) {
  const auto documents = Documents(static_cast<int>(flights.size()));
  std::vector<Ticket> issued;
  if (passengers.empty() || documents.empty()) return issued;
  auto serial = TakeSerials(db, airline, static_cast<int>(passengers.size() * documents.size()));
  for (const auto& p : passengers) {
    std::string first;
    for (const auto& d : documents) {
      Ticket t{TicketNumber(accounting_code, serial++), p.passenger, first, p.fare, p.taxes, now, {}};
      if (!first.empty()) t.fare.minor = t.taxes.minor = 0;  // the price is the first document's
      auto insert = db.Prepare(sql::kInsertTicket);
      insert.Bind(1, t.number)
          .Bind(2, booking_id)
          .Bind(3, p.passenger)
          .Bind(4, airline)
          .Bind(5, first.empty() ? std::optional<std::string>() : std::optional<std::string>(first))
          .Bind(6, t.fare.minor)
          .Bind(7, t.taxes.minor)
          .Bind(8, t.fare.currency)
          .Bind(9, Epoch(now));
      insert.Defer();
      for (int c = 0; c < d.coupons; ++c) {
        const auto& f = flights[static_cast<std::size_t>(d.first_segment + c)];
        db.Prepare(sql::kInsertCoupon)
            .Bind(1, t.number)
            .Bind(2, c + 1)
            .Bind(3, booking_id)
            .Bind(4, f.segment_seq)
            .Bind(5, f.flight_id)
            .Bind(6, f.booking_class)
            .Bind(7, Epoch(now))
            .Defer();
        t.coupons.push_back({c + 1, f.segment_seq, f.flight_id, f.booking_class, CouponStatus::kOpen});
      }
      if (first.empty()) first = t.number;
      issued.push_back(std::move(t));
    }
  }
  return issued;
}

std::vector<Ticket> LoadTickets(store::Connection& db, std::int64_t booking_id) {
  std::vector<Ticket> tickets;
  std::map<std::int64_t, std::size_t> by_id;
  {
    auto stmt = db.Prepare(sql::kTickets);
    stmt.Bind(1, booking_id);
    while (stmt.Step()) {
      by_id[stmt.Int(0)] = tickets.size();
      const auto currency = stmt.Text(6);
      tickets.push_back({stmt.Text(1), static_cast<int>(stmt.Int(2)), stmt.OptText(3).value_or(""),
                         {stmt.Int(4), currency}, {stmt.Int(5), currency}, core::FromEpoch(stmt.Int(7)), {}});
    }
  }
  if (tickets.empty()) return tickets;
  auto stmt = db.Prepare(sql::kCoupons);
  stmt.Bind(1, booking_id);
  while (stmt.Step()) {
    auto it = by_id.find(stmt.Int(0));
    if (it == by_id.end()) continue;
    tickets[it->second].coupons.push_back({static_cast<int>(stmt.Int(1)), static_cast<int>(stmt.Int(2)),
                                           stmt.Int(3), stmt.Text(4),
                                           ParseCouponStatus(stmt.Text(5)).value_or(CouponStatus::kOpen)});
  }
  return tickets;
}

int MoveCoupons(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq, CouponStatus from,
                CouponStatus to, core::Instant now) {
  if (auto ok = CheckCouponMove(from, to); !ok) throw std::logic_error(ok.error().message);
  const std::int64_t seq = segment_seq.value_or(0);
  auto count = db.Prepare(sql::kCountCoupons);
  count.Bind(1, booking_id).Bind(2, std::string(1, Code(from))).Bind(3, seq).Bind(4, seq);
  count.Step();
  const auto moving = static_cast<int>(count.Int(0));
  if (moving > 0)
    db.Prepare(sql::kMoveCoupons)
        .Bind(1, std::string(1, Code(to)))
        .Bind(2, Epoch(now))
        .Bind(3, booking_id)
        .Bind(4, std::string(1, Code(from)))
        .Bind(5, seq)
        .Bind(6, seq)
        .Exec();
  return moving;
}

void IssueEmds(store::Connection& db, std::int64_t booking_id, const std::string& airline,
               const std::string& accounting_code, std::vector<Emd>& emds, core::Instant now) {
  if (emds.empty()) return;
  auto serial = TakeSerials(db, airline, static_cast<int>(emds.size()));
  for (auto& e : emds) {
    e.number = TicketNumber(accounting_code, serial++);
    e.status = CouponStatus::kOpen;
    e.issued_at = now;
    db.Prepare(sql::kInsertEmd)
        .Bind(1, e.number)
        .Bind(2, booking_id)
        .Bind(3, e.passenger)
        .Bind(4, e.segment_seq)
        .Bind(5, e.flight_id)
        .Bind(6, e.code)
        .Bind(7, std::string(1, e.rfic))
        .Bind(8, e.rfisc)
        .Bind(9, e.seat)
        .Bind(10, e.amount.minor)
        .Bind(11, e.amount.currency)
        .Bind(12, Epoch(now))
        .Bind(13, Epoch(now))
        .Exec();
  }
}

std::vector<Emd> LoadEmds(store::Connection& db, std::int64_t booking_id) {
  std::vector<Emd> emds;
  auto stmt = db.Prepare(sql::kEmds);
  stmt.Bind(1, booking_id);
  while (stmt.Step()) {
    Emd e;
    e.number = stmt.Text(0);
    e.passenger = static_cast<int>(stmt.Int(1));
    e.segment_seq = static_cast<int>(stmt.Int(2));
    e.flight_id = stmt.Int(3);
    e.code = stmt.Text(4);
    e.rfic = stmt.Text(5).empty() ? 'C' : stmt.Text(5)[0];
    e.rfisc = stmt.Text(6);
    e.seat = stmt.Text(7);
    e.amount = {stmt.Int(8), stmt.Text(9)};
    e.status = ParseCouponStatus(stmt.Text(10)).value_or(CouponStatus::kOpen);
    e.issued_at = core::FromEpoch(stmt.Int(11));
    emds.push_back(std::move(e));
  }
  return emds;
}

int CloseEmds(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq, CouponStatus to,
              core::Instant now) {
  if (auto ok = CheckCouponMove(CouponStatus::kOpen, to); !ok) throw std::logic_error(ok.error().message);
  const std::int64_t seq = segment_seq.value_or(0);
  auto count = db.Prepare(sql::kCountOpenEmds);
  count.Bind(1, booking_id).Bind(2, seq).Bind(3, seq);
  count.Step();
  const auto closing = static_cast<int>(count.Int(0));
  if (closing > 0)
    db.Prepare(sql::kCloseEmds)
        .Bind(1, std::string(1, Code(to)))
        .Bind(2, Epoch(now))
        .Bind(3, booking_id)
        .Bind(4, seq)
        .Bind(5, seq)
        .Exec();
  return closing;
}

bool MovePassengerCoupon(store::Connection& db, std::int64_t booking_id, int passenger, int segment_seq,
                         CouponStatus from, CouponStatus to, core::Instant now) {
  if (auto ok = CheckCouponMove(from, to); !ok) throw std::logic_error(ok.error().message);
  auto count = db.Prepare(sql::kPassengerCoupons);
  count.Bind(1, booking_id).Bind(2, segment_seq).Bind(3, std::string(1, Code(from))).Bind(4, booking_id).Bind(5, passenger);
  count.Step();
  if (count.Int(0) == 0) return false;
  db.Prepare(sql::kMovePassengerCoupon)
      .Bind(1, std::string(1, Code(to)))
      .Bind(2, Epoch(now))
      .Bind(3, booking_id)
      .Bind(4, segment_seq)
      .Bind(5, std::string(1, Code(from)))
      .Bind(6, booking_id)
      .Bind(7, passenger)
      .Exec();
  return true;
}

EmdsMoved MoveEmds(store::Connection& db, std::int64_t booking_id, int segment_seq, std::int64_t flight_id,
                   core::Instant now) {
  auto count = db.Prepare(sql::kCountEmdsToMove);
  count.Bind(1, booking_id).Bind(2, segment_seq);
  count.Step();
  const EmdsMoved done{static_cast<int>(count.Int(0) - count.Int(1)), static_cast<int>(count.Int(1))};
  if (done.refunded > 0)
    db.Prepare(sql::kRefundSeatEmds).Bind(1, Epoch(now)).Bind(2, booking_id).Bind(3, segment_seq).Exec();
  if (done.moved > 0)
    db.Prepare(sql::kMoveEmds).Bind(1, flight_id).Bind(2, Epoch(now)).Bind(3, booking_id).Bind(4, segment_seq).Exec();
  return done;
}

}  // namespace jetway::ticketing
