#include "web/format.hpp"

#include <fmt/compile.h>
#include <fmt/core.h>

#include "core/text.hpp"

namespace jetway::web {

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

// The `index`-th (0-based) of a space-separated list text, or the fallback when the language lacks it.
std::string NthName(const Locales& locales, const Language& language, std::string_view key, unsigned index,
                    const std::string& fallback) {
  const auto text = locales.Text(language, key);
  std::size_t start = 0;
  for (unsigned seen = 0; start < text.size();) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start && seen++ == index) return text.substr(start, end - start);
    start = end + 1;
  }
  return fallback;
}

}  // namespace

std::string ReplaceAll(std::string text, std::string_view token, std::string_view value) {
  for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size()))
    text.replace(at, token.size(), value);
  return text;
}


std::string FormatPrice(const core::Money& money, const Language& language) {
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
  return comma_decimal ? fmt::format(FMT_COMPILE("{}{} {}"), sign, number, money.currency)
                       : fmt::format(FMT_COMPILE("{} {}{}"), money.currency, sign, number);
}

std::string Duration(core::Instant from, core::Instant to) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(to - from).count();
  return fmt::format("{}h {:02}m", minutes / 60, minutes % 60);
}

std::string_view PluralCategory(std::string_view language_code, std::int64_t n) {
  // English and Danish (and the fallback) share CLDR's rule for integers: "one" is exactly 1.
  (void)language_code;
  return n == 1 ? "one" : "other";
}

std::string Plural(const Locales& locales, const Language& language, std::string_view key, std::int64_t n) {
  const auto text = locales.Text(language, fmt::format(FMT_COMPILE("{}.{}"), key, PluralCategory(language.code, n)));
  return ReplaceAll(text, "{n}", std::to_string(n));
}

std::string FormatDate(const Locales& locales, const Language& language, core::LocalDate date) {
  const date::weekday weekday{date::sys_days{date}};
  const unsigned monday_first = (weekday.c_encoding() + 6) % 7;
  const unsigned month = static_cast<unsigned>(date.month());
  auto text = locales.Text(language, "date_pattern");
  text = ReplaceAll(std::move(text), "{weekday}", NthName(locales, language, "date_weekdays", monday_first, ""));
  text = ReplaceAll(std::move(text), "{day}", std::to_string(static_cast<unsigned>(date.day())));
  text = ReplaceAll(std::move(text), "{month}",
                    NthName(locales, language, "date_months", month - 1, std::to_string(month)));
  text = ReplaceAll(std::move(text), "{year}", std::to_string(static_cast<int>(date.year())));
  return std::string(core::Trim(text));
}

std::string WeekdayName(const Locales& locales, const Language& language, int iso_weekday) {
  return NthName(locales, language, "date_weekdays", static_cast<unsigned>(iso_weekday - 1), std::to_string(iso_weekday));
}

std::string FormatLocalDay(const Locales& locales, const Language& language, std::string_view local_time) {
  const auto day = core::LocalDayOf(std::string(local_time));
  const auto date = core::ParseIsoDate(day);
  return date ? FormatDate(locales, language, *date) : day;
}

}  // namespace jetway::web
