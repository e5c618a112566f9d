#include "booking/pnr.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "core/codes.hpp"
#include "core/text.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using core::PaxType;

std::string_view ToString(BookingStatus status) {
  switch (status) {
    case BookingStatus::kHeld:
      return "HELD";
    case BookingStatus::kConfirmed:
      return "CONFIRMED";
    case BookingStatus::kCancelled:
      return "CANCELLED";
    case BookingStatus::kExpired:
      return "EXPIRED";
  }
  return "HELD";
}

std::optional<BookingStatus> ParseBookingStatus(std::string_view text) {
  for (auto s : {BookingStatus::kHeld, BookingStatus::kConfirmed, BookingStatus::kCancelled, BookingStatus::kExpired})
    if (ToString(s) == text) return s;
  return std::nullopt;
}

core::Result<void> CheckTransition(BookingStatus from, BookingStatus to) {
  const bool allowed = (from == BookingStatus::kHeld && to != BookingStatus::kHeld) ||
                       (from == BookingStatus::kConfirmed && to == BookingStatus::kCancelled);
  if (allowed) return {};
  if (from == BookingStatus::kExpired)
    return Fail(ErrorKind::kConflict, "HOLD_EXPIRED", "the hold on this booking has expired; its seats were released");
  return Fail(ErrorKind::kConflict, "INVALID_BOOKING_STATE",
              fmt::format("a {} booking cannot become {}", ToString(from), ToString(to)));
}

int AgeOn(core::LocalDate birth, core::LocalDate on) {
  int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --age;
  return age;
}

std::string NormalizeName(std::string_view name) { return core::AsciiUpper(name); }

namespace {

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > static_cast<std::size_t>(kMaxNameLength)) return false;
  bool has_letter = false;
  for (char c : name) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    has_letter |= letter;
    if (!letter && c != ' ' && c != '-' && c != '\'') return false;
  }
  return has_letter && name.front() != ' ' && name.back() != ' ';
}

constexpr std::string_view kAdultTitles[] = {"MR", "MRS", "MS", "MISS", "DR", "MX"};
constexpr std::string_view kChildTitles[] = {"MSTR", "MISS", "MX"};

bool IsValidTitle(std::string_view title, PaxType type) {
  const std::string t = NormalizeName(title);
  const auto titles = TitlesFor(type);
  return std::find(titles.begin(), titles.end(), t) != titles.end();
}

}  // namespace

namespace {

// Characters inserted, removed or replaced to turn `a` into `b` (Levenshtein), on upper-cased names.
int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j)
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

core::Result<void> CheckNameCorrection(const Passenger& before, const Passenger& after) {
  if (!IsValidTitle(after.title, before.pax_type))
    return Fail(ErrorKind::kInvalid, "INVALID_TITLE",
                fmt::format("titles are {}", fmt::join(TitlesFor(before.pax_type), ", ")), "title");
  if (!IsValidName(after.first_name))
    return Fail(ErrorKind::kInvalid, "INVALID_NAME", "first name must be 1-30 letters, spaces, hyphens or apostrophes",
                "first_name");
  if (!IsValidName(after.last_name))
    return Fail(ErrorKind::kInvalid, "INVALID_NAME", "last name must be 1-30 letters, spaces, hyphens or apostrophes",
                "last_name");
  const auto first = NormalizeName(before.first_name), last = NormalizeName(before.last_name);
  const auto new_first = NormalizeName(after.first_name), new_last = NormalizeName(after.last_name);
  if (first == new_first && last == new_last && NormalizeName(before.title) == NormalizeName(after.title))
    return Fail(ErrorKind::kInvalid, "NAME_UNCHANGED", "the corrected name is the same as the booked one");
  const bool swapped = first == new_last && last == new_first;
  const int changed = EditDistance(first, new_first) + EditDistance(last, new_last);
  if (!swapped && changed > kMaxNameCorrection)
    return Fail(ErrorKind::kConflict, "NAME_CHANGE_NOT_ALLOWED",
                fmt::format("{} characters differ from {}/{}; a correction may change at most {} (or swap first and "
                            "last name): a booking cannot be given to another person",
                            changed, last, first, kMaxNameCorrection),
                "last_name");
  return {};
}

core::Result<void> ValidateRemark(std::string_view text) {
  const auto trimmed = core::Trim(text);
  // Characters, not bytes: UTF-8 continuation bytes are not counted.
  const auto characters = std::count_if(trimmed.begin(), trimmed.end(), [](char c) { return (c & 0xC0) != 0x80; });
  if (trimmed.empty() || static_cast<std::size_t>(characters) > kMaxRemarkLength)
    return Fail(ErrorKind::kInvalid, "INVALID_REMARK",
                fmt::format("a remark is 1-{} characters", kMaxRemarkLength), "remark");
  for (unsigned char c : trimmed)
    if (c < 0x20 || c == 0x7f)
      return Fail(ErrorKind::kInvalid, "INVALID_REMARK", "a remark is one line of text, without control characters",
                  "remark");
  return {};
}

