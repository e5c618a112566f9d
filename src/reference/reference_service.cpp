#include "reference/reference_service.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <deque>
#include <fstream>
#include <mutex>
#include <utility>
#include <vector>
#include <stdexcept>

#include "core/codes.hpp"
#include "seating/seat_map.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "inventory/controls.hpp"
#include "reference/reference_sql.hpp"

namespace jetway::reference {

using core::ErrorKind;
using core::Fail;

namespace {

// Splits one CSV record (RFC 4180: quoted fields, doubled quotes); the airport file has no embedded newlines.
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}


}  // namespace

// "55.6179" -> 55617900 micro-degrees, without floating point.
std::int64_t ParseMicroDegrees(const std::string& text) {
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  bool negative = false, in_frac = false;
  for (char c : text) {
    if (c == '-')
      negative = true;
    else if (c == '.')
      in_frac = true;
    else if (c >= '0' && c <= '9') {
      if (in_frac) {
        if (frac_digits < 6) {
          frac = frac * 10 + (c - '0');
          ++frac_digits;
        }
      } else {
        whole = whole * 10 + (c - '0');
      }
    }
  }
  while (frac_digits < 6) {
    frac *= 10;
    ++frac_digits;
  }
  const std::int64_t value = whole * 1'000'000 + frac;
  return negative ? -value : value;
}

// Records live in a deque, whose elements never move: an index may point at them for the directory's whole life.
// Readers take the current index through a plain atomic pointer: an atomic shared_ptr is a spin lock in libstdc++,
// which every search's dozens of lookups took on 8 threads (5 % of a search's CPU, most of it spinning). An index a
// refresh replaces is kept for a minute, far longer than any lookup holds it.
struct AirportDirectory::Storage {
  std::mutex refreshing;  // one refresh at a time; readers never take it
  std::deque<Airport> records;
  std::atomic<const Index*> index{nullptr};
  std::unique_ptr<const Index> live;  // what `index` points at
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::unique_ptr<const Index>>> retired;

  void Publish(std::unique_ptr<const Index> next) {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(retired, [&](const auto& r) { return now - r.first > std::chrono::minutes{1}; });
    index.store(next.get(), std::memory_order_release);
    if (live) retired.emplace_back(now, std::move(live));
    live = std::move(next);
  }
};

// Lower-cased once at load, so a search compares without allocating per airport.
struct AirportDirectory::Index {
  struct SearchKey {
    std::string code;
    std::string name;
    std::string city;
  };
  std::vector<const Airport*> by_code;  // sorted by code
  std::vector<SearchKey> keys;          // keys[i] belongs to by_code[i]
  std::pair<std::int64_t, std::int64_t> version{-1, -1};  // row count and newest updated_at when read
};

namespace {

bool SameAirport(const Airport& a, const Airport& b) {
  return a.code == b.code && a.icao == b.icao && a.name == b.name && a.city == b.city && a.country == b.country &&
         a.time_zone == b.time_zone && a.latitude_micro == b.latitude_micro && a.longitude_micro == b.longitude_micro;
}

std::pair<std::int64_t, std::int64_t> AirportsVersion(store::Connection& db) {
  auto stmt = db.Prepare(sql::kAirportsVersion);
  stmt.Step();
  return {stmt.Int(0), stmt.Int(1)};
}

// The updated_at for rows changed in this transaction: now, or one past the newest stamp when that is not older
// (two changes within a second), so every change moves the version Refresh compares.
std::int64_t ChangeStamp(store::Connection& db) {
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  return std::max(now, AirportsVersion(db).second + 1);
}

}  // namespace

AirportDirectory::AirportDirectory() : storage_(std::make_unique<Storage>()) {
  storage_->Publish(std::make_unique<const Index>());
}
AirportDirectory::AirportDirectory(AirportDirectory&& other) noexcept = default;
AirportDirectory& AirportDirectory::operator=(AirportDirectory&& other) noexcept = default;
AirportDirectory::~AirportDirectory() = default;

const AirportDirectory::Index* AirportDirectory::Current() const {
  return storage_->index.load(std::memory_order_acquire);
}

AirportDirectory AirportDirectory::Load(store::Connection& db) {
  AirportDirectory directory;
  directory.Refresh(db);
  return directory;
}

