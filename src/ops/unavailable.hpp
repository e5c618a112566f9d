// What a request gets when a handler threw because a database is down, restarting, out of connections or still
// contended after retries: 503 with Retry-After (the client may retry; with its Idempotency-Key a retried write is
// safe). A browser asking for a page gets an HTML page saying so, an API client the JSON error. Any other exception
// stays a 500 (nullopt).
#pragma once

#include <exception>
#include <optional>

#include "http/http.hpp"

namespace jetway::ops {

std::optional<http::Response> ResponseForException(const http::Request& request, const std::exception& e);

}  // namespace jetway::ops
