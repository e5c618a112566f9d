// getAirlines, getTicketTerms, getDestinations and getSchedule (reference §3.1).
#include <fmt/core.h>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "aerocrs/offers.hpp"
#include "core/text.hpp"
#include "schedule/schedule.hpp"

namespace jetway::aerocrs {

namespace {

// The passenger fields confirmBooking requires, as getAirlines announces them: the airline's rules
// (core::PassengerRules, set in the back office) beside jetway's own (booking/pnr.hpp: a contact phone for every
// booking, dates of birth for children and infants). mandatoryage is the child's age, which a date of birth gives.
void WriteMandatoryFields(api::JsonWriter& w, const core::PassengerRules& rules) {
  w.Field("mandatoryage", false)
      .Field("mandatoryphone", true)
      .Field("mandatorynationality", rules.nationality)
      .Field("mandatorydocumentnumber", rules.document)
      .Field("mandatorydocumentexpiry", rules.document_expiry)
      .Field("mandatorydocumentissueingcountry", rules.document_country)
      .Field("mandatoryplaceofbirth", rules.place_of_birth)
      .Field("mandatorydateofbirth", rules.date_of_birth)
      .Field("mandatorydateofbirthforchild", true);
}

// A logo kept as a path on this site is given whole, as partners load it from their own pages.
std::string LogoUrl(const Call& call, const std::string& logo) {
  return logo.starts_with("/") ? SiteBase(call.request) + logo : logo;
}

std::string Escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// The terms every ticket of `airline` sold here carries, from the airline's own policy; each fare's conditions
// (refunds, changes, bags) are getFareRules'.
std::string TicketTerms(const reference::Airline& airline) {
  return fmt::format(
      "<h2>{0} ({1}): terms of tickets sold through this connection</h2>"
      "<p>Reservations made with createBooking are held {2} minutes; a reservation not confirmed and paid by then is "
      "released. Sales close {3} minutes before departure.</p>"
      "<p>Children are {4} to {5} years old on the day of travel. An infant (under {4}) travels on an adult's lap, "
      "one infant per adult.</p>"
      "<p>Refunds, changes and baggage follow the conditions of the fare booked, given per flight and fare by "
      "getFareRules and with each flight of a booking.</p>"
      "<p>Prices are in {6} unless another currency was asked for.</p>",
      Escaped(airline.name), airline.designator, kPartnerHoldMinutes,
      reference::SalesCutoff(airline).count(), kChildAgeFrom, kChildAgeTo + 1, airline.base_currency);
}

core::Result<std::string> CodeFormat(const nlohmann::json& parms) {
  auto format = OptText(parms, "codeformat", 10);
  if (!format) return std::unexpected(format.error());
  const auto upper = core::AsciiUpper(format->value_or("IATA"));
  if (upper != "IATA" && upper != "ICAO" && upper != "INTERNAL" && upper != "AIRLINE")
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_PARAMETER",
                      "codeformat must be IATA, ICAO, INTERNAL or AIRLINE", "codeformat");
  return upper;
}

// An airport in the asked format: its ICAO code for ICAO (the IATA one where it has none), else its IATA code,
// which is also jetway's own (INTERNAL, AIRLINE).
std::string AirportIn(const Call& call, const std::string& code, const std::string& format) {
  if (format != "ICAO") return code;
  const auto* airport = call.ctx.airports.Find(code);
  return airport && !airport->icao.empty() ? airport->icao : code;
}

std::string ClockOf(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60 % 24, minutes % 60); }

}  // namespace

Answer GetAirlines(const Call& call) {
  const auto airlines = call.ctx.catalog.Airlines(call.partner);
  return Success([&](api::JsonWriter& w) {
    w.Key("airlines").BeginObject().Key("airline").BeginArray();
    for (const auto& a : airlines) {
      w.BeginObject()
          .Field("companyname", a.name)
          .Field("companycode", a.designator)
          .Field("companyiatacode", a.designator)
          .Field("country", a.country)  // jetway keeps the ISO code only, no country names
          .Field("countryiso", a.country)
          .Field("logourl", LogoUrl(call, a.logo_url));
      WriteMandatoryFields(w, a.passenger_rules);
      w.Field("onlinecheckinavailable", false).Field("airlineacceptsapicreditcardpayments", true).EndObject();
    }
    w.EndArray().EndObject();
  });
}

Answer GetDestinations(const Call& call) {
  auto airline = OptText(call.parms, "companycode", 3);
  if (!airline) return std::unexpected(airline.error());
  const auto airports =
      call.ctx.catalog.Destinations(call.partner, *airline ? core::AsciiUpper(**airline) : std::string());
  return Success([&](api::JsonWriter& w) {
    w.Key("destinations").BeginObject().Key("destination").BeginArray();
    for (const auto* a : airports)
      w.BeginObject()
          .Field("name", a->city.empty() ? a->name : a->city)
          .Field("code", a->code)
          .Field("iatacode", a->code)
          .Field("icaocode", a->icao)
          .Field("country", a->country)
          .Field("countryiso", "")
          .EndObject();
    w.EndArray().EndObject();
  });
}


