// The airline-side methods (reference §3.6-3.7, own airline only): createDeposit tops up travel agencies' accounts
// updateClass opens and closes classes on dated flights, and updateFares changes filed fares. They change what the public application's database
// role may only read, so they answer on the back office's listener (PartnerApiContext::inventory) and say so
// elsewhere; a partner granted them acts with agency_funds / inventory.write for that call
// (partners::MethodPermissions), through the same services as the back office's screens.
#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "core/codes.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "pricing/fare_admin.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxBatch = 50;  // top-ups or flights in one call

core::Error Segment(const std::string& message) {
  return core::MakeError(ErrorKind::kInvalid, "INVALID_SEGMENT", message);
}

// The batch's elements: `deposits.deposit` or `deposit` (one object or a list), or the parameters themselves for a
// single top-up (the reference names no container: unverified).
core::Result<std::vector<json>> Elements(const json& parms, const char* container, const char* item) {
  if (const json* outer = Object(parms, container)) return Items(*outer, item, true);
  if (parms.contains(item)) return Items(parms, item, true);
  return std::vector<json>{parms};
}

// ---- createDeposit ------------------------------------------------------------------------------------------------

struct TopUp {
  const agents::AgencyView* agency = nullptr;
  core::Money amount;
  std::string note;
  std::string echoed_key;  // agencyid or agencyemail, as the caller named it
  std::string echoed_value;
};

core::Result<TopUp> ReadTopUp(const json& e, std::size_t i, const std::vector<agents::AgencyView>& agencies) {
  const auto n = i + 1;  // segments are counted from 1 in the messages (unverified)
  int named = 0;
  for (const char* key : {"customeremail", "customerid", "agencyemail", "agencyid"}) named += e.contains(key) ? 1 : 0;
  if (named == 0) return std::unexpected(Segment(fmt::format("Please send customer/agency credential on segment {}", n)));
  if (named > 1)
    return std::unexpected(Segment(fmt::format("Please choose to add deposit to customer or agent on segment {}", n)));
  if (e.contains("customeremail") || e.contains("customerid"))  // jetway keeps no customer accounts
    return std::unexpected(Segment(fmt::format("Customer not found on segment {}", n)));
  std::vector<std::string> missing;
  for (const char* key : {"currency", "amount"})
    if (!e.contains(key) || e.at(key).is_null()) missing.push_back(key);
  if (!missing.empty())
    return std::unexpected(Segment(fmt::format("mandatory fields misssing: {} on segment {}", fmt::join(missing, ", "), n)));
  auto currency = Text(e, "currency", 3);
  if (!currency || !core::IsCurrencyCode(core::AsciiUpper(*currency)))
    return std::unexpected(Segment(fmt::format("Company currency not found on segment {}", n)));
  auto amount_text = Text(e, "amount", 20);
  const auto amount = amount_text ? core::ParseAmount(*amount_text, core::AsciiUpper(*currency)) : std::nullopt;
  if (!amount || amount->minor <= 0)
    return std::unexpected(Segment(fmt::format("The amount parameter must be greater than zero on segment {}", n)));
  auto note = OptText(e, "additionalinfo", 200);
  if (!note) return std::unexpected(note.error());
  TopUp t{nullptr, *amount, note->value_or(""), e.contains("agencyid") ? "agencyid" : "agencyemail", ""};
  auto key = Text(e, t.echoed_key.c_str(), 254);
  if (!key) return std::unexpected(Segment(fmt::format("No {} defined on segment {}", t.echoed_key, n)));
  t.echoed_value = *key;
  for (const auto& view : agencies)
    if ((t.echoed_key == "agencyid" && std::to_string(view.agency.id) == *key) ||
        (t.echoed_key == "agencyemail" && core::AsciiLower(view.agency.email) == core::AsciiLower(*key)))
      t.agency = &view;
  if (!t.agency) return std::unexpected(Segment(fmt::format("Agency not found on segment {}", n)));
  if (t.agency->agency.currency != amount->currency)
    return std::unexpected(Segment(fmt::format("The agency's account is kept in {}, not {}, on segment {}",
                                               t.agency->agency.currency, amount->currency, n)));
  return t;
}

// ---- updateClass --------------------------------------------------------------------------------------------------

