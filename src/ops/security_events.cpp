#include "ops/security_events.hpp"

namespace jetway::ops {
namespace {

// Both engines: ON CONFLICT upserts, and CASE instead of SQLite's two-argument MIN/MAX or PostgreSQL's LEAST/GREATEST.
constexpr const char* kUpsertHead =
    "INSERT INTO security_events (kind, source, window_start, occurrences, first_seen, last_seen, nodes) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (kind, source, window_start) DO UPDATE SET ";
constexpr const char* kUpsertTail =
    "first_seen = CASE WHEN excluded.first_seen < security_events.first_seen THEN excluded.first_seen "
    "ELSE security_events.first_seen END, "
    "last_seen = CASE WHEN excluded.last_seen > security_events.last_seen THEN excluded.last_seen "
    "ELSE security_events.last_seen END, "
    "nodes = CASE WHEN (',' || security_events.nodes || ',') LIKE ('%,' || excluded.nodes || ',%') "
    "THEN security_events.nodes ELSE security_events.nodes || ',' || excluded.nodes END";

void Upsert(store::Connection& mgmt, const std::string& set_occurrences, const SecurityCount& c,
            const std::string& node) {
  mgmt.Prepare(std::string(kUpsertHead) + set_occurrences + ", " + kUpsertTail)
      .Bind(1, c.kind)
      .Bind(2, c.source)
      .Bind(3, core::ToEpoch(c.window_start))
      .Bind(4, c.count)
      .Bind(5, core::ToEpoch(c.first_seen))
      .Bind(6, core::ToEpoch(c.last_seen))
      .Bind(7, node)
      .Exec();
}

}  // namespace

void RecordSecurityCounts(store::Connection& mgmt, const std::vector<SecurityCount>& counts, const std::string& node) {
  if (counts.empty()) return;
  store::Transaction tx(mgmt);
  for (const auto& c : counts)
    Upsert(mgmt, "occurrences = security_events.occurrences + excluded.occurrences", c, node);
  tx.Commit();
}

std::optional<SecurityCount> StaffSignInFailures(store::Connection& mgmt, const SecurityThresholds& thresholds,
                                                 core::Instant now) {
  const auto window = WindowStart(now, thresholds.window);
  auto stmt = mgmt.Prepare("SELECT COUNT(*), MIN(updated_at), MAX(updated_at) FROM staff_login_failures "
                           "WHERE updated_at >= ?");
  stmt.Bind(1, core::ToEpoch(window));
  stmt.Step();
  const auto addresses = stmt.Int(0);
  if (addresses < thresholds.login_failures) return std::nullopt;
  return SecurityCount{std::string(kLoginFailures), kStaffSignIn, window, addresses, core::FromEpoch(stmt.Int(1)),
                       core::FromEpoch(stmt.Int(2))};
}

void RecordSignInFailures(store::Connection& mgmt, const SecurityCount& count, const std::string& node) {
  Upsert(mgmt,
         "occurrences = CASE WHEN excluded.occurrences > security_events.occurrences THEN excluded.occurrences "
         "ELSE security_events.occurrences END",
         count, node);
}

std::vector<SecurityEvent> RecentSecurityEvents(store::Connection& mgmt, core::Instant since, int limit) {
  auto stmt = mgmt.Prepare(
      "SELECT kind, source, window_start, occurrences, first_seen, last_seen, nodes FROM security_events "
      "WHERE last_seen >= ? ORDER BY last_seen DESC, kind, source LIMIT ?");
  stmt.Bind(1, core::ToEpoch(since)).Bind(2, limit);
  std::vector<SecurityEvent> events;
  while (stmt.Step())
    events.push_back({stmt.Text(0), stmt.Text(1), core::FromEpoch(stmt.Int(2)), stmt.Int(3),
                      core::FromEpoch(stmt.Int(4)), core::FromEpoch(stmt.Int(5)), stmt.Text(6)});
  return events;
}

std::int64_t RemoveSecurityEventsBefore(store::Connection& mgmt, core::Instant before) {
  auto stmt = mgmt.Prepare("DELETE FROM security_events WHERE last_seen < ?");
  stmt.Bind(1, core::ToEpoch(before));
  stmt.Exec();
  return mgmt.Changes();
}

void RecordSecurityEvents(SecurityWatch& watch, store::ConnectionPool& mgmt, store::ConnectionPool* staff_mgmt,
                          core::Instant now, const std::string& node, std::chrono::hours keep) {
  // Rows are only added here, so old ones are removed only then too: a quiet node writes nothing (on SQLite every
  // write takes the database's one write lock).
  if (const auto reports = watch.TakeReports(now); !reports.empty()) {
    auto lease = mgmt.Acquire();
    RecordSecurityCounts(*lease, reports, node);
    RemoveSecurityEventsBefore(*lease, now - keep);
  }
  if (staff_mgmt) {
    auto lease = staff_mgmt->Acquire();
    if (auto failures = StaffSignInFailures(*lease, watch.thresholds(), now)) RecordSignInFailures(*lease, *failures, node);
  }
}

}  // namespace jetway::ops
