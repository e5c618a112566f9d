// SQL owned by the ticket store.
#pragma once

namespace jetway::ticketing::sql {

// Cuts a block of ?3 serials from the airline's counter in one statement (?2: the serial after it, were it the
// airline's first block): the row stays locked until the transaction ends. Answers the serial after the block.
inline constexpr const char* kCutBlock =
    "INSERT INTO ticket_serials (airline, next_serial) VALUES (?1, ?2) ON CONFLICT (airline) "
    "DO UPDATE SET next_serial = ticket_serials.next_serial + ?3 RETURNING next_serial";
inline constexpr const char* kAddBlock =
    "INSERT INTO ticket_serial_blocks (airline, next_serial, end_serial) VALUES (?, ?, ?)";
// Takes ?2 consecutive serials from one of the airline's blocks that has them, answering the serial after them.
// {lock}: on PostgreSQL a block another transaction holds is passed over (FOR NO KEY UPDATE SKIP LOCKED), so
// concurrent ticketing takes from different blocks instead of queueing on one row until each commits.
inline constexpr const char* kTakeFromBlock =
    "UPDATE ticket_serial_blocks SET next_serial = next_serial + ?2 WHERE id = (SELECT id FROM ticket_serial_blocks "
    "WHERE airline = ?1 AND next_serial < end_serial AND end_serial - next_serial >= ?2 ORDER BY id LIMIT 1{lock}) "
    "RETURNING next_serial";
inline constexpr const char* kInsertTicket =
    "INSERT INTO tickets (number, booking_id, passenger, airline, conjunction_of, fare_amount, taxes_amount, "
    "currency, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
// The coupon finds its ticket by number, so that the ticket's insert need not answer its id first: both wait in the
// pipeline with the commit while the airline's serial row is locked.
inline constexpr const char* kInsertCoupon =
    "INSERT INTO ticket_coupons (ticket_id, coupon, booking_id, segment_seq, flight_id, booking_class, status, "
    "updated_at) VALUES ((SELECT id FROM tickets WHERE number = ?), ?, ?, ?, ?, ?, 'O', ?)";
inline constexpr const char* kTickets =
    "SELECT id, number, passenger, conjunction_of, fare_amount, taxes_amount, currency, issued_at FROM tickets "
    "WHERE booking_id = ? ORDER BY id";
inline constexpr const char* kCoupons =
    "SELECT ticket_id, coupon, segment_seq, flight_id, booking_class, status FROM ticket_coupons "
    "WHERE booking_id = ? ORDER BY ticket_id, coupon";
inline constexpr const char* kMoveCoupons =
    "UPDATE ticket_coupons SET status = ?, updated_at = ? WHERE booking_id = ? AND status = ? "
    "AND (? = 0 OR segment_seq = ?)";  // 0: every segment (their seqs start at 1)
inline constexpr const char* kCountCoupons =
    "SELECT COUNT(*) FROM ticket_coupons WHERE booking_id = ? AND status = ? AND (? = 0 OR segment_seq = ?)";
inline constexpr const char* kPassengerCoupons =
    "SELECT COUNT(*) FROM ticket_coupons WHERE booking_id = ? AND segment_seq = ? AND status = ? "
    "AND ticket_id IN (SELECT id FROM tickets WHERE booking_id = ? AND passenger = ?)";
inline constexpr const char* kMovePassengerCoupon =
    "UPDATE ticket_coupons SET status = ?, updated_at = ? WHERE booking_id = ? AND segment_seq = ? AND status = ? "
    "AND ticket_id IN (SELECT id FROM tickets WHERE booking_id = ? AND passenger = ?)";
inline constexpr const char* kInsertEmd =
    "INSERT INTO emds (number, booking_id, passenger, segment_seq, flight_id, code, rfic, rfisc, seat, amount, "
    "currency, status, issued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'O', ?, ?)";
inline constexpr const char* kEmds =
    "SELECT number, passenger, segment_seq, flight_id, code, rfic, rfisc, seat, amount, currency, status, issued_at "
    "FROM emds WHERE booking_id = ? ORDER BY number";
inline constexpr const char* kCountOpenEmds =
    "SELECT COUNT(*) FROM emds WHERE booking_id = ? AND status = 'O' AND (? = 0 OR segment_seq = ?)";
inline constexpr const char* kCloseEmds =
    "UPDATE emds SET status = ?, updated_at = ? WHERE booking_id = ? AND status = 'O' AND (? = 0 OR segment_seq = ?)";
inline constexpr const char* kCountEmdsToMove =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN code = 'SEAT' THEN 1 ELSE 0 END), 0) FROM emds "
    "WHERE booking_id = ? AND segment_seq = ? AND status = 'O'";
inline constexpr const char* kMoveEmds =
    "UPDATE emds SET flight_id = ?, updated_at = ? WHERE booking_id = ? AND segment_seq = ? AND status = 'O' "
    "AND code <> 'SEAT'";
inline constexpr const char* kRefundSeatEmds =
    "UPDATE emds SET status = 'R', updated_at = ? WHERE booking_id = ? AND segment_seq = ? AND status = 'O' "
    "AND code = 'SEAT'";

}  // namespace jetway::ticketing::sql
