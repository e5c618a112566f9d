#include "aerocrs/partner_api.hpp"

#include <fmt/core.h>

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
      {"makePayment", &MakePayment},
  };
  return methods;
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

// The partner behind the call, by the two headers every call carries.
core::Result<partners::Partner> Authenticate(PartnerApiContext& ctx, const http::Request& req) {
  const auto id = req.Header("auth_id");
  const auto password = req.Header("auth_password");
  if (!id || !password)
    return core::Fail(ErrorKind::kUnauthorized, "WRONG_CREDENTIALS", partners::kWrongCredentials);
  return ctx.partners.Authenticate(*id, *password);
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
  auto partner = Authenticate(ctx, req);
  if (!partner) return FailureResponse(partner.error());
  if (!partners::MayCall(*partner, method->name)) return FailureResponse(NotPermitted());
  if (auto refused = ctx.meter.Admit(*partner, *method)) return FailureResponse(*refused);
  auto failed = [&](const core::Error& error) {
    ctx.meter.Failed(*partner, *method);
    return FailureResponse(error);
  };
  auto parms = ReadParms(req);
  if (!parms) return failed(parms.error());
  auto implemented = Implemented().find(method->name);
  if (implemented == Implemented().end()) return failed(NotAvailable(*method));
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
  std::optional<std::string> currency;
  if (*asked) currency = core::AsciiUpper(**asked);
  if (!agency) return currency;
  if (currency && *currency != agency->currency)
    return core::Fail(ErrorKind::kInvalid, "CURRENCY_MISMATCH",
                      fmt::format("This agency is priced and charged in {}, not {}", agency->currency, *currency),
                      "currency");
  return std::optional<std::string>(agency->currency);
}

void AddPartnerApiRoutes(http::Router& router, PartnerApiContext& context) {
  for (const char* verb : {"GET", "POST"})
    router.Add(verb, kPartnerApiPath, [&context](const http::Request& req) { return Handle(context, req); });
}

}  // namespace jetway::aerocrs
