// The AeroCRS v5 envelope (../shared/reference/aerocrs-api.md §1): reading a call's parameters from a POSTed
// `{"aerocrs":{"parms":{…}}}` or a GET query string, reading each parameter the forgiving way partners send them
// (numbers as numbers or strings, one object where an array is expected, dates as YYYY/MM/DD), and writing the
// answers: `{"aerocrs":{"success":true,…}}` or `{"aerocrs":{"success":false,"details":{"detail":[…]}}}`. Pure, no
// services: every refusal is a core::Error whose message is the detail a partner reads, and the readers are fuzzed.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "http/http.hpp"

namespace jetway::aerocrs {

// The call's parameters as one JSON object: the body's aerocrs.parms (POST) or the query string's (GET, every value
// a string). MALFORMED_REQUEST (400) for a body that is not the envelope; XML_NOT_SUPPORTED (415) for XML.
core::Result<nlohmann::json> ReadParms(const http::Request& req);

// A parameter that may be absent (or null or ""), else text (a number is taken as its digits): INVALID_PARAMETER for
// an object, an array, or more than `max_length` characters.
core::Result<std::optional<std::string>> OptText(const nlohmann::json& parms, const char* key,
                                                 std::size_t max_length = 200);
// The same, MISSING_PARAMETER when absent.
core::Result<std::string> Text(const nlohmann::json& parms, const char* key, std::size_t max_length = 200);
// A whole number in [min, max], sent as a number or a string of digits; `fallback` when absent.
core::Result<std::int64_t> Integer(const nlohmann::json& parms, const char* key, std::int64_t min, std::int64_t max,
                                   std::optional<std::int64_t> fallback = std::nullopt);
// true/false, 1/0, "true"/"false", "1"/"0"; `fallback` when absent.
core::Result<bool> Flag(const nlohmann::json& parms, const char* key, bool fallback);
// YYYY/MM/DD (YYYY-MM-DD and a trailing time tolerated); `required` or nullopt when absent.
core::Result<std::optional<core::LocalDate>> Date(const nlohmann::json& parms, const char* key, bool required);
// The elements of a repeated parameter: an array of objects, or one object (partners collapse one-element lists).
// MISSING_PARAMETER when absent and `required`; INVALID_PARAMETER for anything but objects.
core::Result<std::vector<nlohmann::json>> Items(const nlohmann::json& parms, const char* key, bool required);
// A nested object parameter, or nullptr when absent.
const nlohmann::json* Object(const nlohmann::json& parms, const char* key);

// Formats of §1.6.
std::string SlashDate(core::LocalDate date);             // 2026/03/14
std::string LocalDateTime(std::string_view formatted_local);  // from core::FormatLocal: 2026/03/14 08:00
std::string LocalClock(std::string_view formatted_local);     // 08:00
std::string UtcDateTime(core::Instant instant);               // 2026/03/14 05:25
std::string Amount(const core::Money& money);                 // "204.00": decimal text in the currency's digits

// The success envelope around what `write` adds beside `success` (its keys and values).
template <typename Write>
std::string Success(Write&& write) {
  api::JsonWriter w;
  w.BeginObject().Key("aerocrs").BeginObject().Field("success", true);
  write(w);
  w.EndObject().EndObject();
  return w.Take();
}
// {"aerocrs":{"success":false,"details":{"detail":[message]},"code":CODE}}: the reference's error shape, with
// jetway's machine-readable code beside it.
std::string Failure(const core::Error& error);
// The failure as an answer: HTTP 200 (business errors are in-band, §1.5) except for what is not a call at all
// (a malformed envelope: 400, XML 415, an unknown method 404) and a quota (429 with Retry-After).
http::Response FailureResponse(const core::Error& error);

}  // namespace jetway::aerocrs
