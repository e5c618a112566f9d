#include "aerocrs/offers.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "aerocrs/envelope.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;

namespace {

constexpr int kKilosPerCheckedBag = 23;  // baggageAllowance is a weight; jetway's fares count bags

const pricing::PaxTypePrice* PriceOf(const shopping::Offer& offer, core::PaxType type) {
  for (const auto& line : offer.price.per_pax_type)
    if (line.pax_type == type) return &line;
  return nullptr;
}

}  // namespace

core::Error WrongDestinations(const char* field) {
  return core::MakeError(ErrorKind::kInvalid, "WRONG_DESTINATIONS", "Wrong destinations input", field);
}

core::Result<std::string> AirportCode(const Call& call, const nlohmann::json& parms, const char* key) {
  auto code = Text(parms, key, 10);
  if (!code) {
    if (code.error().code == "MISSING_PARAMETER") return std::unexpected(code.error());
    return std::unexpected(WrongDestinations(key));
  }
  auto upper = core::AsciiUpper(*code);
  if (!call.ctx.airports.Find(upper)) return std::unexpected(WrongDestinations(key));
  return upper;
}

core::Result<Window> ReadWindow(const nlohmann::json& parms, bool start_required, core::LocalDate fallback,
                                int max_days) {
  auto start = Date(parms, "start", start_required);
  if (!start) return std::unexpected(start.error());
  auto end = Date(parms, "end", false);
  if (!end) return std::unexpected(end.error());
  Window window{start->value_or(fallback), core::LocalDate{}};
  window.end = end->value_or(window.start);
  if (window.end < window.start ||
      date::sys_days(window.end) - date::sys_days(window.start) >= date::days(max_days))
    return core::Fail(ErrorKind::kInvalid, "INVALID_DATES",
                      fmt::format("end must be on or after start, at most {} days later", max_days - 1), "end");
  return window;
}

core::LocalDate Today(const Call& call) { return core::LocalDate{date::floor<date::days>(call.ctx.clock.Now())}; }

std::int64_t AirlineId(const reference::Airline& airline) {
  return core::ParseInteger(airline.accounting_code, 0, 999).value_or(0);
}

std::map<std::string, std::string> AirlineNames(const Call& call) {
  std::map<std::string, std::string> names;
  for (const auto& a : call.ctx.catalog.Airlines(call.partner)) names.emplace(a.designator, a.name);
  return names;
}

core::Result<std::vector<shopping::Journey>> SearchWindow(const Call& call, const WindowSearch& search,
                                                          const std::map<std::string, std::string>& airlines,
                                                          bool keep_sold_out) {
  std::vector<shopping::Journey> found;
  std::vector<std::string> visible;  // searched only: nothing is priced for an airline the partner does not see
  for (const auto& [designator, name] : airlines) visible.push_back(designator);
  for (auto day = search.window.start; day <= search.window.end; day = core::AddDays(day, 1)) {
    auto result = call.ctx.availability.Search(
        {search.from, search.to, day, std::nullopt, search.party, search.currency, visible});
    if (!result) {
      // A day already past (or too far ahead) has nothing to sell; the window's other days may.
      if (result.error().code == "DATE_IN_PAST" || result.error().code == "DATE_TOO_FAR") continue;
      return std::unexpected(result.error());
    }
    for (const auto& journey : result->outbound)
      if ((keep_sold_out || !journey.offers.empty()) && airlines.count(journey.segments.front().airline))
        found.push_back(journey);
  }
  return found;
}

core::Result<pricing::PartyMix> ReadParty(const nlohmann::json& parms, bool required) {
  const auto fallback = [&](std::int64_t value) { return required ? std::nullopt : std::optional<std::int64_t>(value); };
  auto adults = Integer(parms, "adults", required ? 1 : 0, pricing::kMaxSeatsPerBooking, fallback(1));
  if (!adults) return std::unexpected(adults.error());
  auto child = Integer(parms, "child", 0, pricing::kMaxSeatsPerBooking, fallback(0));
  if (!child) return std::unexpected(child.error());
  auto infant = Integer(parms, "infant", 0, pricing::kMaxSeatsPerBooking, 0);
  if (!infant) return std::unexpected(infant.error());
  pricing::PartyMix party{static_cast<int>(*adults), static_cast<int>(*child), static_cast<int>(*infant)};
  if (auto ok = pricing::Validate(party); !ok) return std::unexpected(ok.error());
  return party;
}

void WriteLegs(api::JsonWriter& w, const shopping::Journey& journey, const std::string* airline_name) {
  if (journey.segments.size() < 2) return;
  w.Key("flights").BeginArray();
  int leg = 0;
  for (const auto& s : journey.segments) {
    w.BeginObject();
    if (airline_name) w.Field("airlineName", *airline_name);
    w.Field("fltid", s.flight_id)
        .Field("fltnum", s.flight_number)
        .Field("fromcode", s.origin)
        .Field("tocode", s.destination)
        .Field("STD", LocalDateTime(s.departure_local))
        .Field("STA", LocalDateTime(s.arrival_local))
        .Field("legNumber", ++leg)
        .EndObject();
  }
  w.EndArray();
}

std::string ClassKey(const shopping::Offer& offer) {
  return offer.brand.empty() ? offer.booking_class : offer.booking_class + "/" + offer.brand;
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
  w.Key(ClassKey(offer)).BeginObject();
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

std::string ViaOf(const shopping::Journey& journey) {
  std::string via;
  for (std::size_t i = 1; i < journey.segments.size(); ++i)
    via += (via.empty() ? "" : "-") + journey.segments[i].origin;
  return via;
}

bool Bookable(const Call& call, const std::optional<agents::Agency>& agency, const std::string& airline) {
  if (!partners::MayCall(call.partner, "createBooking") || !partners::MaySee(call.partner, airline)) return false;
  if (!agency) return true;
  const auto& sold = agency->airlines;  // none named: every airline, as the booking service reads it
  return !agents::SellingRefusal(*agency) &&
         (sold.empty() || std::find(sold.begin(), sold.end(), airline) != sold.end());
}

}  // namespace jetway::aerocrs
