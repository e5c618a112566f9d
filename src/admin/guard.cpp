#include "admin/admin.hpp"

#include <fmt/core.h>

#include <chrono>
#include <optional>

#include "core/rate_limiter.hpp"
#include "core/text.hpp"
#include "http/negotiation.hpp"
#include "web/cookies.hpp"

namespace jetway::admin {

namespace {

// Where a session that is not ready must go first.
std::string StepPath(identity::SessionStage stage) {
  switch (stage) {
    case identity::SessionStage::kSecondFactor: return "/login/code";
    case identity::SessionStage::kEnrolTotp: return "/account/2fa";
    case identity::SessionStage::kChangePassword: return "/account/password";
    case identity::SessionStage::kReady: return "/";
  }
  return "/login";
}

http::Response NotSignedIn(const AdminContext& ctx, const StaffRequest& request) {
  const auto& http_request = request.visit.request;
  if (!http::AcceptsHtml(http_request.Header("Accept").value_or(""))) {
    const char* place = ctx.agent_portal ? "agent portal" : "back office";
    auto response = http::ErrorResponse(401, "AUTHENTICATION_REQUIRED", fmt::format("sign in to the {} first", place));
    response.headers.emplace_back("WWW-Authenticate", fmt::format("Cookie realm=\"jetway {}\"", place));
    return response;
  }
  const auto next = http_request.method == "GET" ? "?next=" + core::UrlEncode(http_request.path) : std::string();
  return web::SeeOther("/login" + next);
}

http::Response Forbidden(const AdminContext& ctx, const StaffRequest& request, core::Permission permission) {
  if (!http::AcceptsHtml(request.visit.request.Header("Accept").value_or("")))
    return http::ErrorResponse(403, "PERMISSION_DENIED",
                               fmt::format("your role does not grant the permission {}", core::ToString(permission)));
  return web::MessagePage(ctx, request.visit, 403, "PERMISSION_DENIED",
                          fmt::format("{} ({})", web::T(ctx, request.visit, "admin_forbidden"),
                                      core::ToString(permission)));
}

// Keyed by the member of staff, not the session: signing in again does not buy a fresh budget.
std::optional<http::Response> OverStaffRate(const AdminContext& ctx, const identity::Session& session) {
  if (!ctx.staff_rate) return std::nullopt;
  const auto wait = ctx.staff_rate->Take(fmt::format("staff:{}", session.user.id), std::chrono::steady_clock::now());
  if (!wait) return std::nullopt;
  return http::ErrorResponse(core::OverRate(*wait, "too many requests from this staff account; slow down and try "
                                                   "again shortly"));
}

http::Response Guarded(const AdminContext& ctx, const RouteSpec& spec, const http::Request& http_request) {
  StaffRequest request{web::BeginVisit(ctx, http_request), std::nullopt, ""};
  if (auto cookie = web::CookieValue(http_request, ctx.session_cookie)) {
    request.token = *cookie;
    request.session = ctx.staff.Authenticate(request.token);
  }
  if (spec.audience != Audience::kAnyone) {
    if (!request.session) return NotSignedIn(ctx, request);
    const auto stage = request.session->stage;
    const bool ready = stage == identity::SessionStage::kReady;
    if (spec.audience == Audience::kStaff && !ready) return web::SeeOther(StepPath(stage));
    if (spec.audience == Audience::kSigningIn && spec.step && !ready && stage != *spec.step)
      return web::SeeOther(StepPath(stage));
    request.visit.actor = request.session->Actor(http_request.remote);
    if (auto refused = OverStaffRate(ctx, *request.session)) return *refused;
    if (spec.permission && !request.visit.actor.May(*spec.permission))
      return Forbidden(ctx, request, *spec.permission);
  }
  if (http_request.method == "POST") {
    auto form = web::ParseForm(http_request);
    if (!form)
      return web::MessagePage(ctx, request.visit, 400, "MALFORMED_FORM", web::T(ctx, request.visit, "error_MALFORMED_FORM"));
    if (!web::CsrfOk(ctx, http_request, *form)) return web::CsrfRefused(ctx, request.visit);
  }
  return spec.handler(ctx, request);
}

}  // namespace

void AdminRoutes::Install(http::Router& router, const AdminContext& context) const {
  for (const auto& spec : specs_)
    router.Add(spec.method, spec.path, [&context, &spec](const http::Request& request) {
      return Guarded(context, spec, request);
    });
}

}  // namespace jetway::admin
