// SQL owned by the booking service.
#pragma once

namespace jetway::booking::sql {

inline constexpr const char* kFindIdempotency = "SELECT request_hash, response FROM idempotency_keys WHERE key = ?";
inline constexpr const char* kInsertIdempotency =
    "INSERT INTO idempotency_keys (key, request_hash, status, response, created_at, agency_id) "
    "VALUES (?, ?, ?, ?, ?, ?)";
// Row locks (taken with PrepareLocking, always booking first, then flights in id order, then an agency's account
// when it is charged or credited (agents/ledger_store.hpp), so that two transactions never wait on each other in a
// cycle): a flight's inventory rows guard its counters, the booking row its status, the account its balance.
// ORDER BY: PostgreSQL locks the rows in the order it returns them, so every transaction takes them in one order.
inline constexpr const char* kLockBooking = "SELECT id, hold_token, airline FROM bookings WHERE locator = ?";
inline constexpr const char* kLockBookingById = "SELECT locator FROM bookings WHERE id = ?";
inline constexpr const char* kInsertBooking =
    "INSERT INTO bookings (locator, airline, status, channel, adults, children, infants, total_amount, currency, "
    "hold_expires_at, created_at, updated_at, hold_token, client, agency_id, partner_id, confirmation_id) "
    "VALUES (?, ?, 'HELD', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (locator) DO NOTHING RETURNING id";  // no row: the locator was taken, for another to be drawn
inline constexpr const char* kHoldToken = "SELECT hold_token FROM bookings WHERE id = ?";
// PostgreSQL only: serialises one client's holds for the transaction (the key is a hash of the client key).
inline constexpr const char* kLockClient = "SELECT pg_advisory_xact_lock(hashtext(?))";
inline constexpr const char* kInsertSegment =
    "INSERT INTO booking_segments (booking_id, seq, flight_id, booking_class, cabin, seats, brand, refundable, "
    "change_fee, change_fee_currency, checked_bags, fare_amount, taxes_amount) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kInsertSegmentFare =
    "INSERT INTO booking_segment_fares (booking_id, seq, pax_type, passengers, fare_each, taxes_each) "
    "VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr const char* kSegmentFares =
    "SELECT pax_type, passengers, fare_each, taxes_each FROM booking_segment_fares WHERE booking_id = ? AND seq = ?";
// A flight change (flight_change.cpp): the segment's flight, class, terms and shares replaced; the booking's price
// lines and total moved; the change kept.
inline constexpr const char* kChangeSegment =
    "UPDATE booking_segments SET flight_id = ?, booking_class = ?, cabin = ?, brand = ?, refundable = ?, "
    "change_fee = ?, change_fee_currency = ?, checked_bags = ?, fare_amount = ?, taxes_amount = ? "
    "WHERE booking_id = ? AND seq = ?";
inline constexpr const char* kChangeSegmentFare =
    "UPDATE booking_segment_fares SET fare_each = ?, taxes_each = ? WHERE booking_id = ? AND seq = ? AND pax_type = ?";
inline constexpr const char* kChangePrice =
    "UPDATE booking_prices SET fare_each = ?, taxes_each = ? WHERE booking_id = ? AND pax_type = ?";
inline constexpr const char* kDeleteSegmentFares = "DELETE FROM booking_segment_fares WHERE booking_id = ? AND seq = ?";
inline constexpr const char* kDeleteSegment = "DELETE FROM booking_segments WHERE booking_id = ? AND seq = ?";
inline constexpr const char* kSetTotal = "UPDATE bookings SET total_amount = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kInsertChange =
    "INSERT INTO booking_changes (booking_id, seq, at, actor, from_flight_id, from_class, to_flight_id, to_class, "
    "fee, collected, given_back, forfeited, currency, account_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// What a booking's changes moved on its agency's account (negative: charged).
inline constexpr const char* kChangesOnAccount =
    "SELECT COALESCE(SUM(account_amount), 0) FROM booking_changes WHERE booking_id = ?";
// Check-in: who is checked in on a flight of the booking, the flight's next sequence number (under its lock), and a
// passenger checked in.
inline constexpr const char* kCheckIns =
    "SELECT passenger, segment_seq, sequence, seat, checked_in_at, source FROM check_ins WHERE booking_id = ? "
    "ORDER BY segment_seq, passenger";
inline constexpr const char* kSeatMapOfFlight =
    "SELECT c.seat_map FROM flights f JOIN cabin_configs c ON c.id = f.config_id WHERE f.id = ?";
inline constexpr const char* kFlightSeats =
    "SELECT seat, booking_id, passenger FROM seat_assignments WHERE flight_id = ?";
inline constexpr const char* kBookingSeats =
    "SELECT passenger, segment_seq, seat FROM seat_assignments WHERE booking_id = ?";
inline constexpr const char* kInsertSeat =
    "INSERT INTO seat_assignments (flight_id, seat, booking_id, passenger, segment_seq, chosen, assigned_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kDeletePassengerSeat =
    "DELETE FROM seat_assignments WHERE booking_id = ? AND passenger = ? AND segment_seq = ?";
inline constexpr const char* kDeleteSegmentSeats = "DELETE FROM seat_assignments WHERE booking_id = ? AND segment_seq = ?";
// A checked-in passenger re-seated at the airport: the check-in's seat follows.
inline constexpr const char* kSetCheckInSeat =
    "UPDATE check_ins SET seat = ? WHERE booking_id = ? AND passenger = ? AND segment_seq = ?";
inline constexpr const char* kDeleteBookingSeats = "DELETE FROM seat_assignments WHERE booking_id = ?";
// A flight's next sequence number: never one given before, to a passenger offloaded since or not.
inline constexpr const char* kNextSequence =
    "SELECT COALESCE(MAX(sequence), 0) + 1 FROM (SELECT sequence FROM check_ins WHERE flight_id = ?1 "
    "UNION ALL SELECT sequence FROM offloads WHERE flight_id = ?1) AS given";
inline constexpr const char* kInsertCheckIn =
    "INSERT INTO check_ins (booking_id, passenger, segment_seq, flight_id, sequence, seat, channel, checked_in_at, "
    "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kInsertPrice =
    "INSERT INTO booking_prices (booking_id, pax_type, passengers, fare_each, taxes_each) VALUES (?, ?, ?, ?, ?)";
inline constexpr const char* kPrices =
    "SELECT pax_type, passengers, fare_each, taxes_each FROM booking_prices WHERE booking_id = ? "
    "ORDER BY CASE pax_type WHEN 'ADT' THEN 1 WHEN 'CHD' THEN 2 ELSE 3 END"; 
inline constexpr const char* kInsertHistory =
    "INSERT INTO booking_history (booking_id, at, channel, action, detail) VALUES (?, ?, ?, ?, ?)";
// Two and three rows of one booking's history in one statement, in this order (a confirmation's payment,
// confirmation and tickets).
inline constexpr const char* kInsertHistoryPair =
    "INSERT INTO booking_history (booking_id, at, channel, action, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5), (?1, ?6, ?7, ?8, ?9)";
inline constexpr const char* kInsertHistoryTriple =
    "INSERT INTO booking_history (booking_id, at, channel, action, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5), (?1, ?6, ?7, ?8, ?9), (?1, ?10, ?11, ?12, ?13)";
// The booking's row as LoadByLocator reads it, and then which of its parts have rows at all: most bookings have few of
// them (a hold none), and asking in the same statement costs no round trip of its own.
inline constexpr const char* kFindBooking =
    "SELECT id, locator, airline, status, channel, adults, children, infants, total_amount, currency, "
    "hold_expires_at, contact_email, contact_phone, created_at, updated_at, agency_id, partner_id, confirmation_id, "
    "CASE WHEN EXISTS (SELECT 1 FROM booking_passengers p WHERE p.booking_id = bookings.id) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = bookings.id) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM tickets p WHERE p.booking_id = bookings.id) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM seat_assignments p WHERE p.booking_id = bookings.id) OR "
    "EXISTS (SELECT 1 FROM check_ins p WHERE p.booking_id = bookings.id) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM booking_ssrs p WHERE p.booking_id = bookings.id) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM emds p WHERE p.booking_id = bookings.id) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM extras_due p WHERE p.booking_id = bookings.id) THEN 1 ELSE 0 END "
    "FROM bookings WHERE locator = ?";
inline constexpr const char* kPartnerBookingById = "SELECT locator, partner_id FROM bookings WHERE id = ?";
inline constexpr const char* kPartnerBookingByConfirmation =
    "SELECT locator, partner_id FROM bookings WHERE confirmation_id = ?";
inline constexpr const char* kSegments =
    "SELECT s.seq, s.flight_id, s.booking_class, s.cabin, s.seats, f.airline, f.flight_number, f.origin, "
    "f.destination, f.departure_utc, f.arrival_utc, s.brand, s.refundable, s.change_fee, s.change_fee_currency, "
    "s.checked_bags, s.fare_amount, s.taxes_amount, s.commission_amount FROM booking_segments s "
    "JOIN flights f ON f.id = s.flight_id "
    "WHERE s.booking_id = ? ORDER BY s.seq";
inline constexpr const char* kSetSegmentCommission =
    "UPDATE booking_segments SET commission_amount = ? WHERE booking_id = ? AND seq = ?";
inline constexpr const char* kPassengers =
    "SELECT seq, pax_type, title, first_name, last_name, date_of_birth, infant_of, nationality, document_type, "
    "document_number, document_country, document_expiry, place_of_birth FROM booking_passengers "
    "WHERE booking_id = ? ORDER BY seq";
inline constexpr const char* kHistory =
    "SELECT at, channel, action, detail FROM booking_history WHERE booking_id = ? ORDER BY id";
inline constexpr const char* kPayments =
    "SELECT method, amount, currency, status, reference, created_at FROM payments WHERE booking_id = ? ORDER BY id";
inline constexpr const char* kSetStatus = "UPDATE bookings SET status = ?, hold_expires_at = NULL, updated_at = ? WHERE id = ?";
inline constexpr const char* kConfirm =
    "UPDATE bookings SET status = 'CONFIRMED', hold_expires_at = NULL, contact_email = ?, contact_phone = ?, "
    "updated_at = ? WHERE id = ?";
inline constexpr const char* kInsertPassenger =
    "INSERT INTO booking_passengers (booking_id, seq, pax_type, title, first_name, last_name, date_of_birth, "
    "infant_of, nationality, document_type, document_number, document_country, document_expiry, place_of_birth) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kSetTravelData =
    "UPDATE booking_passengers SET nationality = ?, document_type = ?, document_number = ?, document_country = ?, "
    "document_expiry = ? WHERE booking_id = ? AND seq = ?";
inline constexpr const char* kCorrectName =
    "UPDATE booking_passengers SET title = ?, first_name = ?, last_name = ? WHERE booking_id = ? AND seq = ?";
inline constexpr const char* kInsertPayment =
    "INSERT INTO payments (booking_id, method, amount, currency, status, reference, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
// What one client holds now (unexpired HELD bookings), in one round trip: first the row (0, how many, when the first
// of them expires), then one row per flight with the seats held on it (flight ids are never 0).
inline constexpr const char* kClientHolds =
    "SELECT 0, COUNT(*), MIN(hold_expires_at) FROM bookings WHERE client = ?1 AND status = 'HELD' "
    "AND hold_expires_at > ?2 "
    "UNION ALL SELECT s.flight_id, SUM(s.seats), NULL FROM bookings b JOIN booking_segments s ON s.booking_id = b.id "
    "WHERE b.client = ?1 AND b.status = 'HELD' AND b.hold_expires_at > ?2 GROUP BY s.flight_id";
// The back office's booking search: the newest bookings whose locator, a passenger's last name or the contact
// e-mail is the text (each through its own index), or that fly on a dated flight.
#define JETWAY_BOOKING_SUMMARY                                                                                   \
  "SELECT b.locator, b.status, b.total_amount, b.currency, b.contact_email, b.created_at, "                     \
  "(SELECT p.last_name || '/' || p.first_name FROM booking_passengers p WHERE p.booking_id = b.id ORDER BY p.seq " \
  "LIMIT 1) FROM bookings b "
// Newest first by id (bookings are numbered as they are made), chosen among the matching ids alone: a name that
// 2,500 bookings share costs a sort of their ids from the (last_name, booking_id) index, not 2,500 row reads and
// summaries (17 ms to 1 ms on 100,000 bookings).
inline constexpr const char* kSearchByText =
    JETWAY_BOOKING_SUMMARY
    "WHERE b.id IN (SELECT id FROM (SELECT id FROM bookings WHERE locator = ?1 UNION SELECT booking_id FROM "
    "booking_passengers WHERE last_name = ?1 UNION SELECT id FROM bookings WHERE LOWER(contact_email) = ?2) AS found "
    "ORDER BY id DESC LIMIT ?3) ORDER BY b.id DESC";
inline constexpr const char* kSearchByFlight =
    JETWAY_BOOKING_SUMMARY
    "WHERE b.id IN (SELECT DISTINCT s.booking_id FROM booking_segments s JOIN flights f ON f.id = s.flight_id "
    "WHERE f.airline = ?1 AND f.flight_number = ?2 AND f.departure_date = ?3 ORDER BY s.booking_id DESC LIMIT ?4) "
    "ORDER BY b.id DESC";
// The same for an agency's people: its bookings only (?4 for the text, ?5 for the flight).
inline constexpr const char* kSearchAgencyByText =
    JETWAY_BOOKING_SUMMARY
    "WHERE b.id IN (SELECT found.id FROM (SELECT id FROM bookings WHERE locator = ?1 UNION SELECT booking_id FROM "
    "booking_passengers WHERE last_name = ?1 UNION SELECT id FROM bookings WHERE LOWER(contact_email) = ?2) AS found "
    "JOIN bookings mine ON mine.id = found.id WHERE mine.agency_id = ?4 ORDER BY found.id DESC LIMIT ?3) "
    "ORDER BY b.id DESC";
inline constexpr const char* kSearchAgencyByFlight =
    JETWAY_BOOKING_SUMMARY
    "WHERE b.id IN (SELECT DISTINCT s.booking_id FROM booking_segments s JOIN flights f ON f.id = s.flight_id "
    "JOIN bookings mine ON mine.id = s.booking_id "
    "WHERE f.airline = ?1 AND f.flight_number = ?2 AND f.departure_date = ?3 AND mine.agency_id = ?5 "
    "ORDER BY s.booking_id DESC LIMIT ?4) ORDER BY b.id DESC";
#undef JETWAY_BOOKING_SUMMARY
inline constexpr const char* kCreatedAt = "SELECT created_at FROM bookings WHERE id = ?";
inline constexpr const char* kSetContact =
    "UPDATE bookings SET contact_email = ?, contact_phone = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kSetHoldExpiry = "UPDATE bookings SET hold_expires_at = ?, updated_at = ? WHERE id = ?";
inline constexpr const char* kDueHolds =
    "SELECT id FROM bookings WHERE status = 'HELD' AND hold_expires_at <= ? ORDER BY hold_expires_at LIMIT 200";

// Special service requests (ssrs.cpp).
inline constexpr const char* kBookingSsrs =
    "SELECT passenger, segment_seq, code, text FROM booking_ssrs WHERE booking_id = ? ORDER BY segment_seq, passenger, code";
inline constexpr const char* kInsertSsr =
    "INSERT INTO booking_ssrs (booking_id, passenger, segment_seq, code, text, created_at) VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr const char* kDeleteSsr =
    "DELETE FROM booking_ssrs WHERE booking_id = ? AND passenger = ? AND segment_seq = ? AND code = ?";
inline constexpr const char* kDeleteSegmentSsrs = "DELETE FROM booking_ssrs WHERE booking_id = ? AND segment_seq = ?";

// Departure control (departure_control.cpp): a flight's passengers, and what happens to them at the airport.
inline constexpr const char* kFlightsOn =
    "SELECT id FROM flights WHERE airline = ? AND departure_date = ? ORDER BY departure_utc, flight_number";
inline constexpr const char* kDeparturePassengers =
    "SELECT b.id, b.locator, s.seq, s.cabin, s.checked_bags, s.refundable, s.change_fee, p.seq, p.pax_type, p.title, "
    "p.first_name, p.last_name, p.infant_of, p.date_of_birth, p.nationality, p.document_type, p.document_number, "
    "p.document_country, p.document_expiry FROM booking_segments s JOIN bookings b ON b.id = s.booking_id "
    "JOIN booking_passengers p ON p.booking_id = b.id WHERE s.flight_id = ? AND b.status = 'CONFIRMED' "
    "ORDER BY p.last_name, p.first_name, b.locator, p.seq";
inline constexpr const char* kFlightCoupons =
    "SELECT c.booking_id, t.passenger, c.status, t.number FROM ticket_coupons c JOIN tickets t ON t.id = c.ticket_id "
    "WHERE c.flight_id = ? AND c.status <> 'E'";
inline constexpr const char* kFlightCheckIns =
    "SELECT booking_id, passenger, sequence, seat FROM check_ins WHERE flight_id = ?";
inline constexpr const char* kFlightSeatsHeld = "SELECT booking_id, passenger, seat FROM seat_assignments WHERE flight_id = ?";
inline constexpr const char* kFlightSsrs =
    "SELECT r.booking_id, r.passenger, r.code FROM booking_ssrs r JOIN booking_segments g "
    "ON g.booking_id = r.booking_id AND g.seq = r.segment_seq WHERE g.flight_id = ? ORDER BY r.code";
inline constexpr const char* kFlightNoShows = "SELECT booking_id, passenger, outcome FROM no_shows WHERE flight_id = ?";
inline constexpr const char* kFlightClosed = "SELECT 1 FROM flight_closures WHERE flight_id = ?";
inline constexpr const char* kCheckInBySequence =
    "SELECT passenger, segment_seq FROM check_ins WHERE flight_id = ? AND booking_id = ? AND sequence = ?";
inline constexpr const char* kCheckInOf =
    "SELECT sequence, seat, segment_seq FROM check_ins WHERE flight_id = ? AND booking_id = ? AND passenger = ?";
inline constexpr const char* kSetBoarded =
    "UPDATE check_ins SET boarded_at = ? WHERE flight_id = ? AND booking_id = ? AND passenger = ?";
inline constexpr const char* kInsertOffload =
    "INSERT INTO offloads (flight_id, booking_id, passenger, segment_seq, sequence, seat, offloaded_at, offloaded_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kDeleteCheckIn =
    "DELETE FROM check_ins WHERE flight_id = ? AND booking_id = ? AND passenger = ?";
inline constexpr const char* kInsertNoShow =
    "INSERT INTO no_shows (flight_id, booking_id, passenger, segment_seq, outcome, recorded_at) VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr const char* kInsertClosure =
    "INSERT INTO flight_closures (flight_id, closed_at, closed_by, boarded, no_shows) VALUES (?, ?, ?, ?, ?)";
inline constexpr const char* kCloseFlight = "UPDATE flights SET status = 'CLOSED' WHERE id = ?";
inline constexpr const char* kFlightNumbered =
    "SELECT id FROM flights WHERE airline = ? AND flight_number = ? AND departure_date = ? AND origin = ?";
inline constexpr const char* kExtrasDue =
    "SELECT passenger, segment_seq, code, seat, amount, currency FROM extras_due WHERE booking_id = ? ORDER BY id";
inline constexpr const char* kInsertExtraDue =
    "INSERT INTO extras_due (booking_id, passenger, segment_seq, code, seat, amount, currency, added_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kDeleteExtrasDue =
    "DELETE FROM extras_due WHERE booking_id = ? AND (? = 0 OR segment_seq = ?)";
inline constexpr const char* kDeleteSeatsDue =
    "DELETE FROM extras_due WHERE booking_id = ? AND segment_seq = ? AND code = 'SEAT'";

}  // namespace jetway::booking::sql