struct FlightClasses {
  std::int64_t flight_id = 0;
  std::vector<inventory::ClassControl> classes;
};

core::Result<FlightClasses> ReadFlightClasses(const Call& call, const json& f, std::size_t i) {
  const auto n = i + 1;
  auto number = Text(f, "flightnumber", 8);
  if (!number) return std::unexpected(number.error());
  auto day = Date(f, "flightdate", true);
  if (!day) return std::unexpected(day.error());
  auto from = Text(f, "fromcode", 3);
  if (!from) return std::unexpected(from.error());
  auto to = Text(f, "tocode", 3);
  if (!to) return std::unexpected(to.error());
  auto flight = call.ctx.catalog.DatedFlight(call.partner, core::AsciiUpper(*number), **day, core::AsciiUpper(*from),
                                             core::AsciiUpper(*to));
  if (!flight)
    return core::Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND",
                      fmt::format("Flight not found: {} on {} from {} to {} (flight {})", *number, SlashDate(**day),
                                  *from, *to, n),
                      "flightnumber");
  auto classes = Items(f, "class", true);
  if (!classes) return std::unexpected(classes.error());
  FlightClasses out{flight->id, {}};
  for (const auto& c : *classes) {
    auto code = Text(c, "code", 1);
    if (!code) return std::unexpected(code.error());
    auto type = Text(c, "type", 1);
    if (!type) return std::unexpected(type.error());
    const auto open = core::AsciiUpper(*type) == "O";
    if (!open && core::AsciiUpper(*type) != "C")
      return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "class type must be O (open) or C (closed)", "type");
    auto qty = Integer(c, "qty", 0, inventory::kMaxAuthorization, -1);
    if (!qty) return std::unexpected(qty.error());
    if (open && *qty < 0)
      return core::Fail(ErrorKind::kInvalid, "MISSING_PARAMETER",
                        "Mandatory parameter missing: qty (the free seats to leave) to open a class", "qty");
    inventory::ClassControl control{core::AsciiUpper(*code), std::nullopt, !open};
    if (open) control.free_seats = static_cast<int>(*qty);
    out.classes.push_back(std::move(control));
  }
  return out;
}

// ---- updateFares --------------------------------------------------------------------------------------------------

constexpr int kKilosPerBag = 23;  // newDetails.baggage is a weight; jetway's fares count checked bags

// newDetails' keys jetway keeps no field for: refused when sent with a value, rather than ignored.
constexpr const char* kUnsupportedFareKeys[] = {
    "rtadl", "rtchd", "rtinf", "rttax1", "rttax2", "rttax3", "rttax4", "owtax1", "owtax2", "owtax3", "owtax4",
    "minstay", "maxstay", "sellstart", "sellend", "limitcurrency", "chargevatontax", "showhours", "expirehours",
    "terminal"};

bool HasValue(const json& item, const char* key) {
  if (!item.contains(key)) return false;
  const auto& v = item.at(key);
  return !(v.is_null() || (v.is_string() && v.get<std::string>().empty()) || (v.is_number() && v == 0) ||
           (v.is_string() && v.get<std::string>() == "0"));
}

struct FareUpdate {
  std::vector<pricing::StoredFare> fares;  // the rows fareDetails names (one per passenger type)
  std::optional<core::LocalDate> valid_from;
  std::optional<core::LocalDate> valid_to;
  std::optional<std::string> brand;
  std::optional<int> checked_bags;
  std::map<core::PaxType, core::Money> amounts;
};

core::Error FareSegment(std::size_t n, const std::string& what) {
  return core::MakeError(ErrorKind::kInvalid, "INVALID_FARE", fmt::format("{} on fare {}", what, n), "fares");
}

