// Special service requests: asked for and withdrawn per passenger and flight, in one transaction with the booking
// locked; the rules are booking/ssr.hpp's.
#include <fmt/core.h>

#include <algorithm>

#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "core/locator.hpp"
#include "core/text.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps

namespace {

// The flights a request names: its own, or every flight of the booking (segment 0).
core::Result<std::vector<int>> FlightsOf(const BookingView& b, int segment, core::Instant now) {
  std::vector<int> seqs;
  for (const auto& s : b.segments)
    if (segment == 0 || s.seq == segment) {
      if (s.flight.departure_utc <= now && segment != 0)
        return Fail(ErrorKind::kConflict, "FLIGHT_DEPARTED", fmt::format("flight {} has departed", s.seq), "segment");
      if (s.flight.departure_utc > now) seqs.push_back(s.seq);
    }
  if (seqs.empty())
    return Fail(ErrorKind::kNotFound, "SEGMENT_NOT_FOUND",
                fmt::format("booking {} has no flight {} still to fly", b.locator, segment), "segment");
  return seqs;
}

core::Result<void> Requestable(const BookingView& b) {
  if (b.status != BookingStatus::kHeld && b.status != BookingStatus::kConfirmed)
    return Fail(ErrorKind::kConflict, "SSR_NOT_POSSIBLE",
                fmt::format("booking {} is {}: requests are made for held and confirmed bookings", b.locator,
                            ToString(b.status)));
  if (b.passengers.empty())
    return Fail(ErrorKind::kConflict, "NAMES_REQUIRED", "give the passengers' names before their requests", "ssrs");
  return {};
}

}  // namespace

namespace steps {

std::vector<Ssr> LoadSsrs(store::Connection& db, std::int64_t booking_id) {
  std::vector<Ssr> ssrs;
  auto stmt = db.Prepare(sql::kBookingSsrs);
  stmt.Bind(1, booking_id);
  while (stmt.Step())
    ssrs.push_back({static_cast<int>(stmt.Int(0)), static_cast<int>(stmt.Int(1)), stmt.Text(2), stmt.Text(3)});
  return ssrs;
}

void DropSsrs(store::Connection& db, std::int64_t booking_id, int segment_seq) {
  db.Prepare(sql::kDeleteSegmentSsrs).Bind(1, booking_id).Bind(2, segment_seq).Exec();
}

}  // namespace steps

core::Result<BookingView> BookingService::RequestSsrs(const core::Actor& actor, const std::string& locator,
                                                      const BookingProof& proof, const std::vector<Ssr>& requests) {
  if (requests.empty() || requests.size() > 64)
    return Fail(ErrorKind::kInvalid, "INVALID_SSRS", "give 1 to 64 requests", "ssrs");
  return Changing(actor, locator, proof,
                  [&](store::Connection& db, BookingView& b, core::Instant now) -> core::Result<void> {
    auto* booking = &b;
    if (auto ok = Requestable(*booking); !ok) return ok;
    auto accepted = booking->ssrs;
    std::vector<Ssr> added;
    for (const auto& r : requests) {
      if (r.passenger < 1 || r.passenger > static_cast<int>(booking->passengers.size()))
        return Fail(ErrorKind::kInvalid, "INVALID_PASSENGER",
                    fmt::format("passenger {} is not a passenger of this booking", r.passenger),
                    fmt::format("ssrs[{}]", r.passenger));
      auto flights = FlightsOf(*booking, r.segment, now);
      if (!flights) return std::unexpected(flights.error());
      const auto type = booking->passengers[static_cast<std::size_t>(r.passenger - 1)].pax_type;
      for (int seq : *flights) {
        Ssr one{r.passenger, seq, r.code, std::string(core::Trim(r.text))};
        if (auto ok = CheckSsr(one, type, accepted); !ok) return ok;
        accepted.push_back(one);
        added.push_back(std::move(one));
      }
    }
    std::string detail;
    for (const auto& a : added) {
      db.Prepare(sql::kInsertSsr)
          .Bind(1, booking->id)
          .Bind(2, a.passenger)
          .Bind(3, a.segment)
          .Bind(4, a.code)
          .Bind(5, a.text)
          .Bind(6, Epoch(now))
          .Exec();
      detail += fmt::format("{}flight {}: {}", detail.empty() ? "" : "; ", a.segment, SsrElement(a, booking->airline));
    }
    AddHistory(db, booking->id, now, actor.Label(), "SSR", detail);
    return {};
  });
}

core::Result<BookingView> BookingService::WithdrawSsr(const core::Actor& actor, const std::string& locator,
                                                      const BookingProof& proof, const Ssr& request) {
  return Changing(actor, locator, proof,
                  [&](store::Connection& db, BookingView& b, core::Instant now) -> core::Result<void> {
    auto* booking = &b;
    if (auto ok = Requestable(*booking); !ok) return ok;
    std::vector<Ssr> gone;
    for (const auto& s : booking->ssrs)
      if (s.passenger == request.passenger && s.code == request.code &&
          (request.segment == 0 || s.segment == request.segment))
        gone.push_back(s);
    if (gone.empty())
      return Fail(ErrorKind::kNotFound, "SSR_NOT_FOUND",
                  fmt::format("passenger {} has no {} request on that flight", request.passenger,
                              request.code.substr(0, 8)));
    std::string detail;
    for (const auto& g : gone) {
      db.Prepare(sql::kDeleteSsr).Bind(1, booking->id).Bind(2, g.passenger).Bind(3, g.segment).Bind(4, g.code).Exec();
      detail += fmt::format("{}flight {}: {}", detail.empty() ? "" : "; ", g.segment, SsrElement(g, booking->airline));
    }
    AddHistory(db, booking->id, now, actor.Label(), "SSR_WITHDRAWN", detail);
    return {};
  });
}

}  // namespace jetway::booking
