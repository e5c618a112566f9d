#include "ops/error_reports.hpp"

#include <fmt/core.h>

namespace jetway::ops {
namespace {

constexpr const char* kGroupColumns =
    "fingerprint, listener, route, method, status, code, error, first_seen, last_seen, occurrences, "
    "last_request_id, last_release";

ErrorGroup ReadGroup(const store::Statement& s) {
  return {s.Text(0),
          s.Text(1),
          s.Text(2),
          s.Text(3),
          static_cast<int>(s.Int(4)),
          s.Text(5),
          s.Text(6),
          core::FromEpoch(s.Int(7)),
          core::FromEpoch(s.Int(8)),
          s.Int(9),
          s.Text(10),
          s.Text(11)};
}

std::int64_t Seconds(RatePeriod period) { return period == RatePeriod::kHour ? 3600 : 86400; }

}  // namespace

std::vector<ErrorGroup> RecentErrorGroups(store::Connection& mgmt, core::Instant since, int limit) {
  auto stmt = mgmt.Prepare(fmt::format(
      "SELECT {} FROM error_groups WHERE last_seen >= ? ORDER BY last_seen DESC, fingerprint LIMIT ?", kGroupColumns));
  stmt.Bind(1, core::ToEpoch(since)).Bind(2, limit);
  std::vector<ErrorGroup> groups;
  while (stmt.Step()) groups.push_back(ReadGroup(stmt));
  return groups;
}

std::optional<ErrorGroup> FindErrorGroup(store::Connection& mgmt, const std::string& fingerprint) {
  auto stmt = mgmt.Prepare(fmt::format("SELECT {} FROM error_groups WHERE fingerprint = ?", kGroupColumns));
  stmt.Bind(1, fingerprint);
  if (!stmt.Step()) return std::nullopt;
  return ReadGroup(stmt);
}

std::vector<ErrorOccurrence> OccurrencesOf(store::Connection& mgmt, const std::string& fingerprint, int limit) {
  auto stmt = mgmt.Prepare(
      "SELECT occurred_at, request_id, method, path, status, release, node, error FROM error_events "
      "WHERE fingerprint = ? ORDER BY occurred_at DESC, id DESC LIMIT ?");
  stmt.Bind(1, fingerprint).Bind(2, limit);
  std::vector<ErrorOccurrence> list;
  while (stmt.Step())
    list.push_back({core::FromEpoch(stmt.Int(0)), stmt.Text(1), stmt.Text(2), stmt.Text(3),
                    static_cast<int>(stmt.Int(4)), stmt.Text(5), stmt.Text(6), stmt.Text(7)});
  return list;
}

std::vector<ErrorRate> ErrorRates(store::Connection& mgmt, core::Instant from, RatePeriod period, bool all) {
  const auto seconds = Seconds(period);
  auto stmt = mgmt.Prepare(fmt::format(
      "SELECT hour_start / {0} * {0} AS period, listener, route, SUM(requests), SUM(errors) FROM request_counts "
      "WHERE hour_start >= ? GROUP BY period, listener, route {1} ORDER BY period DESC, SUM(errors) DESC, route",
      seconds, all ? "" : "HAVING SUM(errors) > 0"));
  stmt.Bind(1, core::ToEpoch(from) / seconds * seconds);
  std::vector<ErrorRate> rates;
  while (stmt.Step())
    rates.push_back({core::FromEpoch(stmt.Int(0)), stmt.Text(1), stmt.Text(2), stmt.Int(3), stmt.Int(4)});
  return rates;
}

std::vector<ErrorRate> OverallErrorRates(store::Connection& mgmt, core::Instant from, RatePeriod period) {
  const auto seconds = Seconds(period);
  auto stmt = mgmt.Prepare(fmt::format(
      "SELECT hour_start / {0} * {0} AS period, SUM(requests), SUM(errors) FROM request_counts "
      "WHERE hour_start >= ? GROUP BY period ORDER BY period DESC",
      seconds));
  stmt.Bind(1, core::ToEpoch(from) / seconds * seconds);
  std::vector<ErrorRate> rates;
  while (stmt.Step()) rates.push_back({core::FromEpoch(stmt.Int(0)), "", "", stmt.Int(1), stmt.Int(2)});
  return rates;
}

}  // namespace jetway::ops
