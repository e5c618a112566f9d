// A booking's electronic tickets in the data database, inside the caller's (the booking service's) transaction:
// issued when the booking is paid, read with it, and their coupons moved as the booking changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/time.hpp"
#include "store/store.hpp"
#include "ticketing/ticket.hpp"

namespace jetway::ticketing {

struct Coupon {
  int number = 0;       // 1..4 on its document
  int segment_seq = 0;  // the booking's flight it is for
  std::int64_t flight_id = 0;
  std::string booking_class;
  CouponStatus status = CouponStatus::kOpen;
};

struct Ticket {
  std::string number;          // 13 digits
  int passenger = 0;           // the booking's passenger (1-based, as listed)
  std::string conjunction_of;  // the first document's number, for a journey's further documents; "" for the first
  core::Money fare;            // the passenger's fare and taxes, on the first document (zero on the others)
  core::Money taxes;
  core::Instant issued_at;
  std::vector<Coupon> coupons;
};

// A passenger's ticket as passengers and partners are shown it: the newest first document issued to them (after an
// exchange, the new one); nullptr before any.
const Ticket* CurrentTicket(const std::vector<Ticket>& tickets, int passenger);

struct PassengerToTicket {
  int passenger = 0;
  core::Money fare;
  core::Money taxes;
};
struct FlightToTicket {
  int segment_seq = 0;
  std::int64_t flight_id = 0;
  std::string booking_class;
};

// `count` consecutive serials of the airline (conjunction tickets take consecutive numbers), in the caller's
// transaction; the first is returned. They come from one of the airline's blocks of serials (cut from its counter,
// kept in the database); a transaction that rolls back gives its serials back to their block, and no serial is
// ever handed out twice. Concurrent transactions take from different blocks (on PostgreSQL without waiting for one
// another), so numbers are not issued in order across them.
std::int64_t TakeSerials(store::Connection& db, const std::string& airline, int count);
// A block's serials (a range longer than that is cut whole): how far apart concurrent transactions' numbers lie.
inline constexpr std::int64_t kSerialBlock = 100;

// One ticket (and its conjunction documents) per passenger over `flights` in order, with serials of `airline` taken
// as one range (TakeSerials).
std::vector<Ticket> Issue(store::Connection& db, std::int64_t booking_id, const std::string& airline,
                          const std::string& accounting_code, const std::vector<PassengerToTicket>& passengers,
                          const std::vector<FlightToTicket>& flights, core::Instant now);

// The booking's tickets, oldest first, each with its coupons.
std::vector<Ticket> LoadTickets(store::Connection& db, std::int64_t booking_id);

// Moves the booking's coupons in status `from` (of segment `segment_seq`, or of every segment) to `to`, each by
// CheckCouponMove; returns how many moved.
int MoveCoupons(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq, CouponStatus from,
                CouponStatus to, core::Instant now);
// One passenger's coupon for flight `segment_seq` moved (boarding, offloading, a no-show): false when it was not
// `from`. The move must be one CheckCouponMove allows (std::logic_error otherwise).
bool MovePassengerCoupon(store::Connection& db, std::int64_t booking_id, int passenger, int segment_seq,
                         CouponStatus from, CouponStatus to, core::Instant now);

// An EMD-A (electronic miscellaneous document associated with a flight coupon): one extra bought for one passenger
// on one flight, numbered from the airline's ticket serials (so an EMD and a ticket never share a number), with its
// reason for issuance (RFIC, RFISC) and one coupon whose status follows the flight's: O open, V void, R refunded.
struct Emd {
  std::string number;
  int passenger = 0;
  int segment_seq = 0;
  std::int64_t flight_id = 0;
  std::string code;  // BAG, MEAL, SEAT (booking/extras.hpp)
  char rfic = 'C';
  std::string rfisc;
  std::string seat;  // a paid seat's
  core::Money amount;
  CouponStatus status = CouponStatus::kOpen;
  core::Instant issued_at;
};

// Issues `emds` (their numbers are filled in) in the caller's transaction, serials taken as one range.
void IssueEmds(store::Connection& db, std::int64_t booking_id, const std::string& airline,
               const std::string& accounting_code, std::vector<Emd>& emds, core::Instant now);
std::vector<Emd> LoadEmds(store::Connection& db, std::int64_t booking_id);
// A booking's open EMDs (of one flight, or every flight) moved to `to` (void or refunded); how many.
int CloseEmds(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq, CouponStatus to,
              core::Instant now);
// A changed flight's open EMDs follow the passenger to `flight_id`, except paid seats (a seat belongs to the aircraft
// left), which are refunded. How many moved and how many were refunded.
struct EmdsMoved {
  int moved = 0;
  int refunded = 0;
};
EmdsMoved MoveEmds(store::Connection& db, std::int64_t booking_id, int segment_seq, std::int64_t flight_id,
                   core::Instant now);

}  // namespace jetway::ticketing
