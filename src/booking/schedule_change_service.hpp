// Re-accommodation after a schedule change (issue 16, part 2). A change that retimes or cancels a flight with
// passengers (the back office, an SSIM file) writes a disruption in its own transaction (schedule/schedule_admin);
// this service works through the disruptions after the change commits, one booking per transaction, taking the
// booking service's locks in its order (the booking, then the flights by id). Each booking stays on its flight,
// moves to the nearest flight the same day in its cabin (booking/reaccommodation's rule; the seats are protected,
// the fare and tickets follow at no cost), or is listed for staff; its contact is told by e-mail. A booking already
// handled for a disruption is never handled again, so a sweep after a crash finishes what the first one left.
// Thread-safe: shares only the pool; two sweeps at once each skip what the other recorded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "reference/reference_service.hpp"
#include "store/store.hpp"

namespace jetway::booking {

// The outbox kind of the e-mail that tells a passenger their flight changed (composed by ScheduleChangeMailSource).
inline constexpr const char* kScheduleChangeMail = "schedule_change";

enum class ScheduleChangeOutcome { kStays, kMoved, kUnplaced };
std::string_view ToString(ScheduleChangeOutcome outcome);

// One flight of one booking that a schedule change touched, as passengers and staff see it.
struct ScheduleChange {
  std::int64_t id = 0;
  std::string locator;
  int segment = 0;
  std::string kind;  // "RETIMED", "CANCELLED" or "REEQUIPPED" (a smaller aircraft)
  ScheduleChangeOutcome outcome = ScheduleChangeOutcome::kStays;
  std::string flight;        // "X9101 on 2026-12-10", the flight sold
  std::string route;         // "CPH-HAM"
  std::string was_departure;  // local times as sold, "2026-12-10 10:00"
  std::string was_arrival;
  std::string now_flight;     // the flight the booking has now ("" when unplaced)
  std::string now_departure;  // its local times now ("" when unplaced)
  std::string now_arrival;
  std::string reason;  // for staff, when unplaced
  std::string answer;  // "", "ACCEPTED", "REFUNDED", "RESOLVED"
  core::Instant created_at;
};

class ScheduleChangeService {
 public:
  ScheduleChangeService(store::ConnectionPool& data, const reference::AirportDirectory& airports,
                        const core::Clock& clock, core::Random& random)
      : data_(data), airports_(airports), clock_(clock), random_(random) {}

  // Handles every booking of every disruption not yet done. A booking that fails (a lost database, a bug) leaves
  // its disruption pending for the next sweep and does not stop the others; `failures` says why, for the log.
  struct Sweep {
    int handled = 0;
    std::vector<std::string> failures;
  };
  Sweep ProcessPending();
  // Staff (bookings.read): the bookings no flight could take that no one has resolved yet, oldest first.
  core::Result<std::vector<ScheduleChange>> Unplaced(const core::Actor& actor);
  // Staff (bookings.write): an unplaced booking seen to (rebooked or refunded by hand). CHANGE_NOT_FOUND.
  core::Result<void> Resolve(const core::Actor& actor, std::int64_t change_id);

 private:
  // One booking of a disruption, in a transaction of its own; false when there was nothing (left) to do.
  bool Handle(std::int64_t disruption_id, const std::string& locator);

  store::ConnectionPool& data_;
  const reference::AirportDirectory& airports_;
  const core::Clock& clock_;
  core::Random& random_;
};

// A booking's schedule changes, newest first (read inside the caller's transaction).
std::vector<ScheduleChange> LoadScheduleChanges(store::Connection& db, const reference::AirportDirectory& airports,
                                                std::int64_t booking_id);

}  // namespace jetway::booking
