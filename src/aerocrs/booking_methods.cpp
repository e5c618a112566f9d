// createBooking, confirmBooking, getBooking and cancelBooking (reference §3.3): the booking service's hold, confirm,
// retrieve and cancel, with the partner's identity. A partner names its bookings by the id createBooking returned or
// the confirmation id confirmBooking returned, and sees only its own; a booking paid on its agency's account is OK.
#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <set>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "aerocrs/offers.hpp"
#include "agents/agency.hpp"
#include "core/codes.hpp"
#include "core/locator.hpp"
#include "core/secret.hpp"
#include "core/text.hpp"
#include "partners/webhook.hpp"
#include "reference/reference_service.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using core::Fail;
using nlohmann::json;

namespace {

constexpr std::chrono::minutes kPartnerHold{kPartnerHoldMinutes};

std::string_view StatusCode(const booking::BookingView& booking) {
  return partners::BookingStatusCode(booking.status, !booking.passengers.empty());
}

std::string_view PaxTypeWord(core::PaxType type) {
  switch (type) {
    case core::PaxType::kAdult: return "ADULT";
    case core::PaxType::kChild: return "CHILD";
    case core::PaxType::kInfant: return "INFANT";
  }
  return "ADULT";
}

// ---- createBooking --------------------------------------------------------------------------------------------

core::Result<booking::HoldRequest> ReadHold(const Call& call) {
  auto triptype = Text(call.parms, "triptype", 2);
  if (!triptype) return std::unexpected(triptype.error());
  if (*triptype != "OW" && *triptype != "RT")
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "triptype must be OW or RT", "triptype");
  auto chargetype = Text(call.parms, "chargetype", 20);
  if (!chargetype) return std::unexpected(chargetype.error());
  auto coupon = OptText(call.parms, "couponcode", 40);
  if (!coupon) return std::unexpected(coupon.error());
  if (*coupon) return Fail(ErrorKind::kInvalid, "INVALID_COUPON", "Invalid coupon code", "couponcode");
  auto party = ReadParty(call.parms, true);
  if (!party) return std::unexpected(party.error());
  auto flights = Items(call.parms, "bookflight", true);
  if (!flights) return std::unexpected(flights.error());
  if (flights->size() > static_cast<std::size_t>(booking::kMaxSegments))
    return Fail(ErrorKind::kInvalid, "TOO_MANY_FLIGHTS",
                fmt::format("A booking has at most {} flights; this one has {}", booking::kMaxSegments,
                            flights->size()),
                "bookflight");
  booking::HoldRequest hold;
  std::string airline;
  for (const auto& flight : *flights) {
    auto from = Text(flight, "fromcode", 10);
    if (!from) return std::unexpected(from.error());
    auto to = Text(flight, "tocode", 10);
    if (!to) return std::unexpected(to.error());
    auto flight_id = Integer(flight, "flightid", 1, INT64_MAX);
    if (!flight_id) return std::unexpected(flight_id.error());
    auto fare_id = Integer(flight, "fareid", 1, INT64_MAX);
    if (!fare_id) return std::unexpected(fare_id.error());
    auto chosen = call.ctx.catalog.Choose(call.partner, *flight_id, *fare_id, core::AsciiUpper(*from),
                                          core::AsciiUpper(*to));
    if (!chosen) return std::unexpected(chosen.error());
    if (!airline.empty() && chosen->airline != airline)
      return Fail(ErrorKind::kInvalid, "TWO_AIRLINES",
                  fmt::format("A booking is on one airline: flights of {} and {} cannot be booked together", airline,
                              chosen->airline),
                  "bookflight");
    airline = chosen->airline;
    hold.segments.push_back(chosen->segment);
  }
  auto agency = PartnerAgency(call);  // read once: it decides the currency and what may be sold
  if (!agency) return std::unexpected(agency.error());
  auto currency = PartnerCurrency(call, *agency);
  if (!currency) return std::unexpected(currency.error());
  hold.currency = *currency;
  auto sellable = SellableAirlines(call.partner, *agency);
  if (!sellable) return std::unexpected(sellable.error());
  hold.party = *party;
  hold.sellable_airlines = std::move(*sellable);
  hold.hold_time = kPartnerHold;
  return hold;
}

std::string Terms(const booking::BookedSegment& segment) {
  if (!segment.terms) return "";
  const auto& t = *segment.terms;
  return ConditionsText(t.refundable, t.change_fee, t.checked_bags);
}

const pricing::PaxTypePrice* LineOf(const std::vector<pricing::PaxTypePrice>& lines, core::PaxType type) {
  for (const auto& line : lines)
    if (line.pax_type == type) return &line;
  return nullptr;
}

// A segment's share of the price: its fares and its taxes for the whole party (zero for a booking older than that).
struct Share {
  core::Money fare;
  core::Money taxes;
};
Share ShareOf(const booking::BookingView& b, const booking::BookedSegment& s) {
  const core::Money zero{0, b.total.currency};
  return s.price ? Share{s.price->fare, s.price->taxes} : Share{zero, zero};
}

