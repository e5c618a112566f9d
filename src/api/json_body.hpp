// Reads a request body as JSON strictly, because it comes from anyone on the internet: one JSON object and nothing
// else (no byte-order mark, no NUL, nothing after the value), no member name twice in one object, and at most
// kMaxJsonDepth levels of nesting. The depth is checked by a linear scan before anything is parsed, so no tree deeper
// than that is ever built, serialised or destroyed (each of those recurses once per level in nlohmann::json).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/error.hpp"

namespace jetway::api {

// Every jetway body nests at most 3 levels; 32 leaves room for growth and is far from any stack limit.
inline constexpr std::size_t kMaxJsonDepth = 32;

// MALFORMED_JSON, JSON_TOO_DEEP or DUPLICATE_MEMBER (its field names the member) as 400 errors.
core::Result<nlohmann::json> ParseJsonObject(std::string_view body);

// True when a Content-Type header names JSON: "application/json", optionally with a UTF-8 charset parameter.
bool IsJsonMediaType(std::string_view content_type);

}  // namespace jetway::api
