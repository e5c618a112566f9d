#include "ops/alert_rules.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <set>

namespace jetway::ops {
namespace {

std::string Minutes(std::chrono::seconds s) {
  return s.count() < 120 ? fmt::format("{} s", s.count()) : fmt::format("{} min", s.count() / 60);
}

void DatabaseRules(const Observations& seen, std::vector<Condition>& wrong) {
  for (const auto& [name, up] : seen.databases)
    if (!up)
      wrong.push_back({"database_down:" + name, fmt::format("the {} database does not answer", name),
                       fmt::format("jetway cannot reach the {} database (store::Ping failed).", name)});
}

void RequestRules(const AlertThresholds& t, const Observations& seen, const std::string& scope,
                  std::vector<Condition>& wrong) {
  if (seen.requests >= t.min_requests && seen.requests > 0) {
    const double rate = static_cast<double>(seen.errors) / static_cast<double>(seen.requests);
    if (rate > t.error_rate)
      wrong.push_back({"error_rate:" + scope,
                       fmt::format("{:.1f} % of requests fail on {}", rate * 100, scope),
                       fmt::format("{} of {} requests answered 5xx over the window (threshold {:.1f} %).", seen.errors,
                                   seen.requests, t.error_rate * 100)});
  }
  if (seen.p99 && seen.requests >= t.min_requests && *seen.p99 > t.p99)
    wrong.push_back({"latency:" + scope, fmt::format("p99 latency {} ms on {}", seen.p99->count(), scope),
                     fmt::format("The slowest 1 % of {} requests took over {} ms (threshold {} ms).", seen.requests,
                                 seen.p99->count(), t.p99.count())});
}

void BackupRules(const AlertThresholds& t, const Observations& seen, std::vector<Condition>& wrong) {
  if (!seen.backups_expected) return;
  const auto since = seen.last_backup ? seen.last_backup : seen.watching_since;
  if (!since) return;
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(seen.now - *since);
  if (age <= t.backup_max_age) return;
  const std::string why = seen.backup_error.empty() ? "" : fmt::format(" The latest attempt failed: {}", seen.backup_error);
  wrong.push_back({"backup_missing",
                   seen.last_backup ? fmt::format("no backup for {}", Minutes(age)) : "no backup has been taken",
                   fmt::format("The newest good backup is {} old{} (threshold {}).{}",
                               seen.last_backup ? Minutes(age) : "missing",
                               seen.last_backup ? "" : fmt::format(" after {} of watching", Minutes(age)),
                               Minutes(t.backup_max_age), why)});
}

void ReplicationRules(const AlertThresholds& t, const Observations& seen, std::vector<Condition>& wrong) {
  if (!seen.standbys) return;
  int streaming = 0;
  for (const auto& s : *seen.standbys) {
    streaming += s.state == "streaming";
    if (s.lag_seconds && *s.lag_seconds > static_cast<double>(t.replication_lag.count()))
      wrong.push_back({"replication_lag:" + s.name, fmt::format("standby {} is {:.0f} s behind", s.name, *s.lag_seconds),
                       fmt::format("Standby {} ({}) replays {:.1f} s behind the primary{} (threshold {} s).", s.name,
                                   s.sync_state, *s.lag_seconds,
                                   s.lag_bytes ? fmt::format(", {} bytes of WAL", *s.lag_bytes) : "",
                                   t.replication_lag.count())});
  }
  if (streaming < t.standbys)
    wrong.push_back({"replication_standbys", fmt::format("{} of {} standbys are streaming", streaming, t.standbys),
                     fmt::format("The primary streams to {} standbys; {} are expected. An acknowledged booking is on "
                                 "fewer copies than it should be, or bookings wait for a standby.",
                                 streaming, t.standbys)});
}

// Renewal is due well before the end, so the alert comes while there is time; an expired one says so.
void CertificateRule(const AlertThresholds& t, const Observations& seen, const std::string& scope,
                     std::vector<Condition>& wrong) {
  if (!seen.certificate || seen.certificate->expires - seen.now >= t.certificate_validity) return;
  const auto left = std::chrono::duration_cast<std::chrono::hours>(seen.certificate->expires - seen.now);
  const auto when = left.count() <= 0 ? std::string("has expired")
                                      : fmt::format("expires in {} days {} hours", left.count() / 24, left.count() % 24);
  wrong.push_back({"certificate_expiry:" + scope, fmt::format("the TLS certificate of {} {}", scope, when),
                   fmt::format("The certificate {} is valid until {} (alerting {} days before). Renew it and send "
                               "the node SIGHUP.",
                               seen.certificate->subject, core::FormatUtc(seen.certificate->expires),
                               t.certificate_validity.count() / 24)});
}

// A file of the install that is not what was signed may be an intruder's; or an upgrade not yet signed.
void InstallRule(const Observations& seen, const std::string& scope, std::vector<Condition>& wrong) {
  if (!seen.install || seen.install->ok) return;
  wrong.push_back({"install_changed:" + scope, fmt::format("the install on {} is not what was signed", scope),
                   fmt::format("{}. Compare with `jetway verify-install`; if the change is a deliberate upgrade, sign "
                               "a new manifest (`jetway manifest sign`), else treat the node as compromised.",
                               seen.install->summary)});
}

// One alert per sign and source while it goes on; it resolves a window after the source stops.
void SecurityRules(const Observations& seen, std::vector<Condition>& wrong) {
  for (const auto& e : seen.security) {
    std::string summary;
    if (e.kind == "firewall_blocks") {
      summary = fmt::format("the firewall blocked {} requests from {}", e.occurrences, e.source);
    } else if (e.kind == "not_found_scan") {
      summary = fmt::format("{} asked for {} pages that do not exist (a scan)", e.source, e.occurrences);
    } else if (e.kind == "flood") {
      summary = fmt::format("{} was refused {} requests over the rate limit (a flood)", e.source, e.occurrences);
    } else if (e.kind == "login_failures") {
      summary = fmt::format("sign-ins failed for {} e-mail addresses ({})", e.occurrences, e.source);
    } else {
      summary = fmt::format("{} from {}: {}", e.kind, e.source, e.occurrences);
    }
    wrong.push_back({fmt::format("security:{}:{}", e.kind, e.source), summary,
                     fmt::format("{} in the window from {}. The back office's Security screen lists every event; "
                                 "an address can be refused at the load balancer (deploy/haproxy).",
                                 summary, core::FormatUtc(e.window_start))});
  }
}

}  // namespace

std::vector<Condition> Evaluate(const AlertThresholds& t, const Observations& seen, const std::string& scope) {
  std::vector<Condition> wrong;
  DatabaseRules(seen, wrong);
  ReplicationRules(t, seen, wrong);
  RequestRules(t, seen, scope, wrong);
  BackupRules(t, seen, wrong);
  if (seen.disk_free_percent && *seen.disk_free_percent < t.disk_free_percent)
    wrong.push_back({"disk_space:" + scope, fmt::format("{} % disk space left on {}", *seen.disk_free_percent, scope),
                     fmt::format("The data directory's file system has {} % free (threshold {} %).",
                                 *seen.disk_free_percent, t.disk_free_percent)});
  CertificateRule(t, seen, scope, wrong);
  InstallRule(seen, scope, wrong);
  SecurityRules(seen, wrong);
  if (seen.mail_failures && *seen.mail_failures >= t.mail_failures)
    wrong.push_back({"mail_failures", fmt::format("{} e-mails could not be delivered", *seen.mail_failures),
                     fmt::format("{} messages in the outbox were given up over the window (threshold {}).",
                                 *seen.mail_failures, t.mail_failures)});
  return wrong;
}

std::vector<AlertNotice> IncidentBook::Update(const std::vector<Condition>& now_wrong, core::Instant now) {
  std::vector<AlertNotice> notices;
  notices.swap(unsent_resolutions_);
  std::set<std::string> keys;
  for (const auto& c : now_wrong) {
    keys.insert(c.key);
    auto [it, added] = open_.try_emplace(c.key, Open{c, now, false});
    if (!it->second.announced) {
      it->second.announced = true;
      notices.push_back({false, it->second.condition, it->second.started, std::nullopt});
    }
  }
  for (auto it = open_.begin(); it != open_.end();) {
    if (keys.contains(it->first)) {
      ++it;
      continue;
    }
    // An incident never announced ends without a word: nobody was told it began.
    if (it->second.announced) notices.push_back({true, it->second.condition, it->second.started, now});
    it = open_.erase(it);
  }
  return notices;
}

void IncidentBook::Unannounced(const AlertNotice& notice) {
  if (notice.resolved) {
    unsent_resolutions_.push_back(notice);
    return;
  }
  if (auto it = open_.find(notice.condition.key); it != open_.end()) it->second.announced = false;
}

}  // namespace jetway::ops
