#include "ibe/booking_link.hpp"

#include "core/text.hpp"
#include "ibe/selection.hpp"

namespace jetway::ibe {

std::variant<Loaded, http::Response> LoadBooking(const IbeContext& ctx, const Visit& visit, const std::string& token) {
  const auto locator = core::AsciiUpper(visit.request.params.at("locator"));
  auto grant = ReadBookingToken(ctx.signer, locator, token, ctx.clock.Now());
  if (!grant && grant.error().code == "BOOKING_LINK_EXPIRED")
    return MessagePage(ctx, visit, 410, "BOOKING_LINK_EXPIRED", T(ctx, visit, "error_BOOKING_LINK_EXPIRED"));
  if (!grant) return MessagePage(ctx, visit, 404, "BOOKING_NOT_FOUND", T(ctx, visit, "error_BOOKING_LINK"));
  Loaded loaded{locator, {}, std::move(grant->hold_token), grant->expires_at};
  auto booking = ctx.bookings.Retrieve(visit.actor, locator, loaded.Proof());
  if (!booking) return MessagePage(ctx, visit, 404, booking.error().code, ErrorText(ctx, visit, booking.error()));
  loaded.booking = std::move(*booking);
  return loaded;
}

std::variant<BookingPost, http::Response> ReadBookingPost(const IbeContext& ctx, const Visit& visit) {
  auto form = ParseForm(visit.request);
  if (!form) return MessagePage(ctx, visit, 400, "MALFORMED_FORM", T(ctx, visit, "error_MALFORMED_FORM"));
  if (!CsrfOk(ctx, visit.request, *form)) return CsrfRefused(ctx, visit);
  auto token = FormValue(*form, "t");
  auto loaded = LoadBooking(ctx, visit, token);
  if (auto* response = std::get_if<http::Response>(&loaded)) return std::move(*response);
  return BookingPost{std::move(*form), std::move(token), std::move(std::get<Loaded>(loaded))};
}

}  // namespace jetway::ibe
