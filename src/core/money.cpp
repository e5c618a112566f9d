#include "core/money.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <cstdlib>

namespace jetway::core {

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

int MinorUnitDigits(std::string_view currency) {
  if (currency == "JPY" || currency == "KRW" || currency == "ISK" || currency == "CLP" || currency == "VND") return 0;
  if (currency == "KWD" || currency == "BHD" || currency == "OMR" || currency == "JOD" || currency == "TND") return 3;
  return 2;
}

static std::int64_t Pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

AmountText FormatAmountText(const Money& money) {
  const int digits = MinorUnitDigits(money.currency);
  const auto scale = static_cast<std::uint64_t>(Pow10(digits));
  const bool negative = money.minor < 0;
  // Work in unsigned to survive INT64_MIN.
  const std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(money.minor) : static_cast<std::uint64_t>(money.minor);
  AmountText text;
  char* out = text.chars.data();
  if (negative) *out++ = '-';
  const fmt::format_int whole(abs / scale);
  out = std::copy(whole.data(), whole.data() + whole.size(), out);
  if (digits > 0) {
    *out++ = '.';
    std::uint64_t frac = abs % scale;
    for (int i = digits - 1; i >= 0; --i, frac /= 10) out[i] = static_cast<char>('0' + frac % 10);
    out += digits;
  }
  text.size = static_cast<std::size_t>(out - text.chars.data());
  return text;
}

std::string FormatAmount(const Money& money) { return std::string(FormatAmountText(money).view()); }

std::optional<Money> ParseAmount(std::string_view text, std::string_view currency) {
  if (!IsCurrencyCode(currency) || text.empty() || text.size() > 20) return std::nullopt;
  bool negative = false;
  if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const int digits = MinorUnitDigits(currency);
  std::int64_t whole = 0, frac = 0;
  int frac_digits = -1;
  bool any_digit = false;
  for (char c : text) {
    if (c == '.') {
      if (frac_digits >= 0) return std::nullopt;
      frac_digits = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any_digit = true;
    if (frac_digits >= 0) {
      if (++frac_digits > digits) return std::nullopt;
      frac = frac * 10 + (c - '0');
    } else {
      if (whole > 1'000'000'000'000LL) return std::nullopt;
      whole = whole * 10 + (c - '0');
    }
  }
  if (!any_digit || frac_digits == 0) return std::nullopt;
  while (frac_digits >= 0 && frac_digits < digits) {
    frac *= 10;
    ++frac_digits;
  }
  if (frac_digits < 0) frac = 0;
  std::int64_t minor = whole * Pow10(digits) + frac;
  return Money{negative ? -minor : minor, std::string(currency)};
}

Money Convert(const Money& money, std::string_view target_currency, std::int64_t rate_micros) {
  // 128-bit intermediate: minor units times a rate in millionths overflows 64 bits for large amounts.
  __int128 value = static_cast<__int128>(money.minor) * rate_micros;
  __int128 denom = 1'000'000;
  const int shift = MinorUnitDigits(target_currency) - MinorUnitDigits(money.currency);
  if (shift > 0) value *= Pow10(shift);
  if (shift < 0) denom *= Pow10(-shift);
  __int128 q = value / denom;
  __int128 r = value % denom;
  if (r < 0) r = -r;
  if (2 * r >= denom) q += (value < 0 ? -1 : 1);
  return Money{static_cast<std::int64_t>(q), std::string(target_currency)};
}

}  // namespace jetway::core
