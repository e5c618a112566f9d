// Manage booking: find a booking by its reference and the last name of a passenger, then continue on its page.
#include <fmt/core.h>

#include "core/locator.hpp"
#include "core/text.hpp"
#include "http/negotiation.hpp"
#include "ibe/page.hpp"
#include "ibe/routes.hpp"

namespace jetway::ibe {

namespace {

http::Response ManageForm(const IbeContext& ctx, const Visit& visit, int status, const std::string& locator,
                          const std::string& last_name, const std::string& error) {
  web::View view;
  view["v_locator"] = web::Text(locator);
  view["v_last_name"] = web::Text(last_name);
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderPage(ctx, visit, status, "pages/manage", std::move(view), T(ctx, visit, "manage_title"));
}

http::Response GetManage(const IbeContext& ctx, const http::Request& request) {
  return ManageForm(ctx, BeginVisit(ctx, request), 200, "", "", "");
}

http::Response PostManage(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto form = ParseForm(request);
  if (!form) return MessagePage(ctx, visit, 400, "MALFORMED_FORM", T(ctx, visit, "error_MALFORMED_FORM"));
  if (!CsrfOk(ctx, request, *form)) return CsrfRefused(ctx, visit);
  const auto locator = core::AsciiUpper(core::Trim(FormValue(*form, "locator")));
  const auto last_name = std::string(core::Trim(FormValue(*form, "last_name")));
  if (!core::IsValidLocator(locator))
    return ManageForm(ctx, visit, 422, locator, last_name, T(ctx, visit, "error_INVALID_LOCATOR"));
  if (last_name.empty())
    return ManageForm(ctx, visit, 422, locator, last_name, T(ctx, visit, "error_last_name_required"));
  auto booking = ctx.bookings.Retrieve(visit.actor, locator, {std::nullopt, last_name, false});
  if (!booking && booking.error().kind == core::ErrorKind::kTooManyRequests) {
    auto refused = ManageForm(ctx, visit, 429, locator, last_name, ErrorText(ctx, visit, booking.error()));
    http::AddRetryAfter(refused, booking.error());
    refused.log_code = booking.error().code;
    return refused;
  }
  if (!booking) return ManageForm(ctx, visit, 404, locator, last_name, T(ctx, visit, "error_MANAGE_NOT_FOUND"));
  return SeeOther(BookingPath(ctx, locator));
}

}  // namespace

void AddManageRoutes(http::Router& router, const IbeContext& ctx) {
  router.Add("GET", "/manage", [&ctx](const http::Request& r) { return GetManage(ctx, r); });
  router.Add("POST", "/manage", [&ctx](const http::Request& r) { return PostManage(ctx, r); });
}

void AddIbeRoutes(http::Router& router, const IbeContext& ctx) {
  AddSearchRoutes(router, ctx);
  AddBookingRoutes(router, ctx);
  AddCheckInRoutes(router, ctx);
  AddExtrasRoutes(router, ctx);
  AddManageRoutes(router, ctx);
  // A browser asking for a page we do not have gets the site's own 404 page; an API client keeps its JSON.
  router.SetNotFound([&ctx](const http::Request& request) {
    if (!http::AcceptsHtml(request.Header("Accept").value_or(""))) return http::NotFoundResponse();
    const auto visit = BeginVisit(ctx, request);
    return MessagePage(ctx, visit, 404, "NOT_FOUND", T(ctx, visit, "error_NOT_FOUND"));
  });
}

}  // namespace jetway::ibe
