#include "ops/metrics.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <tuple>

#include "ops/prometheus.hpp"

namespace jetway::ops {

namespace {

constexpr std::array<const char*, 5> kEventNames{"held", "confirmed", "cancelled", "expired", "payment_declined"};

void WriteRequests(Exposition& e, const auto& requests) {
  e.Family("jetway_http_requests_total", "counter", "HTTP requests answered, by listener, route, method and status.");
  for (const auto& [key, count] : requests) {
    const auto& [listener, route, method, status] = key;
    const auto code = std::to_string(status);
    e.Sample("jetway_http_requests_total",
             {{"listener", listener}, {"route", route}, {"method", method}, {"status", code}}, count);
  }
}

void WriteLatency(Exposition& e, const auto& latency) {
  e.Family("jetway_http_request_duration_seconds", "histogram",
           "Time from a request's arrival to its response being handed to the network, by listener, route and "
           "method.");
  for (const auto& [key, l] : latency) {
    const auto& [listener, route, method] = key;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < Metrics::kBuckets.size(); ++i) {
      cumulative += l.buckets[i];
      const auto le = fmt::format("{}", Metrics::kBuckets[i]);
      e.Sample("jetway_http_request_duration_seconds_bucket",
               {{"listener", listener}, {"route", route}, {"method", method}, {"le", le}}, cumulative);
    }
    e.Sample("jetway_http_request_duration_seconds_bucket",
             {{"listener", listener}, {"route", route}, {"method", method}, {"le", "+Inf"}}, l.count);
    e.Sample("jetway_http_request_duration_seconds_sum", {{"listener", listener}, {"route", route}, {"method", method}},
             l.sum);
    e.Sample("jetway_http_request_duration_seconds_count",
             {{"listener", listener}, {"route", route}, {"method", method}}, l.count);
  }
}

// SQLite's group commit (store/sqlite_writer.hpp): transactions over groups is the average group.
void WriteCommitGroups(Exposition& e, const std::vector<DatabaseFigures>& databases) {
  auto each = [&](const char* name, const char* help, std::uint64_t store::CommitGroupStats::*field,
                  const char* type = "counter") {
    bool any = false;
    for (const auto& d : databases) {
      if (!d.pool.commit_groups) continue;
      if (!any) e.Family(name, type, help);
      any = true;
      e.Sample(name, {{"database", d.database}}, (*d.pool.commit_groups).*field);
    }
  };
  each("jetway_database_group_commits_total", "COMMITs of groups of write transactions (SQLite).",
       &store::CommitGroupStats::groups);
  each("jetway_database_group_committed_transactions_total", "Write transactions committed in those groups.",
       &store::CommitGroupStats::transactions);
  each("jetway_database_failed_group_commits_total", "Groups whose COMMIT failed: none of their transactions kept.",
       &store::CommitGroupStats::failed_groups);
  each("jetway_database_writers_waiting", "Write transactions waiting for their turn on the file (SQLite) now.",
       &store::CommitGroupStats::waiting, "gauge");
}

void WriteDatabases(Exposition& e, const std::vector<DatabaseFigures>& databases) {
  auto each = [&](const char* name, const char* type, const char* help, auto value) {
    e.Family(name, type, help);
    for (const auto& d : databases) e.Sample(name, {{"database", d.database}}, value(d));
  };
  each("jetway_database_up", "gauge", "1 when the database answered a query at this scrape.",
       [](const DatabaseFigures& d) { return std::uint64_t{d.up}; });
  each("jetway_database_pool_size", "gauge", "The most connections the pool opens.",
       [](const DatabaseFigures& d) { return std::uint64_t{d.pool.size}; });
  each("jetway_database_pool_open", "gauge", "Connections open, in use or idle.",
       [](const DatabaseFigures& d) { return std::uint64_t{d.pool.open}; });
  each("jetway_database_pool_in_use", "gauge", "Connections lent to a request or task now.",
       [](const DatabaseFigures& d) { return std::uint64_t{d.pool.open - std::min(d.pool.open, d.pool.idle)}; });
  each("jetway_database_pool_waits_total", "counter", "Times a connection was wanted and none was free.",
       [](const DatabaseFigures& d) { return d.pool.waits; });
  each("jetway_database_pool_timeouts_total", "counter",
       "Times no connection came free in time (the request was answered 503).",
       [](const DatabaseFigures& d) { return d.pool.timeouts; });
  each("jetway_database_connect_failures_total", "counter",
       "New connections the database refused or did not answer.",
       [](const DatabaseFigures& d) { return d.pool.connect_failures; });
  WriteCommitGroups(e, databases);
}

void WriteOutbox(Exposition& e, const ScrapeFigures& figures) {
  e.Family("jetway_mail_outbox_up", "gauge", "1 when the mail outbox could be read at this scrape.");
  e.Sample("jetway_mail_outbox_up", {}, std::uint64_t{figures.outbox_known});
  e.Family("jetway_mail_outbox_messages", "gauge",
           "E-mails in the outbox by status: pending and sending are its depth, failed gave up after retries.");
  for (const char* status : {"pending", "sending", "sent", "failed"}) {
    std::uint64_t n = 0;
    for (const auto& [s, count] : figures.outbox)
      if (s == status) n = count;
    e.Sample("jetway_mail_outbox_messages", {{"status", status}}, n);
  }
}

void WriteReplication(Exposition& e, const ScrapeFigures& figures) {
  if (!figures.standbys) return;
  std::uint64_t streaming = 0;
  for (const auto& s : *figures.standbys) streaming += s.state == "streaming";
  e.Family("jetway_replication_standbys_streaming", "gauge", "Standbys the primary is streaming to.");
  e.Sample("jetway_replication_standbys_streaming", {}, streaming);
  e.Family("jetway_replication_lag_bytes", "gauge", "WAL the standby has not replayed yet.");
  for (const auto& s : *figures.standbys)
    if (s.lag_bytes) e.Sample("jetway_replication_lag_bytes", {{"standby", s.name}, {"sync_state", s.sync_state}},
                              static_cast<std::uint64_t>(std::max<std::int64_t>(0, *s.lag_bytes)));
  e.Family("jetway_replication_lag_seconds", "gauge", "How far behind the standby's replay is.");
  for (const auto& s : *figures.standbys)
    if (s.lag_seconds)
      e.Sample("jetway_replication_lag_seconds", {{"standby", s.name}, {"sync_state", s.sync_state}}, *s.lag_seconds);
}

void WriteSnapshot(Exposition& e, const SnapshotFigures& s) {
  const std::tuple<const char*, const char*, const char*, std::uint64_t> rows[] = {
      {"jetway_search_snapshot_hits_total", "counter", "Pieces searches found in the node's snapshot.", s.hits},
      {"jetway_search_snapshot_loads_total", "counter", "Pieces searches read from the database.", s.loads},
      {"jetway_search_snapshot_follows_total", "counter", "Times the node read the change feed.", s.follows},
      {"jetway_search_snapshot_flights_evicted_total", "counter",
       "Flights' seats dropped from the snapshot because the feed named them.", s.flights_evicted},
      {"jetway_search_snapshot_catalogue_reloads_total", "counter",
       "Times the snapshot dropped everything (the catalogue changed, the node started, the feed overflowed).",
       s.catalogue_reloads},
      {"jetway_search_snapshot_flights", "gauge", "Flights whose seats the snapshot holds.", s.flights_held}};
  for (const auto& [name, type, help, value] : rows) {
    e.Family(name, type, help);
    e.Sample(name, {}, value);
  }
}

void WriteBackup(Exposition& e, const ScrapeFigures& figures) {
  if (!figures.backup) return;
  const auto& b = *figures.backup;
  e.Family("jetway_backup_failures_since_success", "gauge", "Backup attempts that failed since the newest good one.");
  e.Sample("jetway_backup_failures_since_success", {}, static_cast<std::uint64_t>(b.failures_since_good));
  if (!b.last_good) return;
  e.Family("jetway_backup_last_success_timestamp_seconds", "gauge",
           "When the newest verified backup finished, in seconds since the Unix epoch.");
  e.Sample("jetway_backup_last_success_timestamp_seconds", {},
           static_cast<std::uint64_t>(b.last_good->time_since_epoch().count()));
  e.Family("jetway_backup_age_seconds", "gauge", "How old the newest verified backup is.");
  e.Sample("jetway_backup_age_seconds", {},
           static_cast<std::uint64_t>(std::max<std::int64_t>(0, (figures.now - *b.last_good).count())));
  if (b.last_good_bytes <= 0) return;  // the WAL archive's segments are not counted
  e.Family("jetway_backup_last_bytes", "gauge", "The size of the newest verified backup.");
  e.Sample("jetway_backup_last_bytes", {}, static_cast<std::uint64_t>(b.last_good_bytes));
}

void WriteProcess(Exposition& e, const ProcessStats& p, double started) {
  e.Family("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
  e.Sample("process_cpu_seconds_total", {}, p.cpu_seconds);
  e.Family("process_resident_memory_bytes", "gauge", "Resident memory size, in bytes.");
  e.Sample("process_resident_memory_bytes", {}, p.resident_bytes);
  e.Family("process_open_fds", "gauge", "Open file descriptors.");
  e.Sample("process_open_fds", {}, p.open_files);
  e.Family("process_max_fds", "gauge", "The limit on open file descriptors.");
  e.Sample("process_max_fds", {}, p.max_files);
  e.Family("process_start_time_seconds", "gauge", "When the process started, in seconds since the Unix epoch.");
  e.Sample("process_start_time_seconds", {}, started);
}

}  // namespace

Metrics::Metrics(std::string version, std::chrono::system_clock::time_point started)
    : version_(std::move(version)),
      started_seconds_(std::chrono::duration<double>(started.time_since_epoch()).count()) {}

void Metrics::ObserveRequest(std::string_view listener, std::string_view route, std::string_view method, int status,
                             std::chrono::microseconds elapsed) {
  // Only routes jetway has: anything else is one label value, so a scan of random paths cannot grow the series.
  const std::string route_label = route.empty() ? "unmatched" : std::string(route);
  const double seconds = static_cast<double>(elapsed.count()) / 1e6;
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(listener), route_label, std::string(method), status}];
  auto& l = latency_[{std::string(listener), route_label, std::string(method)}];
  if (bucket < kBuckets.size()) ++l.buckets[bucket];
  ++l.count;
  l.sum += seconds;
}

