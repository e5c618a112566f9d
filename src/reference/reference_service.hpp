// Reference data every other service reads: airports (IATA code, name, city, country, IANA zone), airlines,
// cabin configurations and booking classes. AirportDirectory is loaded at start-up and refreshed while serving; it
// is shared by all request threads without locking (see the class).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/passenger_rules.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace jetway::reference {

struct Airport {
  std::string code;
  std::string icao;
  std::string name;
  std::string city;
  std::string country;
  std::string time_zone;
  std::int64_t latitude_micro = 0;
  std::int64_t longitude_micro = 0;
  const date::time_zone* zone = nullptr;
};

// The airports, read by every request without locking, and refreshed while serving when the table changes (the
// back office adds or edits an airport; every node notices within its refresh interval). A refresh builds a new
// index and swaps it in atomically; the records themselves are never freed while the directory lives (an edit adds
// a record and leaves the old one), so a pointer from Find stays valid for as long as anyone holds it.
class AirportDirectory {
 public:
  AirportDirectory();
  AirportDirectory(AirportDirectory&& other) noexcept;
  AirportDirectory& operator=(AirportDirectory&& other) noexcept;
  ~AirportDirectory();

  static AirportDirectory Load(store::Connection& db);
  // Reads the table again if it changed since the last read (its row count or newest updated_at); true if it did.
  // Safe while other threads read.
  bool Refresh(store::Connection& db);
  // nullptr when the code is unknown: callers answer an error (or fall back), never dereference it blindly.
  const Airport* Find(std::string_view code) const;
  // The airport's city for people to read ("Copenhagen"); the code itself when the airport is unknown.
  std::string CityOf(std::string_view code) const;
  // Case-insensitive match on code (exact first), then name or city prefix/substring; at most `limit`.
  std::vector<const Airport*> Search(std::string_view query, std::size_t limit) const;
  std::size_t size() const;

 private:
  struct Storage;
  struct Index;
  const Index* Current() const;  // valid for a minute at least after a refresh replaces it

  std::unique_ptr<Storage> storage_;
};

// How many airports are loaded (cheaper than loading the directory to ask).
std::int64_t CountAirports(store::Connection& db);

// Loads airports from a CSV with the header iata,icao,name,city,country,tz,lat,lon (RFC 4180 quoting); rows whose
// zone is unknown to the OS tz database are skipped. Returns the number of airports inserted or updated.
int ImportAirportsCsv(store::Connection& db, const std::string& path);

// Adds or edits one airport (the back office): IATA code, optional ICAO code, name, city, country, an IANA time zone
// this machine knows, and a position. INVALID_AIRPORT, INVALID_ICAO, INVALID_NAME, UNKNOWN_TIME_ZONE,
// INVALID_POSITION. Every node's AirportDirectory picks the change up at its next refresh.
core::Result<void> SaveAirport(store::Connection& db, const Airport& airport);
// The airports the airline's schedules fly to and from, by code.
std::vector<Airport> ServedAirports(store::Connection& db);
// "55.6179" as micro-degrees; what the CSV import and the back office's form read.
std::int64_t ParseMicroDegrees(const std::string& text);

struct Airline {
  std::string designator;
  std::string name;
  std::string accounting_code;
  std::string base_currency;
  std::optional<int> hold_minutes;          // how long an unpaid hold keeps its seats; nullopt: the deployment's
  std::optional<int> sales_cutoff_minutes;  // how long before departure sales stop; nullopt: the default
  std::string country = {};   // ISO 3166 alpha-2, "" unknown
  std::string logo_url = {};  // "" none
  core::PassengerRules passenger_rules = {};
};

// The airline's sales policy, one rule for every front door (the booking site, API v1, the office, partners).
inline constexpr int kDefaultSalesCutoffMinutes = 40;
inline constexpr int kMaxSalesCutoffMinutes = 24 * 60;
inline constexpr int kMinHoldMinutes = 5;
inline constexpr int kMaxHoldMinutes = 72 * 60;  // three days: long enough for an office's hold, short of hoarding
std::chrono::minutes SalesCutoff(const std::optional<Airline>& airline);
std::chrono::seconds HoldTime(const std::optional<Airline>& airline, std::chrono::seconds deployment_default);
// INVALID_HOLD_TIME, INVALID_SALES_CUTOFF, AIRLINE_NOT_FOUND; nullopt restores the default.
core::Result<void> SetSalesPolicy(store::Connection& db, const std::string& designator,
                                  std::optional<int> hold_minutes, std::optional<int> sales_cutoff_minutes);

