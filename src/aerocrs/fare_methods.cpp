// getFares and getFareRules (reference §3.2): the airline's filed fares as a fare sheet (one row per fare, with the
// fare of each passenger type and the departure taxes, one way and return), and the conditions of the fares a
// flight is sold in. Fares are read with the partner's identity (fares.read for these calls, partners::
// MethodPermissions) from the same filed fares search prices with.
#include <fmt/core.h>

#include <algorithm>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "aerocrs/offers.hpp"
#include "core/text.hpp"
#include "pricing/pricing_service.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using pricing::StoredFare;

namespace {

constexpr int kMaxFareDays = 366;  // a fare sheet covers at most a year from its start
constexpr int kTaxColumns = 4;     // tax1 ... tax4

bool Flies(const pricing::FiledFare& f, const std::string& origin, const std::string& destination) {
  return (f.origin == origin && f.destination == destination) ||
         (f.both_directions && f.origin == destination && f.destination == origin);
}

bool Overlaps(const pricing::FiledFare& f, const Window& window) {
  return f.valid_from <= window.end && f.valid_to >= window.start;
}

// The fare of `type` filed beside `adult` (same class, brand, validity and direction), if any.
const StoredFare* Companion(const std::vector<StoredFare>& fares, const StoredFare& adult, core::PaxType type) {
  for (const auto& f : fares)
    if (f.filed.fare.pax_type == type && f.filed.fare.booking_class == adult.filed.fare.booking_class &&
        f.filed.fare.brand == adult.filed.fare.brand && f.filed.valid_from == adult.filed.valid_from &&
        f.filed.valid_to == adult.filed.valid_to && f.filed.origin == adult.filed.origin &&
        f.filed.both_directions == adult.filed.both_directions)
      return &f;
  return nullptr;
}

// The adult fare back (destination to origin) in the same class and brand over the window, for the return columns.
const StoredFare* ReturnFare(const std::vector<StoredFare>& fares, const StoredFare& out, const std::string& origin,
                             const std::string& destination, const Window& window) {
  for (const auto& f : fares)
    if (f.filed.fare.pax_type == core::PaxType::kAdult && f.filed.fare.booking_class == out.filed.fare.booking_class &&
        f.filed.fare.brand == out.filed.fare.brand && Flies(f.filed, destination, origin) && Overlaps(f.filed, window))
      return &f;
  return nullptr;
}

struct Sheet {
  const pricing::RateTable& rates;
  std::optional<std::string> currency;  // convert to this; nullopt: each fare's own
  std::map<std::string, std::vector<pricing::FiledTax>> taxes;  // departure taxes by airport

