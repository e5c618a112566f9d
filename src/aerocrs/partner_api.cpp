#include "aerocrs/partner_api.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;

namespace {

using Method = Answer (*)(const Call&);

// What jetway answers today; every other method of the reference is refused (NotAvailable).
const std::map<std::string, Method, std::less<>>& Implemented() {
  static const std::map<std::string, Method, std::less<>> methods{
      {"getAirlines", &GetAirlines},       {"getDestinations", &GetDestinations}, {"getTicketTerms", &GetTicketTerms},
      {"getSchedule", &GetSchedule},       {"getDeepLink", &GetDeepLink},         {"getAvailability", &GetAvailability},
      {"getFlight", &GetFlight},           {"getFlights", &GetFlights},           {"getFares", &GetFares},
      {"getFareRules", &GetFareRules},     {"createBooking", &CreateBooking},     {"confirmBooking", &ConfirmBooking},
      {"getBooking", &GetBooking},         {"getItinerary", &GetItinerary},       {"cancelBooking", &CancelBooking},
      {"makePayment", &MakePayment},       {"getAgency", &GetAgency},             {"createDeposit", &CreateDeposit},
      {"updateClass", &UpdateClass},       {"updateFares", &UpdateFares},         {"changeBooking", &ChangeBooking},
      {"assessChangeFees", &AssessChangeFees}, {"useDeposit", &UseDeposit},   {"ticketBooking", &TicketBooking},
      {"getSeatMap", &GetSeatMap},         {"makeSeatReservation", &MakeSeatReservation},
      {"getSSRs", &GetSsrs},               {"createSSR", &CreateSsr},           {"getAncillaries", &GetAncillaries},
      {"getAirlineAncillaries", &GetAirlineAncillaries}, {"createAncillary", &CreateAncillary},
      {"getSeatMapFare", &GetSeatMapFare},           {"confirmExtrasReservation", &ConfirmExtrasReservation},
      {"getPassengersByFlight", &GetPassengersByFlight},
      {"getPassengerIdentifiersByBookingReference", &GetPassengerIdentifiers},
      {"getPassengerDetail", &GetPassengerDetail},     {"updatePassenger", &UpdatePassenger},
  };
  return methods;
}

// What changes the airline's own data beyond bookings: answered on the back office's listener only.
bool AirlineSide(std::string_view method) {
  return method == "createDeposit" || method == "updateClass" || method == "updateFares" ||
         method == "getPassengersByFlight" || method == "getPassengerIdentifiersByBookingReference" ||
         method == "getPassengerDetail" || method == "updatePassenger";
}

core::Error UnknownMethod(const std::string& name) {
  return core::MakeError(ErrorKind::kNotFound, "UNKNOWN_METHOD",
                         fmt::format("Unknown method: {} (method names are case-sensitive, as in the reference)",
                                     name.substr(0, 64)));
}

core::Error NotPermitted() {
  return core::MakeError(ErrorKind::kForbidden, "METHOD_NOT_ALLOWED", "You do not have permission to do this action");
}

core::Error NotAvailable(const partners::PartnerMethod& method) {
  return core::MakeError(ErrorKind::kConflict, "METHOD_NOT_AVAILABLE",
                         fmt::format("{} is not available from this airline yet", method.name));
}

core::Error WrongCredentials() {
  return core::MakeError(ErrorKind::kUnauthorized, "WRONG_CREDENTIALS", partners::kWrongCredentials);
}

struct Credential {
  std::string auth_id;
  std::string secret;
};

// The credential a request carries: the partner API's two headers, or (API v1) `Authorization: Bearer
// <auth_id>:<secret>` (an auth_id has no colon). nullopt when it carries none; WRONG_CREDENTIALS for a malformed one.
core::Result<std::optional<Credential>> CredentialOf(const http::Request& req) {
  const auto id = req.Header("auth_id");
  const auto password = req.Header("auth_password");
  if (id || password) {
    if (!id || !password) return std::unexpected(WrongCredentials());
    return std::optional<Credential>(Credential{*id, *password});
  }
  const auto authorization = req.Header("Authorization");
  if (!authorization) return std::optional<Credential>{};
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view value = *authorization;
  const auto colon = value.find(':');
  if (value.size() <= kBearer.size() || core::AsciiLower(value.substr(0, kBearer.size())) != "bearer " ||
      colon == std::string_view::npos || colon < kBearer.size())
    return std::unexpected(WrongCredentials());
  return std::optional<Credential>(Credential{std::string(value.substr(kBearer.size(), colon - kBearer.size())),
                                              std::string(value.substr(colon + 1))});
}

// The partner behind a call of `method`, admitted: its credential good, the method granted, its quota not spent
// (the call counted). The one check of both front doors, the partner API and API v1.
core::Result<partners::Partner> Admit(PartnerApiContext& ctx, const Credential& credential,
                                      const partners::PartnerMethod& method) {
  auto partner = ctx.partners.Authenticate(credential.auth_id, credential.secret);
  if (!partner) return std::unexpected(partner.error());
  if (!partners::MayCall(*partner, method.name)) return std::unexpected(NotPermitted());
  if (auto refused = ctx.meter.Admit(*partner, method)) return std::unexpected(*refused);
  return partner;
}

core::Actor PartnerActor(const partners::Partner& partner, const partners::PartnerMethod& method,
                         const http::Request& req) {
  core::Actor actor{core::Channel::kPartner, partner.auth_id, req.remote, partners::MethodPermissions(method.name)};
  actor.agency_id = partner.agency_id;
  actor.partner_id = partner.id;
  return actor;
}

http::Response Handle(PartnerApiContext& ctx, const http::Request& req) {
  const auto name = req.params.count("method") ? req.params.at("method") : std::string();
  const auto* method = partners::FindMethod(name);
  if (!method) return FailureResponse(UnknownMethod(name));
  auto credential = CredentialOf(req);
  if (!credential) return FailureResponse(credential.error());
  if (!*credential) return FailureResponse(WrongCredentials());  // the partner API has no anonymous callers
  auto partner = Admit(ctx, **credential, *method);
  if (!partner) return FailureResponse(partner.error());
  auto failed = [&](const core::Error& error) {
    ctx.meter.Failed(*partner, *method);
    return FailureResponse(error);
  };
  auto parms = ReadParms(req);
  if (!parms) return failed(parms.error());
  auto implemented = Implemented().find(method->name);
  if (implemented == Implemented().end()) return failed(NotAvailable(*method));
  if (AirlineSide(method->name) && !ctx.inventory) return failed(ServedByTheBackOffice(method->name));
  const auto actor = PartnerActor(*partner, *method, req);
  auto answer = implemented->second(Call{ctx, *partner, actor, *parms, req});
  if (!answer) return failed(answer.error());
  http::Response response;
  response.body = std::move(*answer);
  return response;
}

}  // namespace

