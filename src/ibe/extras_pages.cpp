// A paid booking's extras on the booking site: checked bags, a meal and a paid seat per passenger and flight, priced
// in the booking's currency, paid by card in one payment and each issued as an EMD (the booking service's
// BuyExtras). Reached by the signed booking link.
#include <fmt/core.h>

#include <variant>

#include "booking/booking_service.hpp"
#include "core/text.hpp"
#include "ibe/booking_link.hpp"
#include "ibe/extras_form.hpp"
#include "ibe/page.hpp"
#include "ibe/routes.hpp"

namespace jetway::ibe {

namespace {

http::Response ExtrasPage(const IbeContext& ctx, const Visit& visit, const Loaded& l, const std::string& token,
                          const Form& form, const std::string& error, int status) {
  auto offers = ctx.bookings.ExtrasOffered(visit.actor, l.locator, l.Proof());
  if (!offers) return MessagePage(ctx, visit, 409, offers.error().code, ErrorText(ctx, visit, offers.error()));
  web::View view;
  view["extra_rows"] = web::List(ExtraRows(ctx, visit, l, l.booking, *offers, form, view));
  view["locator"] = web::Text(l.locator);
  view["token"] = web::Text(token);
  view["booking_url"] = web::Text(l.Link(ctx));
  view["v_card_holder"] = web::Text(FormValue(form, "card_holder"));
  if (!error.empty()) view["error"] = web::Text(error);
  return RenderPage(ctx, visit, status, "pages/extras", std::move(view), T(ctx, visit, "extras_title"));
}

http::Response GetExtras(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  const auto token = request.Query("t").value_or("");
  auto loaded = LoadBooking(ctx, visit, token);
  if (auto* response = std::get_if<http::Response>(&loaded)) return std::move(*response);
  return ExtrasPage(ctx, visit, std::get<Loaded>(loaded), token, {}, "", 200);
}

http::Response PostExtras(const IbeContext& ctx, const http::Request& request) {
  const auto visit = BeginVisit(ctx, request);
  auto post = ReadBookingPost(ctx, visit);
  if (auto* response = std::get_if<http::Response>(&post)) return std::move(*response);
  auto& [form, token, l] = std::get<BookingPost>(post);
  booking::ExtrasRequest buy;
  buy.extras = ChosenExtras(l.booking, form);
  if (buy.extras.empty())
    return ExtrasPage(ctx, visit, l, token, form, T(ctx, visit, "extras_none_chosen"), 422);
  auto number = [&](const char* name) {
    return static_cast<int>(core::ParseInteger(std::string(core::Trim(FormValue(form, name))), 0, 9999).value_or(0));
  };
  int year = number("card_expiry_year");
  if (year > 0 && year < 100) year += 2000;
  buy.card = {booking::CardDigits(FormValue(form, "card_number")), number("card_expiry_month"), year,
              std::string(core::Trim(FormValue(form, "card_cvc"))), std::string(core::Trim(FormValue(form, "card_holder")))};
  auto bought = ctx.bookings.BuyExtras(visit.actor, l.locator, l.Proof(), buy);
  if (!bought)
    return ExtrasPage(ctx, visit, l, token, form, ErrorText(ctx, visit, bought.error()),
                      http::StatusOf(bought.error().kind));
  return SeeOther(l.Link(ctx) + "&extras=1");
}

}  // namespace

void AddExtrasRoutes(http::Router& router, const IbeContext& ctx) {
  router.Add("GET", "/booking/:locator/extras", [&ctx](const http::Request& r) { return GetExtras(ctx, r); });
  router.Add("POST", "/booking/:locator/extras", [&ctx](const http::Request& r) { return PostExtras(ctx, r); });
}

}  // namespace jetway::ibe
