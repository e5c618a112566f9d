// The booking lifecycle: hold seats (HELD, with a time limit), confirm with names, contact and payment
// (CONFIRMED; its confirmation e-mail is queued in the mail outbox in the same transaction), cancel (CANCELLED), expire
// overdue holds (EXPIRED), and retrieve by locator and last name. Every operation is one write transaction on the data
// database that takes SQLite's write lock up front (BEGIN IMMEDIATE), so seat counters, the booking, its history and
// its payment commit together or not at all, and two buyers of the last seat are serialized. Thread-safe: shares only
// the pool, immutable reference data and thread-safe collaborators.
#pragma once

#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "booking/booking_events.hpp"
#include "booking/change.hpp"
#include "booking/check_in.hpp"
#include "booking/limits.hpp"
#include "booking/payment.hpp"
#include "booking/pnr.hpp"
#include "booking/requests.hpp"
#include "booking/schedule_change_service.hpp"
#include "booking/extras.hpp"
#include "booking/ssr.hpp"
#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"
#include "reference/reference_service.hpp"
#include "shopping/availability_service.hpp"
#include "seating/seat_map.hpp"
#include "store/store.hpp"
#include "ticketing/ticket_store.hpp"

namespace jetway::booking {

// The fare brand and conditions a segment was sold with.
struct FareTerms {
  std::string brand;
  bool refundable = false;
  std::optional<core::Money> change_fee;  // nullopt: no changes
  int checked_bags = 0;
};

struct BookedSegment {
  int seq = 0;
  shopping::SegmentView flight;
  std::string booking_class;
  std::string cabin;
  int seats = 0;
  std::optional<FareTerms> terms;  // nullopt for bookings made before the terms were kept
  std::optional<pricing::SegmentPrice> price;  // its share of the total; nullopt for bookings made before it was kept
  std::int64_t commission = 0;  // the agency's on its fare when charged to an account, in the booking's currency
};

struct PaymentRecord {
  std::string method;
  core::Money amount;
  std::string status;
  std::string reference;
  core::Instant created_at;
};

struct HistoryEntry {
  core::Instant at;
  std::string channel;
  std::string action;
  std::string detail;
};

// A passenger's seat on one flight (chosen, or given at check-in) and their check-in there, if any.
struct PassengerSeat {
  int passenger = 0;  // 1-based, as the booking lists them
  int segment = 0;
  std::string seat;   // "12A"; "" none (no seat map, or an infant on a lap)
  int sequence = 0;   // the check-in sequence number; 0 not checked in
  core::Instant checked_in_at{};
  char source = 'W';  // who checked in (booking/check_in.hpp's CheckInSource), as the boarding pass says
};

// An extra added to a held booking, priced then in the booking's currency, to be paid with it (and issued as an EMD).
struct ExtraDue {
  Extra extra;
  core::Money price;
};

struct BookingView {
  std::int64_t id = 0;
  std::string locator;
  std::string airline;
  BookingStatus status = BookingStatus::kHeld;
  std::string channel;
  pricing::PartyMix party;
  core::Money total;
  std::vector<pricing::PaxTypePrice> price_lines;  // fare and taxes per passenger type (empty for old bookings)
  std::optional<core::Instant> hold_expires_at;
  std::optional<Contact> contact;
  core::Instant created_at;
  core::Instant updated_at;
  std::vector<BookedSegment> segments;
  std::vector<Passenger> passengers;
  std::vector<PaymentRecord> payments;
  std::vector<HistoryEntry> history;
  std::int64_t agency_id = 0;  // the travel agency that made it; 0 for none
  std::int64_t partner_id = 0;  // the partner (partner API) that made it; 0 for none
  std::string confirmation_id;  // a partner's booking: the UUID it refers to the booking by; empty otherwise
  std::vector<ticketing::Ticket> tickets;  // issued when paid: every document, exchanged ones too, oldest first
  std::vector<PassengerSeat> seats;        // by flight, then passenger
  std::vector<Ssr> ssrs;                   // special service requests, by flight, passenger and code
  std::vector<ticketing::Emd> emds;        // the extras bought, by number
  std::vector<ExtraDue> extras_due;        // a held booking's extras, paid with it
  const PassengerSeat* SeatOf(int passenger, int segment) const;
};

// What paying for a held booking costs: its total and the extras added to it.
core::Money AmountDue(const BookingView& booking);

// What cancelling gives back, from the terms each segment was sold with: all of it, nothing, part, or not known (a
// booking from before the terms were kept).
enum class CancelRefund { kRefundable, kNotRefundable, kPartlyRefundable, kUnknown };
CancelRefund RefundOnCancel(const BookingView& booking);
std::string_view ToString(CancelRefund refund);  // "refundable", "not_refundable", "partly_refundable", "unknown"
// How much cancelling gives back, segment by segment: a refundable fare's share whole, a non-refundable one's taxes
// only (they are charged for flying, and are not the airline's to keep); a segment sold before its share was kept
// gives nothing back here (staff decide). In the booking's currency. `net_of_commission`: for an agency charged
// net, a refundable fare comes back less the commission kept on it.
core::Money RefundDue(const BookingView& booking, bool net_of_commission = false);

// The days the passenger rules are judged on: the first flight's departure day and today, both at that flight's
// origin airport (a child's age and a card's expiry are local matters). UTC when the airport is unknown.
struct TravelDays {
  core::LocalDate first_travel;
  core::LocalDate today;
};
TravelDays TravelDaysOf(const BookingView& booking, const reference::AirportDirectory& airports, core::Instant now);

// The outbox kind of a booking's confirmation e-mail (composed by ConfirmationMailSource; reference: the locator).
inline constexpr const char* kConfirmationMail = "booking_confirmation";

struct Outcome {
  BookingView booking;
  bool replayed = false;   // an Idempotency-Key retry: nothing new was done
  std::string hold_token;  // Hold: the secret that reads, confirms and cancels the booking until it has names
};

// What a passenger shows to see or change a booking; the one rule is BookingService's MayAccess. A booking without
// names (a hold, or a hold that ended) opens only with the secret token its hold returned; a booking with names with
// a passenger's last name, or with the booking site's signed link, which the site gives only to whoever made or
// found the booking and which only the web channel may present. Staff need no proof: their permissions
// (bookings.read, bookings.write) open any booking.
struct BookingProof {
  std::optional<std::string> hold_token;
  std::optional<std::string> last_name;
  bool site_link = false;
  // The partner API found the booking by its id or confirmation id for the partner that made it: the partner's
  // credential is its proof, as the hold token is a passenger's (Actor::partner_id sees no other partner's booking).
  bool partner_key = false;
};

// How the partner API names a booking: by the id createBooking returned, or by its confirmation id.
struct PartnerKey {
  std::int64_t booking_id = 0;
  std::string confirmation_id;
};

// What staff search bookings by: a locator, a passenger's last name or a contact e-mail (`text`); or a dated flight
// ("X9101" on a day).
struct BookingQuery {
  std::string text;
  std::string flight;  // airline designator and number
  std::optional<core::LocalDate> date;
};

struct BookingSummary {
  std::string locator;
  BookingStatus status = BookingStatus::kHeld;
  core::Money total;
  std::string contact_email;
  core::Instant created_at;
  std::string first_passenger;  // "HANSEN/IDA"; empty before names are given
};

inline constexpr int kMaxSearchResults = 50;

// A passenger's boarding pass for one flight: the IATA Resolution 792 string its barcode carries.
struct BoardingPass {
  int passenger = 0;  // 1-based, as the booking lists them
  int segment = 0;
  int sequence = 0;   // the flight's check-in sequence number
  std::string bcbp;
};

// Extras for a booking, and how they are paid (card, cash at an airline office, an agency's account); a held
// booking's are paid with it.
struct ExtrasRequest {
  std::vector<Extra> extras;
  bool with_payment = true;  // false: no payment given (enough for a held booking)
  PaymentMethod method = PaymentMethod::kTestCard;
  CardDetails card;
};

// An extra as a booking may buy it: its kind and its price in the booking's currency.
struct ExtraOffer {
  ExtraItem item;
  core::Money price;
};

// A passenger's nationality and travel document, given after booking (at check-in, where a border needs them).
struct TravelData {
  int passenger = 0;  // 1-based
  std::string nationality;  // ISO 3166 alpha-2; "" keeps what the booking has
  std::optional<TravelDocument> document;
};

// A passenger's choice of seat on one flight.
struct SeatChoice {
  int passenger = 0;  // 1-based
  std::string seat;   // "12A"
};

// One flight's seats as a booking's passengers see them: its aircraft's map, the seats others hold, and theirs.
struct FlightSeats {
  BookedSegment segment;
  seating::SeatMap map;              // empty: the aircraft has no seat map (seats are given at the airport)
  std::set<std::string> taken;       // held by other bookings' passengers
  std::map<std::string, int> ours;   // seat → passenger (1-based) of this booking
};

struct CheckInOutcome {
  BookingView booking;
  std::vector<BoardingPass> passes;
};

// Who passenger `passenger` (1-based) is to the seat rules: a child, an adult with an infant on the lap.
seating::Sitter SitterOf(const BookingView& booking, int passenger);
// Whether flight `segment` crosses a border, so that check-in needs each passenger's travel document.
bool NeedsDocuments(const BookedSegment& segment, const reference::AirportDirectory& airports);

// The boarding passes of the booking's passengers checked in on flight `segment` (none when no one is): each
// Resolution 792 text written from what the booking holds (seat, sequence, ticket, when they checked in), so the
// same pass comes back whenever it is asked for.
std::vector<BoardingPass> BoardingPassesOf(const BookingView& booking, int segment,
                                           const reference::AirportDirectory& airports);

// The boarding-pass e-mail: sent after a web check-in, the outbox row's payload naming the flight (its segment).
inline constexpr const char* kBoardingPassMail = "boarding_pass";

struct ChangeOutcome {
  BookingView booking;
  ChangeQuote quote;
};

// What changing or cancelling one flight of a booking would cost before a new flight is chosen, by the terms its
// fare was sold with (amounts in the booking's currency, for the whole party).
struct ChangeAssessment {
  BookedSegment segment;
  std::optional<core::Money> change_fee;  // nullopt: its fare permits no changes
  core::Money kept_on_cancel;             // what cancelling it keeps: a non-refundable fare's share
};

class BookingService {
 public:
  BookingService(store::ConnectionPool& data, const reference::AirportDirectory& airports, const core::Clock& clock,
                 core::Random& random, PaymentGateway& gateway, std::chrono::seconds hold_time,
                 const BookingLimits& limits = {})
      : data_(data), airports_(airports), clock_(clock), random_(random), gateway_(gateway), hold_time_(hold_time),
        limits_(limits), lookups_by_client_(clock, limits.lookups_per_client),
        lookups_by_booking_(clock, limits.lookups_per_booking), declines_by_client_(clock, limits.declines_per_client) {}

