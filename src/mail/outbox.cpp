#include "mail/outbox.hpp"

#include <algorithm>

#include "mail/outbox_sql.hpp"

namespace jetway::mail {

namespace {

// last_error is for people reading the table; a whole SMTP transcript would only bloat the row.
constexpr std::size_t kMaxErrorLength = 1000;

std::string Clip(std::string_view error) { return std::string(error.substr(0, kMaxErrorLength)); }

}  // namespace

void Enqueue(store::Connection& db, const NewMessage& message, core::Instant now) {
  db.Prepare(sql::kEnqueue)
      .Bind(1, message.kind)
      .Bind(2, message.reference)
      .Bind(3, message.recipient)
      .Bind(4, message.language)
      .Bind(5, message.payload)
      .Bind(6, core::ToEpoch(now))
      .Bind(7, core::ToEpoch(now))
      .Bind(8, message.agency_id > 0 ? std::optional<std::int64_t>(message.agency_id) : std::nullopt)
      .Defer();
}

std::optional<std::string> FirstLanguage(store::Connection& db, std::string_view kind, const std::string& reference) {
  auto stmt = db.Prepare(sql::kFirstLanguage);
  stmt.Bind(1, kind).Bind(2, reference);
  if (!stmt.Step()) return std::nullopt;
  return stmt.Text(0);
}

QueuedSince QueuedFor(store::Connection& db, std::string_view kind, const std::string& reference,
                      core::Instant since) {
  auto stmt = db.Prepare(sql::kQueuedSince);
  stmt.Bind(1, kind).Bind(2, reference).Bind(3, core::ToEpoch(since));
  QueuedSince result;
  if (!stmt.Step()) return result;
  result.count = static_cast<int>(stmt.Int(0));
  if (auto oldest = stmt.OptInt(1)) result.oldest = core::FromEpoch(*oldest);
  return result;
}

std::chrono::seconds Backoff(const RetryPolicy& policy, int attempts) {
  // Doubling past the cap only overflows; 2^20 x any sane base is far beyond an hour.
  const int doublings = std::clamp(attempts - 1, 0, 20);
  const auto wait = policy.base * (std::int64_t{1} << doublings);
  return std::min(wait, policy.cap);
}

std::optional<Claimed> Outbox::ClaimNext() {
  const std::int64_t now = core::ToEpoch(clock_.Now());
  std::vector<std::int64_t> due;
  {
    auto lease = data_.Acquire();
    store::Transaction tx(*lease);
    store::DontWaitForStandby(*lease);
    lease->Prepare(sql::kFailExhausted).Bind(1, now).Bind(2, policy_.max_attempts).Exec();
    auto stmt = lease->Prepare(sql::kDueIds);
    stmt.Bind(1, now);
    while (stmt.Step()) due.push_back(stmt.Int(0));
    tx.Commit();
  }
  // One short transaction per try: a row another sender claimed first simply matches nothing, and we try the next.
  const std::int64_t lease_until = now + policy_.lease.count();
  for (auto id : due) {
    auto claimed = store::RetryConflicts([&]() -> std::optional<Claimed> {
      auto lease = data_.Acquire();
      store::Transaction tx(*lease);
      store::DontWaitForStandby(*lease);
      auto stmt = lease->Prepare(sql::kClaim);
      stmt.Bind(1, now).Bind(2, lease_until).Bind(3, id).Bind(4, policy_.max_attempts);
      if (!stmt.Step()) return std::nullopt;
      Claimed c{id,
                stmt.Text(0),
                stmt.Text(1),
                stmt.Text(2),
                stmt.Text(3),
                stmt.OptText(4),
                static_cast<int>(stmt.Int(5)),
                core::FromEpoch(stmt.Int(6)),
                lease_until,
                stmt.OptInt(7).value_or(0)};
      stmt.Exec();  // finish the statement before committing
      tx.Commit();
      return c;
    });
    if (claimed) return claimed;
  }
  return std::nullopt;
}

bool Outbox::MarkSent(const Claimed& message) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  store::DontWaitForStandby(*lease);
  lease->Prepare(sql::kMarkSent)
      .Bind(1, core::ToEpoch(clock_.Now()))
      .Bind(2, message.id)
      .Bind(3, message.lease_until)
      .Exec();
  const bool ours = lease->Changes() == 1;
  tx.Commit();
  return ours;
}

FailureOutcome Outbox::MarkFailed(const Claimed& message, std::string_view error, bool permanent) {
  const bool give_up = permanent || message.attempts >= policy_.max_attempts;
  auto lease = data_.Acquire();
  store::Transaction tx(*lease);
  store::DontWaitForStandby(*lease);
  if (give_up) {
    lease->Prepare(sql::kMarkFailed).Bind(1, Clip(error)).Bind(2, message.id).Bind(3, message.lease_until).Exec();
  } else {
    const auto next = clock_.Now() + Backoff(policy_, message.attempts);
    lease->Prepare(sql::kMarkRetry)
        .Bind(1, core::ToEpoch(next))
        .Bind(2, Clip(error))
        .Bind(3, message.id)
        .Bind(4, message.lease_until)
        .Exec();
  }
  const bool ours = lease->Changes() == 1;
  tx.Commit();
  if (!ours) return FailureOutcome::kLeaseLost;
  return give_up ? FailureOutcome::kFailed : FailureOutcome::kRetrying;
}

std::vector<OutboxRow> Outbox::ForReference(const std::string& reference) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto stmt = lease->Prepare(sql::kByReference);
  stmt.Bind(1, reference);
  std::vector<OutboxRow> rows;
  while (stmt.Step())
    rows.push_back(OutboxRow{stmt.Int(0), stmt.Text(1), stmt.Text(2), stmt.Text(3), stmt.Text(4), stmt.Text(5),
                             static_cast<int>(stmt.Int(6)), stmt.Int(7), stmt.OptInt(8), stmt.OptText(9), stmt.Int(10),
                             stmt.OptInt(11), stmt.OptText(12)});
  return rows;
}

}  // namespace jetway::mail
