#include "status/status_board.hpp"

#include <exception>

#include "ops/node_lease.hpp"

namespace jetway::status {

StatusBoard::StatusBoard(store::ConnectionPool& mgmt, const ops::Observer& observer, NodeFacts facts,
                         const core::Clock& clock, std::string node, std::chrono::seconds interval,
                         log::Logger& logger)
    : mgmt_(mgmt), observer_(observer), facts_(facts), clock_(clock), node_(std::move(node)), interval_(interval),
      logger_(logger), current_(std::make_shared<Snapshot>()) {}

std::shared_ptr<const Snapshot> StatusBoard::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void StatusBoard::Publish(std::shared_ptr<Snapshot> next) {
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
}

bool StatusBoard::Recording(core::Instant now) {
  try {
    recording_ = ops::TakeLease(mgmt_, "status", node_, now, interval_ * 3);
  } catch (const std::exception&) {
    // No lease can be taken: the last holder goes on counting in memory.
  }
  return recording_;
}

void StatusBoard::Tick() {
  try {
    const auto seen = observer_.Observe();
    const auto now = seen.now;
    auto probed = Probe(seen, facts_);
    auto next = std::make_shared<Snapshot>(*Current());
    next->probed_at = now;
    if (Recording(now)) {
      const auto day = DayOf(now);
      for (const auto& c : probed) {
        if (c.state == State::kUnknown) continue;
        auto& count = unwritten_[{day, c.id}];
        ++count.probes;
        if (c.state != State::kOutage) ++count.up;
      }
    }
    try {
      auto lease = mgmt_.Acquire();
      if (!unwritten_.empty()) {
        store::Transaction tx(*lease);
        store::DontWaitForStandby(*lease);
        AddUptime(*lease, unwritten_);
        tx.Commit();
        unwritten_.clear();
      }
      next->histories = Histories(ReadUptime(*lease, DayOf(now - std::chrono::days{kHistoryDays - 1})), now,
                                  kHistoryDays);
      next->incidents = ReadIncidents(*lease, now - kResolvedShown);
      next->records_read = now;
    } catch (const std::exception& e) {
      // Shown from what was read last; the counts wait for the database.
      logger_.Warn("status records not read", {log::Str("error", e.what())});
    }
    next->components = WithIncidents(std::move(probed), next->incidents);
    next->overall = State::kOperational;
    for (const auto& c : next->components)
      if (c.state != State::kUnknown && c.state > next->overall) next->overall = c.state;
    Publish(std::move(next));
  } catch (const std::exception& e) {
    logger_.Error("status probe failed", {log::Str("error", e.what())});
  }
}

}  // namespace jetway::status
