// assessChangeFees and changeBooking (reference §3.3): the booking service's AssessChange, ChangeFlight and
// CancelFlight, with the partner's identity. A booking is named as getBooking names it; the flight to change or
// cancel by `leg` (1-based), or as the one flight of the booking between `bookflight`'s airports; the new flight is a
// flightid/fareid pair from search.
#include <fmt/core.h>

#include "aerocrs/envelope.hpp"
#include "aerocrs/methods.hpp"
#include "aerocrs/offers.hpp"
#include "core/text.hpp"

namespace jetway::aerocrs {

using core::ErrorKind;
using core::Fail;
using nlohmann::json;

namespace {

// The flight of the booking a change names: `leg` when given, else the one from `from` to `to`.
core::Result<int> LegOf(const booking::BookingView& b, std::optional<std::int64_t> leg, const std::string& from,
                        const std::string& to) {
  if (leg) {
    if (*leg < 1 || *leg > static_cast<std::int64_t>(b.segments.size()))
      return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER",
                  fmt::format("leg must be 1 to {}: the booking has {} flight(s)", b.segments.size(),
                              b.segments.size()),
                  "leg");
    return b.segments[static_cast<std::size_t>(*leg - 1)].seq;
  }
  for (const auto& s : b.segments)
    if (s.flight.origin == from && s.flight.destination == to) return s.seq;
  return Fail(ErrorKind::kInvalid, "WRONG_DESTINATIONS",
              fmt::format("No flight of this booking flies {}-{}; give the leg to change", from, to), "bookflight");
}

void WriteChange(api::JsonWriter& w, const booking::ChangeQuote& q) {
  w.Key("change")
      .BeginObject()
      .Field("changefee", Amount(q.fee))
      .Field("topay", Amount(q.collect.minor > 0 ? q.collect : core::Money{0, q.collect.currency}))
      .Field("refund", Amount(q.give_back))
      .Field("forfeited", Amount(q.forfeited))
      .Field("currency", q.collect.currency)
      .EndObject();
}

}  // namespace

// The flight changeBooking names to change or cancel: by `leg`, or by the airports of `flight` (its bookflight).
core::Result<int> ChosenLeg(const Call& call, const booking::BookingView& b, const json& flight) {
  std::optional<std::int64_t> leg;
  if (call.parms.contains("leg")) {
    auto given = Integer(call.parms, "leg", 1, booking::kMaxSegments);
    if (!given) return std::unexpected(given.error());
    leg = *given;
  }
  std::string from, to;
  if (!leg || flight.contains("fromcode")) {
    auto f = Text(flight, "fromcode", 10);
    if (!f) return std::unexpected(f.error());
    auto t = Text(flight, "tocode", 10);
    if (!t) return std::unexpected(t.error());
    from = core::AsciiUpper(*f);
    to = core::AsciiUpper(*t);
  }
  return LegOf(b, leg, from, to);
}

