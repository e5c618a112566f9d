// What the partner API's searches share (getDeepLink, getAvailability, getFlight, getFlights): reading the airports
// a partner names, running the one availability search over a window of days for the airlines the partner sees,
// and writing a class's offer the way getDeepLink does. Internal to aerocrs/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "aerocrs/methods.hpp"
#include "api/json_writer.hpp"
#include "core/time.hpp"
#include "pricing/fare.hpp"
#include "reference/reference_service.hpp"
#include "shopping/availability_service.hpp"

namespace jetway::aerocrs {

// jetway's child age band (booking/pnr.hpp: a child is 2 to 11 on the day of travel), as AeroCRS announces it.
inline constexpr int kChildAgeFrom = 2;
inline constexpr int kChildAgeTo = 11;
// AeroCRS holds createBooking's seats 20 minutes (reference §2.2), whatever the airline's own hold time.
inline constexpr int kPartnerHoldMinutes = 20;
// The widest window one search call covers.
inline constexpr int kMaxSearchDays = 31;
// jetway has one passenger charge type for everyone; searches say so and createBooking takes it back.
inline constexpr const char* kChargeTypeCode = "ALL";
inline constexpr const char* kChargeType = "All passengers";

core::Error WrongDestinations(const char* field);
// The airport code `parms[key]` names (any case), MISSING_PARAMETER when absent, "Wrong destinations input" when it
// is no airport jetway knows.
core::Result<std::string> AirportCode(const Call& call, const nlohmann::json& parms, const char* key);
// Optional dates start (required or not) and end (default: start), end no earlier, the window under kMaxSearchDays.
struct Window {
  core::LocalDate start;
  core::LocalDate end;
};
core::Result<Window> ReadWindow(const nlohmann::json& parms, bool start_required, core::LocalDate fallback,
                                int max_days = kMaxSearchDays);

// Today's date (UTC), where a window of days starts by default.
core::LocalDate Today(const Call& call);
// AeroCRS's airlineid is a number: the airline's accounting code (its ticket prefix) is its unique one.
std::int64_t AirlineId(const reference::Airline& airline);

// The hosted airlines the partner sees, designator -> name.
std::map<std::string, std::string> AirlineNames(const Call& call);

struct WindowSearch {
  std::string from;
  std::string to;
  Window window;
  pricing::PartyMix party;
  std::optional<std::string> currency;
};
// Every journey from `from` to `to` departing on each day of the window, on the airlines in `airlines`; sold-out
// journeys (no offer for the party) only with `keep_sold_out`. Days that cannot be sold (past, too far) are skipped.
core::Result<std::vector<shopping::Journey>> SearchWindow(const Call& call, const WindowSearch& search,
                                                          const std::map<std::string, std::string>& airlines,
                                                          bool keep_sold_out);

// adults, child, infant: with `required`, adults and child must be sent (createBooking, getFlight); otherwise one
// adult and no children are assumed (getDeepLink). Then pricing's rules for a party.
core::Result<pricing::PartyMix> ReadParty(const nlohmann::json& parms, bool required);

// A connection's flights, each {fltid, fltnum, fromcode, tocode, STD, STA, legNumber} (and airlineName when given),
// under `flights`; nothing for a direct flight.
void WriteLegs(api::JsonWriter& w, const shopping::Journey& journey, const std::string* airline_name = nullptr);

// "Y", or "Y/Flex" for a branded fare.
std::string ClassKey(const shopping::Offer& offer);
// "fare": {adultFare, childFare, infantFare (for the types in the party), tax (an adult's), total}.
void WriteFare(api::JsonWriter& w, const shopping::Offer& offer);
// One `classes` entry as getDeepLink writes it: the ids createBooking takes, seats, currency, charge type, bags, fare.
void WriteClass(api::JsonWriter& w, const shopping::Journey& journey, const shopping::Offer& offer);
// A fare's conditions as partners read them: "Refundable. Changes for 50.00 EUR. 1 checked bag(s)."
std::string ConditionsText(bool refundable, const std::optional<core::Money>& change_fee, int checked_bags);
// A connection's intermediate airports ("CPH", "CPH-OSL"); "" for a direct flight.
std::string ViaOf(const shopping::Journey& journey);
// Whether the partner may book `airline` now: it may call createBooking and its agency (if any) sells the airline.
bool Bookable(const Call& call, const std::optional<agents::Agency>& agency, const std::string& airline);

}  // namespace jetway::aerocrs
