// The agent portal's selling (bookings.write): flights for a customer between two airports on a date, in the
// agency's currency and on the airlines it may sell, each offer with the party's price; choosing one holds the seats
// for the agency. The held booking's own page then takes the passengers and the payment, on the agency's account or
// by card (booking_pages.cpp). A suspended agency sees flights but books nothing.
#include <fmt/core.h>

#include <algorithm>

#include "admin/admin.hpp"
#include "admin/pages.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"
#include "web/format.hpp"

namespace jetway::admin {

namespace {

struct SellerAgency {
  agents::Agency agency;
  bool Sells(const std::string& airline) const {
    return std::find(agency.airlines.begin(), agency.airlines.end(), airline) != agency.airlines.end();
  }
};

core::Error SearchRefused(const char* field, const std::string& message) {
  return core::MakeError(core::ErrorKind::kInvalid, "INVALID_SEARCH", message, field);
}

// The party from a query or a form: 1-9 seats, infants no more than adults (the service checks the rest).
std::optional<pricing::PartyMix> PartyOf(const std::function<std::string(const char*)>& value) {
  pricing::PartyMix party;
  const auto count = [&](const char* name, int fallback, int min) -> std::optional<int> {
    const auto text = value(name);
    if (text.empty()) return fallback;
    auto n = core::ParseInteger(text, min, pricing::kMaxSeatsPerBooking);
    return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
  };
  auto adults = count("adults", 1, 1), children = count("children", 0, 0), infants = count("infants", 0, 0);
  if (!adults || !children || !infants) return std::nullopt;
  party = {*adults, *children, *infants};
  return party;
}

core::Result<shopping::SearchRequest> SearchOf(const AdminContext& ctx, const http::Request& request,
                                               const agents::Agency& agency) {
  const auto query = [&](const char* name) { return std::string(core::Trim(request.Query(name).value_or(""))); };
  shopping::SearchRequest search;
  search.origin = core::AsciiUpper(query("origin"));
  search.destination = core::AsciiUpper(query("destination"));
  if (!core::IsAirportCode(search.origin) || !ctx.airports.Find(search.origin))
    return std::unexpected(SearchRefused("origin", "give the airport of departure as its IATA code, such as CPH"));
  if (!core::IsAirportCode(search.destination) || !ctx.airports.Find(search.destination))
    return std::unexpected(SearchRefused("destination", "give the airport of arrival as its IATA code, such as HAM"));
  const auto date = core::ParseIsoDate(query("date"));
  if (!date) return std::unexpected(SearchRefused("date", "give the date of travel"));
  search.date = *date;
  const auto party = PartyOf(query);
  if (!party) return std::unexpected(SearchRefused("adults", "1-9 passengers: at least one adult"));
  search.party = *party;
  search.currency = agency.currency;
  return search;
}

std::string SegmentsField(const shopping::Journey& journey, const shopping::Offer& offer) {
  std::string field;
  for (const auto& s : journey.segments)
    field += fmt::format("{}{}:{}", field.empty() ? "" : ",", s.flight_id, offer.booking_class);
  return field;
}

// What the agency would earn on the offer by its rules, and so the net it would pay.
agents::AgentPrice AgentPriceOf(const std::vector<agents::CommissionRule>& rules, const shopping::Journey& journey,
                                const shopping::Offer& offer, const pricing::PartyMix& party) {
  std::vector<agents::SoldSegment> sold;
  for (std::size_t i = 0; i < journey.segments.size() && i < offer.price.per_segment.size(); ++i) {
    const auto& s = journey.segments[i];
    sold.push_back({s.airline, s.origin, s.destination, offer.booking_class,
                    core::ParseIsoDate(s.departure_local.substr(0, 10)).value_or(core::LocalDate{}),
                    offer.price.per_segment[i].fare, party.adults + party.children + party.infants});
  }
  return agents::PriceForAgent(rules, sold, offer.price.total);
}

web::View JourneyView(const AdminContext& ctx, const StaffRequest& r, const shopping::Journey& journey,
                      const std::vector<agents::CommissionRule>& rules, const pricing::PartyMix& party) {
  web::View view;
  web::ViewList legs, offers;
  for (const auto& s : journey.segments) {
    web::View leg;
    leg["flight"] = web::Text(s.airline + s.flight_number);
    leg["route"] = web::Text(fmt::format("{}–{}", s.origin, s.destination));
    leg["departure"] = web::Text(fmt::format("{} {}", web::FormatLocalDay(ctx.locales, r.visit.language,
                                                                          s.departure_local),
                                             core::LocalClockOf(s.departure_local)));
    leg["arrival"] = web::Text(core::LocalClockOf(s.arrival_local));
    legs.push_back(std::move(leg));
  }
  for (const auto& o : journey.offers) {
    web::View offer;
    offer["brand"] = web::Text(o.brand);
    offer["class"] = web::Text(o.booking_class);
    offer["seats"] = web::Text(std::to_string(o.seats_available));
    const auto price = AgentPriceOf(rules, journey, o, party);
    offer["gross"] = web::Text(web::FormatPrice(price.gross, r.visit.language));
    offer["commission"] = web::Text(web::FormatPrice(price.commission, r.visit.language));
    offer["net"] = web::Text(web::FormatPrice(price.Net(), r.visit.language));
    offer["refundable"] = web::Flag(o.refundable);
    offer["segments"] = web::Text(SegmentsField(journey, o));
    offers.push_back(std::move(offer));
  }
  view["legs"] = web::List(std::move(legs));
  view["offers"] = web::List(std::move(offers));
  return view;
}

void EchoParty(const std::function<std::string(const char*)>& value, web::View& view) {
  for (const char* name : {"adults", "children", "infants"}) {
    const auto text = value(name);
    view[name] = web::Text(text.empty() ? (std::string_view(name) == "adults" ? "1" : "0") : text);
  }
}

http::Response GetBook(const AdminContext& ctx, StaffRequest& r) {
  auto agency = ctx.agencies.OwnAgency(r.visit.actor);
  if (!agency) return Refused(ctx, r, agency.error());
  const auto& request = r.visit.request;
  const auto query = [&](const char* name) { return std::string(core::Trim(request.Query(name).value_or(""))); };
  web::View view;
  for (const char* name : {"origin", "destination", "date"}) view[name] = web::Text(query(name));
  EchoParty(query, view);
  view["currency"] = web::Text(agency->currency);
  view["suspended"] = web::Flag(agency->status != agents::AgencyStatus::kActive);
  int status = 200;
  if (!query("origin").empty() || !query("destination").empty()) {
    auto search = SearchOf(ctx, request, *agency);
    auto found = search ? ctx.availability->Search(*search)
                        : core::Result<shopping::SearchResult>(std::unexpected(search.error()));
    if (!found) {
      ShowError(ctx, r, found.error(), view);
      status = FormStatus(found.error());
    } else {
      const SellerAgency seller{*agency};
      const auto rules = ctx.agencies.OwnCommissions(r.visit.actor);
      web::ViewList journeys;
      for (const auto& journey : found->outbound)
        if (!journey.offers.empty() &&
            std::all_of(journey.segments.begin(), journey.segments.end(),
                        [&](const shopping::SegmentView& s) { return seller.Sells(s.airline); }))
          journeys.push_back(JourneyView(ctx, r, journey, rules, search->party));
      view["searched"] = web::Flag(true);
      view["count"] = web::Text(std::to_string(journeys.size()));
      view["journeys"] = web::List(std::move(journeys));
    }
  }
  return RenderAdmin(ctx, r, status, "admin/book", std::move(view), web::T(ctx, r.visit, "agent_book_title"));
}

// "412:M,413:M": each segment's dated flight and booking class, as the results page's offer forms carry them.
std::optional<std::vector<booking::SegmentRequest>> SegmentsOf(std::string_view field) {
  std::vector<booking::SegmentRequest> segments;
  while (!field.empty() && segments.size() < 20) {
    const auto comma = field.find(',');
    const auto part = field.substr(0, comma);
    field = comma == std::string_view::npos ? std::string_view() : field.substr(comma + 1);
    const auto colon = part.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto id = core::ParseInteger(part.substr(0, colon), 1, INT64_MAX);
    if (!id) return std::nullopt;
    segments.push_back({*id, std::string(part.substr(colon + 1))});
  }
  if (segments.empty()) return std::nullopt;
  return segments;
}

http::Response PostBook(const AdminContext& ctx, StaffRequest& r) {
  auto agency = ctx.agencies.OwnAgency(r.visit.actor);
  if (!agency) return Refused(ctx, r, agency.error());
  if (auto refused = agents::SellingRefusal(*agency)) return Refused(ctx, r, *refused);
  const auto form = *web::ParseForm(r.visit.request);
  const auto value = [&](const char* name) { return std::string(core::Trim(web::FormValue(form, name))); };
  const auto segments = SegmentsOf(value("segments"));
  const auto party = PartyOf(value);
  if (!segments || !party)
    return Refused(ctx, r, core::MakeError(core::ErrorKind::kInvalid, "INVALID_OFFER",
                                           "choose an offer from the search results", "segments"));
  booking::HoldRequest hold;
  hold.segments = *segments;
  hold.party = *party;
  hold.currency = agency->currency;
  hold.sellable_airlines = agency->airlines;
  auto held = ctx.bookings.Hold(r.visit.actor, hold);
  if (!held) return Refused(ctx, r, held.error());
  return web::SeeOther(fmt::format("/bookings/{}?done=held", held->booking.locator));
}

}  // namespace

void AddAgentBookingRoutes(AdminRoutes& routes) {
  routes.Add({"GET", "/book", Audience::kStaff, core::Permission::kBookingsWrite, GetBook});
  routes.Add({"POST", "/book", Audience::kStaff, core::Permission::kBookingsWrite, PostBook});
}

}  // namespace jetway::admin
