// Validators and small value types for the codes an airline system passes around: IATA airport codes,
// airline designators, flight numbers, booking classes (RBDs) and passenger types. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jetway::core {

bool IsAirportCode(std::string_view code);        // three upper-case letters, e.g. CPH
bool IsAirlineDesignator(std::string_view code);  // two characters, letters or digits, not both digits
bool IsBookingClass(std::string_view code);       // one upper-case letter
bool IsCabinCode(std::string_view code);          // F, J (business), W (premium economy), Y (economy)
bool IsAccountingCode(std::string_view code);     // three digits, the ticket-number prefix
bool IsCountryCode(std::string_view code);        // ISO 3166-1 alpha-2: two upper-case letters, e.g. DK

// A flight number as airlines write it: designator plus 1-4 digits, e.g. "X9 101" is shown as "X9101".
struct FlightNumber {
  std::string airline;
  int number = 0;
  std::string ToString() const;  // "X9101"
};
std::optional<FlightNumber> ParseFlightNumber(std::string_view text);

enum class PaxType { kAdult, kChild, kInfant };
std::string_view ToString(PaxType type);  // ADT, CHD, INF
std::optional<PaxType> ParsePaxType(std::string_view text);

}  // namespace jetway::core
