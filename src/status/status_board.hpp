// What this node shows on the status page, kept in memory so the page renders when no database answers: the
// components' states from its latest probe (and the open incidents), and the uptime history and incidents as last
// read from the management database (with when that was). Each tick probes, counts the probe towards uptime when
// this node is the one that records it (the "status" lease; while the management database is down, the last
// holder keeps counting in memory and writes the counts later), and reloads the history and the incidents.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "log/log.hpp"
#include "ops/observer.hpp"
#include "status/status.hpp"
#include "status/status_store.hpp"
#include "store/store.hpp"

namespace jetway::status {

inline constexpr int kHistoryDays = 90;
inline constexpr auto kResolvedShown = std::chrono::days{14};

struct Snapshot {
  core::Instant probed_at;
  std::vector<ComponentNow> components;  // with the open incidents' impact
  State overall = State::kUnknown;
  std::vector<History> histories;
  std::vector<Incident> incidents;           // open ones and those resolved in the last 14 days
  std::optional<core::Instant> records_read;  // when the history and incidents were last read; nullopt: never
};

class StatusBoard {
 public:
  StatusBoard(store::ConnectionPool& mgmt, const ops::Observer& observer, NodeFacts facts, const core::Clock& clock,
              std::string node, std::chrono::seconds interval, log::Logger& logger);

  void Tick();  // never throws
  std::shared_ptr<const Snapshot> Current() const;

 private:
  bool Recording(core::Instant now);
  void Publish(std::shared_ptr<Snapshot> next);

  store::ConnectionPool& mgmt_;
  const ops::Observer& observer_;
  NodeFacts facts_;
  const core::Clock& clock_;
  std::string node_;
  std::chrono::seconds interval_;
  log::Logger& logger_;
  bool recording_ = false;
  std::map<UptimeKey, UptimeCount> unwritten_;  // the tick thread's
  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> current_;
};

}  // namespace jetway::status
