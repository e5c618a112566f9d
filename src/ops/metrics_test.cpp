#include "ops/metrics.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ops/process_stats.hpp"
#include "ops/prometheus.hpp"

namespace jetway::ops {
namespace {

using namespace std::chrono_literals;

TEST(Exposition, EscapesLabelValues) {
  Exposition e;
  e.Family("x_total", "counter", "Things.");
  e.Sample("x_total", {{"path", "a\"b\\c\nd"}}, std::uint64_t{3});
  EXPECT_EQ(e.text(), "# HELP x_total Things.\n# TYPE x_total counter\nx_total{path=\"a\\\"b\\\\c\\nd\"} 3\n");
}

TEST(ProcessStats, ParsesFieldsAfterTheCommandName) {
  // comm "(my) (job)" has spaces and parentheses; utime 250, stime 150 ticks; rss 1000 pages.
  const std::string stat =
      "1234 ((my) (job)) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 150 0 0 20 0 9 0 100 123456789 1000 "
      "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  const auto stats = ParseProcStat(stat, 100, 4096);
  ASSERT_TRUE(stats);
  EXPECT_DOUBLE_EQ(stats->cpu_seconds, 4.0);
  EXPECT_EQ(stats->resident_bytes, 1000u * 4096u);
  EXPECT_FALSE(ParseProcStat("1234 (short) S 1 2 3", 100, 4096));
  EXPECT_FALSE(ParseProcStat("garbage", 100, 4096));
}

TEST(ProcessStats, ReadsThisProcess) {
  const auto stats = ReadProcessStats();
  EXPECT_GT(stats.resident_bytes, 0u);
  EXPECT_GE(stats.open_files, 3u);  // stdin, stdout, stderr at least
  EXPECT_GE(stats.max_files, stats.open_files);
}

TEST(Metrics, CountsRequestsAndBucketsLatencyCumulatively) {
  Metrics metrics("1.2.3", std::chrono::system_clock::time_point{std::chrono::seconds{1700000000}});
  metrics.ObserveRequest("public", "/api/v1/bookings/:locator", "GET", 200, 3ms);
  metrics.ObserveRequest("public", "/api/v1/bookings/:locator", "GET", 404, 30ms);
  metrics.ObserveRequest("public", "", "GET", 404, 200us);
  metrics.Count(booking::BookingEvent::kHeld, 2);
  metrics.Count(booking::BookingEvent::kExpired, 5);
  ScrapeFigures figures;
  figures.databases.push_back({"data", true, {10, 4, 3, 7, 1, 2, store::CommitGroupStats{120, 15, 1, 3}}});
  figures.databases.push_back({"mgmt", true, {4, 1, 1, 0, 0, 0, std::nullopt}});
  figures.outbox = {{"pending", 3}, {"failed", 1}};
  figures.outbox_known = true;
  figures.firewall_remembered = 42;
  figures.search_snapshot = SnapshotFigures{900, 30, 12, 7, 2, 25};
  const auto text = metrics.Render(figures);
  auto has = [&](const std::string& line) { return text.find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("jetway_build_info{version=\"1.2.3\"} 1")) << text;
  EXPECT_TRUE(has("jetway_http_requests_total{listener=\"public\",route=\"/api/v1/bookings/:locator\",method=\"GET\","
                  "status=\"200\"} 1"));
  EXPECT_TRUE(has("jetway_http_requests_total{listener=\"public\",route=\"unmatched\",method=\"GET\",status=\"404\"} 1"));
  const std::string bucket =
      "jetway_http_request_duration_seconds_bucket{listener=\"public\",route=\"/api/v1/bookings/:locator\",method="
      "\"GET\",le=";
  EXPECT_TRUE(has(bucket + "\"0.001\"} 0"));
  EXPECT_TRUE(has(bucket + "\"0.005\"} 1"));
  EXPECT_TRUE(has(bucket + "\"0.05\"} 2"));
  EXPECT_TRUE(has(bucket + "\"+Inf\"} 2"));
  EXPECT_TRUE(has("jetway_http_request_duration_seconds_sum{listener=\"public\",route=\"/api/v1/bookings/:locator\","
                  "method=\"GET\"} 0.033"));
  EXPECT_TRUE(has("jetway_bookings_total{event=\"held\"} 2"));
  EXPECT_TRUE(has("jetway_bookings_total{event=\"expired\"} 5"));
  EXPECT_TRUE(has("jetway_bookings_total{event=\"confirmed\"} 0"));
  EXPECT_TRUE(has("jetway_database_pool_in_use{database=\"data\"} 1"));
  EXPECT_TRUE(has("jetway_database_pool_timeouts_total{database=\"data\"} 1"));
  EXPECT_TRUE(has("jetway_database_group_commits_total{database=\"data\"} 15"));
  EXPECT_TRUE(has("jetway_database_group_committed_transactions_total{database=\"data\"} 120"));
  EXPECT_TRUE(has("jetway_database_failed_group_commits_total{database=\"data\"} 1"));
  EXPECT_TRUE(has("# TYPE jetway_database_writers_waiting gauge"));
  EXPECT_TRUE(has("jetway_database_writers_waiting{database=\"data\"} 3"));
  EXPECT_EQ(text.find("jetway_database_group_commits_total{database=\"mgmt\"}"), std::string::npos)
      << "a database whose transactions commit alone has no groups to report";
  EXPECT_TRUE(has("jetway_mail_outbox_messages{status=\"pending\"} 3"));
  EXPECT_TRUE(has("jetway_mail_outbox_messages{status=\"sending\"} 0"));
  EXPECT_TRUE(has("process_start_time_seconds 1700000000"));
  EXPECT_TRUE(has("jetway_waf_remembered_verdicts_total 42"));
  EXPECT_TRUE(has("jetway_search_snapshot_hits_total 900"));
  EXPECT_TRUE(has("jetway_search_snapshot_loads_total 30"));
  EXPECT_TRUE(has("jetway_search_snapshot_flights_evicted_total 7"));
  EXPECT_TRUE(has("jetway_search_snapshot_catalogue_reloads_total 2"));
  EXPECT_TRUE(has("jetway_search_snapshot_flights 25"));
}

TEST(MetricsRoute, WithATokenOnlyTheBearerSeesIt) {
  http::Router router;
  AddMetricsRoute(router, [] { return std::string("x 1\n"); }, "s3cret");
  http::Request request;
  request.method = "GET";
  request.path = "/metrics";
  EXPECT_EQ(router.Dispatch(request).status, 404);
  request.headers["Authorization"] = "Bearer wrong!";
  EXPECT_EQ(router.Dispatch(request).status, 404);
  request.headers["Authorization"] = "Bearer s3cret";
  const auto response = router.Dispatch(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "x 1\n");
  EXPECT_EQ(response.content_type, kPrometheusContentType);
}

}  // namespace
}  // namespace jetway::ops
