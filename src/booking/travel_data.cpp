// BookingService::GiveTravelData: passengers' nationalities and travel documents given after booking (web check-in
// asks for them where a flight crosses a border), checked by the same rules as at confirmation.
#include <fmt/core.h>

#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "core/locator.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps

namespace {

// The passengers with what was given; INVALID_PASSENGER for a number not in the booking or named twice.
core::Result<std::vector<Passenger>> Applied(const BookingView& b, const std::vector<TravelData>& given) {
  auto passengers = b.passengers;
  std::vector<bool> seen(passengers.size(), false);
  for (const auto& g : given) {
    const auto field = fmt::format("documents[{}]", g.passenger);
    if (g.passenger < 1 || g.passenger > static_cast<int>(passengers.size()) ||
        seen[static_cast<std::size_t>(g.passenger - 1)])
      return Fail(ErrorKind::kInvalid, "INVALID_PASSENGER",
                  fmt::format("passenger {} is not a passenger of this booking, or is named twice", g.passenger), field);
    seen[static_cast<std::size_t>(g.passenger - 1)] = true;
    auto& p = passengers[static_cast<std::size_t>(g.passenger - 1)];
    if (!g.nationality.empty()) p.nationality = g.nationality;
    if (g.document) p.document = g.document;
  }
  return passengers;
}

}  // namespace

core::Result<BookingView> BookingService::GiveTravelData(const core::Actor& actor, const std::string& locator,
                                                         const BookingProof& proof,
                                                         const std::vector<TravelData>& given) {
  if (given.empty())
    return Fail(ErrorKind::kInvalid, "INVALID_DOCUMENTS", "give a travel document for at least one passenger",
                "documents");
  return Changing(actor, locator, proof,
                  [&](store::Connection& db, BookingView& b, core::Instant now) -> core::Result<void> {
    auto* booking = &b;
    if (booking->status != BookingStatus::kConfirmed)
      return Fail(ErrorKind::kConflict, "BOOKING_NOT_CONFIRMED",
                  fmt::format("booking {} is {}: travel documents are given here for confirmed bookings", locator,
                              ToString(booking->status)));
    auto passengers = Applied(*booking, given);
    if (!passengers) return std::unexpected(passengers.error());
    const auto days = TravelDaysOf(*booking, airports_, now);
    if (auto ok = ValidatePassengers(*passengers, booking->party, days.first_travel, days.today); !ok) return ok;
    std::string detail;
    for (const auto& g : given) {
      const auto& p = (*passengers)[static_cast<std::size_t>(g.passenger - 1)];
      const auto given_text = [](const std::string& t) { return t.empty() ? std::nullopt : std::optional(t); };
      db.Prepare(sql::kSetTravelData)
          .Bind(1, given_text(p.nationality))
          .Bind(2, p.document ? given_text(p.document->type) : std::nullopt)
          .Bind(3, p.document ? given_text(p.document->number) : std::nullopt)
          .Bind(4, p.document ? given_text(p.document->issuing_country) : std::nullopt)
          .Bind(5, p.document && p.document->expiry ? std::optional(core::FormatIsoDate(*p.document->expiry))
                                                   : std::nullopt)
          .Bind(6, booking->id)
          .Bind(7, g.passenger)
          .Exec();
      // The history says a document was given, not its number: a booking's history is read by many.
      detail += fmt::format("{}passenger {}{}", detail.empty() ? "" : ", ", g.passenger,
                            p.document ? fmt::format(" {} {}", p.document->type, p.document->issuing_country) : "");
    }
    AddHistory(db, booking->id, now, actor.Label(), "TRAVEL_DATA", "travel documents given: " + detail);
    return {};
  });
}

}  // namespace jetway::booking