// The fields every flight of a booking answer has (createBooking's items, getBooking's flights).
void WriteFlightBasics(api::JsonWriter& w, const Call& call, const booking::BookingView& b,
                       const booking::BookedSegment& s, const std::string& airline_name) {
  const auto& f = s.flight;
  const auto share = ShareOf(b, s);
  w.Field("airline", airline_name)
      .Field("from", call.ctx.airports.CityOf(f.origin))
      .Field("fromcode", f.origin)
      .Field("to", call.ctx.airports.CityOf(f.destination))
      .Field("tocode", f.destination)
      .Field("flightdate", LocalDateTime(f.departure_local).substr(0, 10))
      .Field("depart", LocalClock(f.departure_local))
      .Field("arrive", LocalClock(f.arrival_local))
      .Field("number", f.flight_number)
      .Field("flightid", f.flight_id)
      .Field("invid", static_cast<std::int64_t>(s.seq))
      .Field("invpricing", Amount({share.fare.minor + share.taxes.minor, b.total.currency}));
}

void WriteHeldFlight(api::JsonWriter& w, const Call& call, const booking::BookingView& b,
                     const booking::BookedSegment& s, const std::vector<pricing::PaxTypePrice>& fares,
                     const std::string& airline_name, std::int64_t airline_id, std::optional<std::int64_t> usd) {
  const core::Money zero{0, b.total.currency};
  const auto [fare, taxes] = ShareOf(b, s);
  w.BeginObject();
  WriteFlightBasics(w, call, b, s, airline_name);
  w.Field("airlineid", airline_id)
      .Field("class", s.terms && !s.terms->brand.empty() ? s.booking_class + "/" + s.terms->brand : s.booking_class);
  for (auto [type, key] : {std::pair{core::PaxType::kAdult, "Adultfare"}, std::pair{core::PaxType::kChild, "Childfare"},
                           std::pair{core::PaxType::kInfant, "Infantfare"}}) {
    const auto* line = LineOf(fares, type);
    w.Field(key, Amount(line ? line->fare_each : zero));
  }
  w.Field("tax", Amount(taxes))
      .Field("net_fare", Amount(fare))
      .Field("rack_fare", Amount(fare))
      .Field("totaltax", Amount(taxes))
      .Field("currency", b.total.currency)
      .Key("converttousd");
  if (usd)
    w.Decimal(*usd, 6);
  else
    w.Null();
  w.Field("terms", Terms(s)).EndObject();
}

// ---- confirmBooking -------------------------------------------------------------------------------------------

struct Title {
  std::optional<core::PaxType> type;  // when the title itself says it ("Child", "INFANT")
  std::string title;                  // jetway's (booking/pnr.hpp)
};

// Mr. Mrs. Ms. Miss. Dr. Mstr. Child INFANT (reference §1.6), upper-cased, dots and spaces dropped.
std::optional<Title> ReadTitle(std::string_view text) {
  std::string word;
  for (char c : text)
    if (c != '.' && c != ' ') word.push_back(core::AsciiUpper(c));
  if (word == "MR" || word == "MRS" || word == "MS" || word == "MISS" || word == "DR" || word == "MX")
    return Title{std::nullopt, word};
  if (word == "MSTR" || word == "MASTER") return Title{core::PaxType::kChild, "MSTR"};
  if (word == "CHILD" || word == "CHD") return Title{core::PaxType::kChild, "MX"};
  if (word == "INFANT" || word == "INF") return Title{core::PaxType::kInfant, "MX"};
  return std::nullopt;
}

struct PartnerPassenger {
  booking::Passenger passenger;
  bool carries_infant = false;
  std::string email;
  std::string phone;
};

core::Error PassengerError(std::size_t index, const std::string& what, const char* field) {
  return core::MakeError(ErrorKind::kInvalid, "INVALID_PASSENGER", fmt::format("passenger {}: {}", index + 1, what),
                         field);
}

// The first of `keys` the item has (AeroCRS spells nationality `paxnationailty`; the correct spelling is taken too).
core::Result<std::optional<std::string>> OneOf(const json& item, std::initializer_list<const char*> keys,
                                               std::size_t max_length) {
  for (const char* key : keys)
    if (item.contains(key)) return OptText(item, key, max_length);
  return std::optional<std::string>{};
}

struct TravelData {
  std::string nationality;
  std::optional<booking::TravelDocument> document;
  std::string place_of_birth;
};

