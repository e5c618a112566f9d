// A travel agency as the airline knows it: who it is (code, name, contact, address), whether it may sell (active or
// suspended), which of the deployment's airlines it may sell, the currency it is priced and invoiced in, and how its
// commission is settled. Pure rules, no I/O; the record lives in the management database (agents/agency_service).
// Its money (credit limit, ledger) is its account, in the data database: agents/ledger.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace jetway::agents {

enum class AgencyStatus { kActive, kSuspended };
std::string_view ToString(AgencyStatus status);  // "active", "suspended"
std::optional<AgencyStatus> ParseAgencyStatus(std::string_view text);

// How the agency's commission reaches it: deducted at once (each booking is charged to its account net of
// commission), or paid out on its monthly statement (charged gross; the statement shows what it earned).
enum class Settlement { kNet, kStatement };
std::string_view ToString(Settlement settlement);  // "net", "statement"
std::optional<Settlement> ParseSettlement(std::string_view text);

struct Agency {
  std::int64_t id = 0;
  std::string code;  // IATA numeric code (8 digits, the last a check digit) or the airline's own code
  std::string name;
  std::string contact_name;
  std::string email;
  std::string phone;
  std::string address_line1;
  std::string address_line2;
  std::string postcode;
  std::string city;
  std::string country;  // ISO 3166-1 alpha-2
  AgencyStatus status = AgencyStatus::kActive;
  std::string currency;               // ISO 4217: its prices, its account and its statements
  std::vector<std::string> airlines;  // the airline designators it may sell, sorted, no repeats
  Settlement settlement = Settlement::kNet;
  core::Instant created_at;
  core::Instant updated_at;
};

// Whether the agency may make bookings now: AGENCY_SUSPENDED (403) when it is suspended; nullopt when it may. Every
// front door an agency books through (the agent portal, the partner API) asks this.
std::optional<core::Error> SellingRefusal(const Agency& agency);

// What an agency's bookings are priced and charged in: its own currency (its account is kept in it); `asked`, upper-
// cased, must be that one: CURRENCY_MISMATCH (422) for another. Every front door an agency sells through asks this.
core::Result<std::string> PricingCurrency(const std::string& agency_currency, std::optional<std::string> asked);

// An IATA agency's numeric code: seven digits and a check digit, the seven read as a number modulo 7.
bool IsIataAgencyCode(std::string_view code);
// An agency code: an IATA numeric code (with a correct check digit), or an airline-assigned code of 3-10 upper-case
// letters and digits that is not all digits.
bool IsAgencyCode(std::string_view code);

// Normalises what a form or an API sent (trims, upper-cases codes and the country, sorts and de-duplicates the
// airlines) and checks every field; the first problem, with its field name.
core::Result<Agency> ValidAgency(Agency agency);

// The agency's details by their one name (the form's fields, the audit log's JSON keys, the database's columns),
// in display order, as text: the airlines space-separated, status and settlement by their names.
std::vector<std::pair<std::string_view, std::string>> AgencyFields(const Agency& agency);

// "ZZ FR" → {"FR", "ZZ"}: the stored form of the airlines list (space-separated), and back.
std::string JoinAirlines(const std::vector<std::string>& airlines);
std::vector<std::string> SplitAirlines(std::string_view text);

}  // namespace jetway::agents
