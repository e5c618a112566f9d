// getDeepLink (reference §3.2): the availability search every other front door uses, over a window of days, as
// AeroCRS writes it: each flight (or connection) with its classes, each class with the flight and fare ids
// createBooking takes, its free seats and its fare per passenger.
#include <fmt/core.h>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "aerocrs/offers.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;

namespace {

core::Result<WindowSearch> ReadQuery(const Call& call) {
  auto from = AirportCode(call, call.parms, "from");
  if (!from) return std::unexpected(from.error());
  auto to = AirportCode(call, call.parms, "to");
  if (!to) return std::unexpected(to.error());
  auto window = ReadWindow(call.parms, true, core::LocalDate{});
  if (!window) return std::unexpected(window.error());
  auto party = ReadParty(call.parms, false);
  if (!party) return std::unexpected(party.error());
  auto agency = PartnerAgency(call);
  if (!agency) return std::unexpected(agency.error());
  auto currency = PartnerCurrency(call, *agency);
  if (!currency) return std::unexpected(currency.error());
  return WindowSearch{*from, *to, *window, *party, *currency};
}

std::string DeepLink(const Call& call, const WindowSearch& q, const shopping::SegmentView& first) {
  return fmt::format("{}/search?trip=oneway&origin={}&destination={}&date={}&adults={}&children={}&infants={}{}",
                     SiteBase(call.request), q.from, q.to, core::LocalDayOf(first.departure_local), q.party.adults,
                     q.party.children, q.party.infants, q.currency ? "&currency=" + *q.currency : std::string());
}

void WriteFlight(api::JsonWriter& w, const Call& call, const WindowSearch& q, const shopping::Journey& journey,
                 const std::string& airline_name) {
  const auto& first = journey.segments.front();
  const auto& last = journey.segments.back();
  w.BeginObject().Key("fltid");
  if (journey.segments.size() == 1) {
    w.Int(first.flight_id);
  } else {
    w.BeginArray();
    for (const auto& s : journey.segments) w.Int(s.flight_id);
    w.EndArray();
  }
  w.Field("airlineDesignator", first.airline)
      .Field("airlineICAOcode", "")
      .Field("airlineName", airline_name)
      .Field("aircraftType", "")
      .Field("aircraftTypeIataCode", "")
      .Field("fltnum", first.flight_number)
      .Field("fromcode", first.origin)
      .Field("tocode", last.destination)
      .Field("via", "")
      .Field("STD", LocalDateTime(first.departure_local))
      .Field("STDinUTC", UtcDateTime(first.departure_utc))
      .Field("STA", LocalDateTime(last.arrival_local))
      .Field("STAinUTC", UtcDateTime(last.arrival_utc))
      .Field("airlineLogo", "")
      .Field("CompanyChildAgeStart", kChildAgeFrom)
      .Field("CompanyChildAgeEnd", kChildAgeTo)
      .Field("companyINFchargeTAX", false)
      .Field("deeplink", DeepLink(call, q, first))
      .Field("direction", "outbound")
      .Field("websiteDiscount", 1)
      .Field("flighttype", journey.segments.size() == 1 ? "Direct" : "Connection");
  WriteLegs(w, journey);
  w.Key("classes").BeginObject();
  for (const auto& offer : journey.offers) WriteClass(w, journey, offer);
  w.EndObject().EndObject();
}

}  // namespace

Answer GetDeepLink(const Call& call) {
  auto q = ReadQuery(call);
  if (!q) return std::unexpected(q.error());
  const auto names = AirlineNames(call);
  auto found = SearchWindow(call, *q, names, false);
  if (!found) return std::unexpected(found.error());
  return Success([&](api::JsonWriter& w) {
    w.Key("flights").BeginObject().Field("count", static_cast<std::int64_t>(found->size())).Key("flight").BeginArray();
    for (const auto& journey : *found) WriteFlight(w, call, *q, journey, names.at(journey.segments.front().airline));
    w.EndArray().EndObject();
  });
}

std::string SiteBase(const http::Request& req) {
  const auto host = req.Header("Host").value_or("localhost");
  const bool https = req.tls || req.Header("X-Forwarded-Proto").value_or("") == "https";
  // A Host header is the caller's to write: only a plausible host name and port go into a link.
  const bool plausible = !host.empty() && host.size() <= 255 &&
                         host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                             std::string::npos;
  return fmt::format("{}://{}", https ? "https" : "http", plausible ? host : std::string("localhost"));
}

}  // namespace jetway::aerocrs
