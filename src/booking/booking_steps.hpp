// The booking service's own steps, shared by its files (booking_service.cpp, flight_change.cpp) and no one else:
// each runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "booking/booking_service.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "partners/webhook.hpp"
#include "reference/reference_service.hpp"
#include "store/store.hpp"
#include "ticketing/ticket_store.hpp"

namespace jetway::booking::steps {

std::int64_t Epoch(core::Instant t);
void AddHistory(store::Connection& db, std::int64_t booking_id, core::Instant at, std::string_view channel,
                std::string_view action, const std::string& detail);
void AddHistory(store::Connection& db, std::int64_t booking_id, std::span<const HistoryEntry> entries);
std::optional<BookingView> LoadByLocator(store::Connection& db, const reference::AirportDirectory& airports,
                                         const std::string& locator);
// Locks the booking's row and reads it afresh (nullopt: no such booking); `hold_token`, when given, gets the hold's
// secret as the lock read it. `airline_next`: the caller reads the booking's airline next (reference::FindAirline),
// which is then sent with the booking's row: one round trip for both.
std::optional<BookingView> LockAndLoad(store::Connection& db, const reference::AirportDirectory& airports,
                                       const std::string& locator, std::string* hold_token = nullptr,
                                       bool airline_next = false);
// BOOKING_NOT_FOUND, the same for a booking that does not exist and one the caller may not open.
core::Error NotFound(const std::string& locator);
// A partner's booking tells the partner of the change (its webhook), in the change's own transaction.
void QueuePartnerEvent(store::Connection& db, core::Random& random, const BookingView& booking,
                       partners::BookingEventType type, BookingStatus status, core::Instant now, std::string reason);
// The tickets of a booking (ticketing/): one per passenger (and conjunction documents) over `flights`, issued when
// it is paid, with the partner's `ticketed` event; `booking` gains them and the TICKETED history line, which the
// caller writes (AddHistory) with the lines it adds around it, in one statement. `airline`: the booking's, when the
// caller has read it already (else it is read here).
std::vector<ticketing::FlightToTicket> FlightsOf(const BookingView& booking);
void IssueTickets(store::Connection& db, core::Random& random, BookingView& booking,
                  const std::vector<ticketing::FlightToTicket>& flights, std::string_view channel, core::Instant now,
                  const std::optional<reference::Airline>& airline = std::nullopt);
// TICKET_IN_USE when a coupon (of `segment_seq`, or of any flight) is checked in, boarded or flown.
core::Result<void> TicketsUnused(const BookingView& booking, std::optional<int> segment_seq);
// A cancelled booking's open coupons: void on the day of issue, refunded after.
void CloseTickets(store::Connection& db, const BookingView& booking, std::string_view channel, core::Instant now);
// A changed booking's open coupons exchanged, and new tickets issued over `flights`.
void ExchangeTickets(store::Connection& db, core::Random& random, const BookingView& booking,
                     const std::vector<ticketing::FlightToTicket>& flights, std::string_view channel,
                     core::Instant now);
// One cancelled flight's open coupons refunded.
void RefundCoupons(store::Connection& db, const BookingView& booking, int segment_seq, std::string_view channel,
                   core::Instant now);
// Seats (booking/seats.cpp). A booking's passengers' seats and check-ins, by flight then passenger.
std::vector<PassengerSeat> LoadSeats(store::Connection& db, std::int64_t booking_id);
// The seat map of a flight's aircraft (empty: none).
seating::SeatMap SeatMapOfFlight(store::Connection& db, std::int64_t flight_id);
// Gives up the seats a booking holds: on one flight, or (nullopt) on all of them.
void FreeSeats(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq);
// `choices` for flight `segment` of `booking` (whose flight the caller has locked), checked and kept; see
// BookingService::ChooseSeats. Staff who change bookings, and the airport's, may give paid seats; only the airport
// (departure.control) re-seats a passenger already checked in.
// `bought`: paid seats the caller is paying for now (BuyExtras). `check_only`: every check, nothing kept (a
// confirmation checks the seats it sells before it takes the money, and keeps them after).
core::Result<void> PlaceSeats(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                              const BookedSegment& segment, const std::vector<SeatChoice>& choices, core::Instant now,
                              bool bought = false, bool check_only = false);
// Seats for the passengers of `segment` who have none (seating::AutoAssign); none when the aircraft has no map.
void AutoSeat(store::Connection& db, const BookingView& booking, const BookedSegment& segment, core::Instant now);

// A booking's special service requests (ssrs.cpp); and those of one flight dropped (a flight cancelled).
std::vector<Ssr> LoadSsrs(store::Connection& db, std::int64_t booking_id);
void DropSsrs(store::Connection& db, std::int64_t booking_id, int segment_seq);

// Extras (extras_service.cpp, extras_due.cpp). `extras` for `passengers` of `booking`, each checked
// (booking/extras.hpp) against what they have (open EMDs, extras due, each other) on flights still to fly, and priced
// in the booking's currency: the EMDs to issue, numbers not yet given. INVALID_EXTRAS, INVALID_PASSENGER,
// SEGMENT_NOT_FOUND, FLIGHT_DEPARTED, EXTRA_NOT_SOLD and the rules' codes.
core::Result<std::vector<ticketing::Emd>> PriceExtras(store::Connection& db, const BookingView& booking,
                                                      const std::vector<Passenger>& passengers,
                                                      const std::vector<Extra>& extras, core::Instant now);
// What `emds` cost together (in their one currency, the booking's).
std::int64_t ExtrasTotal(const std::vector<ticketing::Emd>& emds);
// The paid seats among `emds` taken for their passengers (their flights locked here, as ChooseSeats does): each must
// be a paid seat (SEAT_IS_FREE), and free.
core::Result<void> PlacePaidSeats(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                                  const std::vector<ticketing::Emd>& emds, core::Instant now,
                                  bool check_only = false);
// `emds` issued (numbers from the airline's serials, after the flights in the lock order) with the history line
// saying what was bought and how it was paid (`paid`).
void IssueExtras(store::Connection& db, const BookingView& booking, std::vector<ticketing::Emd>& emds,
                 std::string_view channel, const std::string& paid, core::Instant now);
// A held booking's extras due: read, kept (priced `emds`), turned into the EMDs to issue when it is paid, and dropped
// (paid, or the hold ended).
std::vector<ExtraDue> LoadExtrasDue(store::Connection& db, std::int64_t booking_id);
void KeepExtrasDue(store::Connection& db, std::int64_t booking_id, const std::vector<ticketing::Emd>& emds,
                   core::Instant now);
std::vector<ticketing::Emd> EmdsOfExtrasDue(const BookingView& booking);
void DropExtrasDue(store::Connection& db, std::int64_t booking_id, std::optional<int> segment_seq = std::nullopt);
// A changed flight's extras follow the passenger: bags and meals (issued or due) to the new flight; a paid seat,
// which belongs to the aircraft left, refunded (or, not yet paid, dropped). With a history line.
void MoveExtras(store::Connection& db, const BookingView& booking, int segment_seq, std::int64_t flight_id,
                std::string_view channel, core::Instant now);

// The booking's seats go back (held or sold), its seat numbers and unpaid extras are dropped, its status becomes
// `to`, with the history line `action` and the partner's `cancelled` event.
void ReleaseAndClose(store::Connection& db, core::Random& random, const BookingView& booking, BookingStatus to,
                     core::Instant now, std::string_view channel, std::string_view action);
// The whole booking cancelled (CheckTransition; TICKET_IN_USE): seats back, tickets and EMDs closed. What is
// refunded is the caller's (the fares' rules, or everything after a schedule change).
core::Result<void> CancelWhole(store::Connection& db, core::Random& random, const core::Actor& actor,
                               const BookingView& booking, core::Instant now);
// A hold past its time limit expires here (its seats go back); true if it did.
bool ExpireIfDue(store::Connection& db, core::Random& random, const BookingView& booking, core::Instant now);

}  // namespace jetway::booking::steps
