// Extras (§3.5): getAirlineAncillaries, the catalogue before booking; getAncillaries, a booking's, priced in its
// currency; createAncillary, an item for one passenger on one flight. The rules and prices are the booking service's
// (booking/extras.hpp, BuyExtras): a held booking keeps the item to be paid with it (confirmBooking on account,
// makePayment, useDeposit charge it with the fare); a paid one is charged to the agency's account now.
#include <fmt/core.h>

#include <algorithm>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using core::Fail;

namespace {

// The reference's catalogue: one ancillary per kind, its one item the kind itself (itemid BAG, MEAL, SEAT).
void WriteCatalogue(api::JsonWriter& w, const std::vector<booking::ExtraOffer>& offered) {
  w.Key("ancillaries").BeginObject().Key("ancillary").BeginArray();
  for (const auto& o : offered) {
    w.BeginObject()
        .Field("name", o.item.code)
        .Field("description", fmt::format("RFIC {} RFISC {}", o.item.rfic, o.item.rfisc))
        .Field("image", "")
        .Field("ssrcode", "ASVC")
        .Key("items")
        .BeginArray()
        .BeginObject()
        .Field("itemid", o.item.code)
        .Field("itemname", o.item.code)
        .Field("quantityforitem", o.item.max_per_flight)
        .Field("fare", Amount(o.price))
        .Field("tax1", "0.00")
        .Field("vat", "0.00")
        .Field("currency", o.price.currency)
        .Field("soldBeforeTicket", true)
        .Field("soldAfterTicket", true)
        .EndObject()
        .EndArray()
        .EndObject();
  }
  w.EndArray().EndObject();
}

// The booking's segment flying `flight_id`.
core::Result<int> SegmentFlying(const booking::BookingView& b, std::int64_t flight_id) {
  for (const auto& s : b.segments)
    if (s.flight.flight_id == flight_id) return s.seq;
  return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND", "The flightid is not a flight of this booking", "flightid");
}

// createAncillary's items: the request itself, or (as some partners send them) `ancillaries.ancillary[]`.
std::vector<nlohmann::json> AncillaryItems(const nlohmann::json& parms) {
  const auto* wrapped = Object(parms, "ancillaries");
  if (!wrapped) return {parms};
  auto list = wrapped->find("ancillary");
  if (list == wrapped->end()) return {parms};
  if (list->is_array()) return std::vector<nlohmann::json>(list->begin(), list->end());
  return {*list};
}

}  // namespace

Answer GetAirlineAncillaries(const Call& call) {
  auto company = Text(call.parms, "companycode", 3);
  if (!company) return std::unexpected(company.error());
  auto flights = Items(call.parms, "flights", true);
  if (!flights) return std::unexpected(flights.error());
  auto currency = OptText(call.parms, "currency", 3);
  if (!currency) return std::unexpected(currency.error());
  const auto airline = core::AsciiUpper(*company);
  const auto& sells = call.partner.airlines;
  if (!sells.empty() && !std::binary_search(sells.begin(), sells.end(), airline))
    return Fail(ErrorKind::kNotFound, "AIRLINE_NOT_FOUND", fmt::format("No airline {}", airline.substr(0, 3)),
                "companycode");
  auto offered = call.ctx.bookings.ExtrasSold(call.actor, airline, core::AsciiUpper(currency->value_or("")));
  if (!offered) return std::unexpected(offered.error());
  return Success([&](api::JsonWriter& w) { WriteCatalogue(w, *offered); });
}

Answer GetAncillaries(const Call& call) {
  auto id = Integer(call.parms, "bookingid", 1, INT64_MAX);
  if (!id) return std::unexpected(id.error());
  auto flight_id = Integer(call.parms, "flightid", 1, INT64_MAX);
  if (!flight_id) return std::unexpected(flight_id.error());
  auto currency = Text(call.parms, "currency", 3);
  if (!currency) return std::unexpected(currency.error());
  auto found = ReadPartnerBooking(call, *id);
  if (!found) return std::unexpected(found.error());
  const auto* key = &found->key;
  const auto* b = &found->booking;
  if (auto seq = SegmentFlying(*b, *flight_id); !seq) return std::unexpected(seq.error());
  if (core::AsciiUpper(*currency) != b->total.currency)
    return Fail(ErrorKind::kInvalid, "CURRENCY_MISMATCH",
                fmt::format("This booking's extras are priced in {}", b->total.currency), "currency");
  auto offered = call.ctx.bookings.ExtrasOffered(call.actor, key->locator, key->proof);
  if (!offered) return std::unexpected(offered.error());
  return Success([&](api::JsonWriter& w) { WriteCatalogue(w, *offered); });
}

// All of the items or none (one purchase); `paxnum` is 0-based in the booking's order of passengers.
Answer CreateAncillary(const Call& call) {
  const auto items = AncillaryItems(call.parms);
  if (items.empty() || items.size() > 32)
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "Give 1 to 32 ancillaries", "ancillaries");
  auto id = Integer(items.front(), "bookingid", 1, INT64_MAX);
  if (!id) id = Integer(call.parms, "bookingid", 1, INT64_MAX);
  if (!id) return std::unexpected(id.error());
  auto found = ReadPartnerBooking(call, *id);
  if (!found) return std::unexpected(found.error());
  const auto* key = &found->key;
  const auto* b = &found->booking;
  booking::ExtrasRequest request;
  std::vector<std::pair<std::string, std::int64_t>> echoed;
  for (const auto& item : items) {
    auto code = Text(item, "itemid", 8);
    if (!code) return std::unexpected(code.error());
    auto flight_id = Integer(item, "flightid", 1, INT64_MAX);
    if (!flight_id) return std::unexpected(flight_id.error());
    auto paxnum = Integer(item, "paxnum", 0, 17);
    if (!paxnum) return std::unexpected(paxnum.error());
    auto seq = SegmentFlying(*b, *flight_id);
    if (!seq) return std::unexpected(seq.error());
    request.extras.push_back({static_cast<int>(*paxnum) + 1, *seq, core::AsciiUpper(*code), ""});
    echoed.emplace_back(core::AsciiUpper(*code), *flight_id);
  }
  // A paid booking's extras go on the agency's account, as its booking did; a held one's are paid with it.
  request.method = booking::PaymentMethod::kOnAccount;
  auto bought = call.ctx.bookings.BuyExtras(call.actor, key->locator, key->proof, request);
  if (!bought) return std::unexpected(bought.error());
  return Success([&](api::JsonWriter& w) {
    w.Key("Ancillary").BeginArray();
    for (const auto& [code, flight_id] : echoed)
      w.BeginObject()
          .Field("itemid", code)
          .Field("bookingid", *id)
          .Field("flightid", flight_id)
          .Field("success", true)
          .Field("invid", bought->locator)
          .EndObject();
    w.EndArray();
    w.Field("topay", Amount(bought->status == booking::BookingStatus::kHeld ? booking::AmountDue(*bought)
                                                                            : core::Money{0, bought->total.currency}));
  });
}

}  // namespace jetway::aerocrs