bool AirportDirectory::Refresh(store::Connection& db) {
  std::lock_guard lock(storage_->refreshing);
  const auto current = Current();
  const auto version = AirportsVersion(db);
  if (version == current->version) return false;
  auto next = std::make_unique<Index>();
  next->version = version;
  auto stmt = db.Prepare(sql::kAllAirports);
  while (stmt.Step()) {
    Airport a{stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4),
              stmt.Text(5), stmt.Int(6),  stmt.Int(7),  nullptr};
    a.zone = core::FindZone(a.time_zone);
    if (!a.zone) continue;  // imported rows are checked; a hand-edited row with a bad zone is left out, not fatal
    const auto* known = Find(a.code);
    if (known && SameAirport(*known, a)) {
      next->by_code.push_back(known);
    } else {
      storage_->records.push_back(std::move(a));
      next->by_code.push_back(&storage_->records.back());
    }
  }
  std::sort(next->by_code.begin(), next->by_code.end(),
            [](const Airport* x, const Airport* y) { return x->code < y->code; });
  for (const auto* a : next->by_code)
    next->keys.push_back({core::AsciiLower(a->code), core::AsciiLower(a->name), core::AsciiLower(a->city)});
  storage_->Publish(std::move(next));
  return true;
}

std::size_t AirportDirectory::size() const { return Current()->by_code.size(); }

const Airport* AirportDirectory::Find(std::string_view code) const {
  const auto index = Current();
  const auto& all = index->by_code;
  auto it = std::lower_bound(all.begin(), all.end(), code, [](const Airport* a, std::string_view c) { return a->code < c; });
  return it == all.end() || (*it)->code != code ? nullptr : *it;
}

std::string AirportDirectory::CityOf(std::string_view code) const {
  const auto* airport = Find(code);
  return airport ? airport->city : std::string(code);
}

std::int64_t CountAirports(store::Connection& db) {
  auto stmt = db.Prepare(sql::kCountAirports);
  stmt.Step();
  return stmt.Int(0);
}

std::vector<const Airport*> AirportDirectory::Search(std::string_view query, std::size_t limit) const {
  std::vector<const Airport*> exact, prefix, contains;
  const std::string q = core::AsciiLower(query);
  if (q.empty()) return {};
  const auto index = Current();
  for (std::size_t i = 0; i < index->by_code.size(); ++i) {
    const auto& key = index->keys[i];
    const auto* airport = index->by_code[i];
    if (key.code == q)
      exact.push_back(airport);
    else if (key.city.starts_with(q) || key.name.starts_with(q))
      prefix.push_back(airport);
    else if (q.size() >= 3 && (key.city.find(q) != std::string::npos || key.name.find(q) != std::string::npos))
      contains.push_back(airport);
  }
  std::vector<const Airport*> out;
  for (auto* list : {&exact, &prefix, &contains})
    for (const auto* a : *list)
      if (out.size() < limit) out.push_back(a);
  return out;
}

int ImportAirportsCsv(store::Connection& db, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("cannot read airports file {}", path));
  std::string line;
  std::getline(in, line);
  if (!line.starts_with("iata,icao,name,city,country,tz"))
    throw std::runtime_error(fmt::format("{} does not start with the airports header", path));
  const auto stamp = ChangeStamp(db);
  int count = 0;
  while (std::getline(in, line)) {
    auto f = SplitCsv(line);
    if (f.size() < 8 || !core::IsAirportCode(f[0]) || !core::FindZone(f[5])) continue;
    db.Prepare(sql::kUpsertAirport)
        .Bind(9, stamp)
        .Bind(1, f[0])
        .Bind(2, f[1])
        .Bind(3, f[2])
        .Bind(4, f[3])
        .Bind(5, f[4])
        .Bind(6, f[5])
        .Bind(7, ParseMicroDegrees(f[6]))
        .Bind(8, ParseMicroDegrees(f[7]))
        .Exec();
    ++count;
  }
  return count;
}

