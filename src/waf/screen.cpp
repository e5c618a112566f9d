#include "waf/screen.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <string>
#include <vector>

namespace jetway::waf {

namespace {

std::vector<log::Field> Fields(const http::Request& request, const Verdict& verdict) {
  return {log::Str("request_id", request.request_id), log::Str("method", request.method),
          log::Str("path", request.path), log::Str("remote", request.remote),
          log::Str("rule_ids", fmt::format("{}", fmt::join(verdict.rule_ids, ","))),
          log::Num("score", verdict.score),
          log::Str("rules", fmt::format("{}", fmt::join(verdict.messages, "; ")))};
}

}  // namespace

Screen MakeScreen(const Firewall& firewall, log::Logger& logger) {
  return [&firewall, &logger](const http::Request& request) -> std::optional<http::Response> {
    const auto verdict = firewall.Inspect(request);
    if (!verdict.attack) {
      // Rules that matched without reaching the threshold: what an operator tunes the exclusions from. Once for a
      // request repeated byte for byte (a remembered verdict): every search a load balancer's health check or a
      // metasearch site repeats logged it again, a second line for each request (half of a search's logging).
      if (!verdict.rule_ids.empty() && !verdict.remembered) logger.Info("firewall rules matched", Fields(request, verdict));
      return std::nullopt;
    }
    if (!verdict.blocked) {
      logger.Warn("firewall would block (detection only)", Fields(request, verdict));
      return std::nullopt;
    }
    logger.Warn("request blocked by the firewall", Fields(request, verdict));
    auto response = http::ErrorResponse(
        403, "REQUEST_BLOCKED",
        fmt::format("this request was refused because it looks like an attack; if it is not one, quote request id {}",
                    request.request_id));
    return response;
  };
}

}  // namespace jetway::waf
