// JSON API v1: the routes under /api/v1, plus /healthz and /readyz. Handlers parse the request, call one
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

// What /readyz reports: the engine and whether each database answers.
struct Readiness {
  std::string engine;  // "sqlite" or "postgresql"
  bool data = false;
  bool web = false;
  bool mgmt = false;
};

struct ApiContext {
  shopping::AvailabilityService& availability;
  booking::BookingService& bookings;
  schedule::NetworkService& network;
  const reference::AirportDirectory& airports;
  const core::Clock& clock;
  // The airline's revenue data (a flight's inventory) is served only to `Authorization: Bearer <operator_token>`;
  // empty: to no one. Until staff log in to the back office, this is the operators' key.
  std::string operator_token;
};

// /healthz (the process is alive) and /readyz (each database answers), served by every application.
void AddHealthRoutes(http::Router& router, std::function<Readiness()> readiness, std::string version);
// The public application's API: the OpenAPI document and the routes under /api/v1.
void AddApiV1Routes(http::Router& router, ApiContext& context);

// A database that is down, restarting, out of connections or still contended after retries is a 503 with
// Retry-After (the client may retry; with its Idempotency-Key a retried write is safe); anything else stays a 500.
std::optional<http::Response> ResponseForException(const std::exception& e);

// The OpenAPI 3 document describing API v1.
const std::string& OpenApiDocument();

}  // namespace jetway::api