// paxnationailty, paxdoctype (PP passport, ID identity card), paxdocnumber, paxdocissuer, paxdocexpiry and a place
// of birth (the reference has no field for it: paxbirthplace taken, unverified), countries ISO alpha-2.
core::Result<TravelData> ReadTravelData(const json& item, std::size_t index) {
  TravelData data;
  auto nationality = OneOf(item, {"paxnationailty", "paxnationality"}, 2);
  if (!nationality) return std::unexpected(PassengerError(index, nationality.error().message, "paxnationailty"));
  data.nationality = core::AsciiUpper(nationality->value_or(""));
  auto type = OptText(item, "paxdoctype", 2);
  if (!type) return std::unexpected(PassengerError(index, type.error().message, "paxdoctype"));
  auto number = OptText(item, "paxdocnumber", 20);
  if (!number) return std::unexpected(PassengerError(index, number.error().message, "paxdocnumber"));
  auto issuer = OptText(item, "paxdocissuer", 2);
  if (!issuer) return std::unexpected(PassengerError(index, issuer.error().message, "paxdocissuer"));
  auto expiry = Date(item, "paxdocexpiry", false);
  if (!expiry) return std::unexpected(PassengerError(index, expiry.error().message, "paxdocexpiry"));
  auto place = OneOf(item, {"paxbirthplace", "paxplaceofbirth"}, 60);
  if (!place) return std::unexpected(PassengerError(index, place.error().message, "paxbirthplace"));
  data.place_of_birth = place->value_or("");
  if (*type || *number || *issuer || *expiry) {
    const auto kind = core::AsciiUpper(type->value_or(""));
    if (kind != "PP" && kind != "ID" && kind != "P" && kind != "I")
      return std::unexpected(PassengerError(index, "paxdoctype must be PP (passport) or ID (identity card)",
                                            "paxdoctype"));
    std::string number_text;
    for (char c : number->value_or(""))
      if (c != ' ' && c != '-') number_text.push_back(core::AsciiUpper(c));
    data.document = booking::TravelDocument{kind.substr(0, 1) == "P" ? "P" : "I", number_text,
                                            core::AsciiUpper(issuer->value_or("")), *expiry};
  }
  return data;
}

core::Result<PartnerPassenger> ReadPassenger(const json& item, std::size_t index) {
  PartnerPassenger pax;
  auto title_text = Text(item, "paxtitle", 20);
  if (!title_text) return std::unexpected(PassengerError(index, title_text.error().message, "paxtitle"));
  auto title = ReadTitle(*title_text);
  if (!title)
    return std::unexpected(
        PassengerError(index, "paxtitle must be Mr., Mrs., Ms., Miss., Dr., Mstr., Child or INFANT", "paxtitle"));
  auto first = Text(item, "firstname", 60);
  if (!first) return std::unexpected(PassengerError(index, first.error().message, "firstname"));
  auto last = Text(item, "lastname", 60);
  if (!last) return std::unexpected(PassengerError(index, last.error().message, "lastname"));
  auto age = Integer(item, "paxage", 0, 130, -1);
  if (!age) return std::unexpected(PassengerError(index, age.error().message, "paxage"));
  auto birth = Date(item, "paxbirthdate", false);
  if (!birth) return std::unexpected(PassengerError(index, birth.error().message, "paxbirthdate"));
  auto carries = Flag(item, "paxcarringinfant", false);
  if (!carries) return std::unexpected(PassengerError(index, carries.error().message, "paxcarringinfant"));
  auto email = OptText(item, "paxemail", 254);
  if (!email) return std::unexpected(PassengerError(index, email.error().message, "paxemail"));
  auto phone = OptText(item, "paxphone", 40);
  if (!phone) return std::unexpected(PassengerError(index, phone.error().message, "paxphone"));
  auto travel = ReadTravelData(item, index);
  if (!travel) return std::unexpected(travel.error());
  core::PaxType type = title->type.value_or(core::PaxType::kAdult);
  if (!title->type && *age >= 0) type = *age < 2 ? core::PaxType::kInfant : *age < 12 ? core::PaxType::kChild : type;
  std::string jetway_title = title->title;
  // The adult titles a child may not have become the neutral one (a girl's MISS stays).
  if (type != core::PaxType::kAdult && jetway_title != "MISS" && jetway_title != "MSTR") jetway_title = "MX";
  pax.passenger = booking::Passenger{type, jetway_title, *first, *last, *birth, std::nullopt};
  pax.passenger.nationality = travel->nationality;
  pax.passenger.document = travel->document;
  pax.passenger.place_of_birth = travel->place_of_birth;
  pax.carries_infant = *carries && type == core::PaxType::kAdult;
  pax.email = email->value_or("");
  pax.phone = phone->value_or("");
  return pax;
}

