#include "app/front_door.hpp"

#include <chrono>

#include "core/client_key.hpp"
#include "core/error.hpp"
#include "waf/screen.hpp"

namespace jetway::app {

namespace {

std::optional<http::Response> OverRate(core::RateLimiter& rate, const http::Request& request) {
  const auto wait = rate.Take(core::ClientKey(request.remote), std::chrono::steady_clock::now());
  if (!wait) return std::nullopt;
  return http::ErrorResponse(
      core::OverRate(*wait, "too many requests from this address; slow down and try again shortly"));
}

}  // namespace

Screen FrontDoor(core::RateLimiter* rate, const waf::Firewall* firewall, log::Logger& logger) {
  Screen inspect = firewall ? waf::MakeScreen(*firewall, logger) : Screen{};
  return [rate, inspect](const http::Request& request) -> std::optional<http::Response> {
    if (rate)
      if (auto refused = OverRate(*rate, request)) return refused;
    return inspect ? inspect(request) : std::nullopt;
  };
}

}  // namespace jetway::app
