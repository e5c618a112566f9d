// How the pages show prices, times and durations. Times arrive already in the airport's local time (ISO 8601 with
// offset, from shopping::SegmentView); only the presentation is chosen here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/money.hpp"
#include "core/time.hpp"
#include "web/locales.hpp"

namespace jetway::web {

// "EUR 1,290.00" in English, "1.290,00 EUR" in Danish (the language's number_style text: "en" or "da").
std::string FormatPrice(const core::Money& money, const Language& language);
// `text` with every `token` ("{airline}") replaced by `value`: the texts' placeholders, filled.
std::string ReplaceAll(std::string text, std::string_view token, std::string_view value);
// "1h 10m" (hours and minutes between two instants).
std::string Duration(core::Instant from, core::Instant to);

// The CLDR cardinal plural category of `n` in a language: "one" or "other" for English and Danish (one for 1 only).
// A language without rules here gets English's.
std::string_view PluralCategory(std::string_view language_code, std::int64_t n);
// A counted phrase: the text "<key>.<category>" with "{n}" replaced by `n` ("1 adult", "2 adults", "0 checked bags"),
// never "adult(s)".
std::string Plural(const Locales& locales, const Language& language, std::string_view key, std::int64_t n);

// A date as people read it in the language, from its texts date_pattern ("{weekday} {day} {month} {year}"),
// date_weekdays and date_months (space-separated short names, Monday and January first): "Thu 31 Dec 2026",
// "tors. 31. dec. 2026". Machine-readable attributes keep ISO dates (core::FormatIsoDate).
std::string FormatDate(const Locales& locales, const Language& language, core::LocalDate date);
// The same for the day of an ISO 8601 local time ("2026-12-31T09:05:00+01:00"); the text as it is if unreadable.
std::string FormatLocalDay(const Locales& locales, const Language& language, std::string_view local_time);
// The short name of a day of the week (ISO: Monday = 1) from date_weekdays: "Tue", "tirs.".
std::string WeekdayName(const Locales& locales, const Language& language, int iso_weekday);

}  // namespace jetway::web
