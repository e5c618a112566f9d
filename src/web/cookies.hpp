// Reading the Cookie header and writing Set-Cookie for the pages' few cookies (session, language). Every cookie is
// HttpOnly and SameSite=Lax (no script reads it; other sites' forms do not carry it) and Secure when the page was
// served over TLS.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/http.hpp"

namespace jetway::web {

std::optional<std::string> CookieValue(const http::Request& request, std::string_view name);

struct CookieOptions {
  int max_age_seconds = 0;  // 0: a session cookie
  bool secure = false;
  bool strict = false;  // SameSite=Strict (a link from another site never carries it) instead of Lax
  bool expire = false;  // Max-Age=0: the browser drops the cookie
};
std::string SetCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options);

// Whether the browser reached us over TLS: directly, or through the load balancer (X-Forwarded-Proto).
bool IsSecureRequest(const http::Request& request);

}  // namespace jetway::web
