// Staff editing the airline's schedule (schedules.write; schedules.read to look): schedule lines created, a line's
// period, days, times or aircraft changed, and one dated flight cancelled. A change is planned first (ChangePlan)
// and shown; when it moves or removes a flight that passengers hold seats on, or keeps such a flight on its old
// aircraft, it is applied only with a confirmation naming exactly the bookings the preview showed (a fingerprint),
// so a booking made between preview and apply is never moved unseen. Flights keep their seat counters through every
// change: a removed flight with bookings stays as CANCELLED (its bookings listed for re-accommodation), a booked
// flight is never rebuilt on a new aircraft. Writes happen under the flights' locks, in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "reference/reference_service.hpp"
#include "schedule/change_plan.hpp"
#include "schedule/schedule_service.hpp"
#include "store/store.hpp"

namespace jetway::schedule {

struct LineView {
  std::int64_t id = 0;
  ScheduleLine line;
  int flights = 0;  // scheduled dated flights, departed ones included
};

// A flight a change touches, with the bookings on it (HELD or CONFIRMED).
struct TouchedFlight {
  ExistingFlight flight;
  std::string change;  // "retimed", "removed", "kept_on_old_aircraft", "cancelled"
  std::vector<std::string> locators;
};

struct LinePreview {
  ChangePlan plan;
  std::vector<TouchedFlight> touched;
  std::string fingerprint;  // what a confirmation must carry; empty when no booking is touched
};

class ScheduleAdminService {
 public:
  ScheduleAdminService(store::ConnectionPool& data, const reference::AirportDirectory& airports,
                       const core::Clock& clock)
      : data_(data), airports_(airports), clock_(clock) {}

  core::Result<std::vector<LineView>> Lines(const core::Actor& actor);
  core::Result<LineView> Line(const core::Actor& actor, std::int64_t id);
  // The new line and its flights from today on; the schedule's rules refuse bad lines (schedule::Validate).
  core::Result<LineView> Create(const core::Actor& actor, const ScheduleLine& line);
  // What changing line `id` to `edited`'s period, days, times and configuration would do (its airline, number and
  // airports stay). LINE_NOT_FOUND, or the schedule's rules.
  core::Result<LinePreview> Preview(const core::Actor& actor, std::int64_t id, const ScheduleLine& edited);
  // Applies the change; CONFIRMATION_REQUIRED (409, with the preview) when it touches bookings and `confirmation`
  // is not the fingerprint of the bookings it touches now.
  core::Result<LinePreview> Apply(const core::Actor& actor, std::int64_t id, const ScheduleLine& edited,
                                  const std::string& confirmation);
  // Preview of the part of line `id` whose flights depart from `from` to `to`: what changing it alone to `edited`
  // would do, as Preview of that part once Split has made it a line of its own (the same fingerprint).
  core::Result<LinePreview> PreviewPart(const core::Actor& actor, std::int64_t id, core::LocalDate from,
                                        core::LocalDate to, const ScheduleLine& edited);
  // Cuts line `id` into lines that tile its period, a new one starting on each of `starts` (inside the period,
  // ascending): each the same flight, times and aircraft, with the line's flights of its days (cancelled ones
  // too). No flight and no booking changes. The lines' ids in period order, `id` first. LINE_NOT_FOUND,
  // INVALID_PERIOD for a start outside the period or out of order.
  core::Result<std::vector<std::int64_t>> Split(const core::Actor& actor, std::int64_t id,
                                                const std::vector<core::LocalDate>& starts);
  // One dated flight off the schedule: FLIGHT_NOT_FOUND, FLIGHT_DEPARTED, FLIGHT_CANCELLED, or
  // CONFIRMATION_REQUIRED as Apply.
  core::Result<LinePreview> CancelFlight(const core::Actor& actor, std::int64_t flight_id,
                                         const std::string& confirmation);
  // The bookings a flight cancellation would touch, without changing anything.
  core::Result<LinePreview> PreviewCancel(const core::Actor& actor, std::int64_t flight_id);

  // Create, Apply, Split and CancelFlight inside the caller's write transaction on `db`, so that several commit or
  // fail as one (an SSIM import). The caller has checked the actor's schedules.write; on an error it must not
  // commit, since what the step wrote before failing is still in the transaction.
  core::Result<LineView> CreateIn(store::Connection& db, const ScheduleLine& line);
  core::Result<LinePreview> ApplyIn(store::Connection& db, const core::Actor& actor, std::int64_t id,
                                    const ScheduleLine& edited, const std::string& confirmation);
  core::Result<std::vector<std::int64_t>> SplitIn(store::Connection& db, std::int64_t id,
                                                  const std::vector<core::LocalDate>& starts);
  core::Result<LinePreview> CancelFlightIn(store::Connection& db, const core::Actor& actor, std::int64_t flight_id,
                                           const std::string& confirmation);

 private:
  // Plans (no confirmation) or applies (a confirmation, "" when no booking is touched) in one transaction.
  // `part`: only the line's flights departing on those days (a preview of a part).
  core::Result<LinePreview> Change(const core::Actor& actor, std::int64_t id, const ScheduleLine& edited,
                                   const std::optional<std::string>& confirmation,
                                   std::optional<std::pair<core::LocalDate, core::LocalDate>> part = std::nullopt);
  core::Result<LinePreview> Cancel(const core::Actor& actor, std::int64_t flight_id,
                                   const std::optional<std::string>& confirmation);
  // Their work on `db`, in the transaction the caller opened.
  core::Result<LinePreview> ChangeOn(store::Connection& db, const core::Actor& actor, std::int64_t id,
                                     const ScheduleLine& edited, const std::optional<std::string>& confirmation,
                                     std::optional<std::pair<core::LocalDate, core::LocalDate>> part);
  core::Result<LinePreview> CancelOn(store::Connection& db, const core::Actor& actor, std::int64_t flight_id,
                                     const std::optional<std::string>& confirmation);

  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const core::Clock& clock_;
};

}  // namespace jetway::schedule
