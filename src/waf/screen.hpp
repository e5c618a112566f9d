// The firewall as the HTTP server's screen: every request is inspected before the router sees it.
#pragma once

#include <functional>
#include <optional>

#include "http/http.hpp"
#include "log/log.hpp"
#include "waf/firewall.hpp"

namespace jetway::waf {

using Screen = std::function<std::optional<http::Response>(const http::Request&)>;

// Logs what the rules found (the rule ids name why) and, in blocking mode, refuses an attack with 403
// REQUEST_BLOCKED and the request id; nullopt lets the request through. `firewall` and `logger` outlive it.
Screen MakeScreen(const Firewall& firewall, log::Logger& logger);

}  // namespace jetway::waf
