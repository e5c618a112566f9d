#include "web/cookies.hpp"

#include <fmt/core.h>

#include "core/text.hpp"

namespace jetway::web {

std::optional<std::string> CookieValue(const http::Request& request, std::string_view name) {
  auto header = request.Header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    const auto pair = core::Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || core::Trim(pair.substr(0, eq)) != name) continue;
    auto value = core::Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return std::nullopt;
}

std::string SetCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options) {
  std::string header =
      fmt::format("{}={}; Path=/; HttpOnly; SameSite={}", name, value, options.strict ? "Strict" : "Lax");
  if (options.expire)
    header += "; Max-Age=0";
  else if (options.max_age_seconds > 0)
    header += fmt::format("; Max-Age={}", options.max_age_seconds);
  if (options.secure) header += "; Secure";
  return header;
}

bool IsSecureRequest(const http::Request& request) {
  if (request.tls) return true;
  auto proto = request.Header("X-Forwarded-Proto");
  return proto && *proto == "https";
}

}  // namespace jetway::web
