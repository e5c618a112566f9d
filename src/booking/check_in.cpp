#include "booking/check_in.hpp"

#include <fmt/core.h>

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;

core::Result<void> CheckWindow(const CheckInWindow& window, core::Instant departure, core::Instant now) {
  const auto opens = departure - window.opens_before;
  if (now < opens)
    return Fail(ErrorKind::kConflict, "CHECK_IN_NOT_OPEN",
                fmt::format("check-in opens {} hours before departure, at {}", window.opens_before.count() / 60,
                            core::FormatUtc(opens)));
  if (now > departure - window.closes_before)
    return Fail(ErrorKind::kConflict, "CHECK_IN_CLOSED",
                fmt::format("check-in closed {} minutes before departure; please go to the airport desk",
                            window.closes_before.count()));
  return {};
}

bool DocumentsRequired(std::string_view origin_country, std::string_view destination_country) {
  return origin_country != destination_country;
}

core::Result<void> CheckDocument(const Passenger& passenger, core::LocalDate travel_date, int passenger_number) {
  const auto field = fmt::format("passengers[{}].document", passenger_number - 1);
  if (!passenger.document || passenger.document->number.empty())
    return Fail(ErrorKind::kInvalid, "DOCUMENT_REQUIRED",
                fmt::format("this flight crosses a border: passenger {} needs a passport or identity card on file "
                            "(number, issuing country, expiry)",
                            passenger_number),
                field);
  if (passenger.document->expiry && *passenger.document->expiry < travel_date)
    return Fail(ErrorKind::kInvalid, "DOCUMENT_EXPIRED",
                fmt::format("passenger {}'s document expires before the day of travel", passenger_number), field);
  return {};
}

std::string PassName(const Passenger& passenger) {
  auto name = fmt::format("{}/{}", passenger.last_name, passenger.first_name);
  for (auto& c : name)
    if (!((c >= 'A' && c <= 'Z') || c == '/' || c == ' ' || c == '-')) c = ' ';
  return name.substr(0, 20);
}

char PassengerDescription(const Passenger& passenger) {
  if (passenger.pax_type == core::PaxType::kInfant) return '4';
  if (passenger.pax_type == core::PaxType::kChild) return '3';
  const auto& t = passenger.title;
  if (t == "MR" || t == "MSTR") return '1';
  if (t == "MRS" || t == "MS" || t == "MISS") return '2';
  return '0';
}

char CheckInSource(const core::Actor& actor) {
  if (actor.May(core::Permission::kDepartureControl)) return 'O';
  switch (actor.channel) {
    case core::Channel::kWeb: return 'W';
    case core::Channel::kAgent:
    case core::Channel::kOffice: return 'T';  // an agency's, or the airline's own town office
    default: return 'V';
  }
}

}  // namespace jetway::booking
