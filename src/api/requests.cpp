#include "api/requests.hpp"

#include "pricing/fare.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "api/json_body.hpp"
#include "booking/pnr.hpp"
#include "core/codes.hpp"
#include "core/locator.hpp"
#include "core/text.hpp"

namespace jetway::api {

using core::ErrorKind;
using core::Fail;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxIdempotencyKey = 255;

core::Error TypeError(const std::string& field, const char* expected) {
  return core::MakeError(ErrorKind::kBadRequest, "INVALID_TYPE", fmt::format("{} must be {}", field, expected), field);
}

// Reads an optional integer member; refuses non-integers and values outside int range.
core::Result<std::optional<std::int64_t>> OptInt(const json& obj, const char* key, const std::string& field) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<std::int64_t>{};
  if (!it->is_number_integer()) return std::unexpected(TypeError(field, "an integer"));
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
    return std::unexpected(TypeError(field, "an integer in range"));
  return std::optional<std::int64_t>{it->get<std::int64_t>()};
}

core::Result<std::string> ReqString(const json& obj, const char* key, const std::string& field) {
  auto value = OptString(obj, key, field);
  if (!value) return std::unexpected(value.error());
  if (!*value) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", fmt::format("{} is required", field), field);
  return std::move(**value);
}

// Keeps out-of-range JSON integers from wrapping when narrowed; the services then refuse them by value.
int ClampInt(std::int64_t v) { return v > 100000 ? 100000 : (v < -100000 ? -100000 : static_cast<int>(v)); }

// The body as the idempotency record may keep it: a card's number cut to its last four digits and no CVC, so that
// the stored fingerprint is no way to test card numbers offline (PCI DSS keeps no form of a CVC after authorisation,
// and no unkeyed hash of a card number). Another card, expiry or holder still makes another fingerprint.
json WithoutCardSecrets(json body) {
  const auto payment = body.find("payment");
  if (payment == body.end() || !payment->is_object()) return body;
  const auto card = payment->find("card");
  if (card == payment->end() || !card->is_object()) return body;
  card->erase("cvc");
  if (const auto number = card->find("number"); number != card->end() && number->is_string()) {
    // The last four digits, and digits only: the bytes of what was typed may end in half a UTF-8 character.
    std::string digits;
    for (char c : booking::CardDigits(number->get<std::string>()))
      if (c >= '0' && c <= '9') digits.push_back(c);
    *number = digits.size() > 4 ? digits.substr(digits.size() - 4) : digits;
  }
  return body;
}

}  // namespace

core::Result<std::optional<std::string>> OptString(const json& obj, const char* key, const std::string& field) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return std::unexpected(TypeError(field, "a string"));
  return std::optional<std::string>{it->get<std::string>()};
}

core::Result<json> ParseBody(const http::Request& req, bool allow_empty) {
  if (req.body.empty()) {
    if (allow_empty) return json::object();
    return Fail(ErrorKind::kBadRequest, "MALFORMED_JSON", "the request body must be a JSON object");
  }
  auto type = req.Header("Content-Type");
  if (!type || !IsJsonMediaType(*type))
    return Fail(ErrorKind::kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                "send the request body as application/json (Content-Type: application/json)");
  return ParseJsonObject(req.body);
}

// A strict non-negative integer query parameter; absent means `fallback`.
core::Result<int> QueryInt(const http::Request& req, const char* name, int fallback) {
  auto text = req.Query(name);
  if (!text) return fallback;
  auto value = core::ParseInteger(*text, 0, 1000);
  if (!value)
    return Fail(ErrorKind::kBadRequest, "INVALID_PARAMETER", fmt::format("{} must be a whole number", name), name);
  return static_cast<int>(*value);
}

core::Result<std::string> QueryAirport(const http::Request& req, const char* name) {
  auto text = req.Query(name);
  if (!text || text->empty())
    return Fail(ErrorKind::kBadRequest, "MISSING_PARAMETER", fmt::format("{} is required", name), name);
  auto code = core::AsciiUpper(*text);
  if (!core::IsAirportCode(code))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", fmt::format("{} must be a three-letter IATA airport code", name), name);
  return code;
}

