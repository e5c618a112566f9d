#include "api/render.hpp"

#include "core/codes.hpp"

namespace jetway::api {

using nlohmann::json;

json RenderMoney(const core::Money& money) {
  return json{{"amount", core::FormatAmount(money)}, {"currency", money.currency}};
}

json RenderSegment(const shopping::SegmentView& s) {
  return json{{"flight_id", s.flight_id},
              {"airline", s.airline},
              {"flight_number", s.flight_number},
              {"origin", s.origin},
              {"destination", s.destination},
              {"departure_local", s.departure_local},
              {"arrival_local", s.arrival_local},
              {"departure_utc", core::FormatUtc(s.departure_utc)},
              {"arrival_utc", core::FormatUtc(s.arrival_utc)},
              {"duration_minutes",
               std::chrono::duration_cast<std::chrono::minutes>(s.arrival_utc - s.departure_utc).count()}};
}

json RenderJourney(const shopping::Journey& journey) {
  json segments = json::array();
  for (const auto& s : journey.segments) segments.push_back(RenderSegment(s));
  json offers = json::array();
  for (const auto& o : journey.offers) {
    json per_type = json::array();
    for (const auto& p : o.price.per_pax_type)
      per_type.push_back({{"pax_type", core::ToString(p.pax_type)},
                          {"count", p.count},
                          {"fare", RenderMoney(p.fare_each)},
                          {"taxes", RenderMoney(p.taxes_each)}});
    offers.push_back({{"booking_class", o.booking_class},
                      {"cabin", o.cabin},
                      {"brand", o.brand},
                      {"seats_available", o.seats_available},
                      {"price", {{"total", RenderMoney(o.price.total)}, {"per_passenger_type", per_type}}},
                      {"conditions",
                       {{"refundable", o.refundable},
                        {"changeable", o.change_fee.has_value()},
                        {"change_fee", o.change_fee ? RenderMoney(*o.change_fee) : json(nullptr)},
                        {"checked_bags", o.checked_bags}}}});
  }
  const auto& first = journey.segments.front();
  const auto& last = journey.segments.back();
  return json{{"segments", segments},
              {"stops", journey.segments.size() - 1},
              {"duration_minutes",
               std::chrono::duration_cast<std::chrono::minutes>(last.arrival_utc - first.departure_utc).count()},
              {"sold_out", journey.offers.empty()},
              {"offers", offers}};
}

json RenderBooking(const booking::BookingView& b) {
  json segments = json::array();
  for (const auto& s : b.segments) {
    json seg = RenderSegment(s.flight);
    seg["seq"] = s.seq;
    seg["booking_class"] = s.booking_class;
    seg["cabin"] = s.cabin;
    seg["seats"] = s.seats;
    segments.push_back(std::move(seg));
  }
  json passengers = json::array();
  for (const auto& p : b.passengers) {
    json pax{{"pax_type", core::ToString(p.pax_type)},
             {"title", p.title},
             {"first_name", p.first_name},
             {"last_name", p.last_name}};
    if (p.date_of_birth) pax["date_of_birth"] = core::FormatIsoDate(*p.date_of_birth);
    if (p.infant_of) pax["infant_of"] = *p.infant_of;
    passengers.push_back(std::move(pax));
  }
  json payments = json::array();
  for (const auto& p : b.payments)
    payments.push_back({{"method", p.method},
                        {"amount", RenderMoney(p.amount)},
                        {"status", p.status},
                        {"reference", p.reference},
                        {"created_at", core::FormatUtc(p.created_at)}});
  json history = json::array();
  for (const auto& h : b.history)
    history.push_back(
        {{"at", core::FormatUtc(h.at)}, {"channel", h.channel}, {"action", h.action}, {"detail", h.detail}});
  return json{{"locator", b.locator},
              {"airline", b.airline},
              {"status", booking::ToString(b.status)},
              {"channel", b.channel},
              {"passenger_counts", {{"adults", b.party.adults}, {"children", b.party.children}, {"infants", b.party.infants}}},
              {"total", RenderMoney(b.total)},
              {"hold_expires_at", b.hold_expires_at ? json(core::FormatUtc(*b.hold_expires_at)) : json(nullptr)},
              {"contact", b.contact ? json{{"email", b.contact->email}, {"phone", b.contact->phone}} : json(nullptr)},
              {"created_at", core::FormatUtc(b.created_at)},
              {"updated_at", core::FormatUtc(b.updated_at)},
              {"segments", segments},
              {"passengers", passengers},
              {"payments", payments},
              {"history", history}};
}

json RenderAirport(const reference::Airport& a) {
  return json{{"code", a.code}, {"icao", a.icao}, {"name", a.name}, {"city", a.city}, {"country", a.country},
              {"time_zone", a.time_zone}};
}

json RenderInventory(const schedule::FlightInventory& inv) {
  json cabins = json::array();
  for (const auto& cabin : inv.cabins) {
    const auto available = inventory::NestedAvailability(cabin);
    json classes = json::array();
    int sold = 0, held = 0;
    for (std::size_t i = 0; i < cabin.classes.size(); ++i) {
      const auto& c = cabin.classes[i];
      sold += c.sold;
      held += c.held;
      classes.push_back({{"booking_class", c.booking_class},
                         {"nest_rank", c.nest_rank},
                         {"authorized", c.authorized},
                         {"sold", c.sold},
                         {"held", c.held},
                         {"closed", c.closed},
                         {"available", available[i]}});
    }
    cabins.push_back({{"cabin", cabin.cabin},
                      {"capacity", cabin.capacity},
                      {"overbooking_pct", cabin.overbooking_pct},
                      {"limit", cabin.Limit()},
                      {"sold", sold},
                      {"held", held},
                      {"classes", classes}});
  }
  const auto& f = inv.flight;
  return json{{"flight_id", f.id},
              {"flight_number", core::FlightNumber{f.airline, f.flight_number}.ToString()},
              {"departure_date", f.departure_date},
              {"origin", f.origin},
              {"destination", f.destination},
              {"departure_utc", core::FormatUtc(f.departure_utc)},
              {"status", f.status},
              {"cabins", cabins}};
}

}  // namespace jetway::api