  // The limits on what one client may hold (BookingLimits) apply to anonymous callers, by address; staff,
  // agencies and partners answer to their own quotas.
  core::Result<Outcome> Hold(const core::Actor& actor, const HoldRequest& request);
  // FORBIDDEN for cash from a caller without payments.cash.
  core::Result<Outcome> Confirm(const core::Actor& actor, const std::string& locator, const ConfirmRequest& request);
  // Names and contact kept with a held booking that is not paid yet (a partner's booking without a credit facility:
  // AeroCRS's PN), checked as Confirm checks them; the hold's time limit becomes the full hold time from when it was
  // made (the payment time limit). Confirm then takes the payment with no names of its own. NAMES_ALREADY_GIVEN when
  // it has them; HOLD_EXPIRED, and NOT_FOUND as Confirm.
  core::Result<BookingView> KeepNames(const core::Actor& actor, const std::string& locator,
                                      const ConfirmRequest& request);
  // Names given for a hold (the booking site's passenger step): its time limit becomes the full hold time from when
  // it was made. Returns the new limit. NOT_FOUND without the hold's token; CONFLICT when it is no longer held.
  core::Result<core::Instant> NamesGiven(const core::Actor& actor, const std::string& locator,
                                         const BookingProof& proof);
  // NOT_FOUND, as for a booking that does not exist, when `proof` does not open it for `actor` (see BookingProof);
  // TOO_MANY_ATTEMPTS (with the seconds to wait) after too many failed look-ups by the client or of the booking.
  core::Result<BookingView> Cancel(const core::Actor& actor, const std::string& locator, const BookingProof& proof);
  core::Result<BookingView> Retrieve(const core::Actor& actor, const std::string& locator, const BookingProof& proof);
  // Queues another confirmation e-mail for a CONFIRMED booking to its contact address, in `language` or else the
  // language of the first one. NOT_FOUND as Retrieve; CONFLICT when the booking is not confirmed.
  // TOO_MANY_EMAILS past BookingLimits::confirmation_mails_per_hour.
  core::Result<void> ResendConfirmation(const core::Actor& actor, const std::string& locator, const BookingProof& proof,
                                        const std::optional<std::string>& language = std::nullopt);
  // Changes flight `request.segment` of a HELD or CONFIRMED booking for another flight of its airline on the same
  // route, in one transaction: the seats move (held stay held, sold stay sold), the segment takes the new fare and
  // its terms, and a confirmed booking pays by its old fare's change rule (ChangeQuote): on the agency's account
  // when it was paid on one (refused past the credit limit), else only a change that costs nothing (PAYMENT_REQUIRED).
  // Opens as Cancel does; the change is kept in the history and booking_changes, and a partner is told (`changed`).
  core::Result<ChangeOutcome> ChangeFlight(const core::Actor& actor, const std::string& locator,
                                           const BookingProof& proof, const ChangeRequest& request);
  // Cancels flight `segment` of a HELD or CONFIRMED booking of several flights (LAST_FLIGHT for its only one: Cancel
  // cancels bookings): its seats go back, the booking's price falls by its share, and a paid booking gets back what
  // its fare's rule refunds (QuoteLegCancel) on the agency's account that paid it (by the airline's staff to a card).
  // Kept in the history and booking_changes; a partner is told (`changed`); `send_mail` as ChangeRequest's.
  core::Result<ChangeOutcome> CancelFlight(const core::Actor& actor, const std::string& locator,
                                           const BookingProof& proof, int segment, bool send_mail = true);
  // The booking's schedule changes (ScheduleChangeService), newest first. Opens as Retrieve does.
  core::Result<std::vector<ScheduleChange>> ScheduleChanges(const core::Actor& actor, const std::string& locator,
                                                            const BookingProof& proof);
  // The passenger's answer to schedule change `change_id` of the booking: kAccept keeps the flight as it is now
  // (not for one left unplaced: CHANGE_NOT_ACCEPTABLE); kRefund cancels the whole booking and gives back everything
  // paid whatever the fares' rules (an involuntary refund), answering every open change of the booking.
  // CHANGE_NOT_FOUND, CHANGE_ANSWERED. Opens as Cancel does.
  enum class ScheduleAnswer { kAccept, kRefund };
  // "accept" or "refund", as every front door takes the answer; nullopt for anything else (INVALID_ANSWER).
  static std::optional<ScheduleAnswer> ParseScheduleAnswer(std::string_view text);
  core::Result<BookingView> AnswerScheduleChange(const core::Actor& actor, const std::string& locator,
                                                 const BookingProof& proof, std::int64_t change_id,
                                                 ScheduleAnswer answer);
  // Web check-in of every passenger of a CONFIRMED, ticketed booking on flight `segment`, inside its window
  // (booking/check_in.hpp; CHECK_IN_NOT_OPEN, CHECK_IN_CLOSED) with the travel documents a border crossing needs
  // (DOCUMENT_REQUIRED, DOCUMENT_EXPIRED): each gets the flight's next sequence number and their coupon moves to
  // checked in (C). Checking in again gives the same boarding passes. Opens as Cancel does.
  // `seats` are chosen first, as ChooseSeats does; whoever has none then gets one (seating::AutoAssign), when the
  // aircraft has a seat map.
  core::Result<CheckInOutcome> CheckIn(const core::Actor& actor, const std::string& locator, const BookingProof& proof,
                                       int segment, const std::vector<SeatChoice>& seats = {});
  // Nationalities and travel documents for passengers of a CONFIRMED booking (what check-in asks for across a
  // border), checked as a confirmation checks them (INVALID_DOCUMENT, INVALID_COUNTRY, DOCUMENT_EXPIRED, …, naming
  // passengers[i]); INVALID_PASSENGER for one not in the booking. Kept in the history. Opens as Cancel does.
  core::Result<BookingView> GiveTravelData(const core::Actor& actor, const std::string& locator,
                                           const BookingProof& proof, const std::vector<TravelData>& given);
  // Special service requests for passengers of a named HELD or CONFIRMED booking, each on one flight (segment 0:
  // every flight of the booking), checked by booking/ssr.hpp's CheckSsr against what they asked before and each
  // other; all or none. INVALID_PASSENGER, SEGMENT_NOT_FOUND, FLIGHT_DEPARTED, NAMES_REQUIRED. Kept in the history
  // as the elements. Opens as Cancel does.
  core::Result<BookingView> RequestSsrs(const core::Actor& actor, const std::string& locator, const BookingProof& proof,
                                        const std::vector<Ssr>& requests);
  // One request withdrawn (segment 0: on every flight); SSR_NOT_FOUND when there is none. Opens as Cancel does.
  core::Result<BookingView> WithdrawSsr(const core::Actor& actor, const std::string& locator, const BookingProof& proof,
                                        const Ssr& request);
  // The extras the booking's airline sells, priced in the booking's currency (a price that cannot be converted is
  // left out). Opens as Retrieve does.
  core::Result<std::vector<ExtraOffer>> ExtrasOffered(const core::Actor& actor, const std::string& locator,
                                                      const BookingProof& proof);
  // The extras `airline` sells, priced in `currency` ("": the airline's own prices), before any booking (a partner's
  // catalogue). AIRLINE_NOT_FOUND; INVALID_CURRENCY for a currency none of them converts to.
  core::Result<std::vector<ExtraOffer>> ExtrasSold(const core::Actor& actor, const std::string& airline,
                                                   const std::string& currency);
  // Extras for a booking's passengers on flights still to fly (booking/extras.hpp's rules; a paid seat is chosen as
  // ChooseSeats does, and must be one). A HELD booking with names keeps them to be paid with it (extras_due; the
  // request's payment is not used). A CONFIRMED, ticketed one pays them now in one payment (card; cash at an office;
  // an agency's account for a booking it made), each issued as an EMD-A with its number, all in one transaction.
  // EXTRAS_NOT_POSSIBLE, NAMES_REQUIRED, EXTRA_NOT_SOLD, SEAT_IS_FREE, PAYMENT_DECLINED (nothing kept),
  // CREDIT_LIMIT_EXCEEDED, FORBIDDEN for cash without payments.cash. In the history and the payments. Opens as
  // Cancel does.
  core::Result<BookingView> BuyExtras(const core::Actor& actor, const std::string& locator, const BookingProof& proof,
                                      const ExtrasRequest& request);
  // When web check-in opens and closes for flights of `airline` from `airport` (booking/check_in.hpp's default where
  // the airline set none): what the booking site shows.
  CheckInWindow CheckInWindowAt(const std::string& airline, const std::string& airport);
  // Flight `segment`'s seat map with the seats taken. Opens as Retrieve does.
  core::Result<FlightSeats> SeatsOf(const core::Actor& actor, const std::string& locator, const BookingProof& proof,
                                    int segment);
  // A flight's seat map with every seat held (as a partner shows seats before or without a booking): `segment` has
  // seq 0 and no cabin. FLIGHT_NOT_FOUND for none, or one not of `airlines` (empty: any).
  core::Result<FlightSeats> SeatsOfFlight(std::int64_t flight_id, const std::vector<std::string>& airlines);
  // The dated flight `airline` `number` from `origin` on `date` (local), as partners name flights; nullopt: none.
  std::optional<std::int64_t> FlightNumbered(const std::string& airline, int number, core::LocalDate date,
                                             const std::string& origin);
  // Seats chosen for passengers of a HELD or CONFIRMED booking on flight `segment` (each passenger's earlier seat
  // there given up), in one transaction with the flight locked: every choice checked by seating::CheckSeat (a paid
  // seat needs bookings.write or departure.control until paid seats are sold), SEAT_TAKEN when two choices name one
  // seat, INFANT_NO_SEAT for an infant on a lap, NAMES_REQUIRED before the passengers are named,
  // SEAT_CHANGE_AFTER_CHECK_IN for a passenger checked in there (the airport, departure.control, re-seats them),
  // NO_SEAT_MAP when the aircraft has none. Kept in the history. Opens as Cancel does.
  core::Result<BookingView> ChooseSeats(const core::Actor& actor, const std::string& locator,
                                        const BookingProof& proof, int segment, const std::vector<SeatChoice>& seats);
  // What a change or cancellation of flight `segment` would cost (ChangeAssessment). Opens as Retrieve does.
  core::Result<ChangeAssessment> AssessChange(const core::Actor& actor, const std::string& locator,
                                              const BookingProof& proof, int segment);
  // Staff only (bookings.write): the name of a CONFIRMED booking's passenger `passenger` (1-based, as listed)
  // corrected within CheckNameCorrection's rule; the history keeps the name before and after.
  core::Result<BookingView> CorrectName(const core::Actor& actor, const std::string& locator, int passenger,
                                        const Passenger& corrected);
  // Staff only (bookings.write): a remark (ValidateRemark) in the booking's history, with who wrote it.
  core::Result<BookingView> AddRemark(const core::Actor& actor, const std::string& locator, const std::string& text);
  // The newest matching bookings (at most kMaxSearchResults): needs bookings.read. INVALID_SEARCH when the query
  // names nothing to search by.
  core::Result<std::vector<BookingSummary>> Search(const core::Actor& actor, const BookingQuery& query);
  // The booking without the last-name check, for jetway's own use (composing its e-mails); never for a caller
  // outside the process.
  std::optional<BookingView> Find(const std::string& locator);
  // What `airline` requires of every passenger at confirmation (Confirm and KeepNames enforce it): for forms that ask.
  core::PassengerRules PassengerRulesOf(const std::string& airline);
  // The locator of a booking the calling partner made, by its id or confirmation id; BOOKING_NOT_FOUND for any other.
  core::Result<std::string> PartnerLocator(const core::Actor& actor, const PartnerKey& key);
  // Releases every hold past its time limit; returns how many bookings expired.
  int ExpireDue();
  // Where committed changes are counted (the metrics); none by default. Set before serving.
  void CountEventsIn(BookingEvents& events) { events_ = &events; }

