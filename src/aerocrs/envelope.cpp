#include "aerocrs/envelope.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "api/json_body.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using core::Fail;
using nlohmann::json;

namespace {

core::Error Malformed(std::string message) {
  return core::MakeError(ErrorKind::kBadRequest, "MALFORMED_REQUEST", std::move(message));
}

core::Error Invalid(const char* key, std::string_view what) {
  return core::MakeError(ErrorKind::kInvalid, "INVALID_PARAMETER", fmt::format("{} {}", key, what), key);
}

core::Error Missing(const char* key) {
  return core::MakeError(ErrorKind::kInvalid, "MISSING_PARAMETER", fmt::format("Mandatory parameter missing: {}", key),
                         key);
}

bool IsXml(std::string_view content_type) {
  return content_type.find("xml") != std::string_view::npos;
}

bool Absent(const json& parms, const char* key) {
  auto it = parms.find(key);
  return it == parms.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty());
}

// "2026/03/14", "2026-03-14", either with a time after it.
std::optional<core::LocalDate> ParseSlashDate(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  std::string iso(text.substr(0, 10));
  if (text.size() > 10 && text[10] != ' ' && text[10] != 'T') return std::nullopt;
  if ((iso[4] == '/' && iso[7] == '/') || (iso[4] == '-' && iso[7] == '-')) {
    iso[4] = iso[7] = '-';
    return core::ParseIsoDate(iso);
  }
  return std::nullopt;
}

}  // namespace

core::Result<json> ReadParms(const http::Request& req) {
  if (req.method == "GET" || req.method == "HEAD") {
    json parms = json::object();
    for (const auto& [name, value] : req.query) parms[name] = value;
    return parms;
  }
  const auto content_type = req.Header("Content-Type").value_or("");
  if (IsXml(content_type) || (!req.body.empty() && req.body.front() == '<'))
    return Fail(ErrorKind::kUnsupportedMediaType, "XML_NOT_SUPPORTED",
                "XML requests are not supported; send the JSON envelope {\"aerocrs\":{\"parms\":{...}}}");
  if (req.body.empty()) return json::object();
  auto body = api::ParseJsonObject(req.body);
  if (!body) return std::unexpected(Malformed("The request is not valid JSON: " + body.error().message));
  auto envelope = body->find("aerocrs");
  if (envelope == body->end() || !envelope->is_object())
    return std::unexpected(Malformed("The request must be the envelope {\"aerocrs\":{\"parms\":{...}}}"));
  auto parms = envelope->find("parms");
  if (parms == envelope->end() || parms->is_null()) return json::object();
  if (!parms->is_object()) return std::unexpected(Malformed("aerocrs.parms must be an object"));
  return *parms;
}

core::Result<std::optional<std::string>> OptText(const json& parms, const char* key, std::size_t max_length) {
  auto it = parms.find(key);
  if (it == parms.end() || it->is_null()) return std::optional<std::string>{};
  std::string text;
  if (it->is_string())
    text = it->get<std::string>();
  else if (it->is_number_integer())
    text = it->dump();
  else
    return std::unexpected(Invalid(key, "must be text"));
  text = std::string(core::Trim(text));
  if (text.empty()) return std::optional<std::string>{};
  if (text.size() > max_length) return std::unexpected(Invalid(key, fmt::format("is at most {} characters", max_length)));
  return std::optional<std::string>(std::move(text));
}

core::Result<std::string> Text(const json& parms, const char* key, std::size_t max_length) {
  auto text = OptText(parms, key, max_length);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::unexpected(Missing(key));
  return std::move(**text);
}

core::Result<std::int64_t> Integer(const json& parms, const char* key, std::int64_t min, std::int64_t max,
                                   std::optional<std::int64_t> fallback) {
  if (Absent(parms, key)) {
    if (fallback) return *fallback;
    return std::unexpected(Missing(key));
  }
  const auto& value = parms.at(key);
  std::optional<std::int64_t> number;
  if (value.is_number_integer())
    number = value.get<std::int64_t>();
  else if (const double d = value.is_number_float() ? value.get<double>() : 0.5;
           value.is_number_float() && d >= -9.0e15 && d <= 9.0e15 && d == static_cast<double>(static_cast<std::int64_t>(d)))
    number = static_cast<std::int64_t>(d);  // a whole number written as a float, in range before it is cast
  else if (value.is_string())
    number = core::ParseInteger(core::Trim(value.get_ref<const std::string&>()), min, max);
  if (!number || *number < min || *number > max)
    return std::unexpected(Invalid(key, fmt::format("must be a whole number from {} to {}", min, max)));
  return *number;
}