core::Result<void> SaveAirport(store::Connection& db, const Airport& a) {
  if (!core::IsAirportCode(a.code))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "an IATA airport code is three letters A-Z", "code");
  const bool icao_ok = a.icao.empty() || (a.icao.size() == 4 && std::all_of(a.icao.begin(), a.icao.end(), [](char c) {
                                            return c >= 'A' && c <= 'Z';
                                          }));
  if (!icao_ok) return Fail(ErrorKind::kInvalid, "INVALID_ICAO", "an ICAO code is four letters A-Z", "icao");
  for (const auto& [text, field] : {std::pair{&a.name, "name"}, {&a.city, "city"}, {&a.country, "country"}})
    if (core::Trim(*text).empty() || text->size() > 80)
      return Fail(ErrorKind::kInvalid, "INVALID_NAME", fmt::format("{} must be 1-80 characters", field), field);
  if (!core::FindZone(a.time_zone))
    return Fail(ErrorKind::kInvalid, "UNKNOWN_TIME_ZONE",
                fmt::format("{} is not a time zone this system knows; use an IANA name such as Europe/Copenhagen",
                            a.time_zone),
                "time_zone");
  if (a.latitude_micro < -90'000'000 || a.latitude_micro > 90'000'000 || a.longitude_micro < -180'000'000 ||
      a.longitude_micro > 180'000'000)
    return Fail(ErrorKind::kInvalid, "INVALID_POSITION", "latitude is -90 to 90 and longitude -180 to 180 degrees",
                "latitude");
  db.Prepare(sql::kUpsertAirport)
      .Bind(1, a.code)
      .Bind(2, a.icao)
      .Bind(3, std::string(core::Trim(a.name)))
      .Bind(4, std::string(core::Trim(a.city)))
      .Bind(5, std::string(core::Trim(a.country)))
      .Bind(6, a.time_zone)
      .Bind(7, a.latitude_micro)
      .Bind(8, a.longitude_micro)
      .Bind(9, ChangeStamp(db))
      .Exec();
  return {};
}

std::vector<Airport> ServedAirports(store::Connection& db) {
  std::vector<Airport> airports;
  auto stmt = db.Prepare(sql::kServedAirports);
  while (stmt.Step())
    airports.push_back(Airport{stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4), stmt.Text(5),
                               stmt.Int(6), stmt.Int(7), core::FindZone(stmt.Text(5))});
  return airports;
}

core::Result<void> UpsertAirline(store::Connection& db, const Airline& airline) {
  if (!core::IsAirlineDesignator(airline.designator))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRLINE", "airline designator must be two letters or digits",
                "designator");
  if (!core::IsAccountingCode(airline.accounting_code))
    return Fail(ErrorKind::kInvalid, "INVALID_ACCOUNTING_CODE", "accounting code must be three digits",
                "accounting_code");
  if (!core::IsCurrencyCode(airline.base_currency))
    return Fail(ErrorKind::kInvalid, "INVALID_CURRENCY", "base currency must be an ISO 4217 code", "base_currency");
  if (airline.name.empty()) return Fail(ErrorKind::kInvalid, "INVALID_NAME", "airline name is required", "name");
  db.Prepare(sql::kUpsertAirline)
      .Bind(1, airline.designator)
      .Bind(2, airline.name)
      .Bind(3, airline.accounting_code)
      .Bind(4, airline.base_currency)
      .Exec();
  return {};
}

namespace {

// Each rule by the word it is stored and named by.
constexpr std::pair<const char*, bool core::PassengerRules::*> kRuleWords[] = {
    {"nationality", &core::PassengerRules::nationality},
    {"document", &core::PassengerRules::document},
    {"document_expiry", &core::PassengerRules::document_expiry},
    {"document_country", &core::PassengerRules::document_country},
    {"date_of_birth", &core::PassengerRules::date_of_birth},
    {"place_of_birth", &core::PassengerRules::place_of_birth}};

Airline ReadAirline(const store::Statement& stmt) {
  Airline airline;
  airline.designator = stmt.Text(0);
  airline.name = stmt.Text(1);
  airline.accounting_code = stmt.Text(2);
  airline.base_currency = stmt.Text(3);
  if (auto hold = stmt.OptInt(4)) airline.hold_minutes = static_cast<int>(*hold);
  if (auto cutoff = stmt.OptInt(5)) airline.sales_cutoff_minutes = static_cast<int>(*cutoff);
  airline.country = stmt.Text(6);
  airline.logo_url = stmt.Text(7);
  airline.passenger_rules = ParsePassengerRules(stmt.Text(8)).value_or(core::PassengerRules{});
  return airline;
}

}  // namespace

std::string FormatPassengerRules(const core::PassengerRules& rules) {
  std::string words;
  for (const auto& [word, member] : kRuleWords)
    if (rules.*member) words += (words.empty() ? "" : " ") + std::string(word);
  return words;
}

