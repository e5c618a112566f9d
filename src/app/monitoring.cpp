#include "app/monitoring.hpp"

#include <utility>

#include "ops/node_lease.hpp"
#include "ops/replication.hpp"
#include "ops/security_events.hpp"
#include "store/store.hpp"

namespace jetway::app {

ops::Observer MakeObserver(const Config& config, Databases& dbs, const ops::RequestWindow& window,
                           const core::Clock& clock,
                           std::function<std::optional<ops::CertificateSeen>()> certificate,
                           const integrity::LatestCheck* install) {
  ops::ObserverSources sources;
  sources.certificate = std::move(certificate);
  if (install)
    sources.install = [install]() -> std::optional<ops::InstallSeen> {
      const auto check = install->Get();
      if (!check) return std::nullopt;
      return ops::InstallSeen{check->ok(), integrity::Summary(*check)};
    };
  sources.databases = [&dbs] {
    std::vector<std::pair<std::string, bool>> up;
    for (const auto& [name, pool] : dbs.Named()) up.emplace_back(name, store::Ping(*pool));
    return up;
  };
  if (UsesPostgres(config)) {
    sources.backups = [&dbs] { return ops::ReadArchiverStatus(*dbs.data); };
    sources.standbys = [&dbs] { return ops::ReadStandbys(*dbs.data); };
  } else if (config.backup.interval_seconds > 0) {
    sources.backups = [&dbs]() -> std::optional<ops::BackupStatus> { return ops::ReadBackupStatus(*dbs.mgmt); };
  }
  sources.security = [&dbs, &clock, window = std::chrono::seconds{config.security.window_seconds}] {
    std::vector<ops::SecuritySeen> seen;
    auto lease = dbs.mgmt->Acquire();
    for (auto& e : ops::RecentSecurityEvents(*lease, clock.Now() - window))
      seen.push_back({std::move(e.kind), std::move(e.source), e.occurrences, e.window_start});
    return seen;
  };
  sources.data_dir = config.data_dir;
  sources.mail_configured = !config.mail.smtp_url.empty();
  return ops::Observer(*dbs.data, window, std::move(sources), clock);
}

ops::SecurityThresholds SecurityThresholdsOf(const Config& config) {
  const auto& s = config.security;
  return {std::chrono::seconds{s.window_seconds}, s.firewall_blocks, s.not_found, s.rate_limited, s.login_failures};
}

std::unique_ptr<ops::Alerter> MakeAlerter(const Config& config, Databases& dbs, const ops::Observer& observer,
                                          mail::Transport* smtp, const core::Clock& clock, log::Logger& logger) {
  if (config.alerts.interval_seconds == 0) return nullptr;
  const auto& a = config.alerts;
  ops::AlertSettings settings;
  settings.interval = std::chrono::seconds{a.interval_seconds};
  settings.on_call = OnCallAddresses(config).value_or(std::vector<std::string>{});  // checked by LoadConfig
  settings.thresholds.error_rate = a.error_rate_percent / 100.0;
  settings.thresholds.min_requests = a.min_requests;
  settings.thresholds.p99 = std::chrono::milliseconds{a.p99_ms};
  settings.thresholds.backup_max_age = std::chrono::seconds{a.backup_max_age_seconds};
  settings.thresholds.disk_free_percent = a.disk_free_percent;
  settings.thresholds.mail_failures = a.mail_failures;
  settings.thresholds.standbys = a.standbys;
  settings.thresholds.replication_lag = std::chrono::seconds{a.replication_lag_seconds};
  settings.thresholds.certificate_validity = std::chrono::hours{24 * a.certificate_days};
  if (settings.on_call.empty()) logger.Warn("alerts.on_call is not set: alerts are logged, not sent");
  return std::make_unique<ops::Alerter>(*dbs.mgmt, *dbs.data, observer, std::move(settings), smtp,
                                        *mail::ParseMailbox(config.mail.from), clock, ops::NodeName(), logger);
}

}  // namespace jetway::app