// The passengers as the booking service takes them: adults, then children, then infants, each infant with the next
// adult who carries one (paxcarringinfant).
core::Result<std::vector<booking::Passenger>> ArrangePassengers(std::vector<PartnerPassenger>& given) {
  std::vector<booking::Passenger> ordered;
  std::vector<int> carriers;
  for (auto type : {core::PaxType::kAdult, core::PaxType::kChild})
    for (auto& p : given)
      if (p.passenger.pax_type == type) {
        ordered.push_back(p.passenger);
        if (p.carries_infant) carriers.push_back(static_cast<int>(ordered.size()));
      }
  std::size_t next_carrier = 0;
  for (auto& p : given) {
    if (p.passenger.pax_type != core::PaxType::kInfant) continue;
    if (next_carrier >= carriers.size())
      return Fail(ErrorKind::kInvalid, "INFANT_WITHOUT_ADULT",
                  fmt::format("Infant {} {} has no carrying adult: mark the adult who carries each infant with "
                              "paxcarringinfant 1",
                              p.passenger.first_name, p.passenger.last_name),
                  "paxcarringinfant");
    p.passenger.infant_of = carriers[next_carrier++];
    ordered.push_back(p.passenger);
  }
  return ordered;
}

core::Result<booking::Contact> ContactOf(const Call& call, const std::vector<PartnerPassenger>& given) {
  auto email = OptText(call.parms, "confirmationemail", 254);
  if (!email) return std::unexpected(email.error());
  booking::Contact contact{email->value_or(""), ""};
  for (const auto& p : given) {
    if (contact.email.empty()) contact.email = p.email;
    if (contact.phone.empty()) contact.phone = p.phone;
  }
  if (contact.email.empty() || contact.phone.empty())
    if (auto agency = PartnerAgency(call); agency && *agency) {
      if (contact.email.empty()) contact.email = (*agency)->email;
      if (contact.phone.empty()) contact.phone = (*agency)->phone;
    }
  if (contact.email.empty())
    return Fail(ErrorKind::kInvalid, "MISSING_PARAMETER",
                "Mandatory parameter missing: confirmationemail (or a passenger's paxemail)", "confirmationemail");
  if (contact.phone.empty())
    return Fail(ErrorKind::kInvalid, "MISSING_PARAMETER", "Mandatory parameter missing: a passenger's paxphone",
                "paxphone");
  return contact;
}

core::Result<std::int64_t> BookingId(const json& parms) { return Integer(parms, "bookingid", 1, INT64_MAX); }

// ---- answers --------------------------------------------------------------------------------------------------

std::string BookingLink(const Call& call) { return SiteBase(call.request) + "/manage"; }

void WriteBookingFlights(api::JsonWriter& w, const Call& call, const booking::BookingView& b,
                         const std::string& airline_name) {
  w.Key("flights").BeginObject().Key("flight").BeginArray();
  for (const auto& s : b.segments) {
    const auto& f = s.flight;
    const auto taxes = ShareOf(b, s).taxes;
    w.BeginObject();
    WriteFlightBasics(w, call, b, s, airline_name);
    w.Field("airlineDesignator", f.airline)
        .Field("airlineICAOcode", "")
        .Field("class", s.booking_class)
        .Field("flightcode", f.flight_id)
        .Field("aircraftType", "")
        .Field("aircraftTypeIataCode", "")
        .Field("departureTerminal", "")
        .Field("arrivalTerminal", "")
        .Field("totaltaxes", Amount(taxes))
        .Key("taxes")
        .BeginObject()
        .Field("Taxes", Amount(taxes))
        .EndObject()
        .Key("services")
        .BeginArray()
        .EndArray()
        .EndObject();
  }
  w.EndArray().EndObject();
}

// A passenger's e-ticket as partners read it ("" before any).
std::string ETicketOf(const booking::BookingView& b, int passenger) {
  const auto* ticket = ticketing::CurrentTicket(b.tickets, passenger);
  return ticket ? ticket->number : std::string();
}

// The booking's ticket number (the reference's is booking-level): its first passenger's e-ticket.
std::string TicketNumberOf(const booking::BookingView& b) { return ETicketOf(b, 1); }

void WritePassengers(api::JsonWriter& w, const booking::BookingView& b) {
  w.Key("passengers").BeginObject().Key("passenger").BeginArray();
  int rph = 0;
  for (const auto& p : b.passengers) {
    ++rph;
    w.BeginObject()
        .Field("rph", rph)
        .Field("paxtitle", p.title)
        .Field("firstname", p.first_name)
        .Field("lastname", p.last_name)
        .Field("paxtype", PaxTypeWord(p.pax_type))
        .Field("nationality", p.nationality)
        .Field("paxbirthdate", p.date_of_birth ? SlashDate(*p.date_of_birth) : std::string())
        .Field("paxdoctype", p.document ? (p.document->type == "P" ? "PP" : "ID") : "")
        .Field("paxdocnumber", p.document ? p.document->number : std::string())
        .Field("paxdocissuer", p.document ? p.document->issuing_country : std::string())
        .Field("paxdocexpiry", p.document && p.document->expiry ? SlashDate(*p.document->expiry) : std::string())
        .Field("paxbirthplace", p.place_of_birth)
        .Field("e-ticket", ETicketOf(b, rph))
        .EndObject();
  }
  w.EndArray().EndObject();
}

