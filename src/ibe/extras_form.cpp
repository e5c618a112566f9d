// The booking site's extras fields, offered and read the same on the payment page and the extras page.
#include "ibe/extras_form.hpp"

#include <fmt/core.h>

#include <string>

#include "core/text.hpp"

namespace jetway::ibe {

namespace {

// What the passenger has of `code` on that flight already: bought (open EMDs) or added to the hold.
int Had(const booking::BookingView& b, int passenger, int segment, std::string_view code) {
  int n = 0;
  for (const auto& e : b.emds)
    if (e.passenger == passenger && e.segment_seq == segment && e.code == code &&
        e.status == ticketing::CouponStatus::kOpen)
      ++n;
  for (const auto& d : b.extras_due)
    if (d.extra.passenger == passenger && d.extra.segment == segment && d.extra.code == code) ++n;
  return n;
}

const core::Money* PriceOf(const std::vector<booking::ExtraOffer>& offers, std::string_view code) {
  for (const auto& o : offers)
    if (o.item.code == code) return &o.price;
  return nullptr;
}

std::string Key(int segment, int passenger) { return fmt::format("{}_{}", segment, passenger); }

web::ViewList BagOptions(const booking::BookingView& b, int p, int seq, const Form& form) {
  web::ViewList options;
  const auto key = Key(seq, p);
  const int room = booking::FindExtra("BAG")->max_per_flight - Had(b, p, seq, "BAG");
  for (int n = 0; n <= room; ++n) {
    web::View o;
    o["value"] = web::Text(std::to_string(n));
    o["selected"] = web::Flag(FormValue(form, ("bags_" + key).c_str()) == std::to_string(n));
    options.push_back(std::move(o));
  }
  return options;
}

// The paid seats of the passenger's cabin that are free and that the passenger may sit in.
web::ViewList SeatOptions(const booking::BookingView& b, const booking::BookedSegment& s, int p,
                          const booking::FlightSeats& seats, const Form& form) {
  web::ViewList options;
  for (const auto& st : seats.map.seats) {
    const auto name = st.Name();
    if (!st.paid || st.blocked || seats.taken.count(name) || seats.ours.count(name) || st.cabin != s.cabin) continue;
    if (!seating::CheckSeat(seats.map, s.cabin, name, booking::SitterOf(b, p), seats.taken, true)) continue;
    web::View o;
    o["value"] = web::Text(name);
    o["selected"] = web::Flag(FormValue(form, ("seat_" + Key(s.seq, p)).c_str()) == name);
    options.push_back(std::move(o));
  }
  return options;
}

}  // namespace

web::ViewList ExtraRows(const IbeContext& ctx, const Visit& visit, const Loaded& l, const booking::BookingView& named,
                        const std::vector<booking::ExtraOffer>& offers, const Form& form, web::View& view) {
  const auto* bag = PriceOf(offers, "BAG");
  const auto* meal = PriceOf(offers, "MEAL");
  const auto* seat = PriceOf(offers, "SEAT");
  web::ViewList rows;
  const auto now = ctx.clock.Now();
  for (const auto& s : named.segments) {
    if (s.flight.departure_utc <= now) continue;
    auto seats = seat ? ctx.bookings.SeatsOf(visit.actor, l.locator, l.Proof(), s.seq)
                      : core::Result<booking::FlightSeats>(std::unexpected(core::Error{}));
    for (int p = 1; p <= static_cast<int>(named.passengers.size()); ++p) {
      const auto& pax = named.passengers[static_cast<std::size_t>(p - 1)];
      const bool infant = pax.pax_type == core::PaxType::kInfant;
      web::View row;
      row["key"] = web::Text(Key(s.seq, p));
      row["flight"] = web::Text(fmt::format("{} {}-{}", s.flight.flight_number, s.flight.origin, s.flight.destination));
      row["name"] = web::Text(fmt::format("{} {} {}", pax.title, pax.first_name, pax.last_name));
      if (bag) {
        auto options = BagOptions(named, p, s.seq, form);
        row["has_bags"] = web::Flag(options.size() > 1);
        row["bag_options"] = web::List(std::move(options));
      }
      if (meal && !infant && Had(named, p, s.seq, "MEAL") == 0) {
        row["has_meal"] = web::Flag(true);
        row["meal_checked"] = web::Flag(FormValue(form, ("meal_" + Key(s.seq, p)).c_str()) == "yes");
      }
      if (seats && !infant && !seats->map.Empty() && Had(named, p, s.seq, "SEAT") == 0) {
        auto options = SeatOptions(named, s, p, *seats, form);
        row["has_seats"] = web::Flag(!options.empty());
        row["seat_options"] = web::List(std::move(options));
      }
      rows.push_back(std::move(row));
    }
  }
  if (bag) view["bag_price"] = web::Text(FormatPrice(*bag, visit.language));
  if (meal) view["meal_price"] = web::Text(FormatPrice(*meal, visit.language));
  if (seat) view["seat_price"] = web::Text(FormatPrice(*seat, visit.language));
  view["has_extras"] = web::Flag(!offers.empty() && !rows.empty());
  return rows;
}

std::vector<booking::Extra> ChosenExtras(const booking::BookingView& named, const Form& form) {
  std::vector<booking::Extra> chosen;
  for (const auto& s : named.segments)
    for (int p = 1; p <= static_cast<int>(named.passengers.size()); ++p) {
      const auto key = Key(s.seq, p);
      const auto bags = core::ParseInteger(std::string(FormValue(form, ("bags_" + key).c_str())), 0, 2).value_or(0);
      for (int n = 0; n < bags; ++n) chosen.push_back({p, s.seq, "BAG", ""});
      if (FormValue(form, ("meal_" + key).c_str()) == "yes") chosen.push_back({p, s.seq, "MEAL", ""});
      const auto seat = std::string(core::Trim(FormValue(form, ("seat_" + key).c_str())));
      if (!seat.empty()) chosen.push_back({p, s.seq, "SEAT", seat});
    }
  return chosen;
}

}  // namespace jetway::ibe
