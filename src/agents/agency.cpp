#include "agents/agency.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "booking/pnr.hpp"
#include "core/codes.hpp"
#include "core/money.hpp"
#include "core/text.hpp"

namespace jetway::agents {
namespace {

using core::ErrorKind;

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Printable text of at most `max` characters (bytes of UTF-8), no control characters: it is shown on pages, printed
// on statements and sent to partners.
bool GoodText(std::string_view text, std::size_t max) {
  return text.size() <= max && core::IsText(text) &&
         std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

std::string Tidy(std::string_view text) { return std::string(core::Trim(text)); }

core::Result<void> CheckText(std::string_view text, std::size_t min, std::size_t max, const char* field,
                             const char* what) {
  if (text.size() < min || !GoodText(text, max))
    return core::Fail(ErrorKind::kInvalid, "INVALID_AGENCY", fmt::format("{}: {}-{} characters of text", what, min, max),
                      field);
  return {};
}

core::Result<void> CheckNamesAndAddress(const Agency& a) {
  struct Rule {
    const std::string& text;
    std::size_t min, max;
    const char* field;
    const char* what;
  };
  const Rule rules[] = {
      {a.name, 2, 100, "name", "the agency's name"},
      {a.contact_name, 2, 100, "contact_name", "the contact's name"},
      {a.address_line1, 2, 100, "address_line1", "the first address line"},
      {a.address_line2, 0, 100, "address_line2", "the second address line"},
      {a.postcode, 0, 16, "postcode", "the postcode"},
      {a.city, 1, 60, "city", "the city"},
  };
  for (const auto& rule : rules)
    if (auto bad = CheckText(rule.text, rule.min, rule.max, rule.field, rule.what); !bad) return bad;
  return {};
}

core::Result<void> CheckCodes(const Agency& a) {
  if (!IsAgencyCode(a.code))
    return core::Fail(ErrorKind::kInvalid, "INVALID_AGENCY_CODE",
                      "the agency code is an IATA numeric code (8 digits with its check digit) or 3-10 letters and "
                      "digits",
                      "code");
  if (!core::IsCountryCode(a.country))
    return core::Fail(ErrorKind::kInvalid, "INVALID_COUNTRY", "the country is a two-letter ISO 3166 code", "country");
  if (!core::IsCurrencyCode(a.currency))
    return core::Fail(ErrorKind::kInvalid, "INVALID_CURRENCY", "the currency is a three-letter ISO 4217 code",
                      "currency");
  if (a.airlines.empty())
    return core::Fail(ErrorKind::kInvalid, "INVALID_AIRLINES", "name at least one airline the agency may sell",
                      "airlines");
  for (const auto& airline : a.airlines)
    if (!core::IsAirlineDesignator(airline))
      return core::Fail(ErrorKind::kInvalid, "INVALID_AIRLINES",
                        fmt::format("{} is not an airline designator (two letters or digits)", core::ToText(airline, 8)),
                        "airlines");
  return {};
}

}  // namespace

std::string_view ToString(AgencyStatus status) { return status == AgencyStatus::kActive ? "active" : "suspended"; }

std::optional<AgencyStatus> ParseAgencyStatus(std::string_view text) {
  if (text == "active") return AgencyStatus::kActive;
  if (text == "suspended") return AgencyStatus::kSuspended;
  return std::nullopt;
}

std::string_view ToString(Settlement settlement) { return settlement == Settlement::kNet ? "net" : "statement"; }

std::optional<Settlement> ParseSettlement(std::string_view text) {
  if (text == "net") return Settlement::kNet;
  if (text == "statement") return Settlement::kStatement;
  return std::nullopt;
}

bool IsIataAgencyCode(std::string_view code) {
  if (code.size() != 8 || !AllDigits(code)) return false;
  std::int64_t serial = 0;
  for (char c : code.substr(0, 7)) serial = serial * 10 + (c - '0');
  return serial % 7 == code[7] - '0';
}

bool IsAgencyCode(std::string_view code) {
  if (AllDigits(code)) return IsIataAgencyCode(code);
  return code.size() >= 3 && code.size() <= 10 &&
         std::all_of(code.begin(), code.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::vector<std::pair<std::string_view, std::string>> AgencyFields(const Agency& a) {
  return {{"code", a.code},
          {"name", a.name},
          {"contact_name", a.contact_name},
          {"email", a.email},
          {"phone", a.phone},
          {"address_line1", a.address_line1},
          {"address_line2", a.address_line2},
          {"postcode", a.postcode},
          {"city", a.city},
          {"country", a.country},
          {"status", std::string(ToString(a.status))},
          {"currency", a.currency},
          {"airlines", JoinAirlines(a.airlines)},
          {"settlement", std::string(ToString(a.settlement))}};
}

std::string JoinAirlines(const std::vector<std::string>& airlines) {
  std::string text;
  for (const auto& airline : airlines) text += (text.empty() ? "" : " ") + airline;
  return text;
}

std::vector<std::string> SplitAirlines(std::string_view text) {
  std::vector<std::string> airlines;
  std::string current;
  for (char c : std::string(text) + " ") {
    if (c == ' ' || c == ',') {
      if (!current.empty()) airlines.push_back(core::AsciiUpper(current));
      current.clear();
    } else {
      current += c;
    }
  }
  std::sort(airlines.begin(), airlines.end());
  airlines.erase(std::unique(airlines.begin(), airlines.end()), airlines.end());
  return airlines;
}

core::Result<Agency> ValidAgency(Agency a) {
  a.code = core::AsciiUpper(core::Trim(a.code));
  a.country = core::AsciiUpper(core::Trim(a.country));
  a.currency = core::AsciiUpper(core::Trim(a.currency));
  a.email = Tidy(a.email);
  a.phone = Tidy(a.phone);
  for (auto* text : {&a.name, &a.contact_name, &a.address_line1, &a.address_line2, &a.postcode, &a.city})
    *text = Tidy(*text);
  a.airlines = SplitAirlines(JoinAirlines(a.airlines));
  if (auto bad = CheckCodes(a); !bad) return std::unexpected(bad.error());
  if (auto bad = CheckNamesAndAddress(a); !bad) return std::unexpected(bad.error());
  // The same rule as a booking's contact: the address receives statements and notices.
  if (auto bad = booking::ValidateContact({a.email, a.phone}); !bad) {
    auto error = bad.error();
    error.field = error.field == "contact.email" ? "email" : "phone";
    return std::unexpected(error);
  }
  return a;
}

core::Result<std::string> PricingCurrency(const std::string& agency_currency, std::optional<std::string> asked) {
  if (asked) asked = core::AsciiUpper(*asked);
  if (asked && *asked != agency_currency)
    return core::Fail(core::ErrorKind::kInvalid, "CURRENCY_MISMATCH",
                      fmt::format("this agency is priced and charged in {}, not {}", agency_currency,
                                  core::ToText(*asked, 8)),
                      "currency");
  return agency_currency;
}

std::optional<core::Error> SellingRefusal(const Agency& agency) {
  if (agency.status == AgencyStatus::kActive) return std::nullopt;
  return core::MakeError(core::ErrorKind::kForbidden, "AGENCY_SUSPENDED",
                         "your agency is suspended and may not make bookings; the airline can tell you why");
}

}  // namespace jetway::agents