core::Result<std::optional<core::LocalDate>> QueryDate(const http::Request& req, const char* name, bool required) {
  auto text = req.Query(name);
  if (!text || text->empty()) {
    if (required) return Fail(ErrorKind::kBadRequest, "MISSING_PARAMETER", fmt::format("{} is required", name), name);
    return std::optional<core::LocalDate>{};
  }
  auto date = core::ParseIsoDate(*text);
  if (!date) return Fail(ErrorKind::kInvalid, "INVALID_DATE", fmt::format("{} must be a date as YYYY-MM-DD", name), name);
  return std::optional<core::LocalDate>{*date};
}

std::string Fingerprint(const json& body) {
  // FNV-1a over the canonical dump (object keys sorted): stable across restarts and builds.
  std::uint64_t hash = 1469598103934665603ULL;
  // Invalid UTF-8 cannot reach here from ParseBody; should any, it is replaced rather than thrown on.
  for (unsigned char c : WithoutCardSecrets(body).dump(-1, ' ', false, json::error_handler_t::replace)) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", hash);
}

core::Result<std::optional<std::string>> IdempotencyKey(const http::Request& req) {
  auto key = req.Header("Idempotency-Key");
  if (!key) return std::optional<std::string>{};
  bool printable = !key->empty() && key->size() <= kMaxIdempotencyKey;
  for (char c : *key) printable &= c > 0x20 && c < 0x7f;
  if (!printable)
    return Fail(ErrorKind::kBadRequest, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1-255 visible ASCII characters",
                "Idempotency-Key");
  return key;
}

core::Result<std::string> PathLocator(const http::Request& req) {
  auto locator = core::AsciiUpper(req.params.at("locator"));
  if (!core::IsValidLocator(locator))
    return Fail(ErrorKind::kBadRequest, "INVALID_LOCATOR",
                "a booking reference is 6 characters from A-Z (no I, L, O) and 2-9", "locator");
  return locator;
}

namespace {

// A segment number out of range: 422 in a body, 400 in a path (like a malformed locator).
std::unexpected<core::Error> SegmentRefused(ErrorKind kind) {
  return Fail(kind, "INVALID_SEGMENT",
              fmt::format("segment is the flight's position in the booking, 1 to {}", booking::kMaxSegments),
              "segment");
}

}  // namespace

core::Result<int> ParseSegment(const json& body) {
  auto segment = OptInt(body, "segment", "segment");
  if (!segment) return std::unexpected(segment.error());
  if (!*segment) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "segment is required", "segment");
  if (**segment < 1 || **segment > booking::kMaxSegments) return SegmentRefused(ErrorKind::kInvalid);
  return static_cast<int>(**segment);
}

core::Result<int> PathSegment(const http::Request& req) {
  const auto segment = core::ParseInteger(req.params.at("segment"), 1, booking::kMaxSegments);
  if (!segment) return SegmentRefused(ErrorKind::kBadRequest);
  return static_cast<int>(*segment);
}

core::Result<std::vector<booking::SeatChoice>> ParseSeatChoices(const json& body, bool required) {
  std::vector<booking::SeatChoice> choices;
  auto seats = body.find("seats");
  if (seats == body.end() || seats->is_null()) {
    if (required) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "seats is required", "seats");
    return choices;
  }
  if (!seats->is_array()) return std::unexpected(TypeError("seats", "an array"));
  // A party is at most kMaxSeatsPerBooking seated passengers and as many infants on laps.
  constexpr int kMaxChoices = 2 * pricing::kMaxSeatsPerBooking;
  if (seats->size() > static_cast<std::size_t>(kMaxChoices))
    return Fail(ErrorKind::kInvalid, "INVALID_SEATS", fmt::format("at most {} seats at a time", kMaxChoices), "seats");
  for (std::size_t i = 0; i < seats->size(); ++i) {
    const auto& s = (*seats)[i];
    const std::string field = fmt::format("seats[{}]", i);
    if (!s.is_object()) return std::unexpected(TypeError(field, "an object"));
    auto passenger = OptInt(s, "passenger", field + ".passenger");
    if (!passenger) return std::unexpected(passenger.error());
    if (!*passenger)
      return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", field + ".passenger is required", field + ".passenger");
    if (**passenger < 1 || **passenger > kMaxChoices)
      return Fail(ErrorKind::kInvalid, "INVALID_PASSENGER",
                  fmt::format("passenger is 1 to {}, as the booking lists them", kMaxChoices), field + ".passenger");
    auto seat = ReqString(s, "seat", field + ".seat");
    if (!seat) return std::unexpected(seat.error());
    if (seat->size() > 4)
      return Fail(ErrorKind::kInvalid, "SEAT_NOT_FOUND", "a seat is a row and a letter, as 12A", field + ".seat");
    choices.push_back({static_cast<int>(**passenger), *seat});
  }
  return choices;
}

