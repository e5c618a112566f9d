// JSON renderings of service results, shared by the API handlers. Pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "booking/booking_service.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "reference/reference_service.hpp"
#include "schedule/network_service.hpp"
#include "shopping/availability_service.hpp"

namespace jetway::api {

nlohmann::json RenderMoney(const core::Money& money);
nlohmann::json RenderSegment(const shopping::SegmentView& segment);
nlohmann::json RenderJourney(const shopping::Journey& journey);
nlohmann::json RenderBooking(const booking::BookingView& booking);
nlohmann::json RenderAirport(const reference::Airport& airport);
nlohmann::json RenderInventory(const schedule::FlightInventory& inventory);

}  // namespace jetway::api