void Metrics::Count(booking::BookingEvent event, int n) {
  bookings_[static_cast<std::size_t>(event)].fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
}

std::string Metrics::Render(const ScrapeFigures& figures) const {
  Exposition e;
  e.Family("jetway_build_info", "gauge", "The running build: always 1, with its version as a label.");
  e.Sample("jetway_build_info", {{"version", version_}}, std::uint64_t{1});
  {
    std::lock_guard lock(mutex_);
    WriteRequests(e, requests_);
    WriteLatency(e, latency_);
  }
  e.Family("jetway_bookings_total", "counter",
           "Booking changes committed by this node: holds made, confirmed, cancelled, expired, and cards declined.");
  for (std::size_t i = 0; i < kEventNames.size(); ++i)
    e.Sample("jetway_bookings_total", {{"event", kEventNames[i]}}, bookings_[i].load(std::memory_order_relaxed));
  WriteDatabases(e, figures.databases);
  WriteOutbox(e, figures);
  WriteBackup(e, figures);
  WriteReplication(e, figures);
  if (figures.firewall_remembered) {
    e.Family("jetway_waf_remembered_verdicts_total", "counter",
             "Requests the firewall answered with the verdict of the same request a moment before, without its rules.");
    e.Sample("jetway_waf_remembered_verdicts_total", {}, *figures.firewall_remembered);
  }
  if (figures.search_snapshot) WriteSnapshot(e, *figures.search_snapshot);
  e.Family("jetway_result_pages_found_total", "counter",
           "Booking-site results pages shown as kept for an earlier visitor making the same search.");
  e.Sample("jetway_result_pages_found_total", {}, figures.result_pages_found);
  e.Family("jetway_result_pages_kept_total", "counter", "Booking-site results pages rendered and kept.");
  e.Sample("jetway_result_pages_kept_total", {}, figures.result_pages_kept);
  WriteProcess(e, figures.process, started_seconds_);
  return e.Take();
}

