#include "api/api_v1.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "agents/agency.hpp"
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

// A refused credential says how to authenticate (RFC 6750).
http::Response Refused(const core::Error& error) {
  auto response = http::ErrorResponse(error);
  if (response.status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"jetway\"");
  return response;
}

core::Result<ApiCaller> Identify(ApiContext& ctx, const http::Request& req, std::string_view method) {
  if (ctx.gate) return ctx.gate(req, method);
  return ApiCaller{core::Actor::Passenger(core::Channel::kApi, req.remote), {}, {}, {}};
}

// The currency a caller is priced in: the asked one, which must be the caller's own when it has one (an agency's).
core::Result<std::optional<std::string>> CurrencyFor(const ApiCaller& caller, std::optional<std::string> asked) {
  if (!caller.currency) return asked ? std::optional<std::string>(core::AsciiUpper(*asked)) : std::nullopt;
  auto currency = agents::PricingCurrency(*caller.currency, std::move(asked));
  if (!currency) return std::unexpected(currency.error());
  return std::optional<std::string>(std::move(*currency));
}

bool Sees(const ApiCaller& caller, const std::string& airline) {
  return caller.airlines.empty() ||
         std::find(caller.airlines.begin(), caller.airlines.end(), airline) != caller.airlines.end();
}

// Who may see a booking without the passenger's proof: a partner that made it, by its credential.
booking::BookingProof Proof(const http::Request& req, const ApiCaller& caller, std::optional<std::string> last_name) {
  return {req.Header(kHoldTokenHeader), std::move(last_name), false, caller.actor.partner_id != 0};
}

// The journeys a search shows, as array elements, from their day's JSON rendered once.
void WriteJourneys(JsonWriter& w, RenderedDays& rendered_days, const shopping::JourneyList& journeys) {
  if (journeys.empty()) return;
  const auto day = rendered_days.Of(journeys.day());
  std::size_t bytes = 0;
  for (const auto position : journeys.positions()) bytes += day->Journey(position).size() + 1;
  w.Reserve(bytes + 64);  // and the answer's closing brackets
  for (const auto position : journeys.positions()) w.Raw(day->Journey(position));
}

// ---- handlers -----------------------------------------------------------------------------------------------

http::Response Availability(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
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
  auto asked = req.Query("currency");
  auto currency = CurrencyFor(caller, asked && !asked->empty() ? asked : std::nullopt);
  if (!currency) return FromError(currency.error());
  search.currency = *currency;
  search.airlines = caller.airlines;  // a partner's: it sees and books those only
  auto result = ctx.availability.Search(search);
  if (!result) return FromError(result.error());
  JsonWriter w;
  w.BeginObject().Key("outbound").BeginArray();
  WriteJourneys(w, ctx.rendered_days, result->outbound);
  w.EndArray().Key("return").BeginArray();
  WriteJourneys(w, ctx.rendered_days, result->inbound);
  w.EndArray().EndObject();
  return Json(200, w);
}