bool HasPassengerRule(const core::PassengerRules& rules, std::string_view word) {
  for (const auto& [name, member] : kRuleWords)
    if (word == name) return rules.*member;
  return false;
}

std::optional<core::PassengerRules> ParsePassengerRules(std::string_view words) {
  core::PassengerRules rules;
  std::size_t at = 0;
  while (at < words.size()) {
    const auto end = std::min(words.find_first_of(" ,", at), words.size());
    const auto word = words.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    const auto* found = std::find_if(std::begin(kRuleWords), std::end(kRuleWords),
                                     [&](const auto& entry) { return word == entry.first; });
    if (found == std::end(kRuleWords)) return std::nullopt;
    rules.*(found->second) = true;
  }
  return rules;
}

core::Result<void> SetAirlineProfile(store::Connection& db, const std::string& designator, const std::string& country,
                                     const std::string& logo_url, const core::PassengerRules& rules) {
  if (!country.empty() && !core::IsCountryCode(country))
    return Fail(ErrorKind::kInvalid, "INVALID_COUNTRY", "country is a two-letter ISO 3166 code", "country");
  const bool logo_ok = logo_url.empty() || (logo_url.size() <= 500 && core::IsText(logo_url) &&
                                            logo_url.find_first_of(" \"'<>") == std::string::npos &&
                                            (logo_url.starts_with("https://") || logo_url.starts_with("/")));
  if (!logo_ok)
    return Fail(ErrorKind::kInvalid, "INVALID_LOGO_URL", "the logo is an https:// address or a path on this site",
                "logo_url");
  if (!FindAirline(db, designator))
    return Fail(ErrorKind::kNotFound, "AIRLINE_NOT_FOUND", fmt::format("there is no airline {}", designator));
  db.Prepare(sql::kSetAirlineProfile)
      .Bind(1, country)
      .Bind(2, logo_url)
      .Bind(3, FormatPassengerRules(rules))
      .Bind(4, designator)
      .Exec();
  return {};
}

namespace {
store::Statement AirlineQuery(store::Connection& db, std::string_view designator) {
  auto stmt = db.Prepare(sql::kFindAirline);
  stmt.Bind(1, designator);
  return stmt;
}
}  // namespace

std::optional<Airline> FindAirline(store::Connection& db, std::string_view designator) {
  auto stmt = AirlineQuery(db, designator);
  if (!stmt.Step()) return std::nullopt;
  return ReadAirline(stmt);
}

void PrefetchAirline(store::Connection& db, std::string_view designator) { AirlineQuery(db, designator).Prefetch(); }

std::vector<Airline> ListAirlines(store::Connection& db) {
  std::vector<Airline> airlines;
  auto stmt = db.Prepare(sql::kAirlines);
  while (stmt.Step()) airlines.push_back(ReadAirline(stmt));
  return airlines;
}

std::chrono::minutes SalesCutoff(const std::optional<Airline>& airline) {
  return std::chrono::minutes{airline && airline->sales_cutoff_minutes ? *airline->sales_cutoff_minutes
                                                                        : kDefaultSalesCutoffMinutes};
}

std::chrono::seconds HoldTime(const std::optional<Airline>& airline, std::chrono::seconds deployment_default) {
  if (airline && airline->hold_minutes) return std::chrono::minutes{*airline->hold_minutes};
  return deployment_default;
}

core::Result<void> SetSalesPolicy(store::Connection& db, const std::string& designator,
                                  std::optional<int> hold_minutes, std::optional<int> sales_cutoff_minutes) {
  if (hold_minutes && (*hold_minutes < kMinHoldMinutes || *hold_minutes > kMaxHoldMinutes))
    return Fail(ErrorKind::kInvalid, "INVALID_HOLD_TIME",
                fmt::format("a hold keeps its seats {}-{} minutes", kMinHoldMinutes, kMaxHoldMinutes), "hold_minutes");
  if (sales_cutoff_minutes && (*sales_cutoff_minutes < 0 || *sales_cutoff_minutes > kMaxSalesCutoffMinutes))
    return Fail(ErrorKind::kInvalid, "INVALID_SALES_CUTOFF",
                fmt::format("sales stop 0-{} minutes before departure", kMaxSalesCutoffMinutes),
                "sales_cutoff_minutes");
  auto stmt = db.Prepare(sql::kSetSalesPolicy);
  stmt.Bind(1, hold_minutes ? std::optional<std::int64_t>(*hold_minutes) : std::nullopt)
      .Bind(2, sales_cutoff_minutes ? std::optional<std::int64_t>(*sales_cutoff_minutes) : std::nullopt)
      .Bind(3, designator)
      .Exec();
  if (db.Changes() == 0)
    return Fail(ErrorKind::kNotFound, "AIRLINE_NOT_FOUND", fmt::format("no airline {}", designator), "airline");
  return {};
}

