#include "partners/partner_events.hpp"

#include <algorithm>

#include "partners/partners_sql.hpp"

namespace jetway::partners {

namespace {

std::chrono::seconds Backoff(const EventRetry& retry, int attempts) {
  const int doublings = std::clamp(attempts - 1, 0, 20);  // past 2^20 only overflows
  return std::min(retry.base * (std::int64_t{1} << doublings), retry.cap);
}

std::string Clip(std::string_view error) { return std::string(error.substr(0, 500)); }

}  // namespace

void QueueEvent(store::Connection& db, std::int64_t partner_id, const BookingEvent& event) {
  db.Prepare(sql::kQueueEvent)
      .Bind(1, event.event_id)
      .Bind(2, partner_id)
      .Bind(3, event.booking_id)
      .Bind(4, ToString(event.type))
      .Bind(5, EventBody(event))
      .Bind(6, core::ToEpoch(event.at))
      .Bind(7, core::ToEpoch(event.at))
      .Exec();
}

std::optional<ClaimedEvent> EventOutbox::ClaimNext() {
  const std::int64_t now = core::ToEpoch(clock_.Now());
  std::vector<std::int64_t> due;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    store::DontWaitForStandby(*lease);
    lease->Prepare(sql::kFailExhaustedEvents).Bind(1, now).Bind(2, retry_.max_attempts).Exec();
    auto stmt = lease->Prepare(sql::kDueEvents);
    stmt.Bind(1, now);
    while (stmt.Step()) due.push_back(stmt.Int(0));
    tx.Commit();
  }
  const std::int64_t lease_until = now + retry_.lease.count();
  for (auto id : due) {
    auto claimed = store::RetryConflicts([&]() -> std::optional<ClaimedEvent> {
      auto lease = data_.Acquire();
      store::Transaction tx(*lease);
      store::DontWaitForStandby(*lease);
      auto stmt = lease->Prepare(sql::kClaimEvent);
      stmt.Bind(1, now).Bind(2, lease_until).Bind(3, id).Bind(4, retry_.max_attempts);
      if (!stmt.Step()) return std::nullopt;
      ClaimedEvent c{id, stmt.Int(0), stmt.Text(1), stmt.Text(2), static_cast<int>(stmt.Int(3)), lease_until};
      stmt.Exec();  // finish the statement before committing
      tx.Commit();
      return c;
    });
    if (claimed) return claimed;
  }
  return std::nullopt;
}

void EventOutbox::Delivered(const ClaimedEvent& event) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  store::DontWaitForStandby(*lease);
  lease->Prepare(sql::kEventDelivered)
      .Bind(1, core::ToEpoch(clock_.Now()))
      .Bind(2, event.id)
      .Bind(3, event.lease_until)
      .Exec();
  tx.Commit();
}

void EventOutbox::Failed(const ClaimedEvent& event, std::string_view error, bool permanent) {
  const bool give_up = permanent || event.attempts >= retry_.max_attempts;
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  store::DontWaitForStandby(*lease);
  if (give_up) {
    lease->Prepare(sql::kEventFailed).Bind(1, Clip(error)).Bind(2, event.id).Bind(3, event.lease_until).Exec();
  } else {
    const auto next = clock_.Now() + Backoff(retry_, event.attempts);
    lease->Prepare(sql::kEventRetry)
        .Bind(1, core::ToEpoch(next))
        .Bind(2, Clip(error))
        .Bind(3, event.id)
        .Bind(4, event.lease_until)
        .Exec();
  }
  tx.Commit();
}

std::vector<EventRow> EventOutbox::OfPartner(std::int64_t partner_id) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<EventRow> rows;
  auto stmt = lease->Prepare(sql::kEventsOfPartner);
  stmt.Bind(1, partner_id);
  while (stmt.Step())
    rows.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2), static_cast<int>(stmt.Int(3)),
                    stmt.OptText(4).value_or("")});
  return rows;
}

}  // namespace jetway::partners
