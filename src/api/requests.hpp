// Reading the API v1's requests: the JSON body, query parameters, the path's locator and the Idempotency-Key, and
// the hold and confirmation bodies the booking service takes. Pure: every refusal is a 4xx core::Error with a
// stable code and the offending field, and nothing here touches a database, so the readers are fuzzed on their
// own (fuzz/).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "booking/booking_service.hpp"
#include "booking/requests.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/http.hpp"

namespace jetway::api {

// The body as one JSON object (json_body.hpp's strict reading); an empty body is {} when `allow_empty`.
core::Result<nlohmann::json> ParseBody(const http::Request& req, bool allow_empty);
// A member that may be absent or null, else must be a string (INVALID_TYPE naming `field`).
core::Result<std::optional<std::string>> OptString(const nlohmann::json& obj, const char* key,
                                                   const std::string& field);

core::Result<int> QueryInt(const http::Request& req, const char* name, int fallback);
core::Result<std::string> QueryAirport(const http::Request& req, const char* name);
core::Result<std::optional<core::LocalDate>> QueryDate(const http::Request& req, const char* name, bool required);
core::Result<std::optional<std::string>> IdempotencyKey(const http::Request& req);
// The :locator path parameter, upper-cased; INVALID_LOCATOR unless it could be one.
core::Result<std::string> PathLocator(const http::Request& req);

// What identifies a request under its Idempotency-Key, without card secrets.
std::string Fingerprint(const nlohmann::json& body);

core::Result<booking::HoldRequest> ParseHold(const nlohmann::json& body);
core::Result<booking::ConfirmRequest> ParseConfirm(const nlohmann::json& body);
// The flight of a booking a request names: {"segment": n}, 1 to kMaxSegments.
core::Result<int> ParseSegment(const nlohmann::json& body);
// The same from the path's ":segment"; 400 INVALID_SEGMENT as a malformed locator is.
core::Result<int> PathSegment(const http::Request& req);
// Seats chosen: {"seats": [{"passenger": 1, "seat": "12A"}, …]}, at most one per passenger of the largest party
// (infants included); `required` false lets it be absent (check-in), giving none.
core::Result<std::vector<booking::SeatChoice>> ParseSeatChoices(const nlohmann::json& body, bool required);
// Travel data given at check-in: {"documents": [{"passenger": 1, "nationality": "DK", "document": {…}}, …]}, as a
// confirmation's passengers give theirs; absent, none.
core::Result<std::vector<booking::TravelData>> ParseTravelDocuments(const nlohmann::json& body);
// Special service requests: {"ssrs": [{"passenger": 1, "segment": 1, "code": "WCHR", "text": ""}, …]} (segment 0 or
// absent: every flight); and one to withdraw, {"passenger": 1, "segment": 1, "code": "VGML"}.
core::Result<std::vector<booking::Ssr>> ParseSsrs(const nlohmann::json& body);
core::Result<booking::Ssr> ParseSsr(const nlohmann::json& body, const std::string& field);
// How a request pays: {"payment": {"method": "test_card", "card": {…}}}, "cash" or "on_account".
core::Result<std::pair<booking::PaymentMethod, booking::CardDetails>> ParsePayment(const nlohmann::json& body);
// Extras to buy: {"extras": [{"passenger": 1, "segment": 1, "code": "BAG"}, …], "payment": {…}}.
core::Result<booking::ExtrasRequest> ParseExtras(const nlohmann::json& body);
// A flight change: {"segment": 1, "flight_id": 4711, "booking_class": "M"} (and a last_name the caller reads).
core::Result<booking::ChangeRequest> ParseChange(const nlohmann::json& body);

}  // namespace jetway::api
