// jetway's figures for Prometheus (GET /metrics): requests by listener, route, method and status with latency
// histograms, what bookings did (booking::BookingEvents), and what is read at scrape time: each database's pool and
// whether it answers, the mail outbox, the process's CPU, memory and open files, and the build. Counters live as
// long as the process; Prometheus takes their rates.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "booking/booking_events.hpp"
#include "http/http.hpp"
#include "ops/backup_scheduler.hpp"
#include "ops/process_stats.hpp"
#include "ops/replication.hpp"
#include "store/store.hpp"

namespace jetway::ops {

// Read at scrape time, by whoever serves /metrics.
struct DatabaseFigures {
  std::string database;  // data, web, mgmt
  bool up = false;
  store::ConnectionPool::Stats pool;
};
// The node's search snapshot (shopping::SearchSnapshot::Stats).
struct SnapshotFigures {
  std::uint64_t hits = 0;
  std::uint64_t loads = 0;
  std::uint64_t follows = 0;
  std::uint64_t flights_evicted = 0;
  std::uint64_t catalogue_reloads = 0;
  std::uint64_t flights_held = 0;
};

struct ScrapeFigures {
  std::vector<DatabaseFigures> databases;
  std::vector<std::pair<std::string, std::uint64_t>> outbox;  // messages by status (pending, sending, sent, failed)
  bool outbox_known = false;
  ProcessStats process;
  // The newest backup (SQLite), when backups are taken and their record could be read.
  std::optional<BackupStatus> backup;
  // PostgreSQL: the primary's standbys; nullopt when they could not be read.
  std::optional<std::vector<Standby>> standbys;
  // Requests the firewall answered with a verdict it remembered (waf::VerdictCache); nullopt when it is off.
  std::optional<std::uint64_t> firewall_remembered;
  std::optional<SnapshotFigures> search_snapshot;  // nullopt when [search] snapshot_entries is 0
  // The booking sites' results pages: shown as kept for an earlier visitor, and kept (web::PageMemo).
  std::uint64_t result_pages_found = 0;
  std::uint64_t result_pages_kept = 0;
  core::Instant now;
};

class Metrics : public booking::BookingEvents {
 public:
  // Latency buckets, in seconds.
  static constexpr std::array<double, 13> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                   0.25,  0.5,    1,     2.5,  5,     10};

  Metrics(std::string version, std::chrono::system_clock::time_point started);

  void ObserveRequest(std::string_view listener, std::string_view route, std::string_view method, int status,
                      std::chrono::microseconds elapsed);
  void Count(booking::BookingEvent event, int n) override;

  std::string Render(const ScrapeFigures& figures) const;

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed when written
    std::uint64_t count = 0;
    double sum = 0;
  };
  using RouteKey = std::tuple<std::string, std::string, std::string>;  // listener, route, method

  std::string version_;
  double started_seconds_;
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, std::string, int>, std::uint64_t> requests_;
  std::map<RouteKey, Latency> latency_;
  std::array<std::atomic<std::uint64_t>, 5> bookings_{};
};

// The pools of `databases` (name and pool each) as they are now, each pinged.
std::vector<DatabaseFigures> ReadDatabases(const std::vector<std::pair<std::string, store::ConnectionPool*>>& pools);
// Messages in the data database's mail outbox by status; nullopt when it cannot be read.
std::optional<std::vector<std::pair<std::string, std::uint64_t>>> ReadOutbox(store::ConnectionPool& data);

// GET /metrics answering `render()`. With a token, only to "Authorization: Bearer <token>" (others get 404, as if
// there were no such page): for the public listener. Without one, to anybody: for the back office's listener, which
// only the airline's networks reach.
void AddMetricsRoute(http::Router& router, std::function<std::string()> render, std::string bearer_token = {});

}  // namespace jetway::ops