core::Result<void> UpsertAirline(store::Connection& db, const Airline& airline);
// Where the airline is from (ISO 3166 alpha-2 or ""), its logo (an https:// URL, a path on this site, or ""), and
// what it requires of its passengers. INVALID_COUNTRY, INVALID_LOGO_URL, AIRLINE_NOT_FOUND.
core::Result<void> SetAirlineProfile(store::Connection& db, const std::string& designator, const std::string& country,
                                     const std::string& logo_url, const core::PassengerRules& rules);
// The rules as words ("nationality document date_of_birth"), as stored and as forms and partners name them; Parse
// answers nullopt for an unknown word.
std::string FormatPassengerRules(const core::PassengerRules& rules);
std::optional<core::PassengerRules> ParsePassengerRules(std::string_view words);
// Whether `rules` has the rule named `word` (false for a word that names none).
bool HasPassengerRule(const core::PassengerRules& rules, std::string_view word);
std::optional<Airline> FindAirline(store::Connection& db, std::string_view designator);
// Sends FindAirline's read ahead (store::Statement::Prefetch): the next FindAirline of that airline reads its answer.
void PrefetchAirline(store::Connection& db, std::string_view designator);
// The deployment's airlines (one deployment hosts several), by designator.
std::vector<Airline> ListAirlines(store::Connection& db);

struct CabinSpec {
  std::string cabin;
  int seats = 0;
  int overbooking_pct = 0;
};

// Returns the config id; replaces the cabins (and seat map) of an existing config with the same code. The seat map
// (seating/seat_map.hpp; "" for none) must lay out exactly the cabins' seats: INVALID_SEAT_MAP, SEAT_MAP_MISMATCH.
core::Result<std::int64_t> UpsertCabinConfig(store::Connection& db, const std::string& airline, const std::string& code,
                                             const std::string& aircraft_type, const std::vector<CabinSpec>& cabins,
                                             const std::string& seat_map = "");

struct CabinConfig {
  std::int64_t id = 0;
  std::string code;
  std::string aircraft_type;
  std::vector<CabinSpec> cabins;
  std::string seat_map;  // its normal form; "" for none
};
// The airline's cabin configurations, by code.
std::vector<CabinConfig> ListCabinConfigs(store::Connection& db, const std::string& airline);

struct BookingClassSpec {
  std::string booking_class;
  std::string cabin;
  int nest_rank = 0;
  int authorization_pct = 100;  // share of the cabin's sellable seats this class (and those below it) may take
};

core::Result<void> UpsertBookingClasses(store::Connection& db, const std::string& airline,
                                        const std::vector<BookingClassSpec>& classes);

// The shortest connection the airline sells at an airport: its own where it set one, else this.
inline constexpr int kDefaultMinConnectionMinutes = 45;
std::chrono::minutes MinConnectionTime(store::Connection& db, const std::string& airline, const std::string& airport);
core::Result<void> SetMinConnectionTime(store::Connection& db, const std::string& airline, const std::string& airport,
                                        int minutes);

// When web check-in opens and closes before departure at one airport, as the airline sets it (booking/check_in.hpp
// keeps the default for airports without one). Opens 1-72 hours before; closes at least 15 minutes before (when the
// gate closes) and at least an hour after it opens: INVALID_CHECK_IN_WINDOW otherwise.
struct CheckInTimes {
  int opens_minutes = 0;
  int closes_minutes = 0;
};
std::optional<CheckInTimes> CheckInTimesAt(store::Connection& db, const std::string& airline,
                                           const std::string& airport);
std::vector<std::pair<std::string, CheckInTimes>> ListCheckInTimes(store::Connection& db, const std::string& airline);
core::Result<void> ValidateCheckInTimes(const CheckInTimes& times);
// nullopt: the airport goes back to the default.
core::Result<void> SetCheckInTimes(store::Connection& db, const std::string& airline, const std::string& airport,
                                   const std::optional<CheckInTimes>& times);

// What the airline charges for each kind of extra (booking/extras.hpp's codes), in its own currency; none: not sold.
std::vector<std::pair<std::string, core::Money>> ExtraPrices(store::Connection& db, const std::string& airline);
// INVALID_PRICE for an amount that is not positive or a currency that is not three letters.
core::Result<void> SetExtraPrice(store::Connection& db, const std::string& airline, const std::string& code,
                                 const core::Money& price);
void DeleteExtraPrice(store::Connection& db, const std::string& airline, const std::string& code);

}  // namespace jetway::reference
