// BookingService::ScheduleChanges and AnswerScheduleChange: what the airline's schedule changes did to a booking,
// and the passenger's answer (accept, or an involuntary refund of everything).
#include <fmt/core.h>

#include <algorithm>

#include "agents/ledger.hpp"
#include "core/locator.hpp"
#include "agents/ledger_store.hpp"
#include "booking/booking_service.hpp"
#include "booking/booking_sql.hpp"
#include "booking/booking_steps.hpp"
#include "booking/schedule_change_service.hpp"

namespace jetway::booking {

using core::ErrorKind;
using core::Fail;
using namespace steps;  // NOLINT(google-build-using-namespace): the service's own steps

namespace {

constexpr const char* kAnswer =
    "UPDATE schedule_changes SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ? AND answer IS NULL";
constexpr const char* kAnswerAll =
    "UPDATE schedule_changes SET answer = 'REFUNDED', answered_by = ?, answered_at = ? "
    "WHERE booking_id = ? AND answer IS NULL";

// Everything the booking was charged comes back: the airline changed the flight, so the fares' rules do not apply.
// On the agency's account that paid it (locked last), else by the airline's staff to the card.
void RefundEverything(store::Connection& db, const core::Actor& actor, const BookingView& booking,
                      core::Instant now) {
  if (booking.status != BookingStatus::kConfirmed) return;
  const auto charge = booking.agency_id != 0 ? agents::BookingCharge(db, booking.id) : std::nullopt;
  if (!charge) {
    AddHistory(db, booking.id, now, actor.Label(), "REFUND",
               fmt::format("{} {} to be refunded to the card by the airline's staff (schedule change: involuntary)",
                           core::FormatAmount(booking.total), booking.total.currency));
    return;
  }
  auto account = agents::LockAccount(db, charge->agency_id);
  if (!account) throw std::logic_error(fmt::format("booking {}: its agency's account is gone", booking.locator));
  auto changes = db.Prepare(sql::kChangesOnAccount);
  changes.Bind(1, booking.id);
  changes.Step();
  const auto refund = -(charge->amount.minor + changes.Int(0));
  if (refund > 0)
    agents::AppendLedger(db, *account,
                         {agents::LedgerKind::kRefund, {refund, charge->amount.currency}, booking.id, booking.locator,
                          charge->reference, actor.Label(), "schedule change: involuntary refund"},
                         now);
  AddHistory(db, booking.id, now, actor.Label(), "REFUND",
             fmt::format("{} {} back to the agency's account (schedule change: involuntary)",
                         core::FormatAmount({std::max<std::int64_t>(refund, 0), charge->amount.currency}),
                         charge->amount.currency));
}

}  // namespace

std::optional<BookingService::ScheduleAnswer> BookingService::ParseScheduleAnswer(std::string_view text) {
  if (text == "accept") return ScheduleAnswer::kAccept;
  if (text == "refund") return ScheduleAnswer::kRefund;
  return std::nullopt;
}

core::Result<std::vector<ScheduleChange>> BookingService::ScheduleChanges(const core::Actor& actor,
                                                                          const std::string& locator,
                                                                          const BookingProof& proof) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  auto lease = Acquire(actor);
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto booking = LoadByLocator(*lease, airports_, locator);
  if (auto refused = Opens(*lease, booking, locator, actor, proof, core::Permission::kBookingsRead))
    return std::unexpected(*refused);
  return LoadScheduleChanges(*lease, airports_, booking->id);
}

core::Result<BookingView> BookingService::AnswerScheduleChange(const core::Actor& actor, const std::string& locator,
                                                               const BookingProof& proof, std::int64_t change_id,
                                                               ScheduleAnswer answer) {
  if (!core::IsValidLocator(locator)) return std::unexpected(NotFound(locator));
  if (auto refused = ClientRefused(actor, proof)) return std::unexpected(*refused);
  const auto now = clock_.Now();
  return store::RetryConflicts([&]() -> core::Result<BookingView> {
    auto lease = Acquire(actor);
    auto& db = *lease;
    store::Transaction tx(db);
    auto booking = LockAndLoad(db, airports_, locator);
    if (auto refused = Opens(db, booking, locator, actor, proof, core::Permission::kBookingsWrite))
      return std::unexpected(*refused);
    const auto changes = LoadScheduleChanges(db, airports_, booking->id);
    const auto it = std::find_if(changes.begin(), changes.end(), [&](const auto& c) { return c.id == change_id; });
    if (it == changes.end())
      return Fail(ErrorKind::kNotFound, "CHANGE_NOT_FOUND",
                  fmt::format("booking {} has no schedule change {}", locator, change_id), "change");
    if (!it->answer.empty())
      return Fail(ErrorKind::kConflict, "CHANGE_ANSWERED",
                  fmt::format("this change was already answered ({})", it->answer), "change");
    if (answer == ScheduleAnswer::kAccept) {
      if (it->outcome == ScheduleChangeOutcome::kUnplaced)
        return Fail(ErrorKind::kConflict, "CHANGE_NOT_ACCEPTABLE",
                    "the flight is cancelled and no other flight could take you: ask for a refund, or wait for the "
                    "airline to offer another flight",
                    "change");
      db.Prepare(kAnswer).Bind(1, "ACCEPTED").Bind(2, actor.Label()).Bind(3, Epoch(now)).Bind(4, change_id).Exec();
      AddHistory(db, booking->id, now, actor.Label(), "SCHEDULE_CHANGE_ACCEPTED",
                 fmt::format("flight {}: the change of {} accepted", it->segment, it->flight));
    } else {
      if (auto ok = CancelWhole(db, random_, actor, *booking, now); !ok) return std::unexpected(ok.error());
      RefundEverything(db, actor, *booking, now);
      db.Prepare(kAnswerAll).Bind(1, actor.Label()).Bind(2, Epoch(now)).Bind(3, booking->id).Exec();
      Count(BookingEvent::kCancelled);
    }
    auto view = LoadByLocator(db, airports_, locator);
    tx.Commit();
    return std::move(*view);
  });
}

}  // namespace jetway::booking