core::Result<booking::Ssr> ParseSsr(const json& body, const std::string& field) {
  const auto name = [&](const char* key) { return field.empty() ? std::string(key) : field + "." + key; };
  auto passenger = OptInt(body, "passenger", name("passenger"));
  if (!passenger) return std::unexpected(passenger.error());
  if (!*passenger)
    return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", name("passenger") + " is required", name("passenger"));
  auto segment = OptInt(body, "segment", name("segment"));
  if (!segment) return std::unexpected(segment.error());
  auto code = ReqString(body, "code", name("code"));
  if (!code) return std::unexpected(code.error());
  auto text = OptString(body, "text", name("text"));
  if (!text) return std::unexpected(text.error());
  const auto in = [](std::int64_t v, std::int64_t lo, std::int64_t hi) { return v >= lo && v <= hi; };
  if (!in(**passenger, 1, 2 * pricing::kMaxSeatsPerBooking) || (*segment && !in(**segment, 0, booking::kMaxSegments)))
    return Fail(ErrorKind::kInvalid, "INVALID_SSRS", "passenger is 1-18 and segment 0-20 (0: every flight)", field);
  return booking::Ssr{static_cast<int>(**passenger), static_cast<int>(segment->value_or(0)),
                      core::AsciiUpper(*code).substr(0, 8), text->value_or("").substr(0, 200)};
}

core::Result<std::vector<booking::Ssr>> ParseSsrs(const json& body) {
  auto ssrs = body.find("ssrs");
  if (ssrs == body.end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "ssrs is required", "ssrs");
  if (!ssrs->is_array()) return std::unexpected(TypeError("ssrs", "an array"));
  if (ssrs->size() > 64) return Fail(ErrorKind::kInvalid, "INVALID_SSRS", "at most 64 requests at a time", "ssrs");
  std::vector<booking::Ssr> requests;
  for (std::size_t i = 0; i < ssrs->size(); ++i) {
    const auto field = fmt::format("ssrs[{}]", i);
    if (!(*ssrs)[i].is_object()) return std::unexpected(TypeError(field, "an object"));
    auto one = ParseSsr((*ssrs)[i], field);
    if (!one) return std::unexpected(one.error());
    requests.push_back(std::move(*one));
  }
  return requests;
}

// The extras of a request: [{passenger, segment, code, seat?}], at most 32.
core::Result<std::vector<booking::Extra>> ParseExtraList(const json& extras) {
  if (!extras.is_array()) return std::unexpected(TypeError("extras", "an array"));
  if (extras.size() > 32) return Fail(ErrorKind::kInvalid, "INVALID_EXTRAS", "at most 32 extras at a time", "extras");
  std::vector<booking::Extra> list;
  for (std::size_t i = 0; i < extras.size(); ++i) {
    const auto& e = extras[i];
    const auto field = fmt::format("extras[{}]", i);
    if (!e.is_object()) return std::unexpected(TypeError(field, "an object"));
    auto passenger = OptInt(e, "passenger", field + ".passenger");
    auto segment = OptInt(e, "segment", field + ".segment");
    if (!passenger) return std::unexpected(passenger.error());
    if (!segment) return std::unexpected(segment.error());
    if (!*passenger || !*segment)
      return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", field + ".passenger and .segment are required", field);
    auto code = ReqString(e, "code", field + ".code");
    if (!code) return std::unexpected(code.error());
    auto seat = OptString(e, "seat", field + ".seat");
    if (!seat) return std::unexpected(seat.error());
    list.push_back({ClampInt(**passenger), ClampInt(**segment), core::AsciiUpper(*code).substr(0, 8),
                    seat->value_or("").substr(0, 4)});
  }
  return list;
}