// DD/MM/YYYY HH:MM in UTC, as getItinerary's bookingcreateddate.
std::string CreatedDate(core::Instant at) {
  const auto utc = UtcDateTime(at);  // YYYY/MM/DD HH:MM
  return fmt::format("{}/{}/{} {}", utc.substr(8, 2), utc.substr(5, 2), utc.substr(0, 4), utc.substr(11));
}

// The booking's airline as the partner sees it; its designator alone should it be gone.
reference::Airline AirlineOf(const Call& call, const std::string& designator) {
  for (auto& a : call.ctx.catalog.Airlines(call.partner))
    if (a.designator == designator) return std::move(a);
  reference::Airline unknown;
  unknown.designator = unknown.name = designator;
  return unknown;
}

}  // namespace

std::string ConfirmedAnswer(const Call& call, const booking::BookingView& b,
                            const std::function<void(api::JsonWriter&)>& more) {
  const auto now = call.ctx.clock.Now();
  const auto first_departure = b.segments.empty() ? now : b.segments.front().flight.departure_utc;
  const bool paid = b.status == booking::BookingStatus::kConfirmed;
  const auto ptl = paid || !b.hold_expires_at ? now : *b.hold_expires_at;
  return Success([&](api::JsonWriter& w) {
    w.Field("bookingid", b.id)
        .Field("bookingconfirmation", b.confirmation_id)
        .Field("linktobooking", BookingLink(call))
        .Field("pnrref", b.locator)
        .Field("topay", Amount(paid ? core::Money{0, b.total.currency} : booking::AmountDue(b)))
        .Field("totalprice", Amount(b.total))
        .Field("currency", b.total.currency)
        .Field("pnrptl", UtcDateTime(ptl))
        .Field("pnrttl", UtcDateTime(first_departure))
        .Field("status", StatusCode(b));
    if (more) more(w);
  });
}

core::Result<BookingKey> PartnerBookingKey(const Call& call, std::int64_t booking_id) {
  auto locator = call.ctx.bookings.PartnerLocator(call.actor, {booking_id, ""});
  if (!locator) return std::unexpected(locator.error());
  BookingKey key{*locator, {}};
  key.proof.partner_key = true;
  return key;
}

core::Result<PartnerBooking> ReadPartnerBooking(const Call& call, std::int64_t booking_id) {
  auto key = PartnerBookingKey(call, booking_id);
  if (!key) return std::unexpected(key.error());
  auto booking = call.ctx.bookings.Retrieve(call.actor, key->locator, key->proof);
  if (!booking) return std::unexpected(booking.error());
  return PartnerBooking{std::move(*key), std::move(*booking)};
}

core::Result<BookingKey> FindBookingKey(const Call& call) {
  auto reference = OptText(call.parms, "bookingconfirmation", 64);
  if (!reference) return std::unexpected(reference.error());
  auto last_name = OptText(call.parms, "passengerlastname", 60);
  if (!last_name) return std::unexpected(last_name.error());
  BookingKey key;
  if (!*reference) {
    auto id = BookingId(call.parms);
    if (!id) {
      if (id.error().code == "MISSING_PARAMETER")
        return Fail(ErrorKind::kInvalid, "MISSING_PARAMETER", "Mandatory parameter missing: bookingconfirmation",
                    "bookingconfirmation");
      return std::unexpected(id.error());
    }
    auto found = call.ctx.bookings.PartnerLocator(call.actor, {*id, ""});
    if (!found) return std::unexpected(found.error());
    key.locator = *found;
    key.proof.partner_key = true;
  } else if (core::IsUuid(**reference)) {
    auto found = call.ctx.bookings.PartnerLocator(call.actor, {0, **reference});
    if (!found) return std::unexpected(found.error());
    key.locator = *found;
    key.proof.partner_key = true;
  } else {
    if (!*last_name)
      return Fail(ErrorKind::kInvalid, "MISSING_PARAMETER",
                  "Mandatory parameter missing: passengerlastname (required with a PNR reference)",
                  "passengerlastname");
    key.locator = core::AsciiUpper(**reference);
    key.proof.last_name = **last_name;
  }
  return key;
}

