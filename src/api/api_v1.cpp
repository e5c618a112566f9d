#include "api/api_v1.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/json_body.hpp"
#include "api/json_writer.hpp"
#include "api/requests.hpp"
#include "api/render.hpp"
#include "core/actor.hpp"
#include "core/codes.hpp"
#include "core/locator.hpp"
#include "core/text.hpp"
#include "store/store.hpp"

namespace jetway::api {

using core::ErrorKind;
using core::Fail;
using nlohmann::json;

namespace {

// Carries the secret a hold returned (hold_token) to read, confirm or cancel the booking before it has names.
constexpr const char* kHoldTokenHeader = "X-Hold-Token";
constexpr std::size_t kMaxAirportResults = 100;

http::Response FromError(const core::Error& e) { return http::ErrorResponse(e); }

http::Response Json(int status, JsonWriter& body) {
  http::Response r;
  r.status = status;
  r.body = body.Take();
  return r;
}

http::Response BookingJson(int status, const booking::BookingView& booking) {
  JsonWriter w;
  WriteBooking(w, booking);
  return Json(status, w);
}

template <typename Render, typename Value>
http::Response Rendered(int status, Render render, const Value& value) {
  JsonWriter w;
  render(w, value);
  return Json(status, w);
}

// Who is calling: a passenger, anonymous and known by address (partner credentials come with the partner API).
core::Actor Caller(const http::Request& req) { return core::Actor::Passenger(core::Channel::kApi, req.remote); }

// ---- handlers -----------------------------------------------------------------------------------------------

http::Response Availability(ApiContext& ctx, const http::Request& req) {
  shopping::SearchRequest search;
  auto origin = QueryAirport(req, "origin");
  if (!origin) return FromError(origin.error());
  auto destination = QueryAirport(req, "destination");
  if (!destination) return FromError(destination.error());
  auto date = QueryDate(req, "date", true);
  if (!date) return FromError(date.error());
  auto return_date = QueryDate(req, "return_date", false);
  if (!return_date) return FromError(return_date.error());
  auto adults = QueryInt(req, "adults", 1);
  if (!adults) return FromError(adults.error());
  auto children = QueryInt(req, "children", 0);
  if (!children) return FromError(children.error());
  auto infants = QueryInt(req, "infants", 0);
  if (!infants) return FromError(infants.error());
  search.origin = *origin;
  search.destination = *destination;
  search.date = **date;
  search.return_date = *return_date;
  search.party = {*adults, *children, *infants};
  if (auto currency = req.Query("currency"); currency && !currency->empty()) search.currency = core::AsciiUpper(*currency);
  auto result = ctx.availability.Search(search);
  if (!result) return FromError(result.error());
  JsonWriter w;
  w.BeginObject().Key("outbound").BeginArray();
  for (const auto& j : result->outbound) WriteJourney(w, j);
  w.EndArray().Key("return").BeginArray();
  for (const auto& j : result->inbound) WriteJourney(w, j);
  w.EndArray().EndObject();
  return Json(200, w);
}

http::Response CreateBooking(ApiContext& ctx, const http::Request& req) {
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto key = IdempotencyKey(req);
  if (!key) return FromError(key.error());
  auto request = ParseHold(*body);
  if (!request) return FromError(request.error());
  request->idempotency_key = *key;
  request->fingerprint = Fingerprint(*body);
  auto outcome = ctx.bookings.Hold(Caller(req), *request);
  if (!outcome) return FromError(outcome.error());
  JsonWriter w;
  WriteBooking(w, outcome->booking, outcome->hold_token);
  auto response = Json(201, w);
  response.headers.emplace_back("Location", "/api/v1/bookings/" + outcome->booking.locator);
  if (outcome->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

http::Response ConfirmBooking(ApiContext& ctx, const http::Request& req) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto key = IdempotencyKey(req);
  if (!key) return FromError(key.error());
  auto request = ParseConfirm(*body);
  if (!request) return FromError(request.error());
  request->idempotency_key = *key;
  request->fingerprint = Fingerprint(*body);
  request->hold_token = req.Header(kHoldTokenHeader).value_or("");
  auto outcome = ctx.bookings.Confirm(Caller(req), *locator, *request);
  if (!outcome) return FromError(outcome.error());
  auto response = BookingJson(200, outcome->booking);
  if (outcome->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

http::Response CancelBooking(ApiContext& ctx, const http::Request& req) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, true);
  if (!body) return FromError(body.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto name = *last_name ? *last_name : req.Query("last_name");
  auto booking = ctx.bookings.Cancel(Caller(req), *locator, {req.Header(kHoldTokenHeader), name, false});
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

http::Response GetBooking(ApiContext& ctx, const http::Request& req) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto booking =
      ctx.bookings.Retrieve(Caller(req), *locator, {req.Header(kHoldTokenHeader), req.Query("last_name"), false});
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

http::Response Airports(ApiContext& ctx, const http::Request& req) {
  auto q = req.Query("q");
  if (!q || q->empty()) return http::ErrorResponse(400, "MISSING_PARAMETER", "q is required (code, name or city)", "q");
  if (q->size() > 64) return http::ErrorResponse(422, "INVALID_PARAMETER", "q is at most 64 characters", "q");
  auto limit = QueryInt(req, "limit", 20);
  if (!limit) return FromError(limit.error());
  JsonWriter w;
  w.BeginObject().Key("airports").BeginArray();
  for (const auto* a : ctx.airports.Search(*q, std::min<std::size_t>(kMaxAirportResults, std::max(1, *limit))))
    WriteAirport(w, *a);
  w.EndArray().EndObject();
  return Json(200, w);
}

http::Response Routes(ApiContext& ctx) {
  JsonWriter w;
  w.BeginObject().Key("routes").BeginArray();
  const auto today = core::LocalDate{date::floor<date::days>(ctx.clock.Now())};
  for (const auto& r : ctx.network.Routes(today))
    w.BeginObject().Field("airline", r.airline).Field("origin", r.origin).Field("destination", r.destination).EndObject();
  w.EndArray().EndObject();
  return Json(200, w);
}

}  // namespace

void AddApiV1Routes(http::Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/openapi.json", [](const http::Request&) {
    http::Response r;
    r.body = OpenApiDocument();
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    return r;
  });
  router.Add("GET", "/api/v1/airports", [&ctx](const http::Request& req) { return Airports(ctx, req); });
  router.Add("GET", "/api/v1/routes", [&ctx](const http::Request&) { return Routes(ctx); });
  router.Add("GET", "/api/v1/availability", [&ctx](const http::Request& req) { return Availability(ctx, req); });
  router.Add("POST", "/api/v1/bookings", [&ctx](const http::Request& req) { return CreateBooking(ctx, req); });
  router.Add("GET", "/api/v1/bookings/:locator", [&ctx](const http::Request& req) { return GetBooking(ctx, req); });
  router.Add("POST", "/api/v1/bookings/:locator/confirm",
             [&ctx](const http::Request& req) { return ConfirmBooking(ctx, req); });
  router.Add("POST", "/api/v1/bookings/:locator/cancel",
             [&ctx](const http::Request& req) { return CancelBooking(ctx, req); });
}

}  // namespace jetway::api