core::Result<std::int64_t> UpsertCabinConfig(store::Connection& db, const std::string& airline, const std::string& code,
                                             const std::string& aircraft_type, const std::vector<CabinSpec>& cabins,
                                             const std::string& seat_map) {
  if (cabins.empty())
    return Fail(ErrorKind::kInvalid, "INVALID_CONFIG", "a configuration needs at least one cabin", "cabins");
  for (const auto& c : cabins) {
    if (!core::IsCabinCode(c.cabin))
      return Fail(ErrorKind::kInvalid, "INVALID_CABIN", "cabin must be F, J, W or Y", "cabin");
    // The same limits as staff changing one flight's cabin (inventory/controls.hpp).
    if (c.seats <= 0 || c.seats > inventory::kMaxCabinSeats)
      return Fail(ErrorKind::kInvalid, "INVALID_CABIN_SEATS",
                  fmt::format("cabin seats must be 1-{}", inventory::kMaxCabinSeats), "seats");
    if (c.overbooking_pct < 0 || c.overbooking_pct > inventory::kMaxOverbookingPct)
      return Fail(ErrorKind::kInvalid, "INVALID_OVERBOOKING",
                  fmt::format("overbooking must be 0-{}%", inventory::kMaxOverbookingPct), "overbooking_pct");
  }
  auto map = seating::ParseSeatMap(seat_map);
  if (!map) return std::unexpected(map.error());
  std::map<std::string, int> seats;
  for (const auto& c : cabins) seats[c.cabin] = c.seats;
  if (auto fits = seating::CheckFitsCabins(*map, seats); !fits) return std::unexpected(fits.error());
  auto stmt = db.Prepare(sql::kUpsertConfig);
  stmt.Bind(1, airline).Bind(2, code).Bind(3, aircraft_type).Bind(4, map->text);
  stmt.Step();
  const std::int64_t id = stmt.Int(0);
  stmt.Exec();
  db.Prepare(sql::kDeleteConfigCabins).Bind(1, id).Exec();
  for (const auto& c : cabins)
    db.Prepare(sql::kInsertConfigCabin).Bind(1, id).Bind(2, c.cabin).Bind(3, c.seats).Bind(4, c.overbooking_pct).Exec();
  return id;
}

std::vector<CabinConfig> ListCabinConfigs(store::Connection& db, const std::string& airline) {
  std::vector<CabinConfig> configs;
  auto stmt = db.Prepare(sql::kConfigCabins);
  stmt.Bind(1, airline);
  while (stmt.Step()) {
    if (configs.empty() || configs.back().id != stmt.Int(0))
      configs.push_back(CabinConfig{stmt.Int(0), stmt.Text(1), stmt.Text(2), {}, stmt.Text(6)});
    configs.back().cabins.push_back(
        CabinSpec{stmt.Text(3), static_cast<int>(stmt.Int(4)), static_cast<int>(stmt.Int(5))});
  }
  return configs;
}

core::Result<void> UpsertBookingClasses(store::Connection& db, const std::string& airline,
                                        const std::vector<BookingClassSpec>& classes) {
  for (const auto& c : classes) {
    if (!core::IsBookingClass(c.booking_class))
      return Fail(ErrorKind::kInvalid, "INVALID_BOOKING_CLASS", "booking class must be one letter", "booking_class");
    if (!core::IsCabinCode(c.cabin))
      return Fail(ErrorKind::kInvalid, "INVALID_CABIN", "cabin must be F, J, W or Y", "cabin");
    db.Prepare(sql::kUpsertBookingClass)
        .Bind(1, airline)
        .Bind(2, c.booking_class)
        .Bind(3, c.cabin)
        .Bind(4, c.nest_rank)
        .Bind(5, c.authorization_pct)
        .Exec();
  }
  return {};
}