std::string HeldAnswer(const Call& call, const booking::BookingView& b,
                       const std::function<void(api::JsonWriter&)>& more) {
  const auto fares = call.ctx.catalog.SegmentFares(b);
  const auto airline = AirlineOf(call, b.airline);
  const auto& name = airline.name;
  const auto airline_id = AirlineId(airline);
  const auto usd = call.ctx.catalog.UsdRateMicros(b.total.currency);
  return Success([&](api::JsonWriter& w) {
    w.Key("booking").BeginObject().Field("bookingid", b.id).Field("bookingconfirmation", b.confirmation_id);
    w.Field("pnrref", b.locator)
        .Field("pnrttl", b.hold_expires_at ? UtcDateTime(*b.hold_expires_at) : std::string())
        .Field("totalprice", Amount(b.total))
        .Field("currency", b.total.currency);
    w.Key("items").BeginObject().Key("flight").BeginArray();
    for (std::size_t i = 0; i < b.segments.size(); ++i)
      WriteHeldFlight(w, call, b, b.segments[i], i < fares.size() ? fares[i] : std::vector<pricing::PaxTypePrice>{},
                      name, airline_id, usd);
    w.EndArray().EndObject();
    if (more) more(w);
    w.EndObject();
  });
}

namespace {

// The booking a getBooking asks for: by bookingid, by confirmation id, or by PNR with a passenger's last name.
core::Result<booking::BookingView> FindBooking(const Call& call) {
  auto key = FindBookingKey(call);
  if (!key) return std::unexpected(key.error());
  return call.ctx.bookings.Retrieve(call.actor, key->locator, key->proof);
}

}  // namespace

Answer CreateBooking(const Call& call) {
  auto hold = ReadHold(call);
  if (!hold) return std::unexpected(hold.error());
  auto outcome = call.ctx.bookings.Hold(call.actor, *hold);
  if (!outcome) return std::unexpected(outcome.error());
  return HeldAnswer(call, outcome->booking);
}

Answer ConfirmBooking(const Call& call) {
  auto id = BookingId(call.parms);
  if (!id) return std::unexpected(id.error());
  auto agent_reference = Text(call.parms, "agentconfirmation", 100);
  if (!agent_reference) return std::unexpected(agent_reference.error());
  auto hold_booking = Flag(call.parms, "holdBooking", false);
  if (!hold_booking) return std::unexpected(hold_booking.error());
  if (*hold_booking)
    return Fail(ErrorKind::kForbidden, "HOLD_NOT_ENABLED", "holdBooking is not enabled for this integration",
                "holdBooking");
  auto send_mail = Flag(call.parms, "sendemail", true);
  if (!send_mail) return std::unexpected(send_mail.error());
  auto items = Items(call.parms, "passenger", true);
  if (!items) return std::unexpected(items.error());
  if (items->size() > static_cast<std::size_t>(2 * pricing::kMaxSeatsPerBooking))
    return Fail(ErrorKind::kInvalid, "INVALID_PASSENGER", "A booking has at most 18 passengers", "passenger");
  std::vector<PartnerPassenger> given;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto pax = ReadPassenger((*items)[i], i);
    if (!pax) return std::unexpected(pax.error());
    given.push_back(std::move(*pax));
  }
  auto passengers = ArrangePassengers(given);
  if (!passengers) return std::unexpected(passengers.error());
  auto contact = ContactOf(call, given);
  if (!contact) return std::unexpected(contact.error());
  auto locator = call.ctx.bookings.PartnerLocator(call.actor, {*id, ""});
  if (!locator) return std::unexpected(locator.error());
  booking::ConfirmRequest request;
  request.passengers = std::move(*passengers);
  request.contact = *contact;
  request.method = booking::PaymentMethod::kOnAccount;
  request.send_mail = *send_mail;
  // With the agency's credit the booking is paid now (OK); without a facility the names are kept and the seats held
  // until the payment time limit, for makePayment (PN).
  core::Result<booking::BookingView> confirmed = std::unexpected(core::Error{});
  // An account that cannot cover it leaves the booking PN too (the reference: "with no facility the booking is
  // saved as PN"), for useDeposit once the agency has paid in, or makePayment.
  if (call.partner.agency_id != 0) {
    auto outcome = call.ctx.bookings.Confirm(call.actor, *locator, request);
    if (outcome)
      confirmed = std::move(outcome->booking);
    else if (outcome.error().code == "CREDIT_LIMIT_EXCEEDED")
      confirmed = call.ctx.bookings.KeepNames(call.actor, *locator, request);
    else
      return std::unexpected(outcome.error());
  } else {
    confirmed = call.ctx.bookings.KeepNames(call.actor, *locator, request);
  }
  if (!confirmed) return std::unexpected(confirmed.error());
  return ConfirmedAnswer(call, *confirmed);
}

