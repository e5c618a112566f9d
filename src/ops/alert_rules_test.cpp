#include "ops/alert_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "ops/alerter.hpp"
#include "ops/request_window.hpp"

namespace jetway::ops {
namespace {

using namespace std::chrono_literals;

const core::Instant kNow = core::FromEpoch(1796212800);

std::vector<std::string> Keys(const std::vector<Condition>& conditions) {
  std::vector<std::string> keys;
  for (const auto& c : conditions) keys.push_back(c.key);
  return keys;
}

Observations Healthy() {
  Observations seen;
  seen.now = kNow;
  seen.databases = {{"data", true}, {"web", true}, {"mgmt", true}};
  seen.requests = 1000;
  seen.errors = 3;
  seen.p99 = 250ms;
  seen.backups_expected = true;
  seen.last_backup = kNow - 4min;
  seen.watching_since = kNow - 1h;
  seen.disk_free_percent = 60;
  seen.mail_failures = 0;
  return seen;
}

TEST(AlertRules, AHealthyNodeRaisesNothing) { EXPECT_TRUE(Evaluate({}, Healthy(), "n1").empty()); }

TEST(AlertRules, EachRuleFiresPastItsThreshold) {
  auto seen = Healthy();
  seen.databases[0].second = false;
  seen.errors = 51;  // 5.1 % of 1000
  seen.p99 = 2500ms;
  seen.last_backup = kNow - 16min;
  seen.backup_error = "disk full";
  seen.disk_free_percent = 9;
  seen.mail_failures = 2;
  const auto wrong = Evaluate({}, seen, "n1");
  EXPECT_EQ(Keys(wrong), (std::vector<std::string>{"database_down:data", "error_rate:n1", "latency:n1",
                                                    "backup_missing", "disk_space:n1", "mail_failures"}));
  EXPECT_NE(wrong[3].detail.find("disk full"), std::string::npos);
  EXPECT_EQ(wrong[1].summary, "5.1 % of requests fail on n1");
}

TEST(AlertRules, RatesNeedEnoughRequestsAndBackupsNeedTimeToBeLate) {
  auto seen = Healthy();
  seen.requests = 10;
  seen.errors = 10;
  seen.p99 = 9000ms;
  seen.last_backup.reset();
  seen.watching_since = kNow - 10min;  // none yet, but the node has not waited the threshold
  EXPECT_TRUE(Evaluate({}, seen, "n1").empty());
  seen.watching_since = kNow - 16min;
  EXPECT_EQ(Keys(Evaluate({}, seen, "n1")), std::vector<std::string>{"backup_missing"});
  seen.backups_expected = false;
  EXPECT_TRUE(Evaluate({}, seen, "n1").empty());
  AlertThresholds strict;
  strict.min_requests = 5;
  EXPECT_EQ(Keys(Evaluate(strict, seen, "n1")), (std::vector<std::string>{"error_rate:n1", "latency:n1"}));
}

TEST(AlertRules, StandbysMissingOrBehind) {
  auto seen = Healthy();
  seen.standbys = std::vector<Standby>{{"pg2", "streaming", "quorum", 1024, 0.2}};
  AlertThresholds t;
  t.standbys = 1;
  EXPECT_TRUE(Evaluate(t, seen, "n1").empty());
  (*seen.standbys)[0].lag_seconds = 45;
  auto wrong = Evaluate(t, seen, "n1");
  ASSERT_EQ(Keys(wrong), std::vector<std::string>{"replication_lag:pg2"});
  EXPECT_EQ(wrong[0].summary, "standby pg2 is 45 s behind");
  seen.standbys->clear();  // the standby is gone
  EXPECT_EQ(Keys(Evaluate(t, seen, "n1")), std::vector<std::string>{"replication_standbys"});
  seen.standbys.reset();  // not known (SQLite, or the primary is down: its own alert)
  EXPECT_TRUE(Evaluate(t, seen, "n1").empty());
}

TEST(AlertRules, SecurityEventsWhileTheyLast) {
  auto seen = Healthy();
  seen.security = {{"not_found_scan", "203.0.113.9", 57, kNow - 5min}, {"login_failures", "staff sign-in", 12, kNow}};
  const auto wrong = Evaluate({}, seen, "n1");
  ASSERT_EQ(Keys(wrong), (std::vector<std::string>{"security:not_found_scan:203.0.113.9",
                                                   "security:login_failures:staff sign-in"}));
  EXPECT_EQ(wrong[0].summary, "203.0.113.9 asked for 57 pages that do not exist (a scan)");
  EXPECT_EQ(wrong[1].summary, "sign-ins failed for 12 e-mail addresses (staff sign-in)");
  EXPECT_NE(wrong[0].detail.find("Security screen"), std::string::npos);
}

TEST(AlertRules, AnInstallThatIsNotWhatWasSigned) {
  auto seen = Healthy();
  seen.install = InstallSeen{true, "install matches its signed manifest (412 files)"};
  EXPECT_TRUE(Evaluate({}, seen, "n1").empty());
  seen.install = InstallSeen{false, "1 file differs from the signed manifest: extra web/static/shell.php"};
  auto wrong = Evaluate({}, seen, "n1");
  ASSERT_EQ(Keys(wrong), std::vector<std::string>{"install_changed:n1"});
  EXPECT_EQ(wrong[0].summary, "the install on n1 is not what was signed");
  EXPECT_NE(wrong[0].detail.find("extra web/static/shell.php. Compare with `jetway verify-install`"), std::string::npos)
      << wrong[0].detail;
}

TEST(AlertRules, ACertificateCloseToItsEnd) {
  auto seen = Healthy();
  seen.certificate = CertificateSeen{"/CN=book.example.com", kNow + 24h * 30};
  EXPECT_TRUE(Evaluate({}, seen, "n1").empty());
  seen.certificate->expires = kNow + 24h * 13 + 5h;
  auto wrong = Evaluate({}, seen, "n1");
  ASSERT_EQ(Keys(wrong), std::vector<std::string>{"certificate_expiry:n1"});
  EXPECT_EQ(wrong[0].summary, "the TLS certificate of n1 expires in 13 days 5 hours");
  EXPECT_NE(wrong[0].detail.find("/CN=book.example.com"), std::string::npos);
  seen.certificate->expires = kNow - 1h;
  EXPECT_EQ(Evaluate({}, seen, "n1")[0].summary, "the TLS certificate of n1 has expired");
  AlertThresholds shorter;
  shorter.certificate_validity = 24h * 7;
  seen.certificate->expires = kNow + 24h * 8;
  EXPECT_TRUE(Evaluate(shorter, seen, "n1").empty());
}

TEST(IncidentBook, OneMessageWhenAnIncidentStartsNoneWhileItLastsOneWhenItEnds) {
  IncidentBook book;
  const Condition down{"database_down:data", "the data database does not answer", ""};
  auto notices = book.Update({down}, kNow);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_FALSE(notices[0].resolved);
  EXPECT_TRUE(book.Update({down}, kNow + 30s).empty());
  EXPECT_TRUE(book.Update({down}, kNow + 60s).empty());
  notices = book.Update({}, kNow + 90s);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_TRUE(notices[0].resolved);
  EXPECT_EQ(notices[0].started, kNow);
  EXPECT_EQ(notices[0].ended, kNow + 90s);
  EXPECT_TRUE(book.Update({}, kNow + 120s).empty());
  EXPECT_EQ(book.open(), 0u);
  const auto [subject, text] = AlertMessage(notices[0], "n1");
  EXPECT_EQ(subject, "[RESOLVED] the data database does not answer");
  EXPECT_NE(text.find("lasted 90 s"), std::string::npos);
}

TEST(IncidentBook, WhatCouldNotBeAnnouncedComesAgain) {
  IncidentBook book;
  const Condition full{"disk_space:n1", "5 % disk space left on n1", ""};
  auto notices = book.Update({full}, kNow);
  ASSERT_EQ(notices.size(), 1u);
  book.Unannounced(notices[0]);
  notices = book.Update({full}, kNow + 30s);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].started, kNow);  // the incident keeps its start
  notices = book.Update({}, kNow + 60s);
  ASSERT_EQ(notices.size(), 1u);
  book.Unannounced(notices[0]);
  notices = book.Update({}, kNow + 90s);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_TRUE(notices[0].resolved);
  // Started and over before anyone could be told: nothing to say.
  notices = book.Update({full}, kNow + 120s);
  book.Unannounced(notices[0]);
  EXPECT_TRUE(book.Update({}, kNow + 150s).empty());
}

