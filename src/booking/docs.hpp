// A passenger's travel data in the standard shape of SSR DOCS (../shared/reference/iata.md §8): document type /
// issuing country (alpha-3) / number / nationality (alpha-3) / date of birth DDMMMYY / gender (infants MI, FI) /
// expiry DDMMMYY / surname / first given name / second given name. jetway keeps the parts (alpha-2 countries, dates)
// and writes the element wherever the standard's shape is wanted: the booking's services, departure control, the
// partner API's APIS data. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "booking/pnr.hpp"
#include "core/time.hpp"

namespace jetway::booking {

// M or F from the title (MR, MSTR; MRS, MS, MISS); "" for a title that says neither.
std::string GenderOf(const Passenger& passenger);

// 11FEB88: the standards' date (day, English month, two-digit year).
std::string DocsDate(core::LocalDate date);

// "SSR DOCS X9 HK1/P/DNK/X1234567/DNK/11FEB88/F/20MAY31/HANSEN/IDA"; nullopt when there is neither a document nor a
// date of birth (nothing a border asks for). A field jetway does not have stays empty.
std::optional<std::string> DocsElement(const Passenger& passenger, std::string_view airline);

}  // namespace jetway::booking
