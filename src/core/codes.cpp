#include "core/codes.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace jetway::core {

namespace {
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool IsAirportCode(std::string_view code) {
  return code.size() == 3 && IsUpper(code[0]) && IsUpper(code[1]) && IsUpper(code[2]);
}

bool IsAirlineDesignator(std::string_view code) {
  if (code.size() != 2) return false;
  for (char c : code)
    if (!IsUpper(c) && !IsDigit(c)) return false;
  return !(IsDigit(code[0]) && IsDigit(code[1]));
}

bool IsBookingClass(std::string_view code) { return code.size() == 1 && IsUpper(code[0]); }

bool IsCabinCode(std::string_view code) { return code == "F" || code == "J" || code == "W" || code == "Y"; }

bool IsCountryCode(std::string_view code) {
  return code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool IsAccountingCode(std::string_view code) {
  return code.size() == 3 && IsDigit(code[0]) && IsDigit(code[1]) && IsDigit(code[2]);
}

std::string FlightNumber::ToString() const { return fmt::format("{}{}", airline, number); }

std::optional<FlightNumber> ParseFlightNumber(std::string_view text) {
  if (text.size() < 3 || text.size() > 6 || !IsAirlineDesignator(text.substr(0, 2))) return std::nullopt;
  int number = 0;
  for (char c : text.substr(2)) {
    if (!IsDigit(c)) return std::nullopt;
    number = number * 10 + (c - '0');
  }
  if (number == 0) return std::nullopt;
  return FlightNumber{std::string(text.substr(0, 2)), number};
}

std::string_view ToString(PaxType type) {
  switch (type) {
    case PaxType::kAdult: return "ADT";
    case PaxType::kChild: return "CHD";
    case PaxType::kInfant: return "INF";
  }
  return "ADT";
}

std::optional<PaxType> ParsePaxType(std::string_view text) {
  if (text == "ADT") return PaxType::kAdult;
  if (text == "CHD") return PaxType::kChild;
  if (text == "INF") return PaxType::kInfant;
  return std::nullopt;
}

}  // namespace jetway::core
