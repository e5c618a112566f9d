// getAirlines and getDestinations (reference §3.1).
#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

namespace {

// The passenger fields confirmBooking requires, as getAirlines announces them: jetway's own rule for every airline
// (booking/pnr.hpp) asks a date of birth of children and infants and nothing else of the list.
void WriteMandatoryFields(api::JsonWriter& w) {
  for (const char* flag : {"mandatoryage", "mandatoryphone", "mandatorynationality", "mandatorydocumentnumber",
                           "mandatorydocumentexpiry", "mandatorydocumentissueingcountry", "mandatoryplaceofbirth",
                           "mandatorydateofbirth"})
    w.Field(flag, false);
  w.Field("mandatorydateofbirthforchild", true);
}

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
          .Field("country", "")
          .Field("countryiso", "")
          .Field("logourl", "");
      WriteMandatoryFields(w);
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

}  // namespace jetway::aerocrs