core::Result<bool> Flag(const json& parms, const char* key, bool fallback) {
  if (Absent(parms, key)) return fallback;
  const auto& value = parms.at(key);
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer() && (value.get<std::int64_t>() == 0 || value.get<std::int64_t>() == 1))
    return value.get<std::int64_t>() == 1;
  if (value.is_string()) {
    const auto text = core::AsciiLower(core::Trim(value.get_ref<const std::string&>()));
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
  }
  return std::unexpected(Invalid(key, "must be true or false"));
}

core::Result<std::optional<core::LocalDate>> Date(const json& parms, const char* key, bool required) {
  auto text = OptText(parms, key, 19);
  if (!text) return std::unexpected(text.error());
  if (!*text) {
    if (required) return std::unexpected(Missing(key));
    return std::optional<core::LocalDate>{};
  }
  auto date = ParseSlashDate(**text);
  if (!date) return std::unexpected(Invalid(key, "must be a date, YYYY/MM/DD"));
  return std::optional<core::LocalDate>(*date);
}

core::Result<std::vector<json>> Items(const json& parms, const char* key, bool required) {
  auto it = parms.find(key);
  if (it == parms.end() || it->is_null()) {
    if (required) return std::unexpected(Missing(key));
    return std::vector<json>{};
  }
  std::vector<json> items;
  if (it->is_object()) {
    items.push_back(*it);
  } else if (it->is_array()) {
    for (const auto& item : *it) {
      if (!item.is_object()) return std::unexpected(Invalid(key, "must be a list of objects"));
      items.push_back(item);
    }
  } else {
    return std::unexpected(Invalid(key, "must be a list of objects"));
  }
  if (items.empty() && required) return std::unexpected(Missing(key));
  return items;
}

const json* Object(const json& parms, const char* key) {
  auto it = parms.find(key);
  return it != parms.end() && it->is_object() ? &*it : nullptr;
}

std::string SlashDate(core::LocalDate date) {
  auto iso = core::FormatIsoDate(date);
  std::replace(iso.begin(), iso.end(), '-', '/');
  return iso;
}

std::string LocalDateTime(std::string_view formatted_local) {
  // "2026-03-29T10:30:00+02:00" -> "2026/03/29 10:30"
  if (formatted_local.size() < 16) return std::string(formatted_local);
  std::string text(formatted_local.substr(0, 16));
  text[4] = text[7] = '/';
  text[10] = ' ';
  return text;
}

std::string LocalClock(std::string_view formatted_local) {
  return formatted_local.size() < 16 ? std::string() : std::string(formatted_local.substr(11, 5));
}

std::string UtcDateTime(core::Instant instant) { return LocalDateTime(core::FormatUtc(instant)); }

std::string Amount(const core::Money& money) { return core::FormatAmount(money); }

std::string Failure(const core::Error& error) {
  api::JsonWriter w;
  w.BeginObject().Key("aerocrs").BeginObject().Field("success", false);
  w.Key("details").BeginObject().Key("detail").BeginArray().String(error.message).EndArray().EndObject();
  w.Field("code", error.code);
  w.EndObject().EndObject();
  return w.Take();
}

http::Response FailureResponse(const core::Error& error) {
  http::Response r;
  switch (error.kind) {
    case ErrorKind::kBadRequest: r.status = 400; break;
    case ErrorKind::kUnsupportedMediaType: r.status = 415; break;
    case ErrorKind::kTooManyRequests: r.status = 429; break;
    default: r.status = error.code == "UNKNOWN_METHOD" ? 404 : 200;
  }
  r.body = Failure(error);
  r.log_code = error.code;
  http::AddRetryAfter(r, error);
  return r;
}

}  // namespace jetway::aerocrs
