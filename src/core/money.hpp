// Money is an amount in integer minor units of an ISO 4217 currency; it never touches floating point.
// Conversions between currencies go through rates held as integer millionths, rounded half away from zero.
// Value type, thread-safe as any value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jetway::core {

struct Money {
  std::int64_t minor = 0;
  std::string currency;  // ISO 4217, three upper-case letters

  friend bool operator==(const Money&, const Money&) = default;
};

bool IsCurrencyCode(std::string_view code);
// Number of decimal digits of the currency's minor unit (JPY 0, KWD 3, most 2).
int MinorUnitDigits(std::string_view currency);
// "123.40" for 12340 EUR minor units; negative amounts keep their sign.
std::string FormatAmount(const Money& money);
// The same text without an allocation, for answers that write hundreds of prices (a search's offers).
struct AmountText {
  std::array<char, 24> chars{};  // "-9223372036854775.808" is the longest: 21
  std::size_t size = 0;
  std::string_view view() const { return {chars.data(), size}; }
};
AmountText FormatAmountText(const Money& money);
// Parses "123.40" in the given currency; refuses more decimals than the currency has.
std::optional<Money> ParseAmount(std::string_view text, std::string_view currency);
// amount * rate_micros / 1e6, rounded half away from zero, into target currency's minor units
// (adjusting for differing minor-unit digits).
Money Convert(const Money& money, std::string_view target_currency, std::int64_t rate_micros);

}  // namespace jetway::core
