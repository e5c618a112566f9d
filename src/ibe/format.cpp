#include "ibe/format.hpp"

#include <fmt/core.h>

namespace jetway::ibe {

namespace {

std::string Grouped(const std::string& digits, char separator) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back(separator);
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

std::string FormatPrice(const core::Money& money, const web::Language& language) {
  auto plain = core::FormatAmount(money);  // "-1290.00"
  const bool negative = !plain.empty() && plain.front() == '-';
  if (negative) plain.erase(plain.begin());
  const auto dot = plain.find('.');
  const std::string whole = plain.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : plain.substr(dot + 1);
  auto style = language.texts.find("number_style");
  const bool comma_decimal = style != language.texts.end() && style->second == "da";
  const std::string number =
      Grouped(whole, comma_decimal ? '.' : ',') + (fraction.empty() ? "" : (comma_decimal ? "," : ".") + fraction);
  const std::string sign = negative ? "-" : "";
  return comma_decimal ? fmt::format("{}{} {}", sign, number, money.currency)
                       : fmt::format("{} {}{}", money.currency, sign, number);
}

std::string Duration(core::Instant from, core::Instant to) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(to - from).count();
  return fmt::format("{}h {:02}m", minutes / 60, minutes % 60);
}

}  // namespace jetway::ibe
