// The partner API's methods, one function each, grouped in files as the reference groups them. Each reads its
// parameters (envelope.hpp), calls a service with the partner's identity, and writes the answer beside `success`;
// a refusal is a core::Error whose message is the detail the partner reads. Internal to aerocrs/.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "aerocrs/partner_api.hpp"
#include "agents/agency.hpp"
#include "api/json_writer.hpp"
#include "booking/booking_service.hpp"
#include "core/actor.hpp"
#include "core/error.hpp"
#include "http/http.hpp"
#include "partners/partner.hpp"

namespace jetway::aerocrs {

struct Call {
  PartnerApiContext& ctx;
  const partners::Partner& partner;
  const core::Actor& actor;
  const nlohmann::json& parms;
  const http::Request& request;
};

// The body of a successful answer (aerocrs envelope included), or the refusal.
using Answer = core::Result<std::string>;

// Reference data (§3.1).
Answer GetAirlines(const Call& call);
Answer GetDestinations(const Call& call);
Answer GetTicketTerms(const Call& call);
Answer GetSchedule(const Call& call);
// Availability and fares (§3.2).
Answer GetDeepLink(const Call& call);
Answer GetAvailability(const Call& call);
Answer GetFlight(const Call& call);
Answer GetFlights(const Call& call);
Answer GetFares(const Call& call);
Answer GetFareRules(const Call& call);
// Booking (§3.3).
Answer CreateBooking(const Call& call);
Answer ConfirmBooking(const Call& call);
Answer GetBooking(const Call& call);
Answer GetItinerary(const Call& call);
Answer CancelBooking(const Call& call);
Answer ChangeBooking(const Call& call);
Answer AssessChangeFees(const Call& call);
// Payment (§3.4).
Answer MakePayment(const Call& call);
Answer UseDeposit(const Call& call);
Answer TicketBooking(const Call& call);
// Seats (§3.5).
Answer GetSeatMap(const Call& call);
Answer MakeSeatReservation(const Call& call);
Answer GetSsrs(const Call& call);
Answer CreateSsr(const Call& call);
Answer GetSeatMapFare(const Call& call);
Answer ConfirmExtrasReservation(const Call& call);
Answer GetAirlineAncillaries(const Call& call);
Answer GetAncillaries(const Call& call);
Answer CreateAncillary(const Call& call);
// Agents (§3.6).
Answer GetAgency(const Call& call);
// The airline's own (§3.6-3.7): served where PartnerApiContext::inventory is (the back office's listener).
Answer CreateDeposit(const Call& call);
Answer UpdateClass(const Call& call);
Answer UpdateFares(const Call& call);
// Departure control (§3.8), the airline's own: served where PartnerApiContext::departures is.
Answer GetPassengersByFlight(const Call& call);
Answer GetPassengerIdentifiers(const Call& call);
Answer GetPassengerDetail(const Call& call);
Answer UpdatePassenger(const Call& call);
core::Error ServedByTheBackOffice(std::string_view method);

// How a partner names one of its bookings (getBooking's request): by `bookingid`, by `bookingconfirmation` (its
// UUID: the credential is the proof), or by PNR in `bookingconfirmation` with `passengerlastname` (never without).
struct BookingKey {
  std::string locator;
  booking::BookingProof proof;
};
core::Result<BookingKey> FindBookingKey(const Call& call);
// The booking the calling partner made with id `booking_id` (createBooking's): its credential is the proof;
// BOOKING_NOT_FOUND for any other.
core::Result<BookingKey> PartnerBookingKey(const Call& call, std::int64_t booking_id);
// That booking read, with its key for the service calls that change it.
struct PartnerBooking {
  BookingKey key;
  booking::BookingView booking;
};
core::Result<PartnerBooking> ReadPartnerBooking(const Call& call, std::int64_t booking_id);
// createBooking's answer (`booking` with its keys, total and `items.flight[]`), which changeBooking gives too;
// `more` adds fields to `booking`.
std::string HeldAnswer(const Call& call, const booking::BookingView& booking,
                       const std::function<void(api::JsonWriter&)>& more = {});

// confirmBooking's answer (the booking's keys, what is left to pay, its time limits, status), which makePayment and
// useDeposit give too; `more` adds fields.
std::string ConfirmedAnswer(const Call& call, const booking::BookingView& booking,
                            const std::function<void(api::JsonWriter&)>& more = {});

// The agency the partner books for, or nullopt for none (AGENCY_NOT_FOUND should it have gone).
core::Result<std::optional<agents::Agency>> PartnerAgency(const Call& call);
// The currency prices are given in: the asked one (ISO 4217, upper-cased), else `agency`'s (PartnerAgency), else none
// (each airline's own). An agency is priced and charged in its currency only: CURRENCY_MISMATCH for another.
core::Result<std::optional<std::string>> PartnerCurrency(const Call& call,
                                                         const std::optional<agents::Agency>& agency);

// The booking site's address as the partner reached us ("https://book.example"), for deeplinks and booking links.
std::string SiteBase(const http::Request& req);

}  // namespace jetway::aerocrs