 private:
  void Count(BookingEvent event, int n = 1) {
    if (events_ && n > 0) events_->Count(event, n);
  }

  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const core::Clock& clock_;
  core::Random& random_;
  PaymentGateway& gateway_;
  std::chrono::seconds hold_time_;
  BookingLimits limits_;
  core::AttemptLimiter lookups_by_client_;
  core::AttemptLimiter lookups_by_booking_;
  core::AttemptLimiter declines_by_client_;
  BookingEvents* events_ = nullptr;

  std::optional<core::Error> ClientRefused(const core::Actor& actor, const BookingProof& proof) const;
  // The booking, locked, when `hold_token` is its hold's or `actor` may change any booking; NOT_FOUND (a failed
  // look-up) otherwise.
  // A connection for the actor's work: scoped to its agency for an agency's people (store::ScopeToAgency).
  store::ConnectionPool::Lease Acquire(const core::Actor& actor);
  core::Result<BookingView> LockByHoldToken(store::Connection& db, const core::Actor& actor,
                                            const std::string& locator, const std::string& hold_token);
  std::optional<core::Error> Opens(store::Connection& db, const std::optional<BookingView>& booking,
                                   const std::string& locator, const core::Actor& actor, const BookingProof& proof,
                                   core::Permission staff_need);
  core::Error FailedToken(const std::string& locator, const core::Actor& actor);
  // A change's (or a check-in's) first step: the booking locked and opened for `actor` by `proof`; a hold past its
  // limit is expired (committed) and answered HOLD_EXPIRED.
  // The shape of most changes to one booking: a valid locator, the client's limit, then in a retried transaction the
  // booking locked and opened as Cancel opens it (LockChangeable: a hold past its time expires instead), `change`
  // (its refusal rolls everything back), and the booking read again and committed.
  using Change = std::function<core::Result<void>(store::Connection& db, BookingView& booking, core::Instant now)>;
  core::Result<BookingView> Changing(const core::Actor& actor, const std::string& locator, const BookingProof& proof,
                                     const Change& change);
  core::Result<BookingView> LockChangeable(store::Connection& db, store::Transaction& tx, const core::Actor& actor,
                                           const std::string& locator, const BookingProof& proof, core::Instant now);
  std::optional<core::Error> CardTestingRefused(const core::Actor& actor, PaymentMethod method) const;
  // Takes `amount` (the booking's and its extras') by the request's method.
  core::Result<Taken> Pay(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                          const ConfirmRequest& request, const core::Money& amount, core::Instant now);
  // BuyExtras for a paid booking: priced, paid and issued.
  core::Result<void> PayExtras(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                               const ExtrasRequest& request, core::Instant now);
};

}  // namespace jetway::booking