core::Result<FareUpdate> ReadFareUpdate(const Call& call, const json& item, std::size_t i) {
  const auto n = i + 1;
  const json* details = Object(item, "fareDetails");
  const json* changes = Object(item, "newDetails");
  if (!details || !changes) return std::unexpected(FareSegment(n, "fareDetails and newDetails are required"));
  auto from = Text(*details, "fromcode", 3);
  auto to = Text(*details, "tocode", 3);
  auto booking_class = Text(*details, "classcode", 1);
  auto first = Date(*details, "fromdate", true);
  auto last = Date(*details, "todate", true);
  auto currency = Text(*details, "currency", 3);
  for (const auto* r : {&from, &to, &booking_class, &currency})
    if (!*r) return std::unexpected(FareSegment(n, r->error().message));
  for (const auto* r : {&first, &last})
    if (!*r) return std::unexpected(FareSegment(n, r->error().message));
  for (const char* key : {"fromcode", "tocode", "classcode"})
    if (HasValue(*changes, key) && core::AsciiUpper(changes->at(key).is_string() ? changes->at(key).get<std::string>()
                                                                                   : std::string()) !=
                                       core::AsciiUpper(details->at(key).get<std::string>()))
      return std::unexpected(FareSegment(n, fmt::format("a fare's {} stays: file a new fare in the back office", key)));
  for (const char* key : kUnsupportedFareKeys)
    if (HasValue(*changes, key))
      return std::unexpected(FareSegment(
          n, fmt::format("{} is not supported: jetway files one-way fares, taxes per departure airport, and no stay or "
                         "sale-period restrictions",
                         key)));
  FareUpdate u;
  const auto origin = core::AsciiUpper(*from), destination = core::AsciiUpper(*to);
  for (const auto& airline : call.ctx.catalog.Airlines(call.partner)) {
    auto fares = call.ctx.fares.Fares(call.actor, airline.designator, origin, destination);
    if (!fares) return std::unexpected(fares.error());
    for (auto& f : *fares)
      if (f.filed.fare.booking_class == core::AsciiUpper(*booking_class) && f.filed.valid_from == **first &&
          f.filed.valid_to == **last && f.filed.fare.amount.currency == core::AsciiUpper(*currency) &&
          ((f.filed.origin == origin && f.filed.destination == destination) ||
           (f.filed.both_directions && f.filed.origin == destination && f.filed.destination == origin)))
        u.fares.push_back(std::move(f));
  }
  if (u.fares.empty()) return std::unexpected(FareSegment(n, "Fare not found"));
  auto new_from = Date(*changes, "fromdate", false);
  auto new_to = Date(*changes, "todate", false);
  if (!new_from) return std::unexpected(FareSegment(n, new_from.error().message));
  if (!new_to) return std::unexpected(FareSegment(n, new_to.error().message));
  u.valid_from = *new_from;
  u.valid_to = *new_to;
  if (changes->contains("brand")) {
    auto brand = OptText(*changes, "brand", 30);
    if (!brand) return std::unexpected(FareSegment(n, brand.error().message));
    u.brand = brand->value_or("");
  }
  if (changes->contains("baggage")) {
    auto kilos = Integer(*changes, "baggage", 0, 200);
    if (!kilos) return std::unexpected(FareSegment(n, kilos.error().message));
    u.checked_bags = static_cast<int>((*kilos + kKilosPerBag - 1) / kKilosPerBag);  // any allowance is a bag
  }
  for (auto [key, type] : {std::pair{"owadl", core::PaxType::kAdult}, std::pair{"owchd", core::PaxType::kChild},
                           std::pair{"owinf", core::PaxType::kInfant}}) {
    if (!changes->contains(key)) continue;
    auto text = Text(*changes, key, 20);
    const auto amount = text ? core::ParseAmount(*text, core::AsciiUpper(*currency)) : std::nullopt;
    if (!amount || amount->minor < 0) return std::unexpected(FareSegment(n, fmt::format("{} is not an amount", key)));
    const bool filed = std::any_of(u.fares.begin(), u.fares.end(), [&](const auto& f) { return f.filed.fare.pax_type == type; });
    if (!filed)
      return std::unexpected(FareSegment(n, fmt::format("no {} fare is filed beside this one: file it in the back office",
                                                        core::ToString(type))));
    u.amounts[type] = *amount;
  }
  return u;
}

pricing::FiledFare Changed(const pricing::StoredFare& stored, const FareUpdate& u) {
  auto f = stored.filed;
  if (u.valid_from) f.valid_from = *u.valid_from;
  if (u.valid_to) f.valid_to = *u.valid_to;
  if (u.brand) f.fare.brand = *u.brand;
  if (u.checked_bags) f.fare.checked_bags = *u.checked_bags;
  if (auto it = u.amounts.find(f.fare.pax_type); it != u.amounts.end()) f.fare.amount = it->second;
  return f;
}

}  // namespace