core::Result<booking::ExtrasRequest> ParseExtras(const json& body) {
  booking::ExtrasRequest request;
  auto extras = body.find("extras");
  if (extras == body.end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "extras is required", "extras");
  auto list = ParseExtraList(*extras);
  if (!list) return std::unexpected(list.error());
  request.extras = std::move(*list);
  // A held booking's extras are paid with it: no payment then.
  if (!body.contains("payment")) {
    request.with_payment = false;
    return request;
  }
  auto payment = ParsePayment(body);
  if (!payment) return std::unexpected(payment.error());
  request.method = payment->first;
  request.card = payment->second;
  return request;
}

core::Result<booking::ChangeRequest> ParseChange(const json& body) {
  booking::ChangeRequest request;
  auto segment = ParseSegment(body);
  if (!segment) return std::unexpected(segment.error());
  auto flight_id = OptInt(body, "flight_id", "flight_id");
  if (!flight_id) return std::unexpected(flight_id.error());
  if (!*flight_id) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "flight_id is required", "flight_id");
  auto booking_class = ReqString(body, "booking_class", "booking_class");
  if (!booking_class) return std::unexpected(booking_class.error());
  request.segment = *segment;
  request.flight_id = **flight_id;
  request.booking_class = *booking_class;
  return request;
}

core::Result<booking::HoldRequest> ParseHold(const json& body) {
  booking::HoldRequest request;
  auto segments = body.find("segments");
  if (segments == body.end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "segments is required", "segments");
  if (!segments->is_array()) return std::unexpected(TypeError("segments", "an array"));
  // Refused before the segments are read, with the domain's own limit and message.
  if (segments->size() > static_cast<std::size_t>(booking::kMaxSegments))
    return Fail(ErrorKind::kInvalid, "TOO_MANY_SEGMENTS",
                fmt::format("a booking holds at most {} segments", booking::kMaxSegments), "segments");
  for (std::size_t i = 0; i < segments->size(); ++i) {
    const auto& s = (*segments)[i];
    const std::string field = fmt::format("segments[{}]", i);
    if (!s.is_object()) return std::unexpected(TypeError(field, "an object"));
    auto flight_id = OptInt(s, "flight_id", field + ".flight_id");
    if (!flight_id) return std::unexpected(flight_id.error());
    if (!*flight_id) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", field + ".flight_id is required", field + ".flight_id");
    auto booking_class = ReqString(s, "booking_class", field + ".booking_class");
    if (!booking_class) return std::unexpected(booking_class.error());
    request.segments.push_back({**flight_id, *booking_class});
  }
  auto passengers = body.find("passengers");
  if (passengers == body.end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "passengers is required", "passengers");
  if (!passengers->is_object()) return std::unexpected(TypeError("passengers", "an object with adults, children, infants"));
  auto adults = OptInt(*passengers, "adults", "passengers.adults");
  auto children = OptInt(*passengers, "children", "passengers.children");
  auto infants = OptInt(*passengers, "infants", "passengers.infants");
  for (auto* r : {&adults, &children, &infants})
    if (!*r) return std::unexpected(r->error());
  if (!*adults) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "passengers.adults is required", "passengers.adults");
  request.party = {ClampInt(**adults), ClampInt(children->value_or(0)), ClampInt(infants->value_or(0))};
  auto currency = OptString(body, "currency", "currency");
  if (!currency) return std::unexpected(currency.error());
  request.currency = *currency;
  return request;
}