  std::optional<core::Money> In(const core::Money& money) const {
    return currency ? rates.Convert(money, *currency) : std::optional<core::Money>(money);
  }
  void Money(api::JsonWriter& w, const char* key, const std::optional<core::Money>& money) const {
    std::optional<core::Money> shown = money ? In(*money) : std::nullopt;
    w.Key(key);
    if (shown)
      w.String(Amount(*shown));
    else
      w.Null();
  }
};

void WriteTaxes(api::JsonWriter& w, const Sheet& sheet, const std::vector<const pricing::FiledTax*>& taxes,
                const char* suffix) {
  for (int i = 0; i < kTaxColumns; ++i) {
    const auto key = fmt::format("tax{}{}", i + 1, suffix);
    sheet.Money(w, key.c_str(), i < static_cast<int>(taxes.size()) ? std::optional(taxes[i]->amount) : std::nullopt);
  }
}

std::vector<const pricing::FiledTax*> TaxesAt(const Sheet& sheet, const std::string& airport) {
  std::vector<const pricing::FiledTax*> found;
  if (auto it = sheet.taxes.find(airport); it != sheet.taxes.end())
    for (const auto& t : it->second) found.push_back(&t);
  return found;
}

std::optional<core::Money> Sum(const StoredFare* a, const StoredFare* b) {
  if (!a || !b || a->filed.fare.amount.currency != b->filed.fare.amount.currency) return std::nullopt;
  return core::Money{a->filed.fare.amount.minor + b->filed.fare.amount.minor, a->filed.fare.amount.currency};
}

std::optional<core::Money> AmountOf(const StoredFare* f) {
  return f ? std::optional(f->filed.fare.amount) : std::nullopt;
}

void WriteFareRow(api::JsonWriter& w, const Sheet& sheet, const std::string& airline_name,
                  const schedule::Route& route, const std::vector<StoredFare>& fares, const StoredFare& adult,
                  const Window& window) {
  const auto& f = adult.filed;
  const auto* child = Companion(fares, adult, core::PaxType::kChild);
  const auto* infant = Companion(fares, adult, core::PaxType::kInfant);
  const auto* back = ReturnFare(fares, adult, route.origin, route.destination, window);
  const auto* back_child = back ? Companion(fares, *back, core::PaxType::kChild) : nullptr;
  const auto* back_infant = back ? Companion(fares, *back, core::PaxType::kInfant) : nullptr;
  const auto out_taxes = TaxesAt(sheet, route.origin);
  auto return_taxes = out_taxes;
  for (const auto* t : TaxesAt(sheet, route.destination)) return_taxes.push_back(t);
  const auto currency = sheet.currency.value_or(f.fare.amount.currency);
  w.BeginObject()
      .Field("fareid", adult.id)
      .Field("airlineDesignator", f.airline)
      .Field("airlineICAOcode", "")
      .Field("airlinename", airline_name)
      .Field("fromCode", route.origin)
      .Field("toCode", route.destination)
      .Field("fromDate", SlashDate(f.valid_from))  // the fare's own validity, which updateFares names it by
      .Field("toDate", SlashDate(f.valid_to))
      .Field("class", f.fare.booking_class)
      .Field("type", f.fare.brand)
      .Field("currency", currency);
  // A fare sheet gives fares, not seats (they change by the minute): getAvailability has each flight's.
  w.Key("classes").BeginObject().Key(f.fare.booking_class).Null().EndObject();
  sheet.Money(w, "adultFareOW", f.fare.amount);
  sheet.Money(w, "childFareOW", AmountOf(child));
  sheet.Money(w, "infantFareOW", AmountOf(infant));
  WriteTaxes(w, sheet, out_taxes, "OW");
  sheet.Money(w, "adultFareRT", Sum(&adult, back));
  sheet.Money(w, "childFareRT", Sum(child, back_child));
  sheet.Money(w, "infantFareRT", Sum(infant, back_infant));
  WriteTaxes(w, sheet, back ? return_taxes : std::vector<const pricing::FiledTax*>{}, "RT");
  sheet.Money(w, "OWfare", f.fare.amount);
  sheet.Money(w, "RTfare", Sum(&adult, back));
  w.Field("chargeTaxOnReturnTrip", "both legs")
      .Field("notification", ConditionsText(f.fare.refundable, f.fare.change_fee, f.fare.checked_bags))
      .Field("websiteDiscount", 1)
      .Field("chargeType", kChargeType)
      .Field("chargeTypeCode", kChargeTypeCode)
      .Field("faretype", "public")
      .EndObject();
}

core::Result<std::vector<schedule::Route>> FareRoutes(const Call& call) {
  auto from = OptText(call.parms, "from", 10);
  if (!from) return std::unexpected(from.error());
  auto to = OptText(call.parms, "to", 10);
  if (!to) return std::unexpected(to.error());
  std::vector<schedule::Route> routes;
  if (!*from && !*to) return call.ctx.catalog.Routes(call.partner, "");
  auto origin = AirportCode(call, call.parms, "from");
  if (!origin) return std::unexpected(origin.error());
  auto destination = AirportCode(call, call.parms, "to");
  if (!destination) return std::unexpected(destination.error());
  for (auto& route : call.ctx.catalog.Routes(call.partner, ""))
    if (route.origin == *origin && route.destination == *destination) routes.push_back(std::move(route));
  return routes;
}

}  // namespace

std::string ConditionsText(bool refundable, const std::optional<core::Money>& change_fee, int checked_bags) {
  std::string text = refundable ? "Refundable." : "Non-refundable.";
  text += change_fee ? fmt::format(" Changes for {} {}.", core::FormatAmount(*change_fee), change_fee->currency)
                     : std::string(" Changes not permitted.");
  if (checked_bags > 0) text += fmt::format(" {} checked bag(s).", checked_bags);
  return text;
}