TEST(RequestWindow, CountsTheLastWindowAndItsP99) {
  RequestWindow window(60s);
  for (int i = 0; i < 990; ++i) window.Observe(kNow, 200, 3ms);
  for (int i = 0; i < 10; ++i) window.Observe(kNow + 5s, 503, 1500ms);
  auto figures = window.Read(kNow + 10s);
  EXPECT_EQ(figures.requests, 1000);
  EXPECT_EQ(figures.errors, 10);
  EXPECT_EQ(figures.p99, 5ms);  // 990 of 1000 are under 5 ms
  window.Observe(kNow + 20s, 200, 1500ms);
  EXPECT_EQ(window.Read(kNow + 20s).p99, 2000ms);
  // The window is a minute, read to the slot: at 61 s the first slot is still in, at 71 s it has left.
  EXPECT_EQ(window.Read(kNow + 61s).requests, 1001);
  figures = window.Read(kNow + 71s);
  EXPECT_EQ(figures.requests, 1);
  EXPECT_EQ(window.Read(kNow + 10min).requests, 0);
  EXPECT_FALSE(window.Read(kNow + 10min).p99);
}

TEST(RequestWindow, ARequestJustBeforeASlotBoundaryIsStillInTheWindowAfterIt) {
  RequestWindow window(10s);
  window.Observe(kNow + 9s, 503, 1ms);
  EXPECT_EQ(window.Read(kNow + 11s).errors, 1);
  EXPECT_EQ(window.Read(kNow + 19s).errors, 1);
  EXPECT_EQ(window.Read(kNow + 20s).errors, 0);
}

}  // namespace
}  // namespace jetway::ops