std::chrono::minutes MinConnectionTime(store::Connection& db, const std::string& airline, const std::string& airport) {
  auto stmt = db.Prepare(sql::kMinConnection);
  stmt.Bind(1, airline).Bind(2, airport);
  return std::chrono::minutes(stmt.Step() ? stmt.Int(0) : kDefaultMinConnectionMinutes);
}

core::Result<void> SetMinConnectionTime(store::Connection& db, const std::string& airline, const std::string& airport,
                                        int minutes) {
  if (minutes < 10 || minutes > 600)
    return Fail(ErrorKind::kInvalid, "INVALID_CONNECTION_TIME", "minimum connection time must be 10-600 minutes",
                "minutes");
  db.Prepare(sql::kUpsertMinConnection).Bind(1, airline).Bind(2, airport).Bind(3, minutes).Exec();
  return {};
}

std::optional<CheckInTimes> CheckInTimesAt(store::Connection& db, const std::string& airline,
                                           const std::string& airport) {
  auto stmt = db.Prepare(sql::kCheckInTimes);
  stmt.Bind(1, airline).Bind(2, airport);
  if (!stmt.Step()) return std::nullopt;
  return CheckInTimes{static_cast<int>(stmt.Int(0)), static_cast<int>(stmt.Int(1))};
}

std::vector<std::pair<std::string, CheckInTimes>> ListCheckInTimes(store::Connection& db, const std::string& airline) {
  std::vector<std::pair<std::string, CheckInTimes>> list;
  auto stmt = db.Prepare(sql::kListCheckInTimes);
  stmt.Bind(1, airline);
  while (stmt.Step())
    list.emplace_back(stmt.Text(0), CheckInTimes{static_cast<int>(stmt.Int(1)), static_cast<int>(stmt.Int(2))});
  return list;
}

core::Result<void> ValidateCheckInTimes(const CheckInTimes& t) {
  if (t.opens_minutes < 60 || t.opens_minutes > 72 * 60)
    return Fail(ErrorKind::kInvalid, "INVALID_CHECK_IN_WINDOW", "check-in opens 1 to 72 hours before departure",
                "opens_hours");
  if (t.closes_minutes < 15 || t.closes_minutes > t.opens_minutes - 60)
    return Fail(ErrorKind::kInvalid, "INVALID_CHECK_IN_WINDOW",
                "check-in closes at least 15 minutes before departure and at least an hour after it opens",
                "closes_minutes");
  return {};
}

core::Result<void> SetCheckInTimes(store::Connection& db, const std::string& airline, const std::string& airport,
                                   const std::optional<CheckInTimes>& times) {
  if (!times) {
    db.Prepare(sql::kDeleteCheckInTimes).Bind(1, airline).Bind(2, airport).Exec();
    return {};
  }
  if (auto ok = ValidateCheckInTimes(*times); !ok) return ok;
  db.Prepare(sql::kUpsertCheckInTimes)
      .Bind(1, airline)
      .Bind(2, airport)
      .Bind(3, times->opens_minutes)
      .Bind(4, times->closes_minutes)
      .Exec();
  return {};
}

std::vector<std::pair<std::string, core::Money>> ExtraPrices(store::Connection& db, const std::string& airline) {
  std::vector<std::pair<std::string, core::Money>> prices;
  auto stmt = db.Prepare(sql::kExtraPrices);
  stmt.Bind(1, airline);
  while (stmt.Step()) prices.emplace_back(stmt.Text(0), core::Money{stmt.Int(1), stmt.Text(2)});
  return prices;
}

core::Result<void> SetExtraPrice(store::Connection& db, const std::string& airline, const std::string& code,
                                 const core::Money& price) {
  if (price.minor <= 0 || !core::IsCurrencyCode(price.currency))
    return Fail(ErrorKind::kInvalid, "INVALID_PRICE", "a price is a positive amount in a three-letter currency", "price");
  db.Prepare(sql::kUpsertExtraPrice).Bind(1, airline).Bind(2, code).Bind(3, price.minor).Bind(4, price.currency).Exec();
  return {};
}

void DeleteExtraPrice(store::Connection& db, const std::string& airline, const std::string& code) {
  db.Prepare(sql::kDeleteExtraPrice).Bind(1, airline).Bind(2, code).Exec();
}

}  // namespace jetway::reference