std::span<const std::string_view> TitlesFor(PaxType type) {
  if (type == PaxType::kAdult) return kAdultTitles;
  return kChildTitles;
}

namespace {

// A document number: 5-20 capital letters and digits (what passports and identity cards carry).
bool IsDocumentNumber(std::string_view number) {
  return number.size() >= 5 && number.size() <= 20 && std::all_of(number.begin(), number.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}

// The travel data a passenger gave, well formed, and what the airline requires, present.
template <typename Problem>
void TravelDataProblems(const Passenger& p, const std::string& field, core::LocalDate first_travel_date,
                        const core::PassengerRules& rules, Problem& problem) {
  auto required = [&](const char* what, const std::string& where) {
    problem("PASSENGER_DATA_REQUIRED", fmt::format("this airline requires {} of every passenger", what), where);
  };
  if (!p.nationality.empty() && !core::IsCountryCode(p.nationality))
    problem("INVALID_NATIONALITY", "nationality is a two-letter ISO 3166 country code", field + ".nationality");
  else if (p.nationality.empty() && rules.nationality)
    required("a nationality", field + ".nationality");
  if (rules.date_of_birth && p.pax_type == PaxType::kAdult && !p.date_of_birth)
    required("a date of birth", field + ".date_of_birth");
  if (p.place_of_birth.size() > 60 || !core::IsText(p.place_of_birth))
    problem("INVALID_PLACE_OF_BIRTH", "place of birth is at most 60 characters of text", field + ".place_of_birth");
  else if (p.place_of_birth.empty() && rules.place_of_birth)
    required("a place of birth", field + ".place_of_birth");
  const std::string doc = field + ".document";
  if (!p.document) {
    if (rules.document || rules.document_expiry || rules.document_country)
      required("a passport or identity card", doc + ".number");
    return;
  }
  const auto& d = *p.document;
  if (d.type != "P" && d.type != "I")
    problem("INVALID_DOCUMENT", "document type is P (passport) or I (identity card)", doc + ".type");
  if (!IsDocumentNumber(d.number))
    problem("INVALID_DOCUMENT", "document number is 5-20 capital letters and digits", doc + ".number");
  if (!d.issuing_country.empty() && !core::IsCountryCode(d.issuing_country))
    problem("INVALID_DOCUMENT", "issuing country is a two-letter ISO 3166 country code", doc + ".issuing_country");
  else if (d.issuing_country.empty() && rules.document_country)
    required("the country that issued the document", doc + ".issuing_country");
  if (d.expiry && *d.expiry < first_travel_date)
    problem("DOCUMENT_EXPIRED", "the document expires before the day of travel", doc + ".expiry");
  else if (!d.expiry && rules.document_expiry)
    required("the document's expiry date", doc + ".expiry");
}

}  // namespace

std::vector<core::Error> PassengerProblems(const std::vector<Passenger>& passengers, const pricing::PartyMix& booked,
                                           core::LocalDate first_travel_date, core::LocalDate today,
                                           const core::PassengerRules& rules) {
  std::vector<core::Error> problems;
  auto problem = [&](std::string code, std::string message, std::string field) {
    problems.push_back(core::MakeError(ErrorKind::kInvalid, std::move(code), std::move(message), std::move(field)));
  };
  // The party was fixed when the seats were held; names must match it before anything else is checked.
  int counts[3] = {0, 0, 0};
  for (const auto& p : passengers) counts[static_cast<int>(p.pax_type)]++;
  if (counts[0] != booked.adults || counts[1] != booked.children || counts[2] != booked.infants) {
    problem("PASSENGER_COUNT_MISMATCH",
            fmt::format("the booking holds {} adult(s), {} child(ren), {} infant(s); names were given for {}, {}, {}",
                        booked.adults, booked.children, booked.infants, counts[0], counts[1], counts[2]),
            "passengers");
    return problems;
  }
  std::set<int> adults_with_infant;
  for (std::size_t i = 0; i < passengers.size(); ++i) {
    const auto& p = passengers[i];
    const std::string field = fmt::format("passengers[{}]", i);
    if (!IsValidTitle(p.title, p.pax_type))
      problem("INVALID_TITLE",
              fmt::format("{} titles are {}", p.pax_type == PaxType::kAdult ? "adult" : "child and infant",
                          fmt::join(TitlesFor(p.pax_type), ", ")),
              field + ".title");
    if (!IsValidName(p.first_name))
      problem("INVALID_NAME", "first name must be 1-30 letters, spaces, hyphens or apostrophes", field + ".first_name");
    if (!IsValidName(p.last_name))
      problem("INVALID_NAME", "last name must be 1-30 letters, spaces, hyphens or apostrophes", field + ".last_name");
    const std::string dob = field + ".date_of_birth";
    if (p.date_of_birth && *p.date_of_birth > today) {
      problem("INVALID_DATE_OF_BIRTH", "date of birth is in the future", dob);
    } else if (p.pax_type == PaxType::kAdult && p.date_of_birth && AgeOn(*p.date_of_birth, first_travel_date) < 12) {
      problem("INVALID_DATE_OF_BIRTH", "an adult must be 12 or older on the day of travel", dob);
    } else if (p.pax_type == PaxType::kChild) {
      if (!p.date_of_birth)
        problem("DATE_OF_BIRTH_REQUIRED", "children need a date of birth", dob);
      else if (const int age = AgeOn(*p.date_of_birth, first_travel_date); age < 2 || age > 11)
        problem("INVALID_DATE_OF_BIRTH", "a child must be 2 to 11 years old on the day of travel", dob);
    } else if (p.pax_type == PaxType::kInfant) {
      if (!p.date_of_birth)
        problem("DATE_OF_BIRTH_REQUIRED", "infants need a date of birth", dob);
      else if (AgeOn(*p.date_of_birth, first_travel_date) >= 2)
        problem("INVALID_DATE_OF_BIRTH", "an infant must be under 2 on the day of travel", dob);
    }
    TravelDataProblems(p, field, first_travel_date, rules, problem);
    if (p.pax_type == PaxType::kInfant) {
      if (!p.infant_of || *p.infant_of < 1 || *p.infant_of > static_cast<int>(passengers.size()) ||
          passengers[static_cast<std::size_t>(*p.infant_of - 1)].pax_type != PaxType::kAdult)
        problem("INFANT_WITHOUT_ADULT",
                "an infant must name the adult it travels with (infant_of: the adult's position, from 1)",
                field + ".infant_of");
      else if (!adults_with_infant.insert(*p.infant_of).second)
        problem("INFANT_WITHOUT_ADULT", "each adult may carry one infant", field + ".infant_of");
    } else if (p.infant_of) {
      problem("INVALID_INFANT_OF", "only infants are attached to an adult", field + ".infant_of");
    }
  }
  return problems;
}

core::Result<void> ValidatePassengers(const std::vector<Passenger>& passengers, const pricing::PartyMix& booked,
                                      core::LocalDate first_travel_date, core::LocalDate today,
                                      const core::PassengerRules& rules) {
  auto problems = PassengerProblems(passengers, booked, first_travel_date, today, rules);
  if (!problems.empty()) return std::unexpected(std::move(problems.front()));
  return {};
}

core::Result<void> ValidateContact(const Contact& contact) {
  const auto& e = contact.email;
  const auto at = e.find('@');
  const bool email_ok =
      e.size() <= 254 && at != std::string::npos && at > 0 && e.find('@', at + 1) == std::string::npos &&
      e.find('.', at) != std::string::npos && e.back() != '.' && e.find(' ') == std::string::npos &&
      e.find('.', at) > at + 1 &&
      // It becomes an e-mail header and an SMTP command: no controls (CR, LF), no 8-bit bytes and
      // none of the characters that delimit addresses.
      std::all_of(e.begin(), e.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f && std::string_view("<>()[]\\,;:\"").find(c) == std::string_view::npos;
      });
  if (!email_ok)
    return Fail(ErrorKind::kInvalid, "INVALID_EMAIL", "contact e-mail is not a valid address", "contact.email");
  int digits = 0;
  for (std::size_t i = 0; i < contact.phone.size(); ++i) {
    char c = contact.phone[i];
    if (c >= '0' && c <= '9')
      ++digits;
    else if (!(c == '+' && i == 0) && c != ' ' && c != '-')
      return Fail(ErrorKind::kInvalid, "INVALID_PHONE", "phone may hold digits, spaces, hyphens and a leading +",
                  "contact.phone");
  }
  if (digits < 7 || digits > 15)
    return Fail(ErrorKind::kInvalid, "INVALID_PHONE",
                "phone must have 7 to 15 digits (international format, e.g. +45 32 31 32 31)", "contact.phone");
  return {};
}

}  // namespace jetway::booking