std::vector<DatabaseFigures> ReadDatabases(const std::vector<std::pair<std::string, store::ConnectionPool*>>& pools) {
  std::vector<DatabaseFigures> figures;
  for (const auto& [name, pool] : pools) figures.push_back({name, store::Ping(*pool), pool->stats()});
  return figures;
}

std::optional<std::vector<std::pair<std::string, std::uint64_t>>> ReadOutbox(store::ConnectionPool& data) {
  try {
    auto lease = data.Acquire();
    auto stmt = lease->Prepare("SELECT status, COUNT(*) FROM mail_outbox GROUP BY status");
    std::vector<std::pair<std::string, std::uint64_t>> counts;
    while (stmt.Step()) counts.emplace_back(stmt.Text(0), static_cast<std::uint64_t>(stmt.Int(1)));
    return counts;
  } catch (const store::StoreError&) {
    return std::nullopt;
  }
}

namespace {
// Compares every byte whatever the first difference, so the answer's timing tells nothing of the token.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}
}  // namespace

void AddMetricsRoute(http::Router& router, std::function<std::string()> render, std::string bearer_token) {
  router.Add("GET", "/metrics", [render = std::move(render), token = std::move(bearer_token)](const http::Request& req) {
    if (!token.empty() && !SameSecret(req.Header("Authorization").value_or(""), "Bearer " + token))
      return http::NotFoundResponse();
    http::Response response;
    response.content_type = kPrometheusContentType;
    response.body = render();
    return response;
  });
}

}  // namespace jetway::ops