Answer GetFares(const Call& call) {
  auto window = ReadWindow(call.parms, false, Today(call), kMaxFareDays);
  if (!window) return std::unexpected(window.error());
  auto routes = FareRoutes(call);
  if (!routes) return std::unexpected(routes.error());
  auto agency = PartnerAgency(call);
  if (!agency) return std::unexpected(agency.error());
  auto currency = PartnerCurrency(call, *agency);
  if (!currency) return std::unexpected(currency.error());
  auto taxes = call.ctx.fares.Taxes(call.actor);
  if (!taxes) return std::unexpected(taxes.error());
  const auto rates = call.ctx.catalog.Rates();
  Sheet sheet{rates, *currency, {}};
  for (auto& t : *taxes) sheet.taxes[t.tax.airport].push_back(std::move(t.tax));
  const auto names = AirlineNames(call);
  struct Row {
    schedule::Route route;
    std::vector<StoredFare> fares;
  };
  std::vector<Row> rows;
  for (const auto& route : *routes) {
    auto fares = call.ctx.fares.Fares(call.actor, route.airline, route.origin, route.destination);
    if (!fares) return std::unexpected(fares.error());
    rows.push_back({route, std::move(*fares)});
  }
  // A fare that cannot be shown in the asked currency (no rate between the two) cannot be sold in it either: it is
  // left out; a currency no rate and no fare knows is refused.
  auto counted = [&](const StoredFare& f, const schedule::Route& route) {
    return f.filed.fare.pax_type == core::PaxType::kAdult && Flies(f.filed, route.origin, route.destination) &&
           Overlaps(f.filed, *window) && sheet.In(f.filed.fare.amount);
  };
  std::int64_t count = 0;
  bool currency_known = !*currency || rates.Knows(**currency);
  for (const auto& row : rows)
    for (const auto& f : row.fares) {
      currency_known = currency_known || f.filed.fare.amount.currency == **currency;
      if (counted(f, row.route)) ++count;
    }
  if (!currency_known)
    return core::Fail(ErrorKind::kInvalid, "UNSUPPORTED_CURRENCY", fmt::format("No prices in {}", **currency),
                      "currency");
  return Success([&](api::JsonWriter& w) {
    w.Field("count", count).Key("fare").BeginArray();
    for (const auto& row : rows)
      for (const auto& f : row.fares)
        if (counted(f, row.route))
          WriteFareRow(w, sheet, names.at(row.route.airline), row.route, row.fares, f, *window);
    w.EndArray();
  });
}

Answer GetFareRules(const Call& call) {
  auto from = AirportCode(call, call.parms, "fromcode");
  if (!from) return std::unexpected(from.error());
  auto to = AirportCode(call, call.parms, "tocode");
  if (!to) return std::unexpected(to.error());
  auto items = Items(call.parms, "flights", true);
  if (!items) return std::unexpected(items.error());
  if (items->size() > 20)
    return core::Fail(ErrorKind::kInvalid, "TOO_MANY_FLIGHTS", "At most 20 flights per call", "flights");
  struct Ruled {
    schedule::FlightRecord flight;
    std::vector<StoredFare> fares;
  };
  std::vector<Ruled> ruled;
  for (const auto& item : *items) {
    auto id = Integer(item, "flightid", 1, INT64_MAX);
    if (!id) return std::unexpected(id.error());
    auto flight = call.ctx.catalog.Flight(call.partner, *id);
    if (!flight)
      return core::Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", fmt::format("Unknown flight: flightid {}", *id),
                        "flightid");
    if (flight->origin != *from)
      return core::Fail(ErrorKind::kInvalid, "WRONG_DESTINATIONS",
                        fmt::format("Wrong destinations input: flightid {} departs from {}, not {}", *id,
                                    flight->origin, *from),
                        "fromcode");
    auto fares = call.ctx.fares.Fares(call.actor, flight->airline, flight->origin, flight->destination);
    if (!fares) return std::unexpected(fares.error());
    const auto day = core::ParseIsoDate(flight->departure_date).value_or(core::LocalDate{});
    std::vector<StoredFare> applying;
    for (auto& f : *fares)
      if (f.filed.fare.pax_type == core::PaxType::kAdult &&
          pricing::FareApplies(f.filed, flight->airline, flight->origin, flight->destination, day))
        applying.push_back(std::move(f));
    ruled.push_back({std::move(*flight), std::move(applying)});
  }
  return Success([&](api::JsonWriter& w) {
    w.Key("Flights").BeginArray();
    for (const auto& r : ruled)
      for (const auto& f : r.fares) {
        const auto& fare = f.filed.fare;
        w.BeginObject()
            .Field("flightcode", r.flight.id)
            .Field("fareid", f.id)
            .Field("class", fare.brand.empty() ? fare.booking_class : fare.booking_class + "/" + fare.brand)
            .Key("rules")
            .BeginArray()
            .BeginObject()
            .Field("type", "fare")
            .Field("text", ConditionsText(fare.refundable, fare.change_fee, fare.checked_bags))
            .EndObject()
            .EndArray()
            .EndObject();
      }
    w.EndArray();
  });
}

}  // namespace jetway::aerocrs
