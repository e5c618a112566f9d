// JSON renderings of service results, shared by the API handlers: each writes one value into a JsonWriter.
// Pure functions.
#pragma once

#include <string_view>

#include "api/json_writer.hpp"
#include "booking/booking_service.hpp"
#include "core/money.hpp"
#include "reference/reference_service.hpp"
#include "schedule/network_service.hpp"
#include "shopping/availability_service.hpp"

namespace jetway::api {

void WriteMoney(JsonWriter& w, const core::Money& money);
void WriteJourney(JsonWriter& w, const shopping::Journey& journey);
// `hold_token` is written only when given: in the answer to the hold that made it (or its Idempotency-Key retry).
void WriteBooking(JsonWriter& w, const booking::BookingView& booking, std::string_view hold_token = {});
// What a flight change cost: {"fee", "collected", "given_back", "forfeited"} as money.
void WriteChangeQuote(JsonWriter& w, const booking::ChangeQuote& quote);
// One schedule change of a booking: what it was sold as, what it is now, and the passenger's answer.
void WriteScheduleChange(JsonWriter& w, const booking::ScheduleChange& change);
// One flight's seat map for a booking: rows of seats, each free, taken, blocked or yours (with the passenger).
void WriteSeatMap(JsonWriter& w, const booking::FlightSeats& seats);
void WriteAirport(JsonWriter& w, const reference::Airport& airport);
void WriteInventory(JsonWriter& w, const schedule::FlightInventory& inventory);

}  // namespace jetway::api
