#include "booking/departure.hpp"

#include <fmt/core.h>

#include "core/countries.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;

NoShowOutcome NoShowRule(bool refundable, bool changeable) {
  return refundable || changeable ? NoShowOutcome::kKeptOpen : NoShowOutcome::kClosed;
}

std::string_view ToString(NoShowOutcome outcome) {
  return outcome == NoShowOutcome::kKeptOpen ? "KEPT_OPEN" : "CLOSED";
}

core::Result<ticketing::BoardingLeg> LegFor(const ticketing::BoardingPass& pass, const GateFlight& flight) {
  for (const auto& leg : pass.legs)
    if (leg.carrier == flight.carrier && leg.flight_number == flight.flight_number &&
        leg.day_of_year == flight.day_of_year && leg.from == flight.origin && leg.to == flight.destination)
      return leg;
  if (pass.legs.empty()) return Fail(ErrorKind::kInvalid, "INVALID_BARCODE", "the boarding pass names no flight");
  const auto& leg = pass.legs.front();
  return Fail(ErrorKind::kConflict, "WRONG_FLIGHT",
              fmt::format("this boarding pass is for {}{} {}-{} on day {} of the year, not this flight", leg.carrier,
                          leg.flight_number, leg.from, leg.to, leg.day_of_year));
}

reports::Table ManifestTable(const std::vector<ManifestLine>& lines) {
  reports::Table t{"Manifest",
                   {"booking", "passenger", "name", "type", "infant_of", "seat", "sequence", "status", "ticket", "bags",
                    "ssrs"},
                   {}};
  for (const auto& l : lines)
    t.rows.push_back({reports::Text(l.locator), reports::Number(std::to_string(l.passenger)), reports::Text(l.name),
                      reports::Text(l.pax_type), reports::Text(l.infant_of), reports::Text(l.seat),
                      l.sequence ? reports::Number(std::to_string(l.sequence)) : reports::Text(""),
                      reports::Text(l.status), reports::Text(l.ticket), reports::Number(std::to_string(l.bags)),
                      reports::Text(l.ssrs)});
  return t;
}

namespace {

std::string Alpha3(const std::string& alpha2) {
  return std::string(core::Alpha3(alpha2).value_or(alpha2));  // an unknown code as it is, not dropped
}

}  // namespace

reports::Table ApisTable(const std::vector<ManifestLine>& lines, const GateFlight& flight, std::string_view date) {
  reports::Table t{"APIS",
                   {"flight", "date", "origin", "destination", "surname", "given_names", "type", "gender",
                    "date_of_birth", "nationality", "document_type", "document_number", "document_country",
                    "document_expiry", "seat", "docs"},
                   {}};
  for (const auto& l : lines) {
    if (l.status != "BOARDED") continue;
    const auto slash = l.name.find('/');
    const auto surname = l.name.substr(0, slash);
    auto given = slash == std::string::npos ? std::string() : l.name.substr(slash + 1);
    if (const auto space = given.rfind(' '); space != std::string::npos) given.resize(space);  // the title
    t.rows.push_back({reports::Text(fmt::format("{}{}", flight.carrier, flight.flight_number)),
                      reports::Text(std::string(date)), reports::Text(flight.origin),
                      reports::Text(flight.destination), reports::Text(surname), reports::Text(given),
                      reports::Text(l.pax_type), reports::Text(l.gender), reports::Text(l.date_of_birth),
                      reports::Text(Alpha3(l.nationality)), reports::Text(l.document_type),
                      reports::Text(l.document_number), reports::Text(Alpha3(l.document_country)),
                      reports::Text(l.document_expiry), reports::Text(l.seat), reports::Text(l.docs)});
  }
  return t;
}

}  // namespace jetway::booking