http::Response CreateBooking(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto key = IdempotencyKey(req);
  if (!key) return FromError(key.error());
  auto request = ParseHold(*body);
  if (!request) return FromError(request.error());
  request->idempotency_key = *key;
  request->fingerprint = Fingerprint(*body);
  request->sellable_airlines = caller.airlines;
  auto currency = CurrencyFor(caller, request->currency);
  if (!currency) return FromError(currency.error());
  request->currency = *currency;
  auto outcome = ctx.bookings.Hold(caller.actor, *request);
  if (!outcome) return FromError(outcome.error());
  JsonWriter w;
  WriteBooking(w, outcome->booking, outcome->hold_token);
  auto response = Json(201, w);
  response.headers.emplace_back("Location", "/api/v1/bookings/" + outcome->booking.locator);
  if (outcome->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

http::Response ConfirmBooking(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
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
  auto outcome = ctx.bookings.Confirm(caller.actor, *locator, *request);
  if (!outcome) return FromError(outcome.error());
  auto response = BookingJson(200, outcome->booking);
  if (outcome->replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

http::Response CancelBooking(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, true);
  if (!body) return FromError(body.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto name = *last_name ? *last_name : req.Query("last_name");
  auto booking = ctx.bookings.Cancel(caller.actor, *locator, Proof(req, caller, name));
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

// The booking after a change, as GET answers it, and beside it what the change cost.
http::Response ChangeJson(const booking::ChangeOutcome& outcome) {
  JsonWriter w;
  w.BeginObject().Key("booking");
  WriteBooking(w, outcome.booking);
  w.Key("change");
  WriteChangeQuote(w, outcome.quote);
  w.EndObject();
  return Json(200, w);
}

http::Response ChangeBooking(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto request = ParseChange(*body);
  if (!request) return FromError(request.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto changed = ctx.bookings.ChangeFlight(caller.actor, *locator, Proof(req, caller, *last_name), *request);
  if (!changed) return FromError(changed.error());
  return ChangeJson(*changed);
}

// One flight of several cancelled: the booking as it now is, and what came back and what was kept.
http::Response CancelSegment(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  const auto segment = PathSegment(req);
  if (!segment) return FromError(segment.error());
  auto body = ParseBody(req, true);
  if (!body) return FromError(body.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto name = *last_name ? *last_name : req.Query("last_name");
  auto cancelled = ctx.bookings.CancelFlight(caller.actor, *locator, Proof(req, caller, name), *segment);
  if (!cancelled) return FromError(cancelled.error());
  return ChangeJson(*cancelled);
}

void WritePasses(JsonWriter& w, const std::vector<booking::BoardingPass>& passes) {
  w.Key("boarding_passes").BeginArray();
  for (const auto& pass : passes)
    w.BeginObject()
        .Field("passenger", pass.passenger)
        .Field("segment", pass.segment)
        .Field("sequence", pass.sequence)
        .Field("bcbp", pass.bcbp)
        .EndObject();
  w.EndArray();
}

// Web check-in of the booking's passengers on one flight: the booking, and a boarding pass per passenger (the
// barcode's IATA Res. 792 text).
http::Response CheckIn(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto segment = ParseSegment(*body);
  if (!segment) return FromError(segment.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto seats = ParseSeatChoices(*body, false);
  if (!seats) return FromError(seats.error());
  auto documents = ParseTravelDocuments(*body);
  if (!documents) return FromError(documents.error());
  const auto proof = Proof(req, caller, *last_name);
  if (!documents->empty())
    if (auto given = ctx.bookings.GiveTravelData(caller.actor, *locator, proof, *documents); !given)
      return FromError(given.error());
  auto checked = ctx.bookings.CheckIn(caller.actor, *locator, proof, *segment, *seats);
  if (!checked) return FromError(checked.error());
  JsonWriter w;
  w.BeginObject().Key("booking");
  WriteBooking(w, checked->booking);
  WritePasses(w, checked->passes);
  w.EndObject();
  return Json(200, w);
}

// A flight's boarding passes again, for those checked in: NOT_CHECKED_IN when no one is.
http::Response GetBoardingPasses(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  const auto segment = PathSegment(req);
  if (!segment) return FromError(segment.error());
  auto booking = ctx.bookings.Retrieve(caller.actor, *locator, Proof(req, caller, req.Query("last_name")));
  if (!booking) return FromError(booking.error());
  const auto passes = booking::BoardingPassesOf(*booking, *segment, ctx.airports);
  if (passes.empty())
    return FromError(core::MakeError(core::ErrorKind::kConflict, "NOT_CHECKED_IN",
                                     fmt::format("no one of booking {} is checked in on flight {}", *locator, *segment)));
  JsonWriter w;
  w.BeginObject();
  WritePasses(w, passes);
  w.EndObject();
  return Json(200, w);
}

// A flight's seat map as the booking's passengers see it.
http::Response GetSeats(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  const auto segment = PathSegment(req);
  if (!segment) return FromError(segment.error());
  auto seats = ctx.bookings.SeatsOf(caller.actor, *locator, Proof(req, caller, req.Query("last_name")), *segment);
  if (!seats) return FromError(seats.error());
  JsonWriter w;
  WriteSeatMap(w, *seats);
  return Json(200, w);
}

// Seats chosen on one flight: the booking as it now is.
http::Response ChooseSeats(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  const auto segment = PathSegment(req);
  if (!segment) return FromError(segment.error());
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto seats = ParseSeatChoices(*body, true);
  if (!seats) return FromError(seats.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto booking = ctx.bookings.ChooseSeats(caller.actor, *locator, Proof(req, caller, *last_name), *segment, *seats);
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

// What the airline's schedule changes did to the booking, newest first (ScheduleChangeService).
http::Response GetScheduleChanges(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto changes = ctx.bookings.ScheduleChanges(caller.actor, *locator, Proof(req, caller, req.Query("last_name")));
  if (!changes) return FromError(changes.error());
  JsonWriter w;
  w.BeginObject().Key("schedule_changes").BeginArray();
  for (const auto& c : *changes) WriteScheduleChange(w, c);
  w.EndArray().EndObject();
  return Json(200, w);
}

// The passenger's answer to one: accept it, or cancel the booking with everything refunded.
http::Response AnswerScheduleChange(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  const auto id = core::ParseInteger(req.params.at("change"), 1, std::numeric_limits<std::int64_t>::max());
  if (!id) return FromError(core::MakeError(core::ErrorKind::kNotFound, "CHANGE_NOT_FOUND", "no such schedule change"));
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto answer = OptString(*body, "answer", "answer");
  if (!answer) return FromError(answer.error());
  const auto parsed = booking::BookingService::ParseScheduleAnswer(answer->value_or(""));
  if (!parsed)
    return FromError(core::MakeError(core::ErrorKind::kInvalid, "INVALID_ANSWER",
                                     "answer must be \"accept\" or \"refund\"", "answer"));
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto booking = ctx.bookings.AnswerScheduleChange(caller.actor, *locator, Proof(req, caller, *last_name), *id, *parsed);
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

// Special service requests asked for, and one withdrawn: the booking as it now is.
http::Response RequestSsrs(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto ssrs = ParseSsrs(*body);
  if (!ssrs) return FromError(ssrs.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto booking = ctx.bookings.RequestSsrs(caller.actor, *locator, Proof(req, caller, *last_name), *ssrs);
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

http::Response WithdrawSsr(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto ssr = ParseSsr(*body, "");
  if (!ssr) return FromError(ssr.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto booking = ctx.bookings.WithdrawSsr(caller.actor, *locator, Proof(req, caller, *last_name), *ssr);
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

// The extras the booking may buy, priced in its currency.
http::Response GetExtras(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto offered = ctx.bookings.ExtrasOffered(caller.actor, *locator, Proof(req, caller, req.Query("last_name")));
  if (!offered) return FromError(offered.error());
  JsonWriter w;
  w.BeginObject().Key("extras").BeginArray();
  for (const auto& o : *offered) {
    w.BeginObject()
        .Field("code", o.item.code)
        .Field("rfic", std::string(1, o.item.rfic))
        .Field("rfisc", o.item.rfisc)
        .Field("max_per_flight", o.item.max_per_flight)
        .Key("price");
    WriteMoney(w, o.price);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return Json(200, w);
}

// Extras bought: the booking with its new EMDs.
http::Response BuyExtras(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto body = ParseBody(req, false);
  if (!body) return FromError(body.error());
  auto request = ParseExtras(*body);
  if (!request) return FromError(request.error());
  auto last_name = OptString(*body, "last_name", "last_name");
  if (!last_name) return FromError(last_name.error());
  auto booking = ctx.bookings.BuyExtras(caller.actor, *locator, Proof(req, caller, *last_name), *request);
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

http::Response GetBooking(ApiContext& ctx, const http::Request& req, const ApiCaller& caller) {
  auto locator = PathLocator(req);
  if (!locator) return FromError(locator.error());
  auto booking = ctx.bookings.Retrieve(caller.actor, *locator, Proof(req, caller, req.Query("last_name")));
  if (!booking) return FromError(booking.error());
  return BookingJson(200, *booking);
}

http::Response Airports(ApiContext& ctx, const http::Request& req, const ApiCaller&) {
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

http::Response Routes(ApiContext& ctx, const http::Request&, const ApiCaller& caller) {
  JsonWriter w;
  w.BeginObject().Key("routes").BeginArray();
  const auto today = core::LocalDate{date::floor<date::days>(ctx.clock.Now())};
  for (const auto& r : ctx.network.Routes(today))
    if (Sees(caller, r.airline))
      w.BeginObject().Field("airline", r.airline).Field("origin", r.origin).Field("destination", r.destination).EndObject();
  w.EndArray().EndObject();
  return Json(200, w);
}

// Swagger UI draws the page in the browser from the document, and its "Try it out" calls this server. Nothing is
// fetched from anywhere else (its validator badge is off: it would send the document to validator.swagger.io).
constexpr const char* kReferenceContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

http::Response ReferencePage(const ApiContext& ctx) {
  const auto& ref = ctx.reference;
  if (ref.script.empty())
    return http::ErrorResponse(404, "API_REFERENCE_NOT_INSTALLED",
                               "The interactive API reference is not installed on this server (scripts/setup.sh with "
                               "JETWAY_WITH_API_REFERENCE=1 installs it); the OpenAPI document is /api/v1/openapi.json");
  auto r = http::HtmlResponse(200, "");
  for (auto& [name, value] : r.headers)
    if (name == "Content-Security-Policy") value = kReferenceContentSecurityPolicy;
  r.headers.emplace_back("Cache-Control", "public, max-age=300");
  r.body = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>jetway API v1 reference</title><link rel=\"stylesheet\" href=\"{}\"></head>\n"
      "<body><main id=\"reference\" data-openapi=\"/api/v1/openapi.json\"></main>\n"
      "<script src=\"{}\"></script><script src=\"{}\"></script></body></html>\n",
      ref.stylesheet, ref.script, ref.starter);
  return r;
}

using Handler = http::Response (*)(ApiContext&, const http::Request&, const ApiCaller&);

// A route's handler behind the gate: the caller identified (and, for a partner, admitted by its quota) first; a
// partner's failed call counted as failed.
std::function<http::Response(const http::Request&)> Gated(ApiContext& ctx, const char* method, Handler handler) {
  return [&ctx, method, handler](const http::Request& req) {
    auto caller = Identify(ctx, req, method);
    if (!caller) return Refused(caller.error());
    auto response = handler(ctx, req, *caller);
    if (response.status >= 400 && caller->failed) caller->failed();
    return response;
  };
}

}  // namespace

void AddApiV1Routes(http::Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/openapi.json", [](const http::Request&) {
    http::Response r;
    r.body = OpenApiDocument();
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    return r;
  });
  // Each operation is granted to a partner with the partner-API method that does the same.
  router.Add("GET", "/api/v1/docs", [&ctx](const http::Request&) { return ReferencePage(ctx); });
  router.Add("GET", "/api/v1/airports", Gated(ctx, "getDestinations", &Airports));
  router.Add("GET", "/api/v1/routes", Gated(ctx, "getDestinations", &Routes));
  router.Add("GET", "/api/v1/availability", Gated(ctx, "getDeepLink", &Availability));
  router.Add("POST", "/api/v1/bookings", Gated(ctx, "createBooking", &CreateBooking));
  router.Add("GET", "/api/v1/bookings/:locator", Gated(ctx, "getBooking", &GetBooking));
  router.Add("POST", "/api/v1/bookings/:locator/confirm", Gated(ctx, "confirmBooking", &ConfirmBooking));
  router.Add("POST", "/api/v1/bookings/:locator/cancel", Gated(ctx, "cancelBooking", &CancelBooking));
  router.Add("POST", "/api/v1/bookings/:locator/change", Gated(ctx, "changeBooking", &ChangeBooking));
  router.Add("POST", "/api/v1/bookings/:locator/check-in", Gated(ctx, "updatePassenger", &CheckIn));
  router.Add("GET", "/api/v1/bookings/:locator/segments/:segment/seats", Gated(ctx, "getSeatMap", &GetSeats));
  router.Add("GET", "/api/v1/bookings/:locator/segments/:segment/boarding-passes",
             Gated(ctx, "updatePassenger", &GetBoardingPasses));
  router.Add("POST", "/api/v1/bookings/:locator/segments/:segment/seats",
             Gated(ctx, "makeSeatReservation", &ChooseSeats));
  router.Add("POST", "/api/v1/bookings/:locator/ssrs", Gated(ctx, "createSSR", &RequestSsrs));
  router.Add("GET", "/api/v1/bookings/:locator/extras", Gated(ctx, "getAncillaries", &GetExtras));
  router.Add("POST", "/api/v1/bookings/:locator/extras", Gated(ctx, "createAncillary", &BuyExtras));
  router.Add("POST", "/api/v1/bookings/:locator/ssrs/withdraw", Gated(ctx, "createSSR", &WithdrawSsr));
  router.Add("GET", "/api/v1/bookings/:locator/schedule-changes", Gated(ctx, "getBooking", &GetScheduleChanges));
  router.Add("POST", "/api/v1/bookings/:locator/schedule-changes/:change",
             Gated(ctx, "changeBooking", &AnswerScheduleChange));
  router.Add("POST", "/api/v1/bookings/:locator/segments/:segment/cancel",
             Gated(ctx, "changeBooking", &CancelSegment));
}

}  // namespace jetway::api