// Tickets are issued when a booking is paid (confirmBooking on account, makePayment, useDeposit): ticketBooking
// answers them, the same on every call; a booking not paid yet is refused.
Answer TicketBooking(const Call& call) {
  auto id = BookingId(call.parms);
  if (!id) return std::unexpected(id.error());
  auto found = ReadPartnerBooking(call, *id);
  if (!found) return std::unexpected(found.error());
  const auto* b = &found->booking;
  if (b->status != booking::BookingStatus::kConfirmed || b->tickets.empty())
    return Fail(ErrorKind::kConflict, "BOOKING_NOT_PAID",
                fmt::format("Booking {} is {}: it is ticketed once paid (makePayment or useDeposit)", b->id,
                            StatusCode(*b)),
                "bookingid");
  return Success([&](api::JsonWriter& w) {
    w.Field("bookingid", b->id)
        .Field("bookingconfirmation", b->confirmation_id)
        .Field("pnrref", b->locator)
        .Field("ticketnumber", TicketNumberOf(*b))
        .Key("invoicenumber")
        .Null()
        .Key("deposit")
        .Null()
        .Field("status", StatusCode(*b));
    w.Key("passengers").BeginArray();
    int n = 0;
    for (const auto& p : b->passengers) {
      const auto ticket = ETicketOf(*b, ++n);
      w.BeginObject().Field("title", p.title).Field("firstname", p.first_name).Field("lastname", p.last_name);
      w.Key("e-ticket");
      if (ticket.empty())
        w.Null();
      else
        w.String(ticket);
      w.EndObject();
    }
    w.EndArray();
  });
}

Answer MakePayment(const Call& call) {
  auto id = BookingId(call.parms);
  if (!id) return std::unexpected(id.error());
  auto payer = Text(call.parms, "creditcardpayer", 100);
  if (!payer) return std::unexpected(payer.error());
  auto number = Text(call.parms, "creditcardnumber", 30);
  if (!number) return std::unexpected(number.error());
  auto expiry = Text(call.parms, "creditcardexpiry", 4);
  if (!expiry) return std::unexpected(expiry.error());
  auto cvv = OptText(call.parms, "creditcardcvv", 4);
  if (!cvv) return std::unexpected(cvv.error());
  const auto month = core::ParseInteger(std::string_view(*expiry).substr(0, 2), 1, 12);
  const auto year = expiry->size() == 4 ? core::ParseInteger(std::string_view(*expiry).substr(2), 0, 99) : std::nullopt;
  if (!month || !year)
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "creditcardexpiry must be MMYY", "creditcardexpiry");
  auto locator = call.ctx.bookings.PartnerLocator(call.actor, {*id, ""});
  if (!locator) return std::unexpected(locator.error());
  booking::BookingProof proof;
  proof.partner_key = true;
  auto pending = call.ctx.bookings.Retrieve(call.actor, *locator, proof);
  if (!pending) return std::unexpected(pending.error());
  if (pending->status == booking::BookingStatus::kConfirmed)
    return Fail(ErrorKind::kConflict, "ALREADY_PAID", fmt::format("Booking {} is paid", *id));
  if (pending->passengers.empty())
    return Fail(ErrorKind::kConflict, "NOT_CONFIRMED", "Confirm the booking (confirmBooking) before paying for it");
  booking::ConfirmRequest request;
  request.method = booking::PaymentMethod::kTestCard;
  request.card = booking::CardDetails{booking::CardDigits(*number), static_cast<int>(*month),
                                      2000 + static_cast<int>(*year), cvv->value_or(""), *payer};
  auto paid = call.ctx.bookings.Confirm(call.actor, *locator, request);
  if (!paid) return std::unexpected(paid.error());
  return ConfirmedAnswer(call, paid->booking);
}

Answer GetBooking(const Call& call) {
  auto found = FindBooking(call);
  if (!found) return std::unexpected(found.error());
  const auto& b = *found;
  const auto name = AirlineOf(call, b.airline).name;
  return Success([&](api::JsonWriter& w) {
    w.Key("booking")
        .BeginObject()
        .Field("bookingid", b.id)
        .Field("bookingconfirmation", b.confirmation_id)
        .Field("linktobooking", BookingLink(call))
        .Field("linktoticket", "")
        .Field("pnrref", b.locator)
        .Field("ticketnumber", TicketNumberOf(b))
        .Field("status", StatusCode(b))
        .Field("source", "API")
        .Field("totalprice", Amount(b.total))
        .Field("currency", b.total.currency);
    WriteBookingFlights(w, call, b, name);
    WritePassengers(w, b);
    w.Field("remarks", "").EndObject();
  });
}