// A passenger's nationality, travel document and place of birth, where given (the airline may require them:
// booking/pnr.hpp checks). Countries upper-cased; the document as {type: P|I, number, issuing_country, expiry}.
core::Result<void> ParseTravelData(const json& p, const std::string& field, booking::Passenger& pax) {
  auto nationality = OptString(p, "nationality", field + ".nationality");
  if (!nationality) return std::unexpected(nationality.error());
  pax.nationality = core::AsciiUpper(nationality->value_or(""));
  auto place = OptString(p, "place_of_birth", field + ".place_of_birth");
  if (!place) return std::unexpected(place.error());
  pax.place_of_birth = place->value_or("");
  auto document = p.find("document");
  if (document == p.end() || document->is_null()) return {};
  const auto where = field + ".document";
  if (!document->is_object()) return std::unexpected(TypeError(where, "an object"));
  auto type = ReqString(*document, "type", where + ".type");
  auto number = ReqString(*document, "number", where + ".number");
  auto country = OptString(*document, "issuing_country", where + ".issuing_country");
  auto expiry = OptString(*document, "expiry", where + ".expiry");
  if (!type) return std::unexpected(type.error());
  if (!number) return std::unexpected(number.error());
  if (!country) return std::unexpected(country.error());
  if (!expiry) return std::unexpected(expiry.error());
  booking::TravelDocument d{core::AsciiUpper(*type), core::AsciiUpper(*number),
                            core::AsciiUpper(country->value_or("")), std::nullopt};
  if (*expiry) {
    d.expiry = core::ParseIsoDate(**expiry);
    if (!d.expiry) return Fail(ErrorKind::kInvalid, "INVALID_DATE", "expiry must be YYYY-MM-DD", where + ".expiry");
  }
  pax.document = std::move(d);
  return {};
}

core::Result<std::vector<booking::TravelData>> ParseTravelDocuments(const json& body) {
  std::vector<booking::TravelData> given;
  auto documents = body.find("documents");
  if (documents == body.end() || documents->is_null()) return given;
  if (!documents->is_array()) return std::unexpected(TypeError("documents", "an array"));
  constexpr int kMaxPassengers = 2 * pricing::kMaxSeatsPerBooking;
  if (documents->size() > static_cast<std::size_t>(kMaxPassengers))
    return Fail(ErrorKind::kInvalid, "INVALID_DOCUMENTS", fmt::format("at most {} documents", kMaxPassengers),
                "documents");
  for (std::size_t i = 0; i < documents->size(); ++i) {
    const auto& d = (*documents)[i];
    const std::string field = fmt::format("documents[{}]", i);
    if (!d.is_object()) return std::unexpected(TypeError(field, "an object"));
    auto passenger = OptInt(d, "passenger", field + ".passenger");
    if (!passenger) return std::unexpected(passenger.error());
    if (!*passenger)
      return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", field + ".passenger is required", field + ".passenger");
    booking::Passenger pax;
    if (auto ok = ParseTravelData(d, field, pax); !ok) return std::unexpected(ok.error());
    given.push_back({static_cast<int>(std::clamp<std::int64_t>(**passenger, 0, kMaxPassengers + 1)),
                     pax.nationality, pax.document});
  }
  return given;
}

core::Result<std::pair<booking::PaymentMethod, booking::CardDetails>> ParsePayment(const json& body) {
  std::pair<booking::PaymentMethod, booking::CardDetails> request;
  auto payment = body.find("payment");
  if (payment == body.end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "payment is required", "payment");
  if (!payment->is_object()) return std::unexpected(TypeError("payment", "an object"));
  auto method = ReqString(*payment, "method", "payment.method");
  if (!method) return std::unexpected(method.error());
  if (*method == "cash") {
    request.first = booking::PaymentMethod::kCash;
  } else if (*method == "on_account") {
    request.first = booking::PaymentMethod::kOnAccount;  // a partner booking for its agency (the service checks)
  } else if (*method == "test_card") {
    request.first = booking::PaymentMethod::kTestCard;
    auto card = payment->find("card");
    if (card == payment->end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "payment.card is required", "payment.card");
    if (!card->is_object()) return std::unexpected(TypeError("payment.card", "an object"));
    auto number = ReqString(*card, "number", "payment.card.number");
    auto month = OptInt(*card, "expiry_month", "payment.card.expiry_month");
    auto year = OptInt(*card, "expiry_year", "payment.card.expiry_year");
    auto cvc = ReqString(*card, "cvc", "payment.card.cvc");
    auto holder = ReqString(*card, "holder", "payment.card.holder");
    if (!number) return std::unexpected(number.error());
    if (!month) return std::unexpected(month.error());
    if (!year) return std::unexpected(year.error());
    if (!cvc) return std::unexpected(cvc.error());
    if (!holder) return std::unexpected(holder.error());
    request.second = {booking::CardDigits(*number), ClampInt(month->value_or(0)), ClampInt(year->value_or(0)), *cvc, *holder};
  } else {
    return Fail(ErrorKind::kInvalid, "UNSUPPORTED_PAYMENT_METHOD", "payment.method must be test_card, or on_account for a travel agency (cash is taken only at an airline office)", "payment.method");
  }
  return request;
}

