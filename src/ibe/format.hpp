// How the pages show prices, times and durations. Times arrive already in the airport's local time (ISO 8601 with
// offset, from shopping::SegmentView); only the presentation is chosen here.
#pragma once

#include <string>

#include "core/money.hpp"
#include "core/time.hpp"
#include "web/locales.hpp"

namespace jetway::ibe {

// "EUR 1,290.00" in English, "1.290,00 EUR" in Danish (the language's number_style text: "en" or "da").
std::string FormatPrice(const core::Money& money, const web::Language& language);
// "1h 10m" (hours and minutes between two instants).
std::string Duration(core::Instant from, core::Instant to);

}  // namespace jetway::ibe