namespace {

// getItinerary's `checkin`: each passenger on each flight, as their coupon stands (and their seat).
void WriteCheckIns(api::JsonWriter& w, const booking::BookingView& b) {
  w.Key("checkin").BeginArray();
  for (std::size_t p = 0; p < b.passengers.size(); ++p)
    for (const auto& s : b.segments) {
      const int passenger = static_cast<int>(p + 1);
      std::string status = "not checked in";
      if (const auto* ticket = ticketing::CurrentTicket(b.tickets, passenger)) {
        for (const auto& c : ticket->coupons) {
          if (c.segment_seq != s.seq) continue;
          if (c.status == ticketing::CouponStatus::kCheckedIn) status = "checked in";
          if (c.status == ticketing::CouponStatus::kBoarded) status = "boarded";
          if (c.status == ticketing::CouponStatus::kFlown) status = "flown";
        }
      }
      const auto* seat = b.SeatOf(passenger, s.seq);
      w.BeginObject()
          .Field("rph", static_cast<std::int64_t>(passenger))
          .Field("flightid", s.flight.flight_id)
          .Field("status", status)
          .Field("seat", seat ? seat->seat : "")
          .EndObject();
    }
  w.EndArray();
}

// getItinerary's `ancillaries`: the extras bought (each an EMD) and those to pay with a held booking.
void WriteAncillaries(api::JsonWriter& w, const booking::BookingView& b) {
  w.Key("ancillaries").BeginArray();
  const auto flight_of = [&](int seq) {
    for (const auto& s : b.segments)
      if (s.seq == seq) return s.flight.flight_id;
    return std::int64_t{0};
  };
  for (const auto& e : b.emds)
    w.BeginObject()
        .Field("itemid", e.code)
        .Field("rph", e.passenger)
        .Field("flightid", e.flight_id)
        .Field("seat", e.seat)
        .Field("fare", Amount(e.amount))
        .Field("currency", e.amount.currency)
        .Field("emd", e.number)
        .Field("status", std::string(1, ticketing::Code(e.status)))
        .EndObject();
  for (const auto& d : b.extras_due)
    w.BeginObject()
        .Field("itemid", d.extra.code)
        .Field("rph", d.extra.passenger)
        .Field("flightid", flight_of(d.extra.segment))
        .Field("seat", d.extra.seat)
        .Field("fare", Amount(d.price))
        .Field("currency", d.price.currency)
        .Field("emd", "")
        .Field("status", "to pay")
        .EndObject();
  w.EndArray();
}

}  // namespace

Answer GetItinerary(const Call& call) {
  auto found = FindBooking(call);
  if (!found) return std::unexpected(found.error());
  const auto& b = *found;
  const auto name = AirlineOf(call, b.airline).name;
  std::string agency_name;
  if (b.agency_id != 0)
    if (auto agency = PartnerAgency(call); agency && *agency && (*agency)->id == b.agency_id) agency_name = (*agency)->name;
  const bool round_trip = b.segments.size() > 1 && b.segments.back().flight.destination == b.segments.front().flight.origin;
  const auto* lead = b.passengers.empty() ? nullptr : &b.passengers.front();
  const bool paid = b.status == booking::BookingStatus::kConfirmed;
  return Success([&](api::JsonWriter& w) {
    w.Key("booking")
        .BeginObject()
        .Field("source", "API")
        .Field("agencyname", agency_name)
        .Field("linktobooking", BookingLink(call))
        .Field("pnrref", b.locator)
        .Field("bookingid", b.id)
        .Key("invoicenumber")
        .Null()
        .Field("bookingconfirmation", b.confirmation_id)
        .Field("ticketnumber", TicketNumberOf(b))
        .Field("status", StatusCode(b))
        .Field("journeytype", round_trip ? "RT" : "OW")
        .Field("linktoticket", "")
        .Field("bookingcreateddate", CreatedDate(b.created_at))
        .Field("name", lead ? lead->first_name + " " + lead->last_name : std::string())
        .Field("title", lead ? lead->title : std::string())
        .Field("email", b.contact ? b.contact->email : std::string())
        .Field("country", "")
        .Field("mobile", b.contact ? b.contact->phone : std::string())
        .Field("phone", b.contact ? b.contact->phone : std::string())
        .Field("totalprice", Amount(b.total))
        .Field("topay", Amount(paid || b.status == booking::BookingStatus::kCancelled ? core::Money{0, b.total.currency}
                                                                                        : booking::AmountDue(b)))
        .Field("currency", b.total.currency);
    WriteBookingFlights(w, call, b, name);
    WritePassengers(w, b);
    WriteCheckIns(w, b);
    WriteAncillaries(w, b);
    w.Key("payments").BeginArray();
    for (const auto& pay : b.payments)
      w.BeginObject()
          .Field("method", pay.method)
          .Field("amount", Amount(pay.amount))
          .Field("currency", pay.amount.currency)
          .Field("status", pay.status)
          .Field("reference", pay.reference)
          .Field("date", UtcDateTime(pay.created_at))
          .EndObject();
    w.EndArray().EndObject();
  });
}

Answer CancelBooking(const Call& call) {
  auto id = BookingId(call.parms);
  if (!id) return std::unexpected(id.error());
  auto key = PartnerBookingKey(call, *id);
  if (!key) return std::unexpected(key.error());
  auto cancelled = call.ctx.bookings.Cancel(call.actor, key->locator, key->proof);
  if (!cancelled) return std::unexpected(cancelled.error());
  return Success([&](api::JsonWriter& w) {
    w.Field("bookingid", cancelled->id).Field("status", StatusCode(*cancelled)).Field("pnrref", cancelled->locator);
  });
}

}  // namespace jetway::aerocrs
