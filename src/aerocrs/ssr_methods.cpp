// Special service requests (§3.5): getSSRs, the codes this airline takes; createSSR, one request for a passenger of
// a partner's booking (named by first name, last name and title) on the flights given or all of them. The rules are
// the booking service's (booking/ssr.hpp).
#include <fmt/core.h>

#include <algorithm>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "booking/pnr.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using core::Fail;

namespace {

// "Mr." "MRS" "Ms " → "MR", "MRS", "MS".
std::string Word(std::string_view title) {
  std::string word;
  for (char c : title)
    if (c != '.' && c != ' ') word.push_back(core::AsciiUpper(c));
  return word;
}

core::Result<int> PassengerNamed(const booking::BookingView& b, const std::string& first, const std::string& last,
                                 const std::string& title) {
  for (std::size_t i = 0; i < b.passengers.size(); ++i) {
    const auto& p = b.passengers[i];
    if (p.first_name == booking::NormalizeName(first) && p.last_name == booking::NormalizeName(last) &&
        (title.empty() || Word(title) == p.title || Word(title) == "CHILD" || Word(title) == "INFANT"))
      return static_cast<int>(i + 1);
  }
  return Fail(ErrorKind::kNotFound, "PASSENGER_NOT_FOUND",
              fmt::format("No passenger {} {} in this booking", first.substr(0, 30), last.substr(0, 30)), "lastname");
}

// The flights a request names by their ids (getBooking's flightcode), as the booking's segments.
core::Result<std::vector<int>> Segments(const booking::BookingView& b, const nlohmann::json& parms) {
  std::vector<int> segments;
  const auto* flights = Object(parms, "flights");
  if (!flights) return segments;
  auto ids = flights->find("flightid");
  if (ids == flights->end()) return segments;
  const auto one = [&](const nlohmann::json& v) -> core::Result<void> {
    std::int64_t id = 0;
    if (v.is_number_integer()) id = v.get<std::int64_t>();
    if (v.is_string()) id = core::ParseInteger(v.get<std::string>(), 1, INT64_MAX).value_or(0);
    for (const auto& s : b.segments)
      if (s.flight.flight_id == id) {
        segments.push_back(s.seq);
        return {};
      }
    return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND", "A flightid is not a flight of this booking", "flightid");
  };
  if (ids->is_array()) {
    for (const auto& v : *ids)
      if (auto ok = one(v); !ok) return std::unexpected(ok.error());
  } else if (auto ok = one(*ids); !ok) {
    return std::unexpected(ok.error());
  }
  return segments;
}

}  // namespace

Answer GetSsrs(const Call&) {
  return Success([](api::JsonWriter& w) {
    w.Key("ssrs").BeginObject().Key("ssr").BeginArray();
    for (const auto& c : booking::SsrCodes())
      w.BeginObject()
          .Field("code", c.code)
          .Field("group", booking::ToString(c.group))
          .Field("textrequired", c.needs_text)
          .EndObject();
    w.EndArray().EndObject();
  });
}

Answer CreateSsr(const Call& call) {
  auto first = Text(call.parms, "firstname", 60);
  if (!first) return std::unexpected(first.error());
  auto last = Text(call.parms, "lastname", 60);
  if (!last) return std::unexpected(last.error());
  auto title = Text(call.parms, "paxtitle", 20);
  if (!title) return std::unexpected(title.error());
  auto code = Text(call.parms, "code", 8);
  if (!code) return std::unexpected(code.error());
  auto text = OptText(call.parms, "text", 200);
  if (!text) return std::unexpected(text.error());
  auto id = Integer(call.parms, "bookingid", 1, INT64_MAX);
  if (!id) return std::unexpected(id.error());
  auto all = Flag(call.parms, "applyToAllFlights", false);
  if (!all) return std::unexpected(all.error());
  auto found = ReadPartnerBooking(call, *id);
  if (!found) return std::unexpected(found.error());
  const auto* key = &found->key;
  const auto* b = &found->booking;
  auto passenger = PassengerNamed(*b, *first, *last, *title);
  if (!passenger) return std::unexpected(passenger.error());
  auto segments = Segments(*b, call.parms);
  if (!segments) return std::unexpected(segments.error());
  if (!*all && segments->empty())
    return Fail(ErrorKind::kInvalid, "MISSING_PARAMETER",
                "Mandatory parameter missing: flights.flightid (or applyToAllFlights)", "flights");
  std::vector<booking::Ssr> requests;
  if (*all) requests.push_back({*passenger, 0, core::AsciiUpper(*code), text->value_or("")});
  for (int seq : *segments) requests.push_back({*passenger, seq, core::AsciiUpper(*code), text->value_or("")});
  auto done = call.ctx.bookings.RequestSsrs(call.actor, key->locator, key->proof, requests);
  if (!done) return std::unexpected(done.error());
  return Success([&](api::JsonWriter& w) {
    w.Key("ssrItem").BeginObject()
        .Field("firstname", *first)
        .Field("lastname", *last)
        .Field("paxtitle", *title)
        .Field("code", core::AsciiUpper(*code))
        .Field("bookingid", *id)
        .Field("applyToAllFlights", *all)
        .EndObject();
  });
}

}  // namespace jetway::aerocrs
