#include "booking/docs.hpp"

#include <fmt/core.h>

#include "core/countries.hpp"

namespace jetway::booking {

namespace {

std::string Alpha3Or(std::string_view alpha2) {
  if (alpha2.empty()) return "";
  return std::string(core::Alpha3(alpha2).value_or(alpha2));  // an unknown code as it is, not dropped
}

}  // namespace

std::string GenderOf(const Passenger& passenger) {
  const auto& t = passenger.title;
  if (t == "MR" || t == "MSTR") return "M";
  if (t == "MRS" || t == "MS" || t == "MISS") return "F";
  return "";
}

std::string DocsDate(core::LocalDate date) {
  static constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                            "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  return fmt::format("{:02d}{}{:02d}", static_cast<unsigned>(date.day()),
                     kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()) % 100);
}

std::optional<std::string> DocsElement(const Passenger& p, std::string_view airline) {
  if (!p.document && !p.date_of_birth) return std::nullopt;
  const auto& d = p.document;
  std::string gender = GenderOf(p);
  if (!gender.empty() && p.pax_type == core::PaxType::kInfant) gender += "I";
  const auto space = p.first_name.find(' ');
  const auto first = p.first_name.substr(0, space);
  const auto second = space == std::string::npos ? std::string() : p.first_name.substr(space + 1);
  auto element = fmt::format("SSR DOCS {} HK1/{}/{}/{}/{}/{}/{}/{}/{}/{}", airline, d ? d->type : "",
                             d ? Alpha3Or(d->issuing_country) : "", d ? d->number : "", Alpha3Or(p.nationality),
                             p.date_of_birth ? DocsDate(*p.date_of_birth) : "", gender,
                             d && d->expiry ? DocsDate(*d->expiry) : "", p.last_name, first);
  if (!second.empty()) element += "/" + second;
  return element;
}

}  // namespace jetway::booking