Answer GetTicketTerms(const Call& call) {
  const auto airlines = call.ctx.catalog.Airlines(call.partner);
  return Success([&](api::JsonWriter& w) {
    w.Key("airlines").BeginObject().Key("airline").BeginArray();
    for (const auto& a : airlines)
      w.BeginObject()
          .Field("airlineid", AirlineId(a))
          .Field("ticketterms", "")
          .Field("name", a.name)
          .Field("ticketTerms", TicketTerms(a))
          .EndObject();
    w.EndArray().EndObject();
  });
}

namespace {

// getSchedule's `ssim`: the visible airlines' schedule (or `company`'s) as one SSIM Chapter 7 data set, whole.
Answer ScheduleAsSsim(const Call& call, const std::optional<std::string>& company) {
  if (!call.ctx.ssim)
    return core::Fail(core::ErrorKind::kConflict, "SSIM_NOT_AVAILABLE", "SSIM output is not served here", "ssim");
  std::vector<std::string> airlines = call.partner.airlines;  // empty: every hosted airline
  if (company) {
    const auto wanted = core::AsciiUpper(*company);
    if (!airlines.empty() && std::find(airlines.begin(), airlines.end(), wanted) == airlines.end())
      return core::Fail(core::ErrorKind::kNotFound, "AIRLINE_NOT_FOUND", "No such airline", "companycode");
    airlines = {wanted};
  }
  auto text = call.ctx.ssim->Export(call.actor, airlines);
  if (!text) return std::unexpected(text.error());
  return Success([&](api::JsonWriter& w) { w.Field("ssim", *text); });
}

}  // namespace

Answer GetSchedule(const Call& call) {
  auto from = Date(call.parms, "fltsFROMperiod", false);
  if (!from) return std::unexpected(from.error());
  auto to = Date(call.parms, "fltsTOperiod", false);
  if (!to) return std::unexpected(to.error());
  auto format = CodeFormat(call.parms);
  if (!format) return std::unexpected(format.error());
  auto company = OptText(call.parms, "companycode", 3);
  if (!company) return std::unexpected(company.error());
  auto ssim = Flag(call.parms, "ssim", false);
  if (!ssim) return std::unexpected(ssim.error());
  if (*ssim) return ScheduleAsSsim(call, *company);
  auto soldonline = Flag(call.parms, "soldonline", false);  // every flight jetway schedules is sold online
  if (!soldonline) return std::unexpected(soldonline.error());
  if (*from && *to && **to < **from)
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_DATES", "fltsTOperiod must be on or after fltsFROMperiod",
                      "fltsTOperiod");
  auto lines = call.ctx.schedules.Lines(call.actor);
  if (!lines) return std::unexpected(lines.error());
  std::map<std::string, reference::Airline> airlines;
  for (auto& a : call.ctx.catalog.Airlines(call.partner)) airlines.emplace(a.designator, std::move(a));
  const auto aircraft = call.ctx.catalog.AircraftTypes(call.partner);
  const auto company_code = company->value_or("");
  return Success([&](api::JsonWriter& w) {
    w.Key("flight").BeginArray();
    for (const auto& view : *lines) {
      const auto& l = view.line;
      const auto airline = airlines.find(l.airline);
      if (airline == airlines.end() || (!company_code.empty() && core::AsciiUpper(company_code) != l.airline)) continue;
      if ((*from && l.valid_to < **from) || (*to && l.valid_from > **to)) continue;
      const auto days = schedule::ParseDaysOfOperation(l.days_of_operation).value_or(0);
      const auto type = aircraft.find(l.config_id);
      w.BeginObject()
          .Field("fltnumber", core::FlightNumber{l.airline, l.flight_number}.ToString())
          .Field("airlinename", airline->second.name)
          .Field("airlinedesignator", l.airline)
          .Field("airlineid", AirlineId(airline->second))
          .Field("fromdestination", AirportIn(call, l.origin, *format))
          .Field("todestination", AirportIn(call, l.destination, *format))
          .Field("std", ClockOf(l.departure_local_minutes))
          .Field("sta", ClockOf(l.arrival_local_minutes))
          .Field("arrivaldayoffset", l.arrival_day_offset);
      // Monday is bit 0 of the mask (SSIM's day 1).
      const char* names[] = {"weekdaymon", "weekdaytue", "weekdaywed", "weekdaythu",
                             "weekdayfri", "weekdaysat", "weekdaysun"};
      for (int d = 0; d < 7; ++d) w.Field(names[d], (days >> d & 1u) != 0);
      w.Field("accode", type == aircraft.end() ? std::string() : type->second)
          .Field("fltsfromperiod", SlashDate(l.valid_from))
          .Field("fltstoperiod", SlashDate(l.valid_to))
          .EndObject();
    }
    w.EndArray();
  });
}

}  // namespace jetway::aerocrs
