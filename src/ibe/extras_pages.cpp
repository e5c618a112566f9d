// A paid booking's extras on the booking site: checked bags, a meal and a paid seat per passenger and flight, priced
// in the booking's currency, paid by card in one payment and each issued as an EMD (the booking service's
// BuyExtras). Reached by the signed booking link.
#include <fmt/core.h>

#include <variant>

#include "booking/booking_service.hpp"
#include "core/text.hpp"
#include "ibe/booking_link.hpp"
#include "ibe/page.hpp"
#include "ibe/routes.hpp"

namespace jetway::ibe {

namespace {

int Had(const booking::BookingView& b, int passenger, int segment, std::string_view code) {
  int n = 0;
  for (const auto& e : b.emds)
    if (e.passenger == passenger && e.segment_seq == segment && e.code == code &&
        e.status == ticketing::CouponStatus::kOpen)
      ++n;
  return n;
}

const core::Money* PriceOf(const std::vector<booking::ExtraOffer>& offers, std::string_view code) {
  for (const auto& o : offers)
    if (o.item.code == code) return &o.price;
  return nullptr;
}

http::Response ExtrasPage(const IbeContext& ctx, const Visit& visit, const Loaded& l, const std::string& token,
                          const Form& form, const std::string& error, int status) {
  auto offers = ctx.bookings.ExtrasOffered(visit.actor, l.locator, l.Proof());
  if (!offers) return MessagePage(ctx, visit, 409, offers.error().code, ErrorText(ctx, visit, offers.error()));
  const auto* bag = PriceOf(*offers, "BAG");
  const auto* meal = PriceOf(*offers, "MEAL");
  const auto* seat = PriceOf(*offers, "SEAT");
  web::ViewList rows;
  const auto now = ctx.clock.Now();
  for (const auto& s : l.booking.segments) {
    if (s.flight.departure_utc <= now) continue;
    auto seats = ctx.bookings.SeatsOf(visit.actor, l.locator, l.Proof(), s.seq);
    for (int p = 1; p <= static_cast<int>(l.booking.passengers.size()); ++p) {
      const auto& pax = l.booking.passengers[static_cast<std::size_t>(p - 1)];
      const bool infant = pax.pax_type == core::PaxType::kInfant;
      const auto key = fmt::format("{}_{}", s.seq, p);
      web::View row;
      row["key"] = web::Text(key);
      row["flight"] = web::Text(fmt::format("{} {}-{}", s.flight.flight_number, s.flight.origin, s.flight.destination));
      row["name"] = web::Text(fmt::format("{} {} {}", pax.title, pax.first_name, pax.last_name));
      if (bag) {
        web::ViewList options;
        const int room = booking::FindExtra("BAG")->max_per_flight - Had(l.booking, p, s.seq, "BAG");
        for (int n = 0; n <= room; ++n) {
          web::View o;
          o["value"] = web::Text(std::to_string(n));
          o["selected"] = web::Flag(FormValue(form, ("bags_" + key).c_str()) == std::to_string(n));
          options.push_back(std::move(o));
        }
        row["bag_options"] = web::List(std::move(options));
        row["has_bags"] = web::Flag(room > 0);
      }
      if (meal && !infant && Had(l.booking, p, s.seq, "MEAL") == 0) {
        row["has_meal"] = web::Flag(true);
        row["meal_checked"] = web::Flag(FormValue(form, ("meal_" + key).c_str()) == "yes");
      }
      if (seat && !infant && seats && !seats->map.Empty() && Had(l.booking, p, s.seq, "SEAT") == 0) {
        web::ViewList options;
        for (const auto& st : seats->map.seats) {
          const auto name = st.Name();
          if (!st.paid || st.blocked || seats->taken.count(name) || seats->ours.count(name) || st.cabin != s.cabin)
            continue;
          if (!seating::CheckSeat(seats->map, s.cabin, name, booking::SitterOf(l.booking, p), seats->taken, true))
            continue;
          web::View o;
          o["value"] = web::Text(name);
          o["selected"] = web::Flag(FormValue(form, ("seat_" + key).c_str()) == name);
          options.push_back(std::move(o));
        }
        row["has_seats"] = web::Flag(!options.empty());
        row["seat_options"] = web::List(std::move(options));
      }
      rows.push_back(std::move(row));
    }
  }
  web::View view;
  view["locator"] = web::Text(l.locator);
  view["token"] = web::Text(token);
  view["booking_url"] = web::Text(l.Link(ctx));
  view["rows"] = web::List(std::move(rows));
  if (bag) view["bag_price"] = web::Text(FormatPrice(*bag, visit.language));
  if (meal) view["meal_price"] = web::Text(FormatPrice(*meal, visit.language));
  if (seat) view["seat_price"] = web::Text(FormatPrice(*seat, visit.language));
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
  for (const auto& s : l.booking.segments)
    for (int p = 1; p <= static_cast<int>(l.booking.passengers.size()); ++p) {
      const auto key = fmt::format("{}_{}", s.seq, p);
      const auto bags = core::ParseInteger(std::string(FormValue(form, ("bags_" + key).c_str())), 0, 2).value_or(0);
      for (int n = 0; n < bags; ++n) buy.extras.push_back({p, s.seq, "BAG", ""});
      if (FormValue(form, ("meal_" + key).c_str()) == "yes") buy.extras.push_back({p, s.seq, "MEAL", ""});
      const auto seat = std::string(core::Trim(FormValue(form, ("seat_" + key).c_str())));
      if (!seat.empty()) buy.extras.push_back({p, s.seq, "SEAT", seat});
    }
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