core::Result<booking::ConfirmRequest> ParseConfirm(const json& body) {
  booking::ConfirmRequest request;
  auto passengers = body.find("passengers");
  if (passengers == body.end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "passengers is required", "passengers");
  if (!passengers->is_array()) return std::unexpected(TypeError("passengers", "an array"));
  if (passengers->size() > 18) return Fail(ErrorKind::kInvalid, "PASSENGER_COUNT_MISMATCH", "too many passengers", "passengers");
  for (std::size_t i = 0; i < passengers->size(); ++i) {
    const auto& p = (*passengers)[i];
    const std::string field = fmt::format("passengers[{}]", i);
    if (!p.is_object()) return std::unexpected(TypeError(field, "an object"));
    booking::Passenger pax;
    auto type = OptString(p, "pax_type", field + ".pax_type");
    if (!type) return std::unexpected(type.error());
    auto parsed_type = core::ParsePaxType(core::AsciiUpper(type->value_or("ADT")));
    if (!parsed_type) return Fail(ErrorKind::kInvalid, "INVALID_PAX_TYPE", "pax_type must be ADT, CHD or INF", field + ".pax_type");
    pax.pax_type = *parsed_type;
    auto title = ReqString(p, "title", field + ".title");
    auto first = ReqString(p, "first_name", field + ".first_name");
    auto last = ReqString(p, "last_name", field + ".last_name");
    for (auto* r : {&title, &first, &last})
      if (!*r) return std::unexpected(r->error());
    pax.title = *title;
    pax.first_name = *first;
    pax.last_name = *last;
    auto dob = OptString(p, "date_of_birth", field + ".date_of_birth");
    if (!dob) return std::unexpected(dob.error());
    if (*dob) {
      pax.date_of_birth = core::ParseIsoDate(**dob);
      if (!pax.date_of_birth)
        return Fail(ErrorKind::kInvalid, "INVALID_DATE", "date_of_birth must be YYYY-MM-DD", field + ".date_of_birth");
    }
    auto infant_of = OptInt(p, "infant_of", field + ".infant_of");
    if (!infant_of) return std::unexpected(infant_of.error());
    if (*infant_of) pax.infant_of = ClampInt(**infant_of);
    if (auto travel = ParseTravelData(p, field, pax); !travel) return std::unexpected(travel.error());
    request.passengers.push_back(std::move(pax));
  }
  if (auto extras = body.find("extras"); extras != body.end()) {
    auto list = ParseExtraList(*extras);
    if (!list) return std::unexpected(list.error());
    request.extras = std::move(*list);
  }
  auto contact = body.find("contact");
  if (contact == body.end()) return Fail(ErrorKind::kBadRequest, "MISSING_FIELD", "contact is required", "contact");
  if (!contact->is_object()) return std::unexpected(TypeError("contact", "an object with email and phone"));
  auto email = ReqString(*contact, "email", "contact.email");
  auto phone = ReqString(*contact, "phone", "contact.phone");
  if (!email) return std::unexpected(email.error());
  if (!phone) return std::unexpected(phone.error());
  request.contact = {*email, *phone};
  // The confirmation e-mail's language; one the site has no texts for falls back to English when it is composed.
  auto language = OptString(body, "language", "language");
  if (!language) return std::unexpected(language.error());
  if (*language) {
    const auto& code = **language;
    if (code.size() != 2 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      return Fail(ErrorKind::kInvalid, "INVALID_LANGUAGE", "language must be a two-letter code such as en or da",
                  "language");
    request.language = code;
  }
  auto payment = ParsePayment(body);
  if (!payment) return std::unexpected(payment.error());
  request.method = payment->first;
  request.card = payment->second;
  return request;
}

}  // namespace jetway::api