core::Error ServedByTheBackOffice(std::string_view method) {
  return core::MakeError(ErrorKind::kConflict, "METHOD_NOT_AVAILABLE",
                         fmt::format("{} is served at the airline's back-office address, not at this one", method));
}

Answer CreateDeposit(const Call& call) {
  auto elements = Elements(call.parms, "deposits", "deposit");
  if (!elements) return std::unexpected(elements.error());
  if (elements->empty() || elements->size() > kMaxBatch)
    return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", fmt::format("1 to {} top-ups a call", kMaxBatch));
  auto agencies = call.ctx.agencies.List(call.actor);
  if (!agencies) return std::unexpected(agencies.error());
  // Every top-up is checked before any is recorded, so a refused batch records nothing.
  std::vector<TopUp> top_ups;
  for (std::size_t i = 0; i < elements->size(); ++i) {
    auto t = ReadTopUp((*elements)[i], i, *agencies);
    if (!t) return std::unexpected(t.error());
    top_ups.push_back(std::move(*t));
  }
  std::vector<std::pair<const TopUp*, core::Money>> balances;
  for (const auto& t : top_ups) {
    auto entry = call.ctx.agencies.RecordFunds(call.actor, t.agency->agency.id, agents::LedgerKind::kDeposit, t.amount,
                                               "partner " + call.partner.auth_id, t.note);
    if (!entry) return std::unexpected(entry.error());
    balances.emplace_back(&t, core::Money{entry->balance_after, t.amount.currency});
  }
  return Success([&](api::JsonWriter& w) {
    w.Key("depositBalance").BeginArray();
    for (const auto& [t, balance] : balances)
      w.BeginObject()
          .Field(t->echoed_key, t->echoed_value)
          .Field("curencyname", balance.currency)
          .Field("amount", Amount(balance))
          .EndObject();
    w.EndArray();
  });
}

Answer UpdateFares(const Call& call) {
  auto elements = Elements(call.parms, "fares", "fare");
  if (!elements) return std::unexpected(elements.error());
  if (elements->empty() || elements->size() > kMaxBatch)
    return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", fmt::format("1 to {} fares a call", kMaxBatch));
  // Every fare is found and checked before any changes.
  std::vector<FareUpdate> updates;
  for (std::size_t i = 0; i < elements->size(); ++i) {
    auto u = ReadFareUpdate(call, (*elements)[i], i);
    if (!u) return std::unexpected(u.error());
    updates.push_back(std::move(*u));
  }
  std::vector<std::int64_t> changed;
  for (const auto& u : updates)
    for (const auto& f : u.fares) {
      auto done = call.ctx.fares.Change(call.actor, f.id, Changed(f, u));
      if (!done && done.error().code != "FARE_UNCHANGED") return std::unexpected(done.error());
      changed.push_back(f.id);
    }
  return Success([&](api::JsonWriter& w) {
    w.Key("fareids").BeginArray();
    for (auto id : changed) w.Int(id);
    w.EndArray();
  });
}

Answer UpdateClass(const Call& call) {
  auto elements = Elements(call.parms, "Flights", "Flight");
  if (!elements) return std::unexpected(elements.error());
  if (elements->empty() || elements->size() > kMaxBatch)
    return core::Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", fmt::format("1 to {} flights a call", kMaxBatch));
  std::vector<FlightClasses> changes;
  for (std::size_t i = 0; i < elements->size(); ++i) {
    auto f = ReadFlightClasses(call, (*elements)[i], i);
    if (!f) return std::unexpected(f.error());
    changes.push_back(std::move(*f));
  }
  for (const auto& c : changes) {
    auto changed = call.ctx.inventory->ChangeClasses(call.actor, c.flight_id, c.classes);
    if (!changed) return std::unexpected(changed.error());
  }
  return Success([&](api::JsonWriter& w) {
    w.Key("flights").BeginArray();
    for (const auto& c : changes) w.Int(c.flight_id);
    w.EndArray();
  });
}

}  // namespace jetway::aerocrs
