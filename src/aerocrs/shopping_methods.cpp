// getDeepLink (reference §3.2): the availability search every other front door uses, over a window of days, as
// AeroCRS writes it: each flight (or connection) with its classes, each class with the flight and fare ids
// createBooking takes, its free seats and its fare per passenger.
#include <fmt/core.h>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;

namespace {

constexpr int kMaxSearchDays = 31;       // the widest window one getDeepLink searches
constexpr int kKilosPerCheckedBag = 23;  // baggageAllowance is a weight; jetway's fares count bags
// jetway has one passenger charge type for everyone; search says so and createBooking takes it back.
constexpr const char* kChargeTypeCode = "ALL";
constexpr const char* kChargeType = "All passengers";

core::Error WrongDestinations() {
  return core::MakeError(ErrorKind::kInvalid, "WRONG_DESTINATIONS", "Wrong destinations input", "from");
}

struct DeepLinkQuery {
  std::string from;
  std::string to;
  core::LocalDate start;
  core::LocalDate end;
  pricing::PartyMix party;
  std::optional<std::string> currency;
};

core::Result<std::string> Destination(const Call& call, const char* key) {
  auto code = Text(call.parms, key, 10);
  if (!code) {
    if (code.error().code == "MISSING_PARAMETER") return std::unexpected(code.error());
    return std::unexpected(WrongDestinations());
  }
  auto upper = core::AsciiUpper(*code);
  if (!call.ctx.airports.Find(upper)) return std::unexpected(WrongDestinations());
  return upper;
}

core::Result<DeepLinkQuery> ReadQuery(const Call& call) {
  DeepLinkQuery q;
  auto from = Destination(call, "from");
  if (!from) return std::unexpected(from.error());
  auto to = Destination(call, "to");
  if (!to) return std::unexpected(to.error());
  auto start = Date(call.parms, "start", true);
  if (!start) return std::unexpected(start.error());
  auto end = Date(call.parms, "end", false);
  if (!end) return std::unexpected(end.error());
  auto adults = Integer(call.parms, "adults", 0, pricing::kMaxSeatsPerBooking, 1);
  if (!adults) return std::unexpected(adults.error());
  auto child = Integer(call.parms, "child", 0, pricing::kMaxSeatsPerBooking, 0);
  if (!child) return std::unexpected(child.error());
  auto infant = Integer(call.parms, "infant", 0, pricing::kMaxSeatsPerBooking, 0);
  if (!infant) return std::unexpected(infant.error());
  auto agency = PartnerAgency(call);
  if (!agency) return std::unexpected(agency.error());
  auto currency = PartnerCurrency(call, *agency);
  if (!currency) return std::unexpected(currency.error());
  q.from = *from;
  q.to = *to;
  q.start = **start;
  q.end = end->value_or(q.start);
  q.party = {static_cast<int>(*adults), static_cast<int>(*child), static_cast<int>(*infant)};
  q.currency = *currency;
  if (q.end < q.start || date::sys_days(q.end) - date::sys_days(q.start) >= date::days(kMaxSearchDays))
    return core::Fail(ErrorKind::kInvalid, "INVALID_DATES",
                      fmt::format("end must be on or after start, at most {} days later", kMaxSearchDays - 1), "end");
  if (auto ok = pricing::Validate(q.party); !ok) return std::unexpected(ok.error());
  return q;
}

std::string DeepLink(const Call& call, const DeepLinkQuery& q, const shopping::SegmentView& first) {
  return fmt::format("{}/search?origin={}&destination={}&date={}&adults={}&children={}&infants={}{}",
                     SiteBase(call.request), q.from, q.to, core::LocalDayOf(first.departure_local), q.party.adults,
                     q.party.children, q.party.infants, q.currency ? "&currency=" + *q.currency : std::string());
}

const pricing::PaxTypePrice* PriceOf(const shopping::Offer& offer, core::PaxType type) {
  for (const auto& line : offer.price.per_pax_type)
    if (line.pax_type == type) return &line;
  return nullptr;
}

void WriteFare(api::JsonWriter& w, const shopping::Offer& offer) {
  w.Key("fare").BeginObject();
  const pricing::PaxTypePrice* adult = PriceOf(offer, core::PaxType::kAdult);
  for (auto [type, key] : {std::pair{core::PaxType::kAdult, "adultFare"}, std::pair{core::PaxType::kChild, "childFare"},
                           std::pair{core::PaxType::kInfant, "infantFare"}})
    if (const auto* line = PriceOf(offer, type)) w.Field(key, Amount(line->fare_each));
  if (adult) w.Field("tax", Amount(adult->taxes_each));
  w.Field("total", Amount(offer.price.total));
  w.EndObject();
}

void WriteClass(api::JsonWriter& w, const shopping::Journey& journey, const shopping::Offer& offer) {
  const auto key = offer.brand.empty() ? offer.booking_class : offer.booking_class + "/" + offer.brand;
  w.Key(key).BeginObject();
  w.Field("flightid", journey.segments.front().flight_id)
      .Field("fareid", offer.fare_ids.empty() ? 0 : offer.fare_ids.front())
      .Field("freeseats", offer.seats_available)
      .Field("currency", offer.price.total.currency)
      .Field("chargeType", kChargeType)
      .Field("chargeTypeCode", kChargeTypeCode)
      .Field("baggageAllowance", offer.checked_bags * kKilosPerCheckedBag);
  // A connection is booked flight by flight: each with its own fare (jetway's addition; one flight needs none).
  if (journey.segments.size() > 1) {
    w.Key("fareids").BeginArray();
    for (auto id : offer.fare_ids) w.Int(id);
    w.EndArray();
  }
  WriteFare(w, offer);
  w.EndObject();
}

void WriteFlight(api::JsonWriter& w, const Call& call, const DeepLinkQuery& q, const shopping::Journey& journey,
                 const std::string& airline_name, bool inbound) {
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
      .Field("CompanyChildAgeStart", 2)
      .Field("CompanyChildAgeEnd", 11)
      .Field("companyINFchargeTAX", false)
      .Field("deeplink", DeepLink(call, q, first))
      .Field("direction", inbound ? "inbound" : "outbound")
      .Field("websiteDiscount", 1)
      .Field("flighttype", journey.segments.size() == 1 ? "Direct" : "Connection");
  if (journey.segments.size() > 1) {
    w.Key("flights").BeginArray();
    int leg = 0;
    for (const auto& s : journey.segments)
      w.BeginObject()
          .Field("fltnum", s.flight_number)
          .Field("fromcode", s.origin)
          .Field("tocode", s.destination)
          .Field("STD", LocalDateTime(s.departure_local))
          .Field("STA", LocalDateTime(s.arrival_local))
          .Field("legNumber", ++leg)
          .EndObject();
    w.EndArray();
  }
  w.Key("classes").BeginObject();
  for (const auto& offer : journey.offers) WriteClass(w, journey, offer);
  w.EndObject().EndObject();
}

}  // namespace

Answer GetDeepLink(const Call& call) {
  auto q = ReadQuery(call);
  if (!q) return std::unexpected(q.error());
  std::map<std::string, std::string> names;
  for (const auto& a : call.ctx.catalog.Airlines(call.partner)) names.emplace(a.designator, a.name);
  std::vector<shopping::Journey> found;
  for (auto day = q->start; day <= q->end; day = core::AddDays(day, 1)) {
    auto result = call.ctx.availability.Search({q->from, q->to, day, std::nullopt, q->party, q->currency});
    if (!result) {
      // A day already past (or too far ahead) has nothing to sell; the window's other days may.
      if (result.error().code == "DATE_IN_PAST" || result.error().code == "DATE_TOO_FAR") continue;
      return std::unexpected(result.error());
    }
    for (auto& journey : result->outbound)
      if (!journey.offers.empty() && names.count(journey.segments.front().airline))
        found.push_back(std::move(journey));
  }
  return Success([&](api::JsonWriter& w) {
    w.Key("flights").BeginObject().Field("count", static_cast<std::int64_t>(found.size())).Key("flight").BeginArray();
    for (const auto& journey : found)
      WriteFlight(w, call, *q, journey, names.at(journey.segments.front().airline), false);
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