Answer ChangeBooking(const Call& call) {
  auto action = Text(call.parms, "action", 10);
  if (!action) return std::unexpected(action.error());
  if (*action != "amend" && *action != "cancel")
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "action must be amend or cancel", "action");
  const bool amend = *action == "amend";
  auto chargetype = Text(call.parms, "chargetype", 20);
  if (!chargetype) return std::unexpected(chargetype.error());
  auto send_mail = Flag(call.parms, "sendemail", true);
  if (!send_mail) return std::unexpected(send_mail.error());
  auto currency = OptText(call.parms, "currency", 3);
  if (!currency) return std::unexpected(currency.error());
  // Amending names the new flight; cancelling may name the flight to cancel by its airports instead of `leg`.
  auto flights = Items(call.parms, "bookflight", amend);
  if (!flights) return std::unexpected(flights.error());
  if (flights->size() > 1 || (amend && flights->size() != 1))
    return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "changeBooking changes one flight: give one bookflight",
                "bookflight");
  const json flight = flights->empty() ? json::object() : flights->front();
  auto key = FindBookingKey(call);
  if (!key) return std::unexpected(key.error());
  auto b = call.ctx.bookings.Retrieve(call.actor, key->locator, key->proof);
  if (!b) return std::unexpected(b.error());
  if (*currency && core::AsciiUpper(**currency) != b->total.currency)
    return Fail(ErrorKind::kInvalid, "CURRENCY_MISMATCH",
                fmt::format("This booking is priced in {}; a change is priced in it too", b->total.currency),
                "currency");
  auto seq = ChosenLeg(call, *b, flight);
  if (!seq) return std::unexpected(seq.error());
  core::Result<booking::ChangeOutcome> changed = std::unexpected(core::Error{});
  if (amend) {
    auto flight_id = Integer(flight, "flightid", 1, INT64_MAX);
    if (!flight_id) return std::unexpected(flight_id.error());
    auto fare_id = Integer(flight, "fareid", 1, INT64_MAX);
    if (!fare_id) return std::unexpected(fare_id.error());
    auto chosen = call.ctx.catalog.Choose(call.partner, *flight_id, *fare_id,
                                          core::AsciiUpper(flight.value("fromcode", "")),
                                          core::AsciiUpper(flight.value("tocode", "")));
    if (!chosen) return std::unexpected(chosen.error());
    changed = call.ctx.bookings.ChangeFlight(
        call.actor, key->locator, key->proof,
        {*seq, chosen->segment.flight_id, chosen->segment.booking_class, *send_mail});
  } else {
    changed = call.ctx.bookings.CancelFlight(call.actor, key->locator, key->proof, *seq, *send_mail);
  }
  if (!changed) return std::unexpected(changed.error());
  return HeldAnswer(call, changed->booking, [&](api::JsonWriter& w) {
    w.Field("status", changed->booking.status == booking::BookingStatus::kConfirmed ? "OK" : "PN");
    WriteChange(w, changed->quote);
  });
}

Answer AssessChangeFees(const Call& call) {
  auto action = Text(call.parms, "action", 10);
  if (!action) return std::unexpected(action.error());
  if (*action != "all") return Fail(ErrorKind::kInvalid, "INVALID_PARAMETER", "action must be all", "action");
  auto flightcode = Integer(call.parms, "flightcode", 1, INT64_MAX);
  if (!flightcode) return std::unexpected(flightcode.error());
  auto key = FindBookingKey(call);
  if (!key) return std::unexpected(key.error());
  auto b = call.ctx.bookings.Retrieve(call.actor, key->locator, key->proof);
  if (!b) return std::unexpected(b.error());
  int seq = 0;
  for (const auto& s : b->segments)
    if (s.flight.flight_id == *flightcode) seq = s.seq;
  if (seq == 0)
    return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND",
                fmt::format("Flight code {} is not a flight of this booking (getBooking's flightcode)", *flightcode),
                "flightcode");
  auto assessed = call.ctx.bookings.AssessChange(call.actor, key->locator, key->proof, seq);
  // A booking that cannot change (cancelled, flown, sold before its terms were kept) is answered with `err`, as the
  // reference describes, rather than as a failed call.
  if (!assessed && assessed.error().kind != ErrorKind::kConflict) return std::unexpected(assessed.error());
  return Success([&](api::JsonWriter& w) {
    const auto& currency = b->total.currency;
    w.Key("cancel").BeginObject();
    if (assessed)
      w.Field("price", Amount(assessed->kept_on_cancel))
          .Field("text", assessed->kept_on_cancel.minor == 0
                             ? "Cancelling this flight gives its fare and taxes back"
                             : "Cancelling this flight keeps its fare; its taxes are given back");
    else
      w.Key("price").Null().Field("text", "");
    w.Field("currency", currency).EndObject();
    w.Key("checkAmand").BeginObject();
    if (assessed && assessed->change_fee)
      w.Field("price", Amount(*assessed->change_fee))
          .Field("text", "Change fee for every passenger with a seat, plus any difference in fare and taxes to the "
                         "new flight");
    else
      w.Key("price").Null().Field("text", assessed ? "This fare permits no changes" : "");
    w.Field("currency", currency).EndObject();
    w.Field("flightcode", *flightcode);
    if (!assessed)
      w.Field("err", assessed.error().message);
    else if (!assessed->change_fee)
      w.Field("err", "The fare of this flight permits no changes");
    else
      w.Key("err").Null();
  });
}

}  // namespace jetway::aerocrs
