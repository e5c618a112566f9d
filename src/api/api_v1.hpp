// JSON API v1: the routes under /api/v1 (the health routes are ops/health.hpp's). Handlers parse the request, call one
// service, and render; bad input becomes a 4xx with a stable code. The context holds references to services
// that outlive the router; everything it points at is thread-safe.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/rendered_days.hpp"
#include "booking/booking_service.hpp"
#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/http.hpp"
#include "reference/reference_service.hpp"
#include "schedule/network_service.hpp"
#include "shopping/availability_service.hpp"

namespace jetway::api {

// Who calls API v1: a passenger (anonymous, known by address), or a partner with its partner-API credential as a
// Bearer token (`Authorization: Bearer <auth_id>:<secret>`, or the partner API's auth_id / auth_password headers).
struct ApiCaller {
  core::Actor actor;
  std::vector<std::string> airlines;  // the airlines it may see and book; empty: all
  std::optional<std::string> currency;  // what it is priced and charged in (a travel agency's); nullopt: any
  std::function<void()> failed;       // counts the call as failed on its meter; empty for a passenger
};
// Identifies the caller of an operation, named by the partner-API method whose grant covers it (getDeepLink for a
// search, createBooking for a hold, …): a passenger when the request carries no credential; a partner when its
// credential is good, the method granted and its quota not spent; otherwise the refusal (WRONG_CREDENTIALS 401,
// METHOD_NOT_ALLOWED 403, QUOTA_EXCEEDED 429 with Retry-After). The same credentials, grants and quotas as the
// partner API, whose front door provides it (aerocrs::ApiGate).
using CallerGate = std::function<core::Result<ApiCaller>(const http::Request&, std::string_view method)>;

// The static assets (URLs) of the interactive reference page (/api/v1/docs), which draws the OpenAPI document in the
// browser: Swagger UI's script and stylesheet, and jetway's script that starts it. Empty when Swagger UI is not
// installed (scripts/setup.sh), and the page says so.
struct ApiReference {
  std::string script;
  std::string stylesheet;
  std::string starter;
};

struct ApiContext {
  shopping::AvailabilityService& availability;
  booking::BookingService& bookings;
  schedule::NetworkService& network;
  const reference::AirportDirectory& airports;
  const core::Clock& clock;
  CallerGate gate;  // empty: every caller is a passenger
  ApiReference reference;
  RenderedDays rendered_days{};  // what searches show, rendered once per priced day
};

// The public application's API: the OpenAPI document and the routes under /api/v1.
void AddApiV1Routes(http::Router& router, ApiContext& context);

// The OpenAPI 3 document describing API v1.
const std::string& OpenApiDocument();

}  // namespace jetway::api
