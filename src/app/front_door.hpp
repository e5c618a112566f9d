// What every request passes on every listener before the router sees it: the client's request rate, then the web
// application firewall. The rate comes first because it is the cheaper check, and a flood should cost as little as
// possible.
#pragma once

#include <functional>
#include <optional>

#include "core/rate_limiter.hpp"
#include "http/http.hpp"
#include "log/log.hpp"
#include "waf/firewall.hpp"

namespace jetway::app {

using Screen = std::function<std::optional<http::Response>(const http::Request&)>;

// Either may be null (no limit; the firewall off). Both outlive the screen.
Screen FrontDoor(core::RateLimiter* rate, const waf::Firewall* firewall, log::Logger& logger);

}  // namespace jetway::app
