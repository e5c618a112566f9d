#include "app/demo_airline.hpp"

#include <fmt/core.h>

#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "inventory/inventory_service.hpp"
#include "pricing/pricing_service.hpp"
#include "schedule/schedule_service.hpp"
#include "web/site.hpp"

namespace jetway::app {

namespace {

constexpr const char* kAirline = "X9";
constexpr const char* kHub = "CPH";
constexpr int kHubMinConnection = 40;

struct Spoke {
  const char* code;
  int offset_vs_hub;  // spoke local minus hub local, minutes (all of Europe switches DST at the same instant)
  const char* config;
};

// Eight spokes: UK (one hour behind the hub), Scandinavia and Germany (same zone), the Baltics (one hour ahead).
constexpr Spoke kSpokes[] = {{"ABZ", -60, "E95"}, {"BGO", 0, "DH4"},  {"SVG", 0, "DH4"},  {"GOT", 0, "DH4"},
                             {"HAM", 0, "E95"},   {"RIX", 60, "E95"}, {"TLL", 60, "DH4"}, {"VNO", 60, "E95"}};

struct ClassDef {
  const char* booking_class;
  const char* cabin;
  int nest_rank;
  int authorization_pct;
  int price_pct;  // of the route's base fare
  const char* brand;
};

constexpr ClassDef kClasses[] = {
    {"J", "J", 0, 100, 680, "Business"}, {"C", "J", 1, 70, 520, "Business"}, {"D", "J", 2, 40, 420, "Business"},
    {"Y", "Y", 0, 100, 370, "Flex"},     {"B", "Y", 1, 85, 290, "Flex"},     {"M", "Y", 2, 65, 215, "Classic"},
    {"H", "Y", 3, 50, 175, "Classic"},   {"K", "Y", 4, 35, 135, "Light"},    {"L", "Y", 5, 20, 100, "Light"},
};

int DistanceKm(const reference::Airport& a, const reference::Airport& b) {
  // Great-circle distance; geometry, not money, so floating point is fine here.
  const double kPi = 3.14159265358979323846;
  const double lat1 = a.latitude_micro / 1e6 * kPi / 180, lat2 = b.latitude_micro / 1e6 * kPi / 180;
  const double dlat = lat2 - lat1, dlon = (b.longitude_micro - a.longitude_micro) / 1e6 * kPi / 180;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return static_cast<int>(2 * 6371 * std::asin(std::sqrt(h)));
}

std::int64_t RoundToWhole(std::int64_t cents) { return (cents + 50) / 100 * 100; }

template <typename T>
T Must(core::Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(fmt::format("demo {}: {}", what, result.error().message));
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

void AddLine(store::Connection& db, const reference::AirportDirectory& airports, DemoSummary& summary,
             const char* airline, int flight_number, const std::string& origin, const std::string& destination, int departure_local,
             int arrival_local, const char* days, core::LocalDate from, core::LocalDate to, std::int64_t config_id) {
  int offset = 0;
  while (arrival_local >= 24 * 60) {
    arrival_local -= 24 * 60;
    ++offset;
  }
  while (departure_local < 0) departure_local += 24 * 60;  // not used by the demo's banks, kept for safety
  schedule::ScheduleLine line{airline,   flight_number, origin, destination, departure_local, arrival_local,
                              offset,   days,          from,   to,          config_id};
  summary.flights += Must(schedule::AddSchedule(db, airports, line), "schedule");
  ++summary.schedule_lines;
}

// The second airline of the deployment: Fjordfly (Q9), a Norwegian domestic carrier priced in kroner, with an Oslo
// hub and five spokes, one economy cabin, its own sales policy (30-minute holds, sales close 90 minutes before
// departure). Its network touches none of Kattegat Air's airports, so each airline's own searches are unchanged.
constexpr const char* kSecondAirline = "Q9";
constexpr const char* kSecondHub = "OSL";
constexpr const char* kSecondSpokes[] = {"TRD", "BOO", "TOS", "AES", "KRS"};

void LoadSecondAirline(store::Connection& db, const reference::AirportDirectory& airports, core::LocalDate today,
                       DemoSummary& summary) {
  const auto* hub = airports.Find(kSecondHub);
  if (!hub) throw std::runtime_error("demo: airport OSL is missing; run `jetway migrate` first");
  Must(reference::UpsertAirline(db, {kSecondAirline, "Fjordfly", "971", "NOK", {}, {}}), "airline");
  Must(reference::SetSalesPolicy(db, kSecondAirline, 30, 90), "sales policy");
  // Its passengers give their nationality and date of birth (every front door asks for them, partners see the flags).
  core::PassengerRules rules;
  rules.nationality = true;
  rules.date_of_birth = true;
  Must(reference::SetAirlineProfile(db, kSecondAirline, "NO", "", rules), "passenger rules");
  const auto atr = Must(reference::UpsertCabinConfig(db, kSecondAirline, "AT7", "ATR 72-600", {{"Y", 70, 3}},
                                                   "Y 1-12,14-19 AC.DF paid=1-2 blocked=19D,19F"), "config");
  for (const auto& [code, amount] : {std::pair{"BAG", 39900}, std::pair{"MEAL", 14900}, std::pair{"SEAT", 17900}})
    Must(reference::SetExtraPrice(db, kSecondAirline, code, core::Money{amount, "NOK"}), "extra price");
  const auto b738 =
      Must(reference::UpsertCabinConfig(db, kSecondAirline, "73H", "Boeing 737-800", {{"Y", 186, 5}},
                                        "Y 1-12,14-32 ABC.DEF exit=15-16 paid=1-3,15-16"), "config");
  Must(reference::UpsertBookingClasses(db, kSecondAirline,
                                       {{"Y", "Y", 0, 100}, {"B", "Y", 1, 80}, {"M", "Y", 2, 60}, {"L", "Y", 3, 30}}),
       "classes");
  Must(reference::SetMinConnectionTime(db, kSecondAirline, kSecondHub, 35), "connection time");
  Must(pricing::SetRate(db, "NOK", "EUR", 85'470), "rate");
  for (const char* airport : {"OSL", "TRD", "BOO", "TOS", "AES", "KRS"})
    Must(pricing::FileTax(db, {airport, "XD", "Norwegian passenger charge", core::Money{7600, "NOK"}, false}), "tax");
  const auto to = core::AddDays(today, 364);
  struct Brand {
    const char* booking_class;
    int price_pct;
    const char* brand;
  };
  constexpr Brand kBrands[] = {{"Y", 300, "Flex"}, {"B", 210, "Flex"}, {"M", 140, "Basic"}, {"L", 100, "Basic"}};
  for (std::size_t i = 0; i < std::size(kSecondSpokes); ++i) {
    const auto* airport = airports.Find(kSecondSpokes[i]);
    if (!airport) throw std::runtime_error(fmt::format("demo: airport {} is missing", kSecondSpokes[i]));
    const int km = DistanceKm(*hub, *airport);
    const int block = (30 + km * 60 / 750 + 4) / 5 * 5;
    const auto config = km > 800 ? b738 : atr;
    const int base = 400 + static_cast<int>(i) * 10;
    // Out of Oslo in the morning and back at noon; out again late afternoon and back in the evening (all in one zone).
    AddLine(db, airports, summary, kSecondAirline, base + 1, kSecondHub, kSecondSpokes[i], 7 * 60 + 10,
            7 * 60 + 10 + block, "1234567", today, to, config);
    AddLine(db, airports, summary, kSecondAirline, base + 2, kSecondSpokes[i], kSecondHub, 12 * 60 + 5,
            12 * 60 + 5 + block, "1234567", today, to, config);
    AddLine(db, airports, summary, kSecondAirline, base + 3, kSecondHub, kSecondSpokes[i], 16 * 60 + 40,
            16 * 60 + 40 + block, "12345.7", today, to, config);
    AddLine(db, airports, summary, kSecondAirline, base + 4, kSecondSpokes[i], kSecondHub, 19 * 60 + 30,
            19 * 60 + 30 + block, "12345.7", today, to, config);
    const std::int64_t route_base = RoundToWhole(49000 + static_cast<std::int64_t>(km) * 90);
    for (const auto& b : kBrands) {
      const std::int64_t adult = RoundToWhole(route_base * b.price_pct / 100);
      const bool flex = std::string(b.brand) == "Flex";
      const std::pair<core::PaxType, std::int64_t> amounts[] = {{core::PaxType::kAdult, adult},
                                                                {core::PaxType::kChild, RoundToWhole(adult * 80 / 100)},
                                                                {core::PaxType::kInfant, 0}};
      for (auto [type, amount] : amounts) {
        pricing::FiledFare fare{kSecondAirline,
                                kSecondHub,
                                kSecondSpokes[i],
                                true,
                                pricing::Fare{b.booking_class, type, b.brand, core::Money{amount, "NOK"}, flex,
                                              flex ? std::optional<core::Money>(core::Money{0, "NOK"}) : std::nullopt,
                                              type == core::PaxType::kInfant ? 0 : 1},
                                core::AddDays(today, -30),
                                core::AddDays(today, 400)};
        Must(pricing::FileFare(db, fare), "fare");
        ++summary.fares;
      }
    }
  }
}

}  // namespace

DemoSummary LoadDemoAirline(store::Connection& db, const reference::AirportDirectory& airports, core::LocalDate today) {
  DemoSummary summary;
  if (reference::FindAirline(db, kAirline)) {
    summary.already_loaded = true;
    return summary;
  }
  const auto* hub = airports.Find(kHub);
  if (!hub) throw std::runtime_error("demo: airport CPH is missing; run `jetway migrate` first");

  store::Transaction tx(db);
  Must(reference::UpsertAirline(db, {kAirline, "Kattegat Air", "919", "EUR", {}, {}}), "airline");
  Must(reference::SetAirlineProfile(db, kAirline, "DK", "", {}), "airline profile");
  const auto e95 =
      Must(reference::UpsertCabinConfig(db, kAirline, "E95", "Embraer 195", {{"J", 12, 0}, {"Y", 100, 5}},
                                        "J 1-3 AC.DF\nY 4-12,14-29 AC.DF exit=10-11 paid=4-6,10-11"), "config");
  for (const auto& [code, amount] : {std::pair{"BAG", 3500}, std::pair{"MEAL", 1200}, std::pair{"SEAT", 1500}})
    Must(reference::SetExtraPrice(db, kAirline, code, core::Money{amount, "EUR"}), "extra price");
  const auto dh4 =
      Must(reference::UpsertCabinConfig(db, kAirline, "DH4", "De Havilland Dash 8-400", {{"J", 8, 0}, {"Y", 66, 4}},
                                        "J 1-2 AC.DF\nY 3-12,14-20 AC.DF exit=3 paid=3-5 blocked=20C,20D"),
           "config");
  std::vector<reference::BookingClassSpec> classes;
  for (const auto& c : kClasses) classes.push_back({c.booking_class, c.cabin, c.nest_rank, c.authorization_pct});
  Must(reference::UpsertBookingClasses(db, kAirline, classes), "classes");
  Must(reference::SetMinConnectionTime(db, kAirline, kHub, kHubMinConnection), "connection time");

  for (auto [to, rate] :
       {std::pair{"DKK", 7'460'000}, {"NOK", 11'700'000}, {"SEK", 11'200'000}, {"GBP", 845'000}, {"USD", 1'080'000}})
    Must(pricing::SetRate(db, "EUR", to, rate), "rate");

  struct TaxDef {
    const char* airport;
    const char* code;
    const char* name;
    std::int64_t amount;
    const char* currency;
    bool infants;
  };
  const TaxDef taxes[] = {
      {"CPH", "ZU", "Passenger service charge", 10800, "DKK", false},
      {"CPH", "DK", "Security charge", 3800, "DKK", true},
      {"ABZ", "UB", "Passenger service charge", 850, "GBP", false},
      {"ABZ", "GB", "Air passenger duty", 1300, "GBP", false},
      {"BGO", "XA", "Passenger charge", 9500, "NOK", false},
      {"SVG", "XA", "Passenger charge", 9500, "NOK", false},
      {"GOT", "SE", "Passenger service charge", 8500, "SEK", false},
      {"HAM", "DE", "Passenger charge", 980, "EUR", false},
      {"HAM", "RA", "Aviation security fee", 520, "EUR", true},
      {"RIX", "LV", "Passenger service charge", 1150, "EUR", false},
      {"TLL", "EE", "Passenger service charge", 900, "EUR", false},
      {"VNO", "LT", "Passenger service charge", 1040, "EUR", false},
  };
  for (const auto& t : taxes)
    Must(pricing::FileTax(db, {t.airport, t.code, t.name, core::Money{t.amount, t.currency}, t.infants}), "tax");

  const auto from = today;
  const auto to = core::AddDays(today, 364);
  const auto fares_from = core::AddDays(today, -30);
  const auto fares_to = core::AddDays(today, 400);
  for (std::size_t i = 0; i < std::size(kSpokes); ++i) {
    const auto& spoke = kSpokes[i];
    const auto* airport = airports.Find(spoke.code);
    if (!airport) throw std::runtime_error(fmt::format("demo: airport {} is missing", spoke.code));
    const int km = DistanceKm(*hub, *airport);
    const int block = (30 + km * 60 / 750 + 4) / 5 * 5;
    const auto config = std::string(spoke.config) == "E95" ? e95 : dh4;
    const int base = 100 + static_cast<int>(i) * 10;
    // Morning bank: arrive CPH 08:40, leave 09:40; evening bank: arrive 17:20, leave 18:30 (not Saturdays).
    AddLine(db, airports, summary, kAirline, base + 1, spoke.code, kHub, 8 * 60 + 40 - block + spoke.offset_vs_hub, 8 * 60 + 40,
            "1234567", from, to, config);
    AddLine(db, airports, summary, kAirline, base + 2, kHub, spoke.code, 9 * 60 + 40, 9 * 60 + 40 + block + spoke.offset_vs_hub,
            "1234567", from, to, config);
    AddLine(db, airports, summary, kAirline, base + 3, spoke.code, kHub, 17 * 60 + 20 - block + spoke.offset_vs_hub, 17 * 60 + 20,
            "12345.7", from, to, config);
    AddLine(db, airports, summary, kAirline, base + 4, kHub, spoke.code, 18 * 60 + 30, 18 * 60 + 30 + block + spoke.offset_vs_hub,
            "12345.7", from, to, config);
    if (spoke.offset_vs_hub > 0 && i % 2 == 1) {
      // Late-night rotation that arrives after midnight local time (next-day arrival), Fridays and Sundays.
      AddLine(db, airports, summary, kAirline, base + 5, kHub, spoke.code, 22 * 60 + 55,
              22 * 60 + 55 + block + spoke.offset_vs_hub, "5.7", from, to, config);
    }

    const std::int64_t route_base = RoundToWhole(3900 + static_cast<std::int64_t>(km) * 7);
    for (const auto& c : kClasses) {
      const std::int64_t adult = RoundToWhole(route_base * c.price_pct / 100);
      const std::string brand = c.brand;
      const bool refundable = brand == "Flex" || brand == "Business";
      std::optional<core::Money> change_fee;
      if (brand == "Classic") change_fee = core::Money{5000, "EUR"};
      if (refundable) change_fee = core::Money{0, "EUR"};
      const int bags = brand == "Business" ? 2 : (brand == "Light" ? 0 : 1);
      const std::pair<core::PaxType, std::int64_t> amounts[] = {{core::PaxType::kAdult, adult},
                                                                {core::PaxType::kChild, RoundToWhole(adult * 75 / 100)},
                                                                {core::PaxType::kInfant, RoundToWhole(adult / 10)}};
      for (auto [type, amount] : amounts) {
        pricing::FiledFare fare{kAirline,
                                kHub,
                                spoke.code,
                                true,
                                pricing::Fare{c.booking_class, type, brand, core::Money{amount, "EUR"}, refundable,
                                              change_fee, type == core::PaxType::kInfant ? 0 : bags},
                                fares_from,
                                fares_to};
        Must(pricing::FileFare(db, fare), "fare");
        ++summary.fares;
      }
    }
  }

  // Revenue management's hand on the demo: the cheapest class is sold out on Friday and Sunday evening peaks,
  // Light K is nearly gone on Monday mornings, and discount business D is closed on some days.
  for (const auto& f : schedule::ListFlights(db, kAirline)) {
    const auto weekday = core::IsoWeekday(*core::ParseIsoDate(f.departure_date));
    const int bank = f.flight_number % 10;
    if ((weekday == 5 || weekday == 7) && (bank == 3 || bank == 4))
      Must(inventory::SetClassControl(db, f.id, "L", 0, false), "control");
    if (weekday == 1 && (bank == 1 || bank == 2)) Must(inventory::SetClassControl(db, f.id, "K", 4, false), "control");
    if (f.id % 6 == 0) {
      auto cabins = inventory::LoadFlightInventory(db, f.id);
      for (const auto& cabin : cabins)
        for (const auto& c : cabin.classes)
          if (c.booking_class == "D") Must(inventory::SetClassControl(db, f.id, "D", c.authorized, true), "control");
    }
  }
  LoadSecondAirline(db, airports, today, summary);
  tx.Commit();
  return summary;
}

void LoadDemoSite(store::Connection& web) {
  std::set<std::string> present;
  for (const auto& site : web::LoadSites(web)) present.insert(site.airline);  // edited since: keep
  using Setting = std::pair<const char*, const char*>;
  // Kattegat Air is the default site (it names no host: every address that is not another site's is its own);
  // Fjordfly answers on q9.localhost, which browsers resolve to this machine.
  const std::pair<const char*, std::vector<Setting>> sites[] = {
      {kAirline,
       {{"name", "Kattegat Air"}, {"logo", "logo-x9.svg"}, {"primary_color", "#0b4f6c"}, {"accent_color", "#f2a541"},
        {"default_language", "en"}, {"default_currency", "EUR"}, {"currencies", "EUR,DKK,SEK,NOK,GBP,USD"}}},
      {kSecondAirline,
       {{"name", "Fjordfly"}, {"logo", "logo-q9.svg"}, {"primary_color", "#1d4e5f"}, {"accent_color", "#8fd3c8"},
        {"default_language", "en"}, {"default_currency", "NOK"}, {"currencies", "NOK,EUR,SEK,DKK"},
        {"hosts", "q9.localhost"}}}};
  store::Transaction tx(web);
  for (const auto& [airline, settings] : sites) {
    if (present.count(airline)) continue;
    for (const auto& [key, value] : settings) web::SaveSiteSetting(web, airline, key, value);
  }
  tx.Commit();
}

}  // namespace jetway::app
