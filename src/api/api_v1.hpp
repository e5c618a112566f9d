// JSON API v1: the routes under /api/v1 (the health routes are ops/health.hpp's). Handlers parse the request, call one
// service, and render; bad input becomes a 4xx with a stable code. The context holds references to services
// that outlive the router; everything it points at is thread-safe.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "booking/booking_service.hpp"
#include "core/time.hpp"
#include "http/http.hpp"
#include "reference/reference_service.hpp"
#include "schedule/network_service.hpp"
#include "shopping/availability_service.hpp"

namespace jetway::api {

struct ApiContext {
  shopping::AvailabilityService& availability;
  booking::BookingService& bookings;
  schedule::NetworkService& network;
  const reference::AirportDirectory& airports;
  const core::Clock& clock;
};

// The public application's API: the OpenAPI document and the routes under /api/v1.
void AddApiV1Routes(http::Router& router, ApiContext& context);

// The OpenAPI 3 document describing API v1.
const std::string& OpenApiDocument();

}  // namespace jetway::api
