// SQL owned by the report service.
#pragma once

namespace jetway::reports::sql {

// Each approved payment in [?1, ?2) with every segment of its booking, in segment order, and how many segments the
// booking has (the payment is shared over them). ?3: a channel, or '' for every channel.
inline constexpr const char* kSaleSegments =
    "SELECT p.id, p.created_at, p.amount, p.currency, b.id, b.channel, f.origin, f.destination, "
    "COALESCE(s.brand, ''), (SELECT COUNT(*) FROM booking_segments t WHERE t.booking_id = b.id) "
    "FROM payments p JOIN bookings b ON b.id = p.booking_id "
    "JOIN booking_segments s ON s.booking_id = b.id JOIN flights f ON f.id = s.flight_id "
    "WHERE p.status = 'APPROVED' AND p.created_at >= ?1 AND p.created_at < ?2 AND (?3 = '' OR b.channel = ?3) "
    "ORDER BY p.id, s.seq";

// Confirmations, cancellations and expiries in [?1, ?2), of bookings sold on channel ?3 (or any) with a segment
// from ?4 to ?5 (either '' for any).
inline constexpr const char* kBookingEvents =
    "SELECT h.at, h.action FROM booking_history h JOIN bookings b ON b.id = h.booking_id "
    "WHERE h.action IN ('CONFIRM', 'CANCEL', 'EXPIRE') AND h.at >= ?1 AND h.at < ?2 "
    "AND (?3 = '' OR b.channel = ?3) "
    "AND ((?4 = '' AND ?5 = '') OR EXISTS (SELECT 1 FROM booking_segments s JOIN flights f ON f.id = s.flight_id "
    "WHERE s.booking_id = b.id AND (?4 = '' OR f.origin = ?4) AND (?5 = '' OR f.destination = ?5)))";

}  // namespace jetway::reports::sql