core::Result<std::optional<agents::Agency>> PartnerAgency(const Call& call) {
  if (call.partner.agency_id == 0) return std::optional<agents::Agency>{};
  auto agency = call.ctx.agencies.OwnAgency(call.actor);
  if (!agency) return std::unexpected(agency.error());
  return std::optional<agents::Agency>(std::move(*agency));
}

core::Result<std::optional<std::string>> PartnerCurrency(const Call& call,
                                                         const std::optional<agents::Agency>& agency) {
  auto asked = OptText(call.parms, "currency", 3);
  if (!asked) return std::unexpected(asked.error());
  if (!agency) return *asked ? std::optional<std::string>(core::AsciiUpper(**asked)) : std::nullopt;
  auto currency = agents::PricingCurrency(agency->currency, *asked);
  if (!currency) return std::unexpected(currency.error());
  return std::optional<std::string>(std::move(*currency));
}

core::Result<std::vector<std::string>> SellableAirlines(const partners::Partner& partner,
                                                        const std::optional<agents::Agency>& agency) {
  std::vector<std::string> airlines = partner.airlines;
  if (!agency) return airlines;
  if (auto refused = agents::SellingRefusal(*agency)) return std::unexpected(*refused);
  const auto& sold = agency->airlines;
  if (airlines.empty()) return sold;
  if (sold.empty()) return airlines;
  std::vector<std::string> both;
  std::set_intersection(airlines.begin(), airlines.end(), sold.begin(), sold.end(), std::back_inserter(both));
  if (both.empty()) both.push_back("--");  // sells none: every flight is refused AIRLINE_NOT_SOLD
  return both;
}

api::CallerGate ApiGate(PartnerApiContext& ctx) {
  return [&ctx](const http::Request& req, std::string_view method_name) -> core::Result<api::ApiCaller> {
    auto credential = CredentialOf(req);
    if (!credential) return std::unexpected(credential.error());
    if (!*credential) return api::ApiCaller{core::Actor::Passenger(core::Channel::kApi, req.remote), {}, {}, {}};
    const auto* method = partners::FindMethod(method_name);
    if (!method) return std::unexpected(NotPermitted());
    auto partner = Admit(ctx, **credential, *method);
    if (!partner) return std::unexpected(partner.error());
    api::ApiCaller caller{PartnerActor(*partner, *method, req), partner->airlines, {}, {}};
    caller.actor.channel = core::Channel::kApi;
    caller.failed = [&ctx, p = *partner, method] { ctx.meter.Failed(p, *method); };
    if (method->kind != partners::CallKind::kOther && partner->agency_id != 0) {
      // A partner booking for an agency is priced in the agency's currency, and sells what both may sell, nothing
      // while the agency is suspended.
      auto agency = ctx.agencies.OwnAgency(caller.actor);
      if (!agency) {
        caller.failed();
        return std::unexpected(agency.error());
      }
      caller.currency = agency->currency;
      if (method->kind != partners::CallKind::kBooking) return caller;
      auto sellable = SellableAirlines(*partner, *agency);
      if (!sellable) {
        caller.failed();
        return std::unexpected(sellable.error());
      }
      caller.airlines = std::move(*sellable);
    }
    return caller;
  };
}

void AddPartnerApiRoutes(http::Router& router, PartnerApiContext& context) {
  for (const char* verb : {"GET", "POST"})
    router.Add(verb, kPartnerApiPath, [&context](const http::Request& req) { return Handle(context, req); });
}

}  // namespace jetway::aerocrs
